// The related lists on an account page: contacts and opportunities (projects and cases live beside them).
import { useInfiniteQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { formatDate, formatMoney, fullName } from '../../lib/format';
import { type RouterOutputs, useTRPC } from '../../trpc';
import { ButtonLink } from '../Button';
import { StatusBadge } from '../Badge';
import { type Column, DataTable } from '../DataTable';
import { Icon } from '../Icon';
import { Panel } from '../Panel';

type AccountContact = RouterOutputs['contacts']['listByAccount']['items'][number];
type AccountOpportunity = RouterOutputs['opportunities']['list']['items'][number];

const dash = <span className="muted-text">—</span>;

const contactColumns: Column<AccountContact>[] = [
  {
    key: 'name',
    header: 'Name',
    cell: (c) => (
      <Link to={`/contacts/${c.id}`} className="cell-primary">
        {fullName(c)}
      </Link>
    ),
  },
  { key: 'title', header: 'Title', cell: (c) => c.title ?? dash },
  { key: 'role', header: 'Buying role', cell: (c) => c.role ?? dash },
  { key: 'email', header: 'Email', cell: (c) => (c.email ? <a href={`mailto:${c.email}`}>{c.email}</a> : dash) },
];

export function AccountContacts({ accountId }: { accountId: number }) {
  const trpc = useTRPC();
  const query = useInfiniteQuery(
    trpc.contacts.listByAccount.infiniteQueryOptions({ accountId, limit: 25 }, { getNextPageParam: (p) => p.nextCursor }),
  );
  const count = query.data?.pages.reduce((n, p) => n + p.items.length, 0);
  return (
    <Panel
      title="Contacts"
      count={query.hasNextPage ? undefined : count}
      flush
      actions={
        <ButtonLink to={`/contacts/new?accountId=${accountId}`} size="sm" variant="ghost">
          <Icon name="plus" /> Add contact
        </ButtonLink>
      }
    >
      <DataTable
        label="Contacts of this account"
        columns={contactColumns}
        query={query}
        rowHref={(c) => `/contacts/${c.id}`}
        compact
        skeletonRows={3}
        empty={{ title: 'No contacts yet', description: 'Add the people you work with at this company.' }}
      />
    </Panel>
  );
}

const opportunityColumns: Column<AccountOpportunity>[] = [
  {
    key: 'name',
    header: 'Opportunity',
    cell: (o) => (
      <Link to={`/opportunities/${o.id}`} className="cell-primary">
        {o.opportunityName}
      </Link>
    ),
  },
  { key: 'stage', header: 'Stage', cell: (o) => <StatusBadge value={o.stage} /> },
  { key: 'amount', header: 'Amount', align: 'right', cell: (o) => formatMoney(o.amount) },
  { key: 'close', header: 'Close date', cell: (o) => formatDate(o.closeDate) },
];

export function AccountOpportunities({ accountId }: { accountId: number }) {
  const trpc = useTRPC();
  const query = useInfiniteQuery(
    trpc.opportunities.list.infiniteQueryOptions(
      { accountId, limit: 25, sort: 'closeDate', sortDirection: 'desc' },
      { getNextPageParam: (p) => p.nextCursor },
    ),
  );
  const count = query.data?.pages.reduce((n, p) => n + p.items.length, 0);
  return (
    <Panel
      title="Opportunities"
      count={query.hasNextPage ? undefined : count}
      flush
      actions={
        <ButtonLink to={`/opportunities/new?accountId=${accountId}`} size="sm" variant="ghost">
          <Icon name="plus" /> New opportunity
        </ButtonLink>
      }
    >
      <DataTable
        label="Opportunities of this account"
        columns={opportunityColumns}
        query={query}
        rowHref={(o) => `/opportunities/${o.id}`}
        compact
        skeletonRows={3}
        empty={{ title: 'No opportunities yet', description: 'Open a deal when there is something to sell.' }}
      />
    </Panel>
  );
}

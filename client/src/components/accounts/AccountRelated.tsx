// The related lists on an account page: contacts and opportunities (projects and cases live beside them).
import { useInfiniteQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { formatDate, formatMoney, fullName } from '../../lib/format';
import { type RouterOutputs, useTRPC } from '../../trpc';
import { StatusBadge } from '../Badge';
import type { Column } from '../DataTable';
import { RelatedListPanel } from '../RelatedListPanel';

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
  return (
    <RelatedListPanel
      title="Contacts"
      tableLabel="Contacts of this account"
      add={{ to: `/contacts/new?accountId=${accountId}`, label: 'Add contact' }}
      query={query}
      columns={contactColumns}
      rowHref={(c) => `/contacts/${c.id}`}
      skeletonRows={3}
      empty={{ title: 'No contacts yet', description: 'Add the people you work with at this company.' }}
    />
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
  return (
    <RelatedListPanel
      title="Opportunities"
      tableLabel="Opportunities of this account"
      add={{ to: `/opportunities/new?accountId=${accountId}`, label: 'New opportunity' }}
      query={query}
      columns={opportunityColumns}
      rowHref={(o) => `/opportunities/${o.id}`}
      skeletonRows={3}
      empty={{ title: 'No opportunities yet', description: 'Open a deal when there is something to sell.' }}
    />
  );
}

// Accounts: the companies we sell to.
import { useInfiniteQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { accountSorts } from '../../../shared/schemas/accounts';
import { ButtonLink } from '../components/Button';
import { type Column, DataTable } from '../components/DataTable';
import { FilterBar } from '../components/FilterBar';
import { Icon } from '../components/Icon';
import { PageHeader } from '../components/PageHeader';
import { formatDate, formatRelative } from '../lib/format';
import { useListParams } from '../lib/useListParams';
import { type RouterOutputs, useTRPC } from '../trpc';

type Account = RouterOutputs['accounts']['list']['items'][number];

const columns: Column<Account>[] = [
  {
    key: 'name',
    header: 'Account',
    sortKey: 'accountName',
    cell: (a) => (
      <Link to={`/accounts/${a.id}`} className="cell-primary">
        {a.accountName}
      </Link>
    ),
  },
  { key: 'domain', header: 'Domain', cell: (a) => a.domain ?? <span className="muted-text">—</span> },
  { key: 'industry', header: 'Industry', cell: (a) => a.industry ?? <span className="muted-text">—</span> },
  { key: 'region', header: 'Region', cell: (a) => a.region ?? <span className="muted-text">—</span> },
  { key: 'owner', header: 'Owner', cell: (a) => a.ownerName },
  {
    key: 'lastActivity',
    header: 'Last activity',
    sortKey: 'lastActivityAt',
    cell: (a) => <span title={formatDate(a.lastActivityAt)}>{formatRelative(a.lastActivityAt)}</span>,
  },
  { key: 'created', header: 'Created', sortKey: 'createdAt', cell: (a) => formatDate(a.createdAt) },
];

export default function AccountsPage() {
  const trpc = useTRPC();
  const lp = useListParams({ sorts: accountSorts, defaultSort: 'accountName' });
  const query = useInfiniteQuery(
    trpc.accounts.list.infiniteQueryOptions(
      {
        search: lp.search || undefined,
        ownerId: lp.ownerId || undefined,
        industry: lp.get('industry') || undefined,
        sort: lp.sort,
        sortDirection: lp.sortDirection,
        limit: 50,
      },
      { getNextPageParam: (page) => page.nextCursor },
    ),
  );

  return (
    <>
      <PageHeader
        title="Accounts"
        actions={
          <ButtonLink to="/accounts/new" variant="primary">
            <Icon name="plus" /> New account
          </ButtonLink>
        }
      />
      <FilterBar
        search={lp.search}
        onSearch={(q) => lp.set({ q })}
        searchPlaceholder="Search name or domain…"
        ownerId={lp.ownerId}
        onOwner={(owner) => lp.set({ owner })}
        hasFilters={lp.hasFilters}
        onClear={lp.clearFilters}
      />
      <DataTable
        label="Accounts"
        columns={columns}
        query={query}
        sort={lp.sortState}
        rowHref={(a) => `/accounts/${a.id}`}
        empty={
          lp.hasFilters
            ? { title: 'No accounts match these filters', description: 'Try a different search or owner.' }
            : {
                title: 'No accounts yet',
                description: 'Accounts are the companies you sell to. Add the first one.',
                action: (
                  <ButtonLink to="/accounts/new" variant="primary">
                    New account
                  </ButtonLink>
                ),
              }
        }
      />
    </>
  );
}

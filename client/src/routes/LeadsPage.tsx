// Leads: people who may become customers, worked until they convert or are ruled out.
import { useInfiniteQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { leadStatuses } from '../../../shared/enums';
import { leadSorts } from '../../../shared/schemas/leads';
import { StatusBadge } from '../components/Badge';
import { ButtonLink } from '../components/Button';
import { type Column, DataTable } from '../components/DataTable';
import { FilterBar, FilterSelect } from '../components/FilterBar';
import { optionsOf } from '../components/FormField';
import { Icon } from '../components/Icon';
import { PageHeader } from '../components/PageHeader';
import { formatDate, fullName } from '../lib/format';
import { useListParams } from '../lib/useListParams';
import { type RouterOutputs, useTRPC } from '../trpc';

type Lead = RouterOutputs['leads']['list']['items'][number];

const dash = <span className="muted-text">—</span>;

export function ScoreCell({ score }: { score: number }) {
  // MQL at 50+, SQL at 75+ (DOMAIN.md, lead scoring).
  const tone = score >= 75 ? 'text-success' : score >= 50 ? 'text-warning' : 'muted-text';
  return (
    <span className={tone} title={score >= 75 ? 'Sales qualified' : score >= 50 ? 'Marketing qualified' : undefined}>
      {score}
    </span>
  );
}

const columns: Column<Lead>[] = [
  {
    key: 'name',
    header: 'Name',
    cell: (l) => (
      <Link to={`/leads/${l.id}`} className="cell-primary">
        {fullName(l)}
      </Link>
    ),
  },
  { key: 'company', header: 'Company', sortKey: 'company', cell: (l) => l.company },
  { key: 'title', header: 'Title', cell: (l) => l.title ?? dash },
  { key: 'status', header: 'Status', cell: (l) => <StatusBadge value={l.status} /> },
  { key: 'score', header: 'Score', sortKey: 'score', align: 'right', cell: (l) => <ScoreCell score={l.score} /> },
  { key: 'source', header: 'Source', cell: (l) => l.leadSource ?? dash },
  { key: 'owner', header: 'Owner', cell: (l) => l.ownerName },
  { key: 'created', header: 'Created', sortKey: 'createdAt', cell: (l) => formatDate(l.createdAt) },
];

export default function LeadsPage() {
  const trpc = useTRPC();
  const lp = useListParams({ sorts: leadSorts, defaultSort: 'createdAt', defaultDirection: 'desc' });
  const status = lp.oneOf('status', leadStatuses);
  const query = useInfiniteQuery(
    trpc.leads.list.infiniteQueryOptions(
      {
        search: lp.search || undefined,
        ownerId: lp.ownerId || undefined,
        status,
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
        title="Leads"
        actions={
          <ButtonLink to="/leads/new" variant="primary">
            <Icon name="plus" /> New lead
          </ButtonLink>
        }
      />
      <FilterBar
        search={lp.search}
        onSearch={(q) => lp.set({ q })}
        searchPlaceholder="Search name, email or company…"
        ownerId={lp.ownerId}
        onOwner={(owner) => lp.set({ owner })}
        hasFilters={lp.hasFilters}
        onClear={lp.clearFilters}
      >
        <FilterSelect
          label="Status"
          allLabel="Any status"
          value={status ?? ''}
          onChange={(v) => lp.set({ status: v })}
          options={optionsOf(leadStatuses)}
        />
      </FilterBar>
      <DataTable
        label="Leads"
        columns={columns}
        query={query}
        sort={lp.sortState}
        rowHref={(l) => `/leads/${l.id}`}
        empty={
          lp.hasFilters
            ? { title: 'No leads match these filters', description: 'Try a different search, owner or status.' }
            : {
                title: 'No leads yet',
                description: 'Add a lead when someone shows interest; convert it once it is qualified.',
                action: (
                  <ButtonLink to="/leads/new" variant="primary">
                    New lead
                  </ButtonLink>
                ),
              }
        }
      />
    </>
  );
}

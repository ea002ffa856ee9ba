// Cases: customer issues with a service level; breached ones stand out.
import { useInfiniteQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { casePriorities, caseStatuses } from '../../../shared/enums';
import { caseSorts } from '../../../shared/schemas/cases';
import { StatusBadge } from '../components/Badge';
import { ButtonLink } from '../components/Button';
import { SlaDue } from '../components/cases/SlaDue';
import { type Column, DataTable } from '../components/DataTable';
import { FilterBar, FilterSelect } from '../components/FilterBar';
import { optionsOf } from '../components/FormField';
import { Icon } from '../components/Icon';
import { PageHeader } from '../components/PageHeader';
import { slaState } from '../lib/sla';
import { useListParams } from '../lib/useListParams';
import { type RouterOutputs, useTRPC } from '../trpc';

type Case = RouterOutputs['cases']['list']['items'][number];

const dash = <span className="muted-text">—</span>;

const columns: Column<Case>[] = [
  {
    key: 'number',
    header: 'Case',
    width: '120px',
    cell: (c) => (
      <Link to={`/cases/${c.id}`} className="mono">
        {c.caseNumber}
      </Link>
    ),
  },
  {
    key: 'subject',
    header: 'Subject',
    cell: (c) => (
      <Link to={`/cases/${c.id}`} className="cell-primary">
        {c.subject}
      </Link>
    ),
  },
  {
    key: 'account',
    header: 'Account',
    cell: (c) => (c.accountName ? <Link to={`/accounts/${c.accountId}`}>{c.accountName}</Link> : dash),
  },
  { key: 'priority', header: 'Priority', sortKey: 'priority', cell: (c) => <StatusBadge value={c.priority} /> },
  { key: 'status', header: 'Status', cell: (c) => <StatusBadge value={c.status} /> },
  { key: 'sla', header: 'SLA', sortKey: 'slaDueAt', cell: (c) => <SlaDue c={c} /> },
  { key: 'owner', header: 'Owner', cell: (c) => c.ownerName },
];

const slaOptions = [
  { value: 'breached', label: 'SLA breached' },
  { value: 'ok', label: 'Within SLA or closed' },
];

export default function CasesPage() {
  const trpc = useTRPC();
  const lp = useListParams({ sorts: caseSorts, defaultSort: 'slaDueAt' });
  const status = lp.oneOf('status', caseStatuses);
  const priority = lp.oneOf('priority', casePriorities);
  const sla = lp.oneOf('sla', ['breached', 'ok'] as const);
  const query = useInfiniteQuery(
    trpc.cases.list.infiniteQueryOptions(
      {
        search: lp.search || undefined,
        ownerId: lp.ownerId || undefined,
        status,
        priority,
        breached: sla === undefined ? undefined : sla === 'breached',
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
        title="Cases"
        actions={
          <ButtonLink to="/cases/new" variant="primary">
            <Icon name="plus" /> New case
          </ButtonLink>
        }
      />
      <FilterBar
        search={lp.search}
        onSearch={(q) => lp.set({ q })}
        searchPlaceholder="Search subject or case number…"
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
          options={optionsOf(caseStatuses)}
        />
        <FilterSelect
          label="Priority"
          allLabel="Any priority"
          value={priority ?? ''}
          onChange={(v) => lp.set({ priority: v })}
          options={optionsOf(casePriorities)}
        />
        <FilterSelect label="SLA" allLabel="Any SLA" value={sla ?? ''} onChange={(v) => lp.set({ sla: v })} options={slaOptions} />
      </FilterBar>
      <DataTable
        label="Cases"
        columns={columns}
        query={query}
        sort={lp.sortState}
        rowHref={(c) => `/cases/${c.id}`}
        rowClassName={(c) => (slaState(c) === 'breached' ? 'table__row--danger' : undefined)}
        empty={
          lp.hasFilters
            ? { title: 'No cases match these filters', description: 'Try a different search, status or priority.' }
            : {
                title: 'No cases yet',
                description: 'Log a case when a customer reports an issue; its SLA starts from its priority.',
                action: (
                  <ButtonLink to="/cases/new" variant="primary">
                    New case
                  </ButtonLink>
                ),
              }
        }
      />
    </>
  );
}

// Cases: customer issues with a service level; breached ones stand out.
import { viewFilters } from '../../../shared/viewFilters';
import { useInfiniteQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { casePriorities, caseStatuses } from '../../../shared/enums';
import { caseSorts } from '../../../shared/schemas/cases';
import { StatusBadge } from '../components/Badge';
import { SlaDue } from '../components/cases/SlaDue';
import type { Column } from '../components/DataTable';
import { FilterSelect } from '../components/FilterBar';
import { optionsOf } from '../components/FormField';
import { ListPage } from '../components/ListPage';
import { slaState } from '../lib/sla';
import { useListParams } from '../lib/useListParams';
import { type RouterOutputs, useTRPC } from '../trpc';
import { withEdits } from '../components/EditableCell';
import { canWrite } from '../lib/session';
import { useInlineSave, valueOptions } from '../lib/useInlineSave';
import { useSession } from '../lib/session';
import type { CasePriority, CaseStatus } from '../../../shared/enums';

type Case = RouterOutputs['cases']['list']['items'][number];

const dash = <span className="muted-text">—</span>;

const baseColumns: Column<Case>[] = [
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
    key: 'subject', card: true,
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
  { key: 'priority', card: true, header: 'Priority', sortKey: 'priority', cell: (c) => <StatusBadge value={c.priority} /> },
  { key: 'status', card: true, header: 'Status', cell: (c) => <StatusBadge value={c.status} /> },
  { key: 'sla', card: true, header: 'SLA', sortKey: 'slaDueAt', cell: (c) => <SlaDue c={c} /> },
  { key: 'owner', card: true, header: 'Owner', cell: (c) => c.ownerName },
];

const slaOptions = [
  { value: 'breached', label: 'SLA breached' },
  { value: 'ok', label: 'Within SLA or closed' },
];

export default function CasesPage() {
  const trpc = useTRPC();
  const me = useSession();
  const saveCase = useInlineSave(trpc.cases.update.mutationOptions(), trpc.cases.pathFilter());
  const columns = withEdits(baseColumns, {
    status: { field: 'status', label: 'Status', input: { options: valueOptions(caseStatuses) }, value: (c) => c.status, save: (c, v) => saveCase({ id: c.id, version: c.version, status: v as CaseStatus }) },
    priority: { field: 'priority', label: 'Priority', input: { options: valueOptions(casePriorities) }, value: (c) => c.priority, save: (c, v) => saveCase({ id: c.id, version: c.version, priority: v as CasePriority }) },
  });
  const lp = useListParams({ sorts: caseSorts, defaultSort: 'slaDueAt' });
  // The URL read as the list's filters the same way a segment playbook reads a saved view (shared/viewFilters.ts).
  const filters = viewFilters.cases(Object.fromEntries(lp.params));
  const { status, priority } = filters;
  const sla = filters.breached === undefined ? undefined : filters.breached ? 'breached' : 'ok';
  const query = useInfiniteQuery(
    trpc.cases.list.infiniteQueryOptions(
      { ...lp.listInput, ...filters },
      { getNextPageParam: (page) => page.nextCursor },
    ),
  );

  return (
    <ListPage
      title="Cases"
      newRecord={{ to: '/cases/new', label: 'New case' }}
      list={lp}
      searchPlaceholder="Search subject or case number…"
      columns={columns}
      bulk={{ list: 'cases', noun: 'case', nameOf: (c) => `${c.caseNumber} ${c.subject}`, fields: [{ key: 'status', label: 'Status', options: caseStatuses }], deleteNote: 'They are removed for good.' }}
      query={query}
      canEditRow={(c) => canWrite(me, c.ownerId)}
      rowHref={(c) => `/cases/${c.id}`}
      rowClassName={(c) => (slaState(c) === 'breached' ? 'table__row--danger' : undefined)}
      empty={{
        title: 'No cases yet',
        description: 'Log a case when a customer reports an issue; its SLA starts from its priority.',
      }}
      noMatches={{ title: 'No cases match these filters', description: 'Try a different search, status or priority.' }}
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
    </ListPage>
  );
}

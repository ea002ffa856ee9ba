// The customer-success lists on an account page: its projects and its cases.
import { useInfiniteQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { formatDate } from '../../lib/format';
import { slaState } from '../../lib/sla';
import { type RouterOutputs, useTRPC } from '../../trpc';
import { StatusBadge } from '../Badge';
import { SlaDue } from '../cases/SlaDue';
import type { Column } from '../DataTable';
import { AdoptionBar } from '../projects/AdoptionBar';
import { RelatedListPanel } from '../RelatedListPanel';

type AccountProject = RouterOutputs['projects']['list']['items'][number];
type AccountCase = RouterOutputs['cases']['list']['items'][number];

const projectColumns: Column<AccountProject>[] = [
  {
    key: 'name',
    header: 'Project',
    cell: (p) => (
      <Link to={`/projects/${p.id}`} className="cell-primary">
        {p.projectName}
      </Link>
    ),
  },
  { key: 'status', header: 'Status', cell: (p) => <StatusBadge value={p.status} /> },
  { key: 'health', header: 'Health', cell: (p) => <StatusBadge value={p.healthStatus} /> },
  { key: 'adoption', header: 'Adoption', width: '150px', cell: (p) => <AdoptionBar active={p.activeUsers} expected={p.expectedUsers} compact /> },
  { key: 'end', header: 'Target end', cell: (p) => formatDate(p.targetEndDate) },
];

export function AccountProjects({ accountId }: { accountId: number }) {
  const trpc = useTRPC();
  const query = useInfiniteQuery(
    trpc.projects.list.infiniteQueryOptions({ accountId, limit: 25 }, { getNextPageParam: (p) => p.nextCursor }),
  );
  return (
    <RelatedListPanel
      title="Projects"
      tableLabel="Projects of this account"
      add={{ to: `/projects/new?accountId=${accountId}`, label: 'New project' }}
      query={query}
      columns={projectColumns}
      rowHref={(p) => `/projects/${p.id}`}
      skeletonRows={2}
      empty={{ title: 'No projects', description: 'Start one when a deal is won.' }}
    />
  );
}

const caseColumns: Column<AccountCase>[] = [
  {
    key: 'number',
    header: 'Case',
    width: '110px',
    cell: (c) => (
      <Link to={`/cases/${c.id}`} className="mono">
        {c.caseNumber}
      </Link>
    ),
  },
  { key: 'subject', header: 'Subject', cell: (c) => <span className="cell-primary">{c.subject}</span> },
  { key: 'priority', header: 'Priority', cell: (c) => <StatusBadge value={c.priority} /> },
  { key: 'status', header: 'Status', cell: (c) => <StatusBadge value={c.status} /> },
  { key: 'sla', header: 'SLA', cell: (c) => <SlaDue c={c} /> },
];

export function AccountCases({ accountId }: { accountId: number }) {
  const trpc = useTRPC();
  const query = useInfiniteQuery(
    trpc.cases.list.infiniteQueryOptions(
      { accountId, limit: 25, sort: 'createdAt', sortDirection: 'desc' },
      { getNextPageParam: (p) => p.nextCursor },
    ),
  );
  return (
    <RelatedListPanel
      title="Cases"
      tableLabel="Cases of this account"
      add={{ to: `/cases/new?accountId=${accountId}`, label: 'New case' }}
      query={query}
      columns={caseColumns}
      rowHref={(c) => `/cases/${c.id}`}
      rowClassName={(c) => (slaState(c) === 'breached' ? 'table__row--danger' : undefined)}
      skeletonRows={2}
      empty={{ title: 'No cases', description: 'Customer issues for this account appear here.' }}
    />
  );
}

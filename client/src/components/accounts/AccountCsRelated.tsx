// The customer-success lists on an account page: its projects and its cases.
import { useInfiniteQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { formatDate } from '../../lib/format';
import { slaState } from '../../lib/sla';
import { type RouterOutputs, useTRPC } from '../../trpc';
import { StatusBadge } from '../Badge';
import { ButtonLink } from '../Button';
import { SlaDue } from '../cases/SlaDue';
import { type Column, DataTable } from '../DataTable';
import { Icon } from '../Icon';
import { Panel } from '../Panel';
import { AdoptionBar } from '../projects/AdoptionBar';

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
  const count = query.data?.pages.reduce((n, p) => n + p.items.length, 0);
  return (
    <Panel
      title="Projects"
      count={query.hasNextPage ? undefined : count}
      flush
      actions={
        <ButtonLink to={`/projects/new?accountId=${accountId}`} size="sm" variant="ghost">
          <Icon name="plus" /> New project
        </ButtonLink>
      }
    >
      <DataTable
        label="Projects of this account"
        columns={projectColumns}
        query={query}
        rowHref={(p) => `/projects/${p.id}`}
        compact
        skeletonRows={2}
        empty={{ title: 'No projects', description: 'Start one when a deal is won.' }}
      />
    </Panel>
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
  const count = query.data?.pages.reduce((n, p) => n + p.items.length, 0);
  return (
    <Panel
      title="Cases"
      count={query.hasNextPage ? undefined : count}
      flush
      actions={
        <ButtonLink to={`/cases/new?accountId=${accountId}`} size="sm" variant="ghost">
          <Icon name="plus" /> New case
        </ButtonLink>
      }
    >
      <DataTable
        label="Cases of this account"
        columns={caseColumns}
        query={query}
        rowHref={(c) => `/cases/${c.id}`}
        rowClassName={(c) => (slaState(c) === 'breached' ? 'table__row--danger' : undefined)}
        compact
        skeletonRows={2}
        empty={{ title: 'No cases', description: 'Customer issues for this account appear here.' }}
      />
    </Panel>
  );
}

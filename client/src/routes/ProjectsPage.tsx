// Projects: post-sale delivery, watched for health and adoption.
import { viewFilters } from '../../../shared/viewFilters';
import { useInfiniteQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { healthStatuses, projectStatuses } from '../../../shared/enums';
import { projectSorts } from '../../../shared/schemas/projects';
import { StatusBadge } from '../components/Badge';
import type { Column } from '../components/DataTable';
import { FilterSelect } from '../components/FilterBar';
import { optionsOf } from '../components/FormField';
import { ListPage } from '../components/ListPage';
import { AdoptionBar } from '../components/projects/AdoptionBar';
import { formatDate } from '../lib/format';
import { useListParams } from '../lib/useListParams';
import { type RouterOutputs, useTRPC } from '../trpc';
import { withEdits } from '../components/EditableCell';
import { canWrite } from '../lib/session';
import { useInlineSave, valueOptions } from '../lib/useInlineSave';
import { useSession } from '../lib/session';
import type { ProjectStatus } from '../../../shared/enums';

type Project = RouterOutputs['projects']['list']['items'][number];

const baseColumns: Column<Project>[] = [
  {
    key: 'name',
    header: 'Project',
    sortKey: 'projectName',
    cell: (p) => (
      <Link to={`/projects/${p.id}`} className="cell-primary">
        {p.projectName}
      </Link>
    ),
  },
  {
    key: 'account', card: true,
    header: 'Account',
    cell: (p) => (p.accountName ? <Link to={`/accounts/${p.accountId}`}>{p.accountName}</Link> : <span className="muted-text">—</span>),
  },
  { key: 'status', card: true, header: 'Status', cell: (p) => <StatusBadge value={p.status} /> },
  { key: 'health', card: true, header: 'Health', cell: (p) => <StatusBadge value={p.healthStatus} /> },
  {
    key: 'adoption',
    header: 'Adoption',
    width: '160px',
    cell: (p) => <AdoptionBar active={p.activeUsers} expected={p.expectedUsers} compact />,
  },
  { key: 'end', card: true, header: 'Target end', sortKey: 'targetEndDate', cell: (p) => formatDate(p.targetEndDate) },
  { key: 'owner', card: true, header: 'Owner', cell: (p) => p.ownerName },
];

export default function ProjectsPage() {
  const trpc = useTRPC();
  const me = useSession();
  const saveProject = useInlineSave(trpc.projects.update.mutationOptions(), trpc.projects.pathFilter());
  const columns = withEdits(baseColumns, {
    status: { field: 'status', label: 'Status', input: { options: valueOptions(projectStatuses) }, value: (p) => p.status, save: (p, v) => saveProject({ id: p.id, version: p.version, status: v as ProjectStatus }) },
  });
  const lp = useListParams({ sorts: projectSorts, defaultSort: 'targetEndDate' });
  // The URL read as the list's filters the same way a segment playbook reads a saved view (shared/viewFilters.ts).
  const filters = viewFilters.projects(Object.fromEntries(lp.params));
  const status = filters.status;
  const health = filters.healthStatus;
  const query = useInfiniteQuery(
    trpc.projects.list.infiniteQueryOptions(
      { ...lp.listInput, ...filters },
      { getNextPageParam: (page) => page.nextCursor },
    ),
  );

  return (
    <ListPage
      title="Projects"
      newRecord={{ to: '/projects/new', label: 'New project' }}
      list={lp}
      searchPlaceholder="Search projects…"
      columns={columns}
      bulk={{ list: 'projects', noun: 'project', nameOf: (p) => p.projectName, fields: [{ key: 'status', label: 'Status', options: projectStatuses }, { key: 'healthStatus', label: 'Health', options: healthStatuses }] }}
      query={query}
      canEditRow={(p) => canWrite(me, p.ownerId)}
      rowHref={(p) => `/projects/${p.id}`}
      empty={{ title: 'No projects yet', description: 'Start a project when a deal is won to track delivery and adoption.' }}
      noMatches={{ title: 'No projects match these filters', description: 'Try a different search, status or health.' }}
    >
      <FilterSelect
        label="Status"
        allLabel="Any status"
        value={status ?? ''}
        onChange={(v) => lp.set({ status: v })}
        options={optionsOf(projectStatuses)}
      />
      <FilterSelect
        label="Health"
        allLabel="Any health"
        value={health ?? ''}
        onChange={(v) => lp.set({ health: v })}
        options={optionsOf(healthStatuses)}
      />
    </ListPage>
  );
}

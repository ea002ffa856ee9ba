// Leads: people who may become customers, worked until they convert or are ruled out.
import { viewFilters } from '../../../shared/viewFilters';
import { useInfiniteQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { leadStatuses } from '../../../shared/enums';
import { leadSorts } from '../../../shared/schemas/leads';
import { leadQualification, leadQualificationLabels } from '../../../shared/scoreBands';
import { StatusBadge } from '../components/Badge';
import type { Column } from '../components/DataTable';
import { SavedViews } from '../components/SavedViews';
import { useSession } from '../lib/session';
import { FilterSelect } from '../components/FilterBar';
import { PicklistFilter } from '../components/PicklistField';
import { optionsOf } from '../components/FormField';
import { ListPage } from '../components/ListPage';
import { exportHref } from '../lib/exports';
import { formatDate, fullName } from '../lib/format';
import { useListParams } from '../lib/useListParams';
import { type RouterOutputs, useTRPC } from '../trpc';
import { withEdits } from '../components/EditableCell';
import { canWrite } from '../lib/session';
import { useInlineSave, valueOptions } from '../lib/useInlineSave';
import { useOwnerCellEdit } from '../components/OwnerSelect';
import type { LeadStatus } from '../../../shared/enums';

type Lead = RouterOutputs['leads']['list']['items'][number];

const dash = <span className="muted-text">—</span>;

const qualificationTone = { SQL: 'text-success', MQL: 'text-warning' } as const;

export function ScoreCell({ score }: { score: number }) {
  const band = leadQualification(score);
  return (
    <span className={band ? qualificationTone[band] : 'muted-text'} title={band ? leadQualificationLabels[band] : undefined}>
      {score}
    </span>
  );
}

const baseColumns: Column<Lead>[] = [
  {
    key: 'name',
    header: 'Name',
    cell: (l) => (
      <Link to={`/leads/${l.id}`} className="cell-primary">
        {fullName(l)}
      </Link>
    ),
  },
  { key: 'company', card: true, header: 'Company', sortKey: 'company', cell: (l) => l.company },
  { key: 'title', header: 'Title', cell: (l) => l.title ?? dash },
  { key: 'status', card: true, header: 'Status', cell: (l) => <StatusBadge value={l.status} /> },
  { key: 'score', card: true, header: 'Score', sortKey: 'score', align: 'right', cell: (l) => <ScoreCell score={l.score} /> },
  { key: 'source', header: 'Source', cell: (l) => l.leadSource ?? dash },
  { key: 'owner', card: true, header: 'Owner', cell: (l) => l.ownerName },
  { key: 'created', header: 'Created', sortKey: 'createdAt', cell: (l) => formatDate(l.createdAt) },
];

export default function LeadsPage() {
  const trpc = useTRPC();
  const me = useSession();
  const saveLead = useInlineSave(trpc.leads.update.mutationOptions(), trpc.leads.pathFilter());
  const ownerEdit = useOwnerCellEdit<Lead>(saveLead);
  // A converted lead is the record of what it became: its row stays read-only.
  const columns = withEdits(baseColumns, {
    status: {
      field: 'status',
      label: 'Status',
      input: { options: valueOptions(leadStatuses.filter((s) => s !== 'Converted')) },
      value: (l) => l.status,
      save: (l, v) => saveLead({ id: l.id, version: l.version, status: v as Exclude<LeadStatus, 'Converted'> }),
    },
    owner: ownerEdit,
  });
  const lp = useListParams({ sorts: leadSorts, defaultSort: 'createdAt', defaultDirection: 'desc', extraFilters: ['leadSource'] });
  // The URL read as the list's filters the same way a segment playbook reads a saved view (shared/viewFilters.ts).
  const filters = viewFilters.leads(Object.fromEntries(lp.params));
  const status = filters.status;
  const listInput = { ...lp.listInput, ...filters };
  const query = useInfiniteQuery(
    trpc.leads.list.infiniteQueryOptions(listInput, { getNextPageParam: (page) => page.nextCursor }),
  );

  return (
    <ListPage
      exportHref={exportHref('leads', listInput)}
      title="Leads"
      newRecord={{ to: '/leads/new', label: 'New lead' }}
      list={lp}
      views={<SavedViews list="leads" builtIn={[{ name: 'My new leads', params: { owner: me.id, status: 'New' } }]} />}
      searchPlaceholder="Search name, email or company…"
      columns={columns}
      bulk={{ list: 'leads', noun: 'lead', nameOf: (l) => fullName(l), fields: [{ key: 'status', label: 'Status', options: leadStatuses.filter((s) => s !== 'Converted') }], deleteNote: 'They are removed for good; converted leads are kept.' }}
      query={query}
      canEditRow={(l) => l.status !== 'Converted' && canWrite(me, l.ownerId)}
      rowHref={(l) => `/leads/${l.id}`}
      empty={{ title: 'No leads yet', description: 'Add a lead when someone shows interest; convert it once it is qualified.' }}
      noMatches={{ title: 'No leads match these filters', description: 'Try a different search, owner or status.' }}
    >
      <FilterSelect
        label="Status"
        allLabel="Any status"
        value={status ?? ''}
        onChange={(v) => lp.set({ status: v })}
        options={optionsOf(leadStatuses)}
      />
      <PicklistFilter picklist="leadSource" label="Lead source" allLabel="Any source" value={lp.get('leadSource')} onChange={(v) => lp.set({ leadSource: v })} />
    </ListPage>
  );
}

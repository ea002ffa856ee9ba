// Settings -> Audit log (admins): every audited write, newest first, filtered by user, record type and day.
// The filters live in the URL, so a filtered log can be shared with another admin.
import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { auditEntityTypes } from '../../../shared/schemas/timeline';
import { relatedToTypes, type RelatedToType } from '../../../shared/enums';
import { Badge } from '../components/Badge';
import { Button } from '../components/Button';
import { type Column, DataTable } from '../components/DataTable';
import { FilterSelect } from '../components/FilterBar';
import { useUsers } from '../components/OwnerSelect';
import { PageHeader } from '../components/PageHeader';
import { formatDateTime } from '../lib/format';
import { recordPath } from '../lib/records';
import { type RouterOutputs, useTRPC } from '../trpc';

type Entry = RouterOutputs['audit']['list']['items'][number];

const typeLabels: Record<string, string> = {
  account: 'Account',
  contact: 'Contact',
  lead: 'Lead',
  opportunity: 'Opportunity',
  project: 'Project',
  case: 'Case',
  activity: 'Activity',
  user: 'User',
  settings: 'Organisation settings',
  product: 'Product',
  lineItem: 'Line item',
  milestone: 'Milestone',
  opportunityContact: 'Deal contact',
  picklist: 'Picklist',
  playbook: 'Playbook',
  web_to_lead_source: 'Web-to-lead source',
  email_connection: 'Mailbox connection',
};

const actionTone = { create: 'success', update: 'info', delete: 'danger' } as const;
const actionLabel = { create: 'Created', update: 'Changed', delete: 'Deleted' } as const;

const isRecordType = (t: string): t is RelatedToType => (relatedToTypes as readonly string[]).includes(t);

function What({ entry }: { entry: Entry }) {
  const label = typeLabels[entry.entityType] ?? entry.entityType;
  const name = entry.recordName ?? `#${entry.entityId}`;
  return (
    <span>
      <span className="muted-text">{label} </span>
      {isRecordType(entry.entityType) && entry.recordName ? (
        <Link to={recordPath(entry.entityType, Number(entry.entityId))}>{name}</Link>
      ) : (
        name
      )}
    </span>
  );
}

function Changes({ entry }: { entry: Entry }) {
  const shown = entry.changes.slice(0, 4);
  if (shown.length === 0) return <span className="muted-text">—</span>;
  return (
    <ul className="audit-changes">
      {shown.map((c) => (
        <li key={c.field}>
          <span className="audit-changes__field">{c.label}</span>{' '}
          {entry.action === 'update' ? (
            <>
              <span className="change__from">{c.from ?? 'empty'}</span> → <span className="change__to">{c.to ?? 'empty'}</span>
            </>
          ) : (
            <span>{(entry.action === 'delete' ? c.from : c.to) ?? 'empty'}</span>
          )}
        </li>
      ))}
      {entry.changes.length > shown.length && <li className="muted-text">and {entry.changes.length - shown.length} more</li>}
    </ul>
  );
}

const columns: Column<Entry>[] = [
  { key: 'at', header: 'When', width: '170px', cell: (e) => <time dateTime={new Date(e.at).toISOString()}>{formatDateTime(e.at)}</time> },
  { key: 'who', header: 'Who', width: '160px', cell: (e) => e.actorName ?? <span className="muted-text">Tru-CRM (system)</span> },
  { key: 'action', header: 'Action', width: '100px', cell: (e) => <Badge tone={actionTone[e.action]}>{actionLabel[e.action]}</Badge> },
  { key: 'what', header: 'Record', cell: (e) => <What entry={e} /> },
  { key: 'changes', header: 'Changes', cell: (e) => <Changes entry={e} /> },
];

/** The admin's local day as an instant: its start, or (end) its last millisecond. */
function dayBoundary(day: string, end: boolean): Date | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return undefined;
  const d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  if (end) d.setHours(23, 59, 59, 999);
  return d;
}

export default function AuditLogSettingsPage() {
  const trpc = useTRPC();
  const [params, setParams] = useSearchParams();
  const users = useUsers();
  const actorId = params.get('user') ?? '';
  const entityType = params.get('type') ?? '';
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  const set = (key: string, value: string) =>
    setParams(
      (p) => {
        if (value) p.set(key, value);
        else p.delete(key);
        return p;
      },
      { replace: true },
    );
  const query = useInfiniteQuery({
    ...trpc.audit.list.infiniteQueryOptions(
      {
        limit: 50,
        actorId: actorId || undefined,
        entityType: (auditEntityTypes as readonly string[]).includes(entityType) ? (entityType as (typeof auditEntityTypes)[number]) : undefined,
        from: dayBoundary(from, false),
        to: dayBoundary(to, true),
      },
      { getNextPageParam: (page) => page.nextCursor },
    ),
    staleTime: 0,
    // A changed filter keeps the rows in view until the new ones arrive: no flash of skeletons.
    placeholderData: keepPreviousData,
  });
  const filtered = Boolean(actorId || entityType || from || to);
  return (
    <>
      <PageHeader title="Audit log" subtitle="Who created, changed or deleted what, and when. Secrets are never shown." />
      <div className="filter-bar" role="search">
        <FilterSelect
          label="User"
          value={actorId}
          onChange={(v) => set('user', v)}
          allLabel="Anyone"
          options={(users.data ?? []).map((u) => ({ value: u.id, label: u.active ? u.name : `${u.name} (deactivated)` }))}
        />
        <FilterSelect
          label="Record type"
          value={entityType}
          onChange={(v) => set('type', v)}
          allLabel="Any record"
          options={auditEntityTypes.map((t) => ({ value: t, label: typeLabels[t] ?? t }))}
        />
        <label className="filter-date">
          <span>From</span>
          <input type="date" className="input input--sm" value={from} max={to || undefined} onChange={(e) => set('from', e.target.value)} />
        </label>
        <label className="filter-date">
          <span>To</span>
          <input type="date" className="input input--sm" value={to} min={from || undefined} onChange={(e) => set('to', e.target.value)} />
        </label>
        {filtered && (
          <Button variant="ghost" size="sm" onClick={() => setParams({}, { replace: true })}>
            Clear filters
          </Button>
        )}
      </div>
      <DataTable
        label="Audit log"
        query={query}
        columns={columns}
        rowKey={(e) => e.id}
        empty={{
          title: filtered ? 'Nothing matches these filters' : 'Nothing audited yet',
          description: filtered ? 'Widen the dates or clear a filter.' : 'Every create, change and delete of a record shows here.',
        }}
      />
    </>
  );
}

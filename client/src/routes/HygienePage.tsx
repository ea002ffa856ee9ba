// The manager's Hygiene page: pipeline health for the team and each rep with the 12-week trend, open results
// grouped by rule, rep or deal under the filters in the URL, a drill-down to the results of a group, and CSV
// export of what is shown.
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { hygieneCategories, hygieneSeverities, type HygieneResultList } from '../../../shared/schemas/hygiene';
import { type Stage, stages } from '../../../shared/stages';
import { Badge } from '../components/Badge';
import { Button, ButtonLink } from '../components/Button';
import { type Column, TableView } from '../components/DataTable';
import { FilterSelect } from '../components/FilterBar';
import { optionsOf } from '../components/FormField';
import { PageHeader } from '../components/PageHeader';
import { Panel } from '../components/Panel';
import { ErrorState, Spinner } from '../components/States';
import { useToast } from '../components/Toaster';
import { HealthBadge } from '../components/hygiene/HealthBadge';
import { HealthTrend, Sparkline } from '../components/hygiene/HealthTrend';
import { ResultItem } from '../components/hygiene/ResultItem';
import { actByLabels, categoryLabels, severityLabels } from '../components/hygiene/labels';
import '../components/hygiene/hygiene.css';
import { type CsvCell, downloadCsv, toCsv } from '../lib/csv';
import { formatMoney, formatNumber } from '../lib/format';
import { useSession } from '../lib/session';
import { type RouterOutputs, useTRPC } from '../trpc';

type Group = RouterOutputs['hygiene']['groups'][number];
type Summary = RouterOutputs['hygiene']['summary'];
type By = 'rule' | 'owner' | 'record';
const byLabels: Record<By, string> = { rule: 'By rule', owner: 'By rep', record: 'By record' };

function useFilters() {
  const [params, setParams] = useSearchParams();
  const pick = <T extends string>(key: string, values: readonly T[]): T | undefined => {
    const v = params.get(key);
    return v && (values as readonly string[]).includes(v) ? (v as T) : undefined;
  };
  const filters = {
    category: pick('category', hygieneCategories),
    severity: pick('severity', hygieneSeverities),
    stage: pick<Stage>('stage', stages),
    ownerId: params.get('owner') || undefined,
  };
  const by = pick<By>('by', ['rule', 'owner', 'record']) ?? 'rule';
  const drill = params.get('drill');
  const withParams = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    return next;
  };
  const set = (changes: Record<string, string | null>) => setParams(withParams(changes));
  return { filters, by, drill, set, href: (changes: Record<string, string | null>) => `/hygiene?${withParams(changes).toString()}` };
}

function TeamPanel({ summary }: { summary: Summary }) {
  const t = summary.team;
  return (
    <Panel title="Team pipeline health" actions={<HealthBadge score={t.health} size="lg" />}>
      <div className="hygiene-team">
        <dl className="hygiene-kpis">
          <div>
            <dt>Open deals</dt>
            <dd>{formatNumber(t.openDeals)}</dd>
          </div>
          <div>
            <dt>At-risk deals (health &lt; 50)</dt>
            <dd>{formatNumber(t.atRiskDeals)}</dd>
          </div>
          {(['critical', 'warning', 'info'] as const).map((s) => (
            <div key={s}>
              <dt>{severityLabels[s]} results</dt>
              <dd>{formatNumber(t.results[s])}</dd>
            </div>
          ))}
        </dl>
        <div className="hygiene-team__trend">
          <h3 className="hygiene-section__title">Last {summary.weeks} weeks</h3>
          <HealthTrend points={t.trend} />
        </div>
      </div>
    </Panel>
  );
}

function RepsPanel({ summary, href }: { summary: Summary; href: (c: Record<string, string | null>) => string }) {
  type Rep = Summary['reps'][number];
  const columns: Column<Rep>[] = [
    { key: 'name', header: 'Owner', cell: (r) => <span className="cell-primary">{r.name}{!r.active && <span className="muted-text"> (inactive)</span>}</span> },
    { key: 'health', header: 'Pipeline health', cell: (r) => <HealthBadge score={r.health} /> },
    { key: 'trend', header: '12 weeks', cell: (r) => <Sparkline points={r.trend} /> },
    { key: 'deals', header: 'Open deals', align: 'right', cell: (r) => formatNumber(r.openDeals) },
    { key: 'risk', header: 'At risk', align: 'right', cell: (r) => formatNumber(r.atRiskDeals) },
    { key: 'critical', header: 'Critical', align: 'right', cell: (r) => formatNumber(r.results.critical) },
    { key: 'warning', header: 'Warning', align: 'right', cell: (r) => formatNumber(r.results.warning) },
    { key: 'info', header: 'Info', align: 'right', cell: (r) => formatNumber(r.results.info) },
  ];
  return (
    <Panel title="Per rep" count={summary.reps.length} flush>
      <TableView
        label="Pipeline health per rep"
        columns={columns}
        rows={summary.reps}
        loading={false}
        empty={{ title: 'No reps with open results or deals' }}
        rowHref={(r) => href({ owner: r.userId, drill: null })}
      />
    </Panel>
  );
}

const tally = (g: Group) => (
  <span className="hygiene-tally">
    {g.critical > 0 && <Badge tone="danger">{g.critical} critical</Badge>}
    {g.warning > 0 && <Badge tone="warning">{g.warning} warning</Badge>}
    {g.info > 0 && <Badge tone="info">{g.info} info</Badge>}
  </span>
);

function groupColumns(by: By): Column<Group>[] {
  const name: Column<Group> = {
    key: 'label',
    header: by === 'rule' ? 'Rule' : by === 'owner' ? 'Owner' : 'Record',
    cell: (g) =>
      g.kind === 'rule' ? (
        <span>
          <span className="cell-primary">{g.label}</span> <span className="muted-text">{g.category ? categoryLabels[g.category] : ''}</span>
          <div className="muted-text hygiene-condition">{g.condition}</div>
        </span>
      ) : g.kind === 'record' ? (
        <span>
          <span className="cell-primary">{g.label || `${g.recordType} ${g.recordId}`}</span>
          <span className="muted-text"> · {g.recordType}{g.stage ? ` · ${g.stage}` : ''}{g.ownerName ? ` · ${g.ownerName}` : ''}</span>
        </span>
      ) : (
        <span className="cell-primary">{g.label}</span>
      ),
  };
  return [
    name,
    ...(by === 'record'
      ? [
          { key: 'amount', header: 'Amount', align: 'right' as const, cell: (g: Group) => (g.kind === 'record' && g.amount ? formatMoney(g.amount) : '—') },
          { key: 'health', header: 'Health', cell: (g: Group) => (g.kind === 'record' && g.health !== null ? <HealthBadge score={g.health} size="sm" /> : '—') },
        ]
      : []),
    { key: 'total', header: 'Open results', align: 'right', cell: (g) => formatNumber(g.total) },
    { key: 'tally', header: 'By severity', cell: tally },
  ];
}

function groupCsv(by: By, groups: Group[]): string {
  const header = by === 'record' ? ['record type', 'record id', 'record', 'stage', 'owner', 'amount', 'health', 'open results', 'critical', 'warning', 'info'] : [by === 'rule' ? 'rule' : 'rep', ...(by === 'rule' ? ['category'] : []), 'open results', 'critical', 'warning', 'info'];
  const rows: CsvCell[][] = groups.map((g) =>
    g.kind === 'record'
      ? [g.recordType, g.recordId, g.label, g.stage, g.ownerName, g.amount, g.health, g.total, g.critical, g.warning, g.info]
      : [g.label, ...(g.kind === 'rule' ? [g.category ? categoryLabels[g.category] : ''] : []), g.total, g.critical, g.warning, g.info],
  );
  return toCsv(header, rows);
}

/** What a drill key (rule:x, owner:y, record:type:id) adds to the results query. */
function drillInput(drill: string | null): Partial<HygieneResultList> | null {
  if (!drill) return null;
  const [kind, a, b] = drill.split(':');
  if (kind === 'rule' && a) return { ruleId: a };
  if (kind === 'owner') return { ownerId: a || undefined };
  if (kind === 'record' && a && b && Number(b) > 0) return { recordType: a as HygieneResultList['recordType'], recordId: Number(b) };
  return null;
}

function DrillDown({ input, title, onClose }: { input: HygieneResultList; title: string; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const query = useInfiniteQuery(trpc.hygiene.results.infiniteQueryOptions(input, { getNextPageParam: (p) => p.nextCursor }));
  const items = query.data?.pages.flatMap((p) => p.items) ?? [];
  const exportAll = async () => {
    const all: typeof items = [];
    let cursor: string | null | undefined;
    do {
      const page = await queryClient.fetchQuery(trpc.hygiene.results.queryOptions({ ...input, limit: 200, cursor }));
      all.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor && all.length < 20_000);
    const rows: CsvCell[][] = all.map((r) => [r.ruleId, r.category ? categoryLabels[r.category] : '', r.severity, r.recordType, r.recordId, r.recordName, r.stage, r.ownerName, r.message, r.remediation, actByLabels[r.actBy] ?? r.actBy, r.firstSeenAt.toISOString()]);
    downloadCsv('hygiene-results.csv', toCsv(['rule', 'category', 'severity', 'record type', 'record id', 'record', 'stage', 'owner', 'message', 'remediation', 'who acts', 'since'], rows));
    toast.success(`Exported ${all.length} results`);
  };
  return (
    <Panel
      title={title}
      count={query.hasNextPage ? undefined : items.length}
      actions={
        <>
          <Button size="sm" onClick={() => void exportAll()} disabled={items.length === 0}>
            Export CSV
          </Button>
          <Button size="sm" variant="ghost" onClick={onClose}>
            Close
          </Button>
        </>
      }
    >
      {query.isPending ? (
        <Spinner />
      ) : query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <>
          <ul className="hygiene-results">
            {items.map((r) => (
              <ResultItem key={r.id} result={r} canFix={false} showRecord />
            ))}
          </ul>
          {query.hasNextPage && (
            <Button size="sm" onClick={() => void query.fetchNextPage()} pending={query.isFetchingNextPage}>
              Show more
            </Button>
          )}
        </>
      )}
    </Panel>
  );
}

export default function HygienePage() {
  const trpc = useTRPC();
  const me = useSession();
  const toast = useToast();
  const { filters, by, drill, set, href } = useFilters();
  const summary = useQuery(trpc.hygiene.summary.queryOptions({ weeks: 12 }));
  const groups = useQuery(trpc.hygiene.groups.queryOptions({ by, ...filters }));
  const users = useQuery(trpc.users.list.queryOptions({ includeInactive: true }));
  const scanNow = useMutation(trpc.hygiene.scanNow.mutationOptions());
  const drillFilter = drillInput(drill);
  const drillGroup = groups.data?.find((g) => `${g.kind}:${g.key}` === drill);
  const hasFilters = Object.values(filters).some(Boolean);

  return (
    <>
      <PageHeader
        title="Hygiene"
        subtitle="Pipeline health across the team, and what the rules found. Pick a group to see its results."
        actions={
          <>
            <Button onClick={() => groups.data && downloadCsv(`hygiene-${by}.csv`, groupCsv(by, groups.data))} disabled={!groups.data?.length}>
              Export CSV
            </Button>
            <ButtonLink to="/hygiene/files">Analyse a file</ButtonLink>
            {me.role === 'admin' && (
              <Button
                variant="primary"
                pending={scanNow.isPending}
                onClick={async () => {
                  await scanNow.mutateAsync();
                  toast.success('Scan started: results refresh in a few seconds');
                }}
              >
                Scan now
              </Button>
            )}
          </>
        }
      />
      {summary.isPending ? <Spinner /> : summary.isError ? <ErrorState error={summary.error} /> : (
        <div className="hygiene-summary">
          <TeamPanel summary={summary.data} />
          <RepsPanel summary={summary.data} href={href} />
        </div>
      )}
      <div className="filter-bar" role="search" aria-label="Filter results">
        <FilterSelect label="Category" value={filters.category ?? ''} onChange={(v) => set({ category: v, drill: null })} options={hygieneCategories.map((c) => ({ value: c, label: categoryLabels[c]! }))} allLabel="Any category" />
        <FilterSelect label="Severity" value={filters.severity ?? ''} onChange={(v) => set({ severity: v, drill: null })} options={hygieneSeverities.map((s) => ({ value: s, label: severityLabels[s]! }))} allLabel="Any severity" />
        <FilterSelect label="Stage" value={filters.stage ?? ''} onChange={(v) => set({ stage: v, drill: null })} options={optionsOf(stages)} allLabel="Any stage" />
        <FilterSelect label="Owner" value={filters.ownerId ?? ''} onChange={(v) => set({ owner: v, drill: null })} options={(users.data ?? []).map((u) => ({ value: u.id, label: u.name }))} allLabel="Any owner" />
        {hasFilters && (
          <Button variant="ghost" size="sm" onClick={() => set({ category: null, severity: null, stage: null, owner: null, drill: null })}>
            Clear filters
          </Button>
        )}
      </div>
      <div className="hygiene-tabs" role="tablist" aria-label="Group results">
        {(['rule', 'owner', 'record'] as const).map((b) => (
          <Link key={b} role="tab" aria-selected={by === b} className={`hygiene-tab${by === b ? ' hygiene-tab--active' : ''}`} to={href({ by: b, drill: null })}>
            {byLabels[b]}
          </Link>
        ))}
      </div>
      <div className={drillFilter ? 'hygiene-split' : undefined}>
        <Panel title={`Open results ${byLabels[by].toLowerCase()}`} count={groups.data?.length} flush>
          <TableView
            label={`Open results ${byLabels[by].toLowerCase()}`}
            columns={groupColumns(by)}
            rows={groups.data ?? []}
            loading={groups.isPending}
            error={groups.error}
            onRetry={() => void groups.refetch()}
            empty={{ title: 'Nothing open', description: 'No rule holds under these filters.' }}
            rowHref={(g) => href({ drill: `${g.kind}:${g.key}` })}
            rowClassName={(g) => (`${g.kind}:${g.key}` === drill ? 'table__row--selected' : '')}
          />
        </Panel>
        {drillFilter && (
          <DrillDown
            input={{ status: 'open', limit: 25, sortDirection: 'desc', ...filters, ...drillFilter }}
            title={drillGroup ? `Results: ${drillGroup.label || drill}` : 'Results'}
            onClose={() => set({ drill: null })}
          />
        )}
      </div>
      {summary.data && <p className="muted-text hygiene-footnote">Health counts open results on open deals (critical 25, warning 10, info 3), weighted by amount.</p>}
    </>
  );
}

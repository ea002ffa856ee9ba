// Attribution: won revenue credited to lead sources, campaigns and playbooks under the model chosen (first
// touch, last touch within a window, linear), per period, with the touches behind every deal.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useId } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { calendarDay } from '../../../shared/periods';
import { attributionModelLabels, attributionModels, type AttributionModel, DEFAULT_ATTRIBUTION_WINDOW_DAYS, type TouchKind } from '../../../shared/schemas/attribution';
import { Badge } from '../components/Badge';
import { touchKindLabels } from '../components/campaigns/campaignFormat';
import { type Column, TableView } from '../components/DataTable';
import { dealCount, Stat } from '../components/insight/parts';
import '../components/insight/insight.css';
import { PageHeader } from '../components/PageHeader';
import { Panel } from '../components/Panel';
import { EmptyState, ErrorState } from '../components/States';
import { attributionPeriod, type AttributionRange, attributionRangeLabels, attributionRanges } from '../lib/attributionPeriods';
import { formatDate, formatMoney } from '../lib/format';
import { useSession } from '../lib/session';
import { type RouterOutputs, useTRPC } from '../trpc';
import { type ParamsPatch, patchParams } from '../lib/searchParams';
import { Segmented } from '../components/Segmented';

type Summary = RouterOutputs['attribution']['summary'];
type Deal = Summary['deals'][number];
type Row = Summary['bySource'][number];

const windowChoices = [7, 14, 30, 90];
const kindTone: Record<TouchKind | 'unattributed', 'info' | 'accent' | 'success' | 'neutral'> = {
  source: 'info',
  campaign: 'accent',
  playbook: 'success',
  unattributed: 'neutral',
};
const kindFill: Record<TouchKind | 'unattributed', string> = {
  source: 'var(--info)',
  campaign: 'var(--accent)',
  playbook: 'var(--success)',
  unattributed: 'var(--gray-300)',
};

const dealColumns = (model: AttributionModel): Column<Deal>[] => [
  {
    key: 'name',
    header: 'Won deal',
    cell: (d) => (
      <div>
        <Link to={`/opportunities/${d.id}`} className="cell-primary">
          {d.name}
        </Link>
        {d.accountName && <div className="subtle-text">{d.accountName}</div>}
      </div>
    ),
  },
  { key: 'closed', header: 'Won', cell: (d) => formatDate(d.closedAt) },
  { key: 'amount', header: 'Amount', align: 'right', cell: (d) => formatMoney(d.amount) },
  {
    key: 'credit',
    header: `Credited (${attributionModelLabels[model].toLowerCase()})`,
    cell: (d) => (
      <ul className="attribution-list">
        {d.credits.map((c) => (
          <li key={`${c.kind}:${c.key}`}>
            <Badge tone={kindTone[c.kind]}>{touchKindLabels[c.kind]}</Badge> {c.kind === 'unattributed' ? '' : c.label} <span className="subtle-text">{formatMoney(c.amount)}</span>
          </li>
        ))}
      </ul>
    ),
  },
  {
    key: 'touches',
    header: 'Touches before the close',
    cell: (d) =>
      d.touches.length === 0 ? (
        <span className="muted-text">None</span>
      ) : (
        <ul className="attribution-list">
          {d.touches.map((t, i) => (
            <li key={`${t.kind}:${t.key}:${i}`}>
              <span className="subtle-text">{formatDate(t.at)}</span> {touchKindLabels[t.kind]}: {t.label}
              {t.kind !== 'source' && <span className="subtle-text"> (via {t.via === 'deal' ? 'the deal' : `its ${t.via}`})</span>}
            </li>
          ))}
        </ul>
      ),
  },
  { key: 'owner', header: 'Owner', cell: (d) => d.ownerName },
];

function KindPanel({ title, kind, rows }: { title: string; kind: TouchKind; rows: Row[] }) {
  return (
    <Panel title={title} count={rows.length}>
      {rows.length === 0 ? (
        <EmptyState title={`No revenue credited to a ${touchKindLabels[kind].toLowerCase()}`} description="Under this model and period." />
      ) : (
        <div className="insight-chart">
          <div className="insight-chart__plot" role="img" aria-label={`${title}: won revenue credited (the table below has the numbers)`} style={{ minHeight: 40 + rows.length * 28 }}>
            <ResponsiveContainer width="100%" height={Math.min(40 + rows.length * 28, 320)}>
              <BarChart data={rows.map((r) => ({ label: r.label, amount: Number(r.amount) }))} layout="vertical" margin={{ top: 4, right: 16, left: 8, bottom: 0 }}>
                <CartesianGrid horizontal={false} stroke="var(--gray-150)" />
                <XAxis type="number" tick={{ fontSize: 11 }} tickFormatter={(v: number) => formatMoney(v)} tickLine={false} />
                <YAxis type="category" dataKey="label" width={140} tick={{ fontSize: 11 }} tickLine={false} axisLine={false} />
                <Tooltip formatter={(v) => formatMoney(Number(v))} />
                <Bar dataKey="amount" name="Won revenue" fill={kindFill[kind]} radius={[0, 3, 3, 0]} isAnimationActive={false} />
              </BarChart>
            </ResponsiveContainer>
          </div>
          <table className="table table--compact insight-forecast" aria-label={title}>
            <thead>
              <tr>
                <th scope="col">{touchKindLabels[kind]}</th>
                <th scope="col" className="num">
                  Won revenue
                </th>
                <th scope="col" className="num">
                  Deals
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.key}>
                  <th scope="row">{kind === 'campaign' ? <Link to={`/campaigns/${r.key}`}>{r.label}</Link> : r.label}</th>
                  <td className="num">{formatMoney(r.amount)}</td>
                  <td className="num">{r.deals}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Panel>
  );
}

function Report({ s }: { s: Summary }) {
  if (s.dealCount === 0) {
    return <EmptyState title="No deals won in this period" description="Won deals, and what touched them before they closed, add up here." />;
  }
  const chart = s.periods.map((p) => ({
    label: p.label,
    source: Number(p.source),
    campaign: Number(p.campaign),
    playbook: Number(p.playbook),
    unattributed: Number(p.unattributed),
  }));
  return (
    <div className="insight-dashboard">
      <div className="insight-stats">
        <Stat label="Won revenue" value={formatMoney(s.wonRevenue)} detail={dealCount(s.dealCount)} />
        <Stat label="Lead sources" value={formatMoney(s.bySource.reduce((t, r) => t + Number(r.amount), 0))} detail={`${s.bySource.length} credited`} />
        <Stat label="Campaigns" value={formatMoney(s.byCampaign.reduce((t, r) => t + Number(r.amount), 0))} detail={`${s.byCampaign.length} credited`} />
        <Stat label="Playbooks" value={formatMoney(s.byPlaybook.reduce((t, r) => t + Number(r.amount), 0))} detail={`${s.byPlaybook.length} credited`} />
        <Stat label="Unattributed" value={formatMoney(s.unattributed.amount)} detail={dealCount(s.unattributed.deals)} />
      </div>
      <Panel title="Per period">
        <div className="insight-chart">
          <div className="insight-chart__plot" role="img" aria-label="Won revenue per period by what it is credited to (the table below has the numbers)">
            <ResponsiveContainer width="100%" height={220}>
              <BarChart data={chart} margin={{ top: 8, right: 8, left: 8, bottom: 0 }}>
                <CartesianGrid vertical={false} stroke="var(--gray-150)" />
                <XAxis dataKey="label" tick={{ fontSize: 11 }} tickLine={false} />
                <YAxis tick={{ fontSize: 11 }} width={64} tickLine={false} axisLine={false} tickFormatter={(v: number) => formatMoney(v)} />
                <Tooltip formatter={(v) => formatMoney(Number(v))} />
                <Legend iconSize={10} wrapperStyle={{ fontSize: 12 }} />
                {(['source', 'campaign', 'playbook', 'unattributed'] as const).map((k, i, all) => (
                  <Bar key={k} dataKey={k} name={touchKindLabels[k]} stackId="w" fill={kindFill[k]} radius={i === all.length - 1 ? [3, 3, 0, 0] : undefined} isAnimationActive={false} />
                ))}
              </BarChart>
            </ResponsiveContainer>
          </div>
          <table className="table table--compact insight-forecast" aria-label="Won revenue per period">
            <thead>
              <tr>
                <th scope="col">Period</th>
                <th scope="col" className="num">Won</th>
                <th scope="col" className="num">Lead sources</th>
                <th scope="col" className="num">Campaigns</th>
                <th scope="col" className="num">Playbooks</th>
                <th scope="col" className="num">Unattributed</th>
              </tr>
            </thead>
            <tbody>
              {s.periods.map((p) => (
                <tr key={p.start}>
                  <th scope="row">{p.label}</th>
                  <td className="num">{formatMoney(p.wonRevenue)}</td>
                  <td className="num">{formatMoney(p.source)}</td>
                  <td className="num">{formatMoney(p.campaign)}</td>
                  <td className="num">{formatMoney(p.playbook)}</td>
                  <td className="num">{formatMoney(p.unattributed)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Panel>
      <div className="insight-grid">
        <KindPanel title="By lead source" kind="source" rows={s.bySource} />
        <KindPanel title="By campaign" kind="campaign" rows={s.byCampaign} />
        <KindPanel title="By playbook" kind="playbook" rows={s.byPlaybook} />
      </div>
      <Panel title="Won deals and their touches" count={s.dealCount} flush>
        <TableView label="Won deals and their touches" columns={dealColumns(s.model)} rows={s.deals} loading={false} compact empty={{ title: 'No won deals' }} />
      </Panel>
    </div>
  );
}

export default function AttributionPage() {
  const trpc = useTRPC();
  const me = useSession();
  const windowId = useId();
  const rangeId = useId();
  const [params, setParams] = useSearchParams();
  const model: AttributionModel = (attributionModels as readonly string[]).includes(params.get('model') ?? '') ? (params.get('model') as AttributionModel) : 'last';
  const range: AttributionRange = (attributionRanges as readonly string[]).includes(params.get('range') ?? '') ? (params.get('range') as AttributionRange) : 'last-4-quarters';
  const windowDays = windowChoices.includes(Number(params.get('window'))) ? Number(params.get('window')) : DEFAULT_ATTRIBUTION_WINDOW_DAYS;
  const settings = useQuery(trpc.settings.get.queryOptions());
  const period = attributionPeriod(range, calendarDay(new Date(), me.timeZone), settings.data?.fiscalYearStartMonth ?? 1);
  const query = useQuery({
    ...trpc.attribution.summary.queryOptions({ model, period, windowDays }),
    enabled: settings.isSuccess,
    placeholderData: keepPreviousData,
  });
  const go = (patch: ParamsPatch) => setParams((prev) => patchParams(prev, patch));

  return (
    <>
      <PageHeader
        title="Attribution"
        subtitle="Won revenue credited to the lead sources, campaigns and playbooks that touched each deal before it closed."
      />
      <div className="insight-toolbar">
        <Segmented
          label="Model"
          options={attributionModels.map((m) => ({ value: m, label: m === 'last' ? `Last touch (${windowDays} days)` : attributionModelLabels[m] }))}
          value={model}
          onChange={(m) => go({ model: m })}
        />
        {model === 'last' && (
          <div className="filter-select">
            <label htmlFor={windowId} className="visually-hidden">
              Window before the close
            </label>
            <select id={windowId} className="input input--sm select" value={windowDays} onChange={(e) => go({ window: e.target.value === String(DEFAULT_ATTRIBUTION_WINDOW_DAYS) ? null : e.target.value })}>
              {windowChoices.map((d) => (
                <option key={d} value={d}>
                  {d} days before the close
                </option>
              ))}
            </select>
          </div>
        )}
        <div className="filter-select">
          <label htmlFor={rangeId} className="visually-hidden">
            Period
          </label>
          <select id={rangeId} className="input input--sm select" value={range} onChange={(e) => go({ range: e.target.value })}>
            {attributionRanges.map((r) => (
              <option key={r} value={r}>
                {attributionRangeLabels[r]}
              </option>
            ))}
          </select>
        </div>
        <span className="subtle-text">
          {formatDate(period.from)} – {formatDate(period.to)}
        </span>
      </div>
      {query.isPending || settings.isPending ? (
        <div className="insight-grid" role="status" aria-label="Loading attribution">
          <div className="panel insight-skeleton">
            <div className="skeleton skeleton--title" />
            <div className="skeleton" />
          </div>
        </div>
      ) : query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : settings.isError ? (
        <ErrorState error={settings.error} onRetry={() => void settings.refetch()} />
      ) : (
        <Report s={query.data} />
      )}
    </>
  );
}

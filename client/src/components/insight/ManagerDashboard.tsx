// The manager dashboard: the team's numbers rolled up (the rep dashboard over everyone's deals), then every
// rep side by side with quota and coverage for this month or quarter, the stage conversion funnel, the
// average sales cycle, ARR/MRR booked from closed-won, and forecast accuracy and slippage by month.
// Every chart has its table; every number opens the deals behind it (or the forecast page of its month).
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { PeriodKind } from '../../../../shared/periods';
import type { AnalyticsScope, DealBucket } from '../../../../shared/schemas/analytics';
import { formatDate, formatMoney, formatNumber } from '../../lib/format';
import { type RouterOutputs, useTRPC } from '../../trpc';
import { Panel } from '../Panel';
import { EmptyState, ErrorState } from '../States';
import { DealsBehind } from './DealsBehind';
import { dealCount, percent, Stat } from './parts';
import { DashboardSkeleton, RepDashboardBody } from './RepDashboard';
import './insight.css';
import { patchParams } from '../../lib/searchParams';
import { Segmented } from '../Segmented';

type Dashboard = Extract<RouterOutputs['analytics']['dashboard'], { view: 'manager' }>;
type Manager = Dashboard['manager'];
type Rep = Manager['reps'][number];

const compactMoney = new Intl.NumberFormat(undefined, { style: 'currency', currency: 'USD', notation: 'compact', maximumFractionDigits: 1 });
const ratio = (r: number | null) => (r === null ? '—' : `${r.toFixed(1)}×`);

interface Drill {
  target: AnalyticsScope;
  bucket: DealBucket;
  title: string;
}

const TEAM: AnalyticsScope = { scope: 'team' };

function RepsTable({ m, onDrill }: { m: Manager; onDrill: (d: Drill) => void }) {
  if (m.reps.length === 0) return <EmptyState title="No reps yet" description="Reps and managers show here side by side once there are some." />;
  const label = m.period.label;
  const drill = (r: Rep, bucket: DealBucket, what: string) => onDrill({ target: { scope: 'user', userId: r.userId }, bucket, title: `${r.name}: ${what}` });
  const data = m.reps.map((r) => ({ name: r.name, open: Number(r.openInPeriod.amount), won: Number(r.won.amount), quota: r.quota === null ? 0 : Number(r.quota) }));
  return (
    <div className="insight-chart">
      <div className="insight-chart__plot" role="img" aria-label={`Quota, won and open pipeline per rep in ${label} (bar chart; the table below has the same numbers)`}>
        <ResponsiveContainer width="100%" height={240}>
          <BarChart data={data} margin={{ top: 8, right: 8, left: 8, bottom: 0 }}>
            <CartesianGrid vertical={false} stroke="var(--gray-150)" />
            <XAxis dataKey="name" tick={{ fontSize: 11 }} interval={0} tickLine={false} />
            <YAxis tickFormatter={(v: number) => compactMoney.format(v)} tick={{ fontSize: 11 }} width={56} tickLine={false} axisLine={false} />
            <Legend iconType="square" iconSize={10} wrapperStyle={{ fontSize: 12 }} />
            <Tooltip formatter={(v) => formatMoney(Number(v))} cursor={{ fill: 'var(--gray-100)' }} />
            <Bar dataKey="quota" name="Quota" fill="var(--gray-300)" radius={[3, 3, 0, 0]} />
            <Bar dataKey="won" name="Won" fill="var(--success, #1a7f37)" radius={[3, 3, 0, 0]} />
            <Bar dataKey="open" name="Open pipeline" fill="var(--accent)" radius={[3, 3, 0, 0]} />
          </BarChart>
        </ResponsiveContainer>
      </div>
      <div className="table-wrap">
        <table className="table table--compact insight-forecast" aria-label={`Reps side by side, ${label}`}>
          <thead>
            <tr>
              <th scope="col">Rep</th>
              <th scope="col" className="num">Quota</th>
              <th scope="col" className="num">Won</th>
              <th scope="col" className="num">Attainment</th>
              <th scope="col" className="num">Commit</th>
              <th scope="col" className="num">Forecast call</th>
              <th scope="col" className="num">Open in {label}</th>
              <th scope="col" className="num" title="Open pipeline in the period / (quota − won)">Coverage</th>
              <th scope="col" className="num">All open</th>
              <th scope="col" className="num">At risk</th>
            </tr>
          </thead>
          <tbody>
            {m.reps.map((r) => (
              <tr key={r.userId}>
                <th scope="row">
                  <Link to={`/dashboards?user=${r.userId}`}>{r.name}</Link>
                </th>
                <td className="num">{r.quota ? formatMoney(r.quota) : <Link to="/settings/quotas" className="muted-text">Set</Link>}</td>
                <td className="num">
                  <button type="button" className="link-btn" onClick={() => drill(r, { kind: 'forecast', period: m.period.kind, category: 'Closed', start: m.period.start }, `won in ${label}`)}>
                    {formatMoney(r.won.amount)}
                  </button>
                </td>
                <td className="num">{percent(r.attainment)}</td>
                <td className="num">
                  <button type="button" className="link-btn" onClick={() => drill(r, { kind: 'forecast', period: m.period.kind, category: 'Commit', start: m.period.start }, `Commit in ${label}`)}>
                    {formatMoney(r.commit)}
                  </button>
                </td>
                <td className="num">{formatMoney(r.forecastCall)}</td>
                <td className="num">
                  <button type="button" className="link-btn" onClick={() => drill(r, { kind: 'openInPeriod', period: m.period.kind, start: m.period.start }, `open in ${label}`)}>
                    {formatMoney(r.openInPeriod.amount)}
                  </button>
                  <span className="insight-count"> · {r.openInPeriod.count}</span>
                </td>
                <td className={`num${r.coverage !== null && r.coverage < 1 ? ' text-danger' : ''}`}>{ratio(r.coverage)}</td>
                <td className="num">
                  <button type="button" className="link-btn" onClick={() => drill(r, { kind: 'open' }, 'open pipeline')}>
                    {formatMoney(r.open.amount)}
                  </button>
                </td>
                <td className="num">
                  <button type="button" className="link-btn" onClick={() => drill(r, { kind: 'atRisk' }, 'at-risk deals')} disabled={r.atRisk === 0}>
                    {formatNumber(r.atRisk)}
                  </button>
                </td>
              </tr>
            ))}
            <tr className="insight-forecast__total">
              <th scope="row">Team</th>
              <td className="num">{m.team.quota ? formatMoney(m.team.quota) : '—'}</td>
              <td className="num">{formatMoney(m.team.won.amount)}</td>
              <td className="num">{percent(m.team.attainment)}</td>
              <td className="num">{formatMoney(m.team.commit)}</td>
              <td className="num">{formatMoney(m.team.forecastCall)}</td>
              <td className="num">{formatMoney(m.team.openInPeriod.amount)}</td>
              <td className="num">{ratio(m.team.coverage)}</td>
              <td className="num" />
              <td className="num" />
            </tr>
          </tbody>
        </table>
      </div>
    </div>
  );
}

function Funnel({ funnel, onDrill }: { funnel: Manager['funnel']; onDrill: (d: Drill) => void }) {
  if (funnel.stages.every((s) => s.entered === 0)) {
    return <EmptyState title="No stage moves yet" description={`Deals that enter a stage in ${funnel.window.label} show here.`} />;
  }
  const data = funnel.stages.map((s) => ({ stage: s.stage, entered: s.entered, advanced: s.advanced }));
  return (
    <div className="insight-chart">
      <div className="insight-chart__plot" role="img" aria-label="Stage conversion funnel (bar chart; the table below has the same numbers)">
        <ResponsiveContainer width="100%" height={240}>
          <BarChart data={data} layout="vertical" margin={{ top: 8, right: 16, left: 8, bottom: 0 }}>
            <CartesianGrid horizontal={false} stroke="var(--gray-150)" />
            <XAxis type="number" tick={{ fontSize: 11 }} allowDecimals={false} />
            <YAxis type="category" dataKey="stage" tick={{ fontSize: 11 }} width={110} tickLine={false} />
            <Legend iconType="square" iconSize={10} wrapperStyle={{ fontSize: 12 }} />
            <Tooltip cursor={{ fill: 'var(--gray-100)' }} />
            <Bar dataKey="entered" name="Entered" fill="var(--accent-border)" radius={[0, 3, 3, 0]} />
            <Bar dataKey="advanced" name="Moved on" fill="var(--accent)" radius={[0, 3, 3, 0]} />
          </BarChart>
        </ResponsiveContainer>
      </div>
      <table className="table table--compact" aria-label="Stage conversion">
        <thead>
          <tr>
            <th scope="col">Stage</th>
            <th scope="col" className="num">Entered</th>
            <th scope="col" className="num">Moved on</th>
            <th scope="col" className="num">Conversion</th>
          </tr>
        </thead>
        <tbody>
          {funnel.stages.map((s) => (
            <tr key={s.stage}>
              <td>
                <button type="button" className="link-btn" disabled={s.entered === 0} onClick={() => onDrill({ target: TEAM, bucket: { kind: 'enteredStage', stage: s.stage }, title: `Entered ${s.stage} in ${funnel.window.label}` })}>
                  {s.stage}
                </button>
              </td>
              <td className="num">{formatNumber(s.entered)}</td>
              <td className="num">{formatNumber(s.advanced)}</td>
              <td className="num">{percent(s.rate)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Recurring({ revenue, onDrill }: { revenue: Manager['recurringRevenue']; onDrill: (d: Drill) => void }) {
  if (revenue.byMonth.every((m) => m.count === 0)) return <EmptyState title="Nothing won in the last 12 months" description="ARR counts each won deal's amount as a year's subscription." />;
  const data = revenue.byMonth.map((m) => ({ month: m.period.label.replace(/ (\d{2})(\d{2})$/, ' ’$2'), amount: Number(m.amount), m }));
  const drill = (m: Manager['recurringRevenue']['byMonth'][number]) =>
    onDrill({ target: TEAM, bucket: { kind: 'won', from: m.period.start, to: m.period.end }, title: `Won in ${m.period.label}` });
  return (
    <div className="insight-chart">
      <div className="insight-chart__plot" role="img" aria-label="New ARR booked per month (bar chart; the table below has the same numbers)">
        <ResponsiveContainer width="100%" height={200}>
          <BarChart data={data} margin={{ top: 8, right: 8, left: 8, bottom: 0 }}>
            <CartesianGrid vertical={false} stroke="var(--gray-150)" />
            <XAxis dataKey="month" tick={{ fontSize: 11 }} tickLine={false} />
            <YAxis tickFormatter={(v: number) => compactMoney.format(v)} tick={{ fontSize: 11 }} width={56} tickLine={false} axisLine={false} />
            <Tooltip formatter={(v) => formatMoney(Number(v))} cursor={{ fill: 'var(--gray-100)' }} />
            <Bar dataKey="amount" name="New ARR" fill="var(--accent)" radius={[3, 3, 0, 0]} cursor="pointer" onClick={(e) => drill((e as unknown as { m: Manager['recurringRevenue']['byMonth'][number] }).m)} />
          </BarChart>
        </ResponsiveContainer>
      </div>
      <table className="table table--compact insight-forecast" aria-label="New ARR by month">
        <thead>
          <tr>
            <th scope="col">Month</th>
            <th scope="col" className="num">Deals won</th>
            <th scope="col" className="num">New ARR</th>
          </tr>
        </thead>
        <tbody>
          {revenue.byMonth.filter((m) => m.count > 0).map((m) => (
            <tr key={m.period.start}>
              <th scope="row">
                <button type="button" className="link-btn" onClick={() => drill(m)}>
                  {m.period.label}
                </button>
              </th>
              <td className="num">{formatNumber(m.count)}</td>
              <td className="num">{formatMoney(m.amount)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function AccuracyTrend({ trend }: { trend: Manager['accuracyTrend'] }) {
  if (trend.every((t) => t.accuracy === null)) return <EmptyState title="No snapshots of past months yet" description="Accuracy and slippage show once a month has closed with a weekly snapshot of it." />;
  const data = trend.map((t) => ({
    month: t.period.label,
    accuracy: t.accuracy === null ? null : Math.round(t.accuracy * 100),
    slippage: t.slippageRate === null ? null : Math.round(t.slippageRate * 100),
  }));
  return (
    <div className="insight-chart">
      <div className="insight-chart__plot" role="img" aria-label="Forecast accuracy and slippage by month (line chart; the table below has the same numbers)">
        <ResponsiveContainer width="100%" height={200}>
          <LineChart data={data} margin={{ top: 8, right: 16, left: 0, bottom: 0 }}>
            <CartesianGrid vertical={false} stroke="var(--gray-150)" />
            <XAxis dataKey="month" tick={{ fontSize: 11 }} tickLine={false} />
            <YAxis unit="%" domain={[0, 100]} tick={{ fontSize: 11 }} width={44} tickLine={false} axisLine={false} />
            <Legend iconSize={10} wrapperStyle={{ fontSize: 12 }} />
            <Tooltip formatter={(v) => `${String(v)}%`} />
            <Line type="monotone" dataKey="accuracy" name="Accuracy" stroke="var(--accent)" strokeWidth={2} connectNulls />
            <Line type="monotone" dataKey="slippage" name="Slippage" stroke="var(--warning, #b35900)" strokeWidth={2} connectNulls />
          </LineChart>
        </ResponsiveContainer>
      </div>
      <table className="table table--compact insight-forecast" aria-label="Forecast accuracy and slippage by month">
        <thead>
          <tr>
            <th scope="col">Month</th>
            <th scope="col">Snapshot</th>
            <th scope="col" className="num">Call</th>
            <th scope="col" className="num">Won</th>
            <th scope="col" className="num">Accuracy</th>
            <th scope="col" className="num">Slipped</th>
            <th scope="col" className="num">Slippage</th>
          </tr>
        </thead>
        <tbody>
          {trend.map((t) => (
            <tr key={t.period.start}>
              <th scope="row">
                <Link to={`/forecast?user=team&period=month&start=${t.period.start}`}>{t.period.label}</Link>
              </th>
              <td>{t.snapshotDate ? `${formatDate(t.snapshotDate)}${t.basis === 'during' ? ' (in the month)' : ''}` : '—'}</td>
              <td className="num">{t.call ? formatMoney(t.call) : '—'}</td>
              <td className="num">{formatMoney(t.actual)}</td>
              <td className="num">{percent(t.accuracy)}</td>
              <td className="num">{t.slipped ? `${formatMoney(t.slipped.amount)} · ${t.slipped.count}` : '—'}</td>
              <td className="num">{percent(t.slippageRate)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function ManagerDashboard() {
  const trpc = useTRPC();
  const [params, setParams] = useSearchParams();
  const period: PeriodKind = params.get('period') === 'month' ? 'month' : 'quarter';
  const query = useQuery(trpc.analytics.dashboard.queryOptions({ scope: 'team', period }));
  const [drill, setDrill] = useState<Drill | null>(null);

  if (query.isPending) return <DashboardSkeleton />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  const d = query.data as Dashboard;
  const m = d.manager;
  const setPeriod = (k: PeriodKind) =>
    setParams((prev) => patchParams(prev, { period: k }));

  return (
    <div className="insight-dashboard">
      <div className="insight-section-head">
        <h2 className="insight-section-title">The team against quota · {m.period.label}</h2>
        <Segmented
          label="Period of the reps table"
          options={[
            { value: 'month', label: 'This month' },
            { value: 'quarter', label: 'This quarter' },
          ]}
          value={period}
          onChange={setPeriod}
        />
      </div>
      <div className="insight-stats">
        <Stat label={`Quota · ${m.period.label}`} value={m.team.quota ? formatMoney(m.team.quota) : '—'} detail={m.team.quota ? 'sum of the reps’ quotas' : 'no quotas set'} />
        <Stat
          label="Won"
          value={formatMoney(m.team.won.amount)}
          detail={`${dealCount(m.team.won.count)} · ${percent(m.team.attainment)} of quota`}
          onClick={() => setDrill({ target: TEAM, bucket: { kind: 'forecast', period: m.period.kind, category: 'Closed', start: m.period.start }, title: `Won in ${m.period.label}` })}
        />
        <Stat
          label="Coverage"
          value={ratio(m.team.coverage)}
          detail={`${formatMoney(m.team.openInPeriod.amount)} open / quota to go`}
          onClick={() => setDrill({ target: TEAM, bucket: { kind: 'openInPeriod', period: m.period.kind, start: m.period.start }, title: `Open in ${m.period.label}` })}
        />
        <Stat
          label="Average sales cycle"
          value={m.salesCycle.averageDays === null ? '—' : `${m.salesCycle.averageDays} days`}
          detail={`${dealCount(m.salesCycle.wonCount)} won · ${m.salesCycle.window.label}`}
          onClick={() => setDrill({ target: TEAM, bucket: { kind: 'closed', outcome: 'won' }, title: `Won in ${m.salesCycle.window.label}` })}
        />
        <Stat
          label="ARR"
          value={formatMoney(m.recurringRevenue.arr)}
          detail={`MRR ${formatMoney(m.recurringRevenue.mrr)} · won in 12 months`}
          onClick={() => setDrill({ target: TEAM, bucket: { kind: 'won', from: m.recurringRevenue.from, to: m.recurringRevenue.to }, title: 'Won in the last 12 months (ARR)' })}
        />
      </div>

      {drill && <DealsBehind key={JSON.stringify(drill)} target={drill.target} bucket={drill.bucket} title={drill.title} onClose={() => setDrill(null)} />}

      <Panel title={`Reps side by side · ${m.period.label}`}>
        <RepsTable m={m} onDrill={setDrill} />
      </Panel>
      <div className="insight-grid">
        <Panel title={`Stage conversion · ${m.funnel.window.label}`}>
          <Funnel funnel={m.funnel} onDrill={setDrill} />
        </Panel>
        <Panel title="New ARR by month">
          <Recurring revenue={m.recurringRevenue} onDrill={setDrill} />
        </Panel>
        <Panel title="Forecast accuracy and slippage by month">
          <AccuracyTrend trend={m.accuracyTrend} />
        </Panel>
      </div>

      <div className="insight-section-head">
        <h2 className="insight-section-title">The team’s pipeline and forecast</h2>
      </div>
      <RepDashboardBody d={d} target={TEAM} />
    </div>
  );
}

// One person's sales dashboard: pipeline by stage, weighted pipeline, this month's and quarter's forecast,
// deals closing soon, at-risk deals, win rate and upcoming tasks. Every number opens the deals behind it.
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import type { AnalyticsScope, DealBucket, ForecastBucketCategory } from '../../../../shared/schemas/analytics';
import type { PeriodKind } from '../../../../shared/periods';
import { formatDateTime, formatMoney, formatNumber } from '../../lib/format';
import { type RouterOutputs, useTRPC } from '../../trpc';
import { Panel } from '../Panel';
import { EmptyState, ErrorState } from '../States';
import { bucketTitle } from './dealBuckets';
import { DealsBehind } from './DealsBehind';
import { dealCount, percent, Stat, useDealBucket } from './parts';
import { PipelineByStageChart } from './PipelineByStageChart';
import './insight.css';

type Dashboard = Extract<RouterOutputs['analytics']['dashboard'], { view: 'rep' | 'manager' }>;

const forecastRows: { category: ForecastBucketCategory; label: string; key: 'closed' | 'commit' | 'bestCase' | 'pipeline' }[] = [
  { category: 'Closed', label: 'Closed won', key: 'closed' },
  { category: 'Commit', label: 'Commit', key: 'commit' },
  { category: 'Best Case', label: 'Best case', key: 'bestCase' },
  { category: 'Pipeline', label: 'Pipeline', key: 'pipeline' },
];

function ForecastTable({ forecast, onSelect }: { forecast: Dashboard['forecast']; onSelect: (b: DealBucket) => void }) {
  const periods: PeriodKind[] = ['month', 'quarter'];
  return (
    <table className="table table--compact insight-forecast" aria-label="Forecast by category">
      <thead>
        <tr>
          <th scope="col">Category</th>
          {periods.map((p) => (
            <th key={p} scope="col" className="num">
              {forecast[p].period.label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {forecastRows.map((row) => (
          <tr key={row.category}>
            <th scope="row">{row.label}</th>
            {periods.map((p) => (
              <td key={p} className="num">
                <button
                  type="button"
                  className="link-btn"
                  onClick={() => onSelect({ kind: 'forecast', period: p, category: row.category })}
                  aria-label={`${row.label} ${forecast[p].period.label}: ${formatMoney(forecast[p].totals[row.key])}, ${forecast[p].counts[row.key]} deals`}
                >
                  {formatMoney(forecast[p].totals[row.key])}
                </button>
                <span className="insight-count"> · {forecast[p].counts[row.key]}</span>
              </td>
            ))}
          </tr>
        ))}
        <tr className="insight-forecast__total">
          <th scope="row" title="Closed won + Commit">
            Forecast call
          </th>
          {periods.map((p) => (
            <td key={p} className="num">
              {formatMoney(forecast[p].totals.call)}
            </td>
          ))}
        </tr>
        <tr>
          <th scope="row" title="Closed won + Commit + Best case">
            Upside
          </th>
          {periods.map((p) => (
            <td key={p} className="num">
              {formatMoney(forecast[p].totals.upside)}
            </td>
          ))}
        </tr>
      </tbody>
    </table>
  );
}

function WinRate({ winRate, onSelect }: { winRate: Dashboard['winRate']; onSelect: (b: DealBucket) => void }) {
  if (winRate.won.count + winRate.lost.count === 0) {
    return <EmptyState title="Nothing closed yet" description={`No deals were won or lost in ${winRate.window.label}.`} />;
  }
  return (
    <div className="insight-winrate">
      <div className="stat-row">
        <div className="stat">
          <span className="stat__label">By count</span>
          <span className="stat__value">{percent(winRate.byCount)}</span>
        </div>
        <div className="stat">
          <span className="stat__label">By value</span>
          <span className="stat__value">{percent(winRate.byValue)}</span>
        </div>
      </div>
      <ul className="link-list insight-outcomes">
        <li>
          <button type="button" className="link-btn" onClick={() => onSelect({ kind: 'closed', outcome: 'won' })}>
            {winRate.won.count} won
          </button>{' '}
          <span className="muted-text">{formatMoney(winRate.won.amount)}</span>
        </li>
        <li>
          <button type="button" className="link-btn" onClick={() => onSelect({ kind: 'closed', outcome: 'lost' })}>
            {winRate.lost.count} lost
          </button>{' '}
          <span className="muted-text">{formatMoney(winRate.lost.amount)}</span>
        </li>
      </ul>
    </div>
  );
}

/** The server counts tasks up to a cap: past it, "at least". */
const taskCount = (n: number, capped: boolean) => (capped ? `${n.toLocaleString('en-US')}+` : n);

function UpcomingTasks({ tasks }: { tasks: Dashboard['upcomingTasks'] }) {
  if (tasks.items.length === 0) return <EmptyState title="No tasks due" description="Open tasks due in the next two weeks show here." />;
  return (
    <ul className="insight-tasks">
      {tasks.items.map((task) => (
        <li key={task.id} className="insight-task">
          <span className={task.overdue ? 'text-danger' : undefined}>{formatDateTime(task.dueAt)}</span>
          <span className="insight-task__subject">{task.subject}</span>
          <Link to={`/${task.relatedToType === 'opportunity' ? 'opportunities' : `${task.relatedToType}s`}/${task.relatedToId}`} className="muted-text">
            {task.relatedName}
          </Link>
        </li>
      ))}
    </ul>
  );
}

export function DashboardSkeleton() {
  return (
    <div className="insight-grid" role="status" aria-label="Loading the dashboard">
      {Array.from({ length: 4 }, (_, i) => (
        <div key={i} className="panel insight-skeleton">
          <div className="skeleton skeleton--title" />
          <div className="skeleton" />
          <div className="skeleton skeleton--short" />
        </div>
      ))}
    </div>
  );
}

export function RepDashboard({ target }: { target: AnalyticsScope }) {
  const trpc = useTRPC();
  const query = useQuery(trpc.analytics.dashboard.queryOptions(target));
  if (query.isPending) return <DashboardSkeleton />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  if (query.data.view === 'csm') return null;
  return <RepDashboardBody d={query.data} target={target} />;
}

/** The rep dashboard's cards and panels over one person's or the team's numbers. */
export function RepDashboardBody({ d, target }: { d: Dashboard; target: AnalyticsScope }) {
  const [bucket, select] = useDealBucket();
  const labels = { month: d.forecast.month.period.label, quarter: d.forecast.quarter.period.label, winWindow: d.winRate.window.label };

  return (
    <div className="insight-dashboard">
      <div className="insight-stats">
        <Stat
          label="Open pipeline"
          value={formatMoney(d.openPipeline.amount)}
          detail={dealCount(d.openPipeline.count)}
          onClick={() => select({ kind: 'open' })}
        />
        <Stat label="Weighted pipeline" value={formatMoney(d.weightedPipeline)} detail="amount × probability" onClick={() => select({ kind: 'open' })} />
        <Stat
          label={`Closing in ${d.closingSoon.days} days`}
          value={formatMoney(d.closingSoon.amount)}
          detail={dealCount(d.closingSoon.count)}
          onClick={() => select({ kind: 'closingSoon' })}
        />
        <Stat
          label="At risk"
          value={formatNumber(d.atRisk.count)}
          detail={`${formatMoney(d.atRisk.amount)} · deal health below ${d.atRisk.healthBelow}`}
          onClick={() => select({ kind: 'atRisk' })}
        />
        <Stat label="Win rate" value={percent(d.winRate.byCount)} detail={d.winRate.window.label} onClick={() => select({ kind: 'closed', outcome: 'won' })} />
      </div>

      {bucket && <DealsBehind target={target} bucket={bucket} title={bucketTitle(bucket, labels)} onClose={() => select(null)} />}

      <div className="insight-grid">
        <Panel title="Open pipeline by stage">
          <PipelineByStageChart rows={d.pipelineByStage} onSelect={select} />
        </Panel>
        <Panel title="Forecast by category">
          <ForecastTable forecast={d.forecast} onSelect={select} />
        </Panel>
        <Panel title={`Win rate · ${d.winRate.window.label}`}>
          <WinRate winRate={d.winRate} onSelect={select} />
        </Panel>
        <Panel
          title="Upcoming tasks"
          count={taskCount(d.upcomingTasks.total, d.upcomingTasks.totalCapped)}
          actions={d.upcomingTasks.overdue > 0 ? <span className="text-danger">{taskCount(d.upcomingTasks.overdue, d.upcomingTasks.overdueCapped)} overdue</span> : undefined}
        >
          <UpcomingTasks tasks={d.upcomingTasks} />
        </Panel>
      </div>
    </div>
  );
}

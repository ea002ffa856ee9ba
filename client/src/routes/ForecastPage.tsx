// Forecast: one month or quarter by category now, what changed since the last weekly snapshot, and how
// accurate past snapshots were (and how much slipped). Every number opens the deals behind it.
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Bar, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { type PeriodKind, periodKinds } from '../../../shared/periods';
import type { ForecastBucketCategory } from '../../../shared/schemas/analytics';
import { Badge, type Tone } from '../components/Badge';
import { Button } from '../components/Button';
import { bucketTitle } from '../components/insight/dealBuckets';
import { DealsBehind } from '../components/insight/DealsBehind';
import { ForecastByRep, type RepDrill } from '../components/insight/ForecastByRep';
import { dealCount, percent, Stat, useDealBucket, useInsightTarget, ViewingSelect } from '../components/insight/parts';
import '../components/insight/insight.css';
import { PageHeader } from '../components/PageHeader';
import { Panel } from '../components/Panel';
import { EmptyState, ErrorState } from '../components/States';
import { formatDate, formatMoney } from '../lib/format';
import { type RouterOutputs, useTRPC } from '../trpc';
import { periodKindOptions } from '../components/insight/parts';
import { type ParamsPatch, patchParams } from '../lib/searchParams';
import { Segmented } from '../components/Segmented';

type Report = RouterOutputs['analytics']['forecast'];
type Change = NonNullable<Report['changes']>['items'][number];

const changeLabels: Record<string, { label: string; tone: Tone }> = {
  added: { label: 'Added', tone: 'info' },
  removed: { label: 'Removed', tone: 'neutral' },
  pushed: { label: 'Pushed out', tone: 'warning' },
  pulled: { label: 'Pulled in', tone: 'accent' },
  amount: { label: 'Amount changed', tone: 'neutral' },
  category: { label: 'Category changed', tone: 'neutral' },
  won: { label: 'Won', tone: 'success' },
  lost: { label: 'Lost', tone: 'danger' },
};

const categories: { category: ForecastBucketCategory; label: string; key: 'closed' | 'commit' | 'bestCase' | 'pipeline' }[] = [
  { category: 'Closed', label: 'Closed won', key: 'closed' },
  { category: 'Commit', label: 'Commit', key: 'commit' },
  { category: 'Best Case', label: 'Best case', key: 'bestCase' },
  { category: 'Pipeline', label: 'Pipeline', key: 'pipeline' },
];

function signedMoney(value: string) {
  const n = Number(value);
  return `${n > 0 ? '+' : ''}${formatMoney(value)}`;
}

function ChangeCell({ change }: { change: Change }) {
  const { before, now } = change;
  const parts: string[] = [];
  if (before?.closeDate !== now?.closeDate) parts.push(`close ${formatDate(before?.closeDate ?? null)} → ${formatDate(now?.closeDate ?? null)}`);
  if (before?.amount !== now?.amount) parts.push(`${formatMoney(before?.amount ?? null)} → ${formatMoney(now?.amount ?? null)}`);
  if (before?.forecastCategory !== now?.forecastCategory) parts.push(`${before?.forecastCategory ?? '—'} → ${now?.forecastCategory ?? '—'}`);
  return <span className="muted-text">{parts.join(' · ')}</span>;
}

function Changes({ report }: { report: Report }) {
  if (!report.lastSnapshot || !report.changes) {
    return <EmptyState title="No snapshot of this period yet" description="The weekly snapshot is taken every Friday; changes show from the first one." />;
  }
  if (report.changes.items.length === 0) {
    return <EmptyState title="Nothing changed" description={`No deal of ${report.period.label} changed since ${formatDate(report.lastSnapshot.snapshotDate)}.`} />;
  }
  return (
    <div className="table-wrap">
      <table className="table table--compact" aria-label="Changes since the last snapshot">
        <thead>
          <tr>
            <th scope="col">Opportunity</th>
            <th scope="col">Account</th>
            <th scope="col">Change</th>
            <th scope="col">Before → now</th>
            <th scope="col" className="num">
              Amount now
            </th>
          </tr>
        </thead>
        <tbody>
          {report.changes.items.map((c) => (
            <tr key={c.opportunityId}>
              <td>
                <Link to={`/opportunities/${c.opportunityId}`} className="cell-primary">
                  {c.opportunityName}
                </Link>
              </td>
              <td>{c.accountName}</td>
              <td>
                <span className="insight-reasons">
                  {c.kinds.map((k) => (
                    <Badge key={k} tone={changeLabels[k]?.tone}>
                      {changeLabels[k]?.label ?? k}
                    </Badge>
                  ))}
                </span>
              </td>
              <td>
                <ChangeCell change={c} />
              </td>
              <td className="num">{formatMoney(c.now?.amount ?? null)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {report.changes.truncated && <div className="table-footer muted-text">Showing the first 200 changes.</div>}
    </div>
  );
}

function History({ history, onOpen }: { history: Report['history']; onOpen: (start: string) => void }) {
  const measured = history.filter((h) => h.accuracy !== null);
  if (measured.length === 0) {
    return <EmptyState title="No closed period with a snapshot yet" description="Accuracy and slippage show once a period with snapshots has closed." />;
  }
  const data = history.map((h) => ({
    label: h.period.label,
    call: h.call === null ? null : Number(h.call),
    actual: Number(h.actual),
    accuracy: h.accuracy === null ? null : Math.round(h.accuracy * 100),
    slippage: h.slippageRate === null ? null : Math.round(h.slippageRate * 100),
  }));
  return (
    <div className="insight-chart">
      <div className="insight-chart__plot" role="img" aria-label="Forecast call against closed won per period, with accuracy and slippage (the table below has the numbers)">
        <ResponsiveContainer width="100%" height={240}>
          <ComposedChart data={data} margin={{ top: 8, right: 8, left: 8, bottom: 0 }}>
            <CartesianGrid vertical={false} stroke="var(--gray-150)" />
            <XAxis dataKey="label" tick={{ fontSize: 11 }} tickLine={false} />
            <YAxis yAxisId="money" tickFormatter={(v: number) => `$${Math.round(v / 1000)}k`} tick={{ fontSize: 11 }} width={56} tickLine={false} axisLine={false} />
            <YAxis yAxisId="rate" orientation="right" domain={[0, 100]} tickFormatter={(v: number) => `${v}%`} tick={{ fontSize: 11 }} width={40} tickLine={false} axisLine={false} />
            <Tooltip />
            <Legend iconSize={10} wrapperStyle={{ fontSize: 12 }} />
            <Bar yAxisId="money" dataKey="call" name="Snapshot call" fill="var(--accent-border)" radius={[3, 3, 0, 0]} />
            <Bar yAxisId="money" dataKey="actual" name="Closed won" fill="var(--accent)" radius={[3, 3, 0, 0]} />
            <Line yAxisId="rate" dataKey="accuracy" name="Accuracy %" stroke="var(--success)" strokeWidth={2} connectNulls />
            <Line yAxisId="rate" dataKey="slippage" name="Slippage %" stroke="var(--warning)" strokeWidth={2} connectNulls />
          </ComposedChart>
        </ResponsiveContainer>
      </div>
      <table className="table table--compact" aria-label="Accuracy and slippage per period">
        <thead>
          <tr>
            <th scope="col">Period</th>
            <th scope="col">Snapshot</th>
            <th scope="col" className="num">
              Call
            </th>
            <th scope="col" className="num">
              Closed won
            </th>
            <th scope="col" className="num">
              Accuracy
            </th>
            <th scope="col" className="num">
              Slipped
            </th>
            <th scope="col" className="num">
              Slippage
            </th>
          </tr>
        </thead>
        <tbody>
          {history.map((h) => (
            <tr key={h.period.start}>
              <td>
                <button type="button" className="link-btn" onClick={() => onOpen(h.period.start)}>
                  {h.period.label}
                </button>
              </td>
              <td>
                {h.snapshotDate ? (
                  <span title={h.basis === 'before' ? 'The last snapshot before the period began' : 'No snapshot before the period: its first one'}>
                    {formatDate(h.snapshotDate)} {h.basis === 'during' && <span className="muted-text">(first in period)</span>}
                  </span>
                ) : (
                  <span className="muted-text">none</span>
                )}
              </td>
              <td className="num">{formatMoney(h.call)}</td>
              <td className="num">{formatMoney(h.actual)}</td>
              <td className="num">{percent(h.accuracy)}</td>
              <td className="num">{h.slipped ? `${formatMoney(h.slipped.amount)} · ${h.slipped.count}` : '—'}</td>
              <td className="num">{percent(h.slippageRate)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export default function ForecastPage() {
  const trpc = useTRPC();
  const [params, setParams] = useSearchParams();
  const { target, subjectName } = useInsightTarget();
  const [bucket, selectBucket] = useDealBucket();
  // One rep's deals behind a number of the by-rep table (the URL keeps the page's own drill-down).
  const [repDrill, setRepDrill] = useState<RepDrill | null>(null);
  const select = (b: typeof bucket) => {
    setRepDrill(null);
    selectBucket(b);
  };
  const kind: PeriodKind = (periodKinds as readonly string[]).includes(params.get('period') ?? '') ? (params.get('period') as PeriodKind) : 'quarter';
  const start = params.get('start') ?? undefined;
  const query = useQuery(trpc.analytics.forecast.queryOptions({ target, period: kind, start }));

  const go = (patch: ParamsPatch) => {
    setRepDrill(null);
    setParams((prev) => patchParams(prev, { deals: null, ...patch }));
  };

  const report = query.data;
  return (
    <>
      <PageHeader
        title="Forecast"
        subtitle={subjectName ? `Forecast of: ${subjectName}` : 'Your forecast by category, from the deals’ close dates'}
        actions={<ViewingSelect />}
      />
      <div className="insight-toolbar">
        <Segmented label="Period" options={periodKindOptions} value={kind} onChange={(k) => go({ period: k, start: null })} />
        <Button size="sm" variant="ghost" onClick={() => report && go({ start: report.previousStart })} aria-label="Previous period" disabled={!report}>
          ←
        </Button>
        <strong className="insight-period">{report?.period.label ?? '…'}</strong>
        <Button size="sm" variant="ghost" onClick={() => report && go({ start: report.nextStart })} aria-label="Next period" disabled={!report}>
          →
        </Button>
        {report && !report.isCurrent && (
          <Button size="sm" onClick={() => go({ start: null })}>
            Current {kind}
          </Button>
        )}
      </div>

      {query.isPending ? (
        <div className="insight-grid" role="status" aria-label="Loading the forecast">
          <div className="panel insight-skeleton">
            <div className="skeleton skeleton--title" />
            <div className="skeleton" />
          </div>
        </div>
      ) : query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : report ? (
        <div className="insight-dashboard">
          <div className="insight-stats">
            {categories.map((c) => (
              <Stat
                key={c.category}
                label={c.label}
                value={formatMoney(report.totals[c.key])}
                detail={dealCount(report.counts[c.key])}
                onClick={() => select({ kind: 'forecast', period: kind, category: c.category, start: report.period.start })}
              />
            ))}
            <Stat
              label="Forecast call"
              value={formatMoney(report.totals.call)}
              detail={
                report.lastSnapshot
                  ? `${signedMoney(report.lastSnapshot.callChange)} since ${formatDate(report.lastSnapshot.snapshotDate)}`
                  : 'Closed won + Commit'
              }
            />
            <Stat label="Upside" value={formatMoney(report.totals.upside)} detail="+ Best case" />
          </div>

          {bucket && (
            <DealsBehind
              target={target}
              bucket={bucket}
              title={bucketTitle(bucket, { month: report.period.label, quarter: report.period.label, winWindow: '' })}
              onClose={() => select(null)}
            />
          )}
          {repDrill && (
            <DealsBehind key={JSON.stringify(repDrill)} target={repDrill.target} bucket={repDrill.bucket} title={repDrill.title} onClose={() => setRepDrill(null)} />
          )}

          {report.reps && (
            <Panel title={`By rep · ${report.period.label}`} flush>
              <ForecastByRep
                report={report}
                onDrill={(d) => {
                  selectBucket(null);
                  setRepDrill(d);
                }}
                onTeamDrill={(category) => select({ kind: 'forecast', period: kind, category, start: report.period.start })}
              />
            </Panel>
          )}

          <Panel
            title={report.lastSnapshot ? `Changes since the snapshot of ${formatDate(report.lastSnapshot.snapshotDate)}` : 'Changes since the last snapshot'}
            count={report.changes?.items.length}
            flush
          >
            <Changes report={report} />
          </Panel>
          <Panel title={`Accuracy and slippage · last ${report.history.length} ${kind === 'month' ? 'months' : 'quarters'}`}>
            <History history={report.history} onOpen={(day) => go({ start: day })} />
          </Panel>
        </div>
      ) : null}
    </>
  );
}

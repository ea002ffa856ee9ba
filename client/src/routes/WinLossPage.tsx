// Win/loss: why deals were won and lost over the last four quarters, by reason and by competitor, the
// average deal won and lost, and the latest lessons. Every count opens the deals behind it.
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { lossReasons, winReasons, type WinLossOutcome } from '../../../shared/winLoss';
import { Badge } from '../components/Badge';
import { Button } from '../components/Button';
import { type Column, TableView } from '../components/DataTable';
import { percent, Stat } from '../components/insight/parts';
import '../components/insight/insight.css';
import { PageHeader } from '../components/PageHeader';
import { Panel } from '../components/Panel';
import { EmptyState, ErrorState } from '../components/States';
import { formatDate, formatMoney } from '../lib/format';
import { type RouterInputs, type RouterOutputs, useTRPC } from '../trpc';

type Filter = Omit<RouterInputs['winLoss']['deals'], 'quarters'> & { title: string };
type Deal = RouterOutputs['winLoss']['deals'][number];

const dealColumns: Column<Deal>[] = [
  {
    key: 'name',
    header: 'Opportunity',
    cell: (d) => (
      <Link to={`/opportunities/${d.id}`} className="cell-primary">
        {d.opportunityName}
      </Link>
    ),
  },
  { key: 'account', header: 'Account', cell: (d) => <Link to={`/accounts/${d.accountId}`}>{d.accountName}</Link> },
  { key: 'outcome', header: 'Outcome', cell: (d) => <Badge tone={d.outcome === 'won' ? 'success' : 'danger'}>{d.outcome === 'won' ? 'Won' : 'Lost'}</Badge> },
  { key: 'reason', header: 'Primary reason', cell: (d) => d.primaryReason },
  { key: 'competitor', header: 'Competitor', cell: (d) => d.competitor ?? <span className="muted-text">—</span> },
  { key: 'amount', header: 'Amount', align: 'right', cell: (d) => formatMoney(d.amount) },
  { key: 'closeDate', header: 'Closed', cell: (d) => formatDate(d.closeDate) },
  { key: 'owner', header: 'Owner', cell: (d) => d.ownerName },
];

function DealsPanel({ filter, onClose }: { filter: Filter; onClose: () => void }) {
  const trpc = useTRPC();
  const { title, ...input } = filter;
  const query = useQuery(trpc.winLoss.deals.queryOptions(input));
  return (
    <Panel
      title={`Deals behind: ${title}`}
      flush
      actions={
        <Button size="sm" variant="ghost" onClick={onClose}>
          Close
        </Button>
      }
    >
      <TableView
        label={`Deals behind: ${title}`}
        columns={dealColumns}
        rows={query.data ?? []}
        loading={query.isPending}
        error={query.error}
        onRetry={() => void query.refetch()}
        rowHref={(d) => `/opportunities/${d.id}`}
        skeletonRows={3}
        compact
        empty={{ title: 'No deals here' }}
      />
    </Panel>
  );
}

export default function WinLossPage() {
  const trpc = useTRPC();
  const query = useQuery(trpc.winLoss.summary.queryOptions({ quarters: 4 }));
  const [filter, setFilter] = useState<Filter | null>(null);

  const header = <PageHeader title="Win/loss" subtitle="Why deals were won and lost, over the last four quarters" />;
  if (query.isPending) {
    return (
      <>
        {header}
        <div className="panel insight-skeleton" role="status" aria-label="Loading the win/loss report">
          <div className="skeleton skeleton--title" />
          <div className="skeleton" />
        </div>
      </>
    );
  }
  if (query.isError) {
    return (
      <>
        {header}
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      </>
    );
  }
  const s = query.data;
  if (s.won.count + s.lost.count === 0) {
    return (
      <>
        {header}
        <EmptyState title="No win/loss records yet" description="Closing a deal asks why it was won or lost; the answers add up here." />
      </>
    );
  }
  const countOf = (q: (typeof s.quarters)[number], outcome: WinLossOutcome, reason: string) =>
    q.reasons.find((r) => r.outcome === outcome && r.primaryReason === reason)?.count ?? 0;
  const chartData = s.quarters.map((q) => ({
    label: q.period.label,
    won: q.reasons.filter((r) => r.outcome === 'won').reduce((t, r) => t + r.count, 0),
    lost: q.reasons.filter((r) => r.outcome === 'lost').reduce((t, r) => t + r.count, 0),
  }));
  const rows: { outcome: WinLossOutcome; reason: string }[] = [
    ...winReasons.map((reason) => ({ outcome: 'won' as const, reason })),
    ...lossReasons.map((reason) => ({ outcome: 'lost' as const, reason })),
  ];
  const overall = s.won.count / (s.won.count + s.lost.count);

  return (
    <>
      {header}
      <div className="insight-dashboard">
        <div className="insight-stats">
          <Stat label="Won" value={s.won.count} detail={`${formatMoney(s.won.amount)} · average ${formatMoney(s.won.average)}`} onClick={() => setFilter({ outcome: 'won', title: 'Won' })} />
          <Stat label="Lost" value={s.lost.count} detail={`${formatMoney(s.lost.amount)} · average ${formatMoney(s.lost.average)}`} onClick={() => setFilter({ outcome: 'lost', title: 'Lost' })} />
          <Stat label="Win rate" value={percent(overall)} detail="of deals with a win/loss record" />
        </div>

        {filter && <DealsPanel filter={filter} onClose={() => setFilter(null)} />}

        <Panel title="Reasons by quarter">
          <div className="insight-chart">
            <div className="insight-chart__plot" role="img" aria-label="Deals won and lost per quarter (the table below has the reasons)">
              <ResponsiveContainer width="100%" height={200}>
                <BarChart data={chartData} margin={{ top: 8, right: 8, left: 0, bottom: 0 }}>
                  <CartesianGrid vertical={false} stroke="var(--gray-150)" />
                  <XAxis dataKey="label" tick={{ fontSize: 11 }} tickLine={false} />
                  <YAxis allowDecimals={false} tick={{ fontSize: 11 }} width={32} tickLine={false} axisLine={false} />
                  <Tooltip />
                  <Legend iconSize={10} wrapperStyle={{ fontSize: 12 }} />
                  <Bar dataKey="won" name="Won" stackId="o" fill="var(--success)" />
                  <Bar dataKey="lost" name="Lost" stackId="o" fill="var(--danger)" radius={[3, 3, 0, 0]} />
                </BarChart>
              </ResponsiveContainer>
            </div>
            <table className="table table--compact insight-forecast" aria-label="Reasons by quarter">
              <thead>
                <tr>
                  <th scope="col">Primary reason</th>
                  {s.quarters.map((q) => (
                    <th key={q.period.start} scope="col" className="num">
                      {q.period.label}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {rows.map(({ outcome, reason }) => (
                  <tr key={`${outcome}:${reason}`}>
                    <th scope="row">
                      <Badge tone={outcome === 'won' ? 'success' : 'danger'}>{outcome === 'won' ? 'Won' : 'Lost'}</Badge> {reason}
                    </th>
                    {s.quarters.map((q) => {
                      const n = countOf(q, outcome, reason);
                      return (
                        <td key={q.period.start} className="num">
                          {n === 0 ? (
                            <span className="muted-text">0</span>
                          ) : (
                            <button
                              type="button"
                              className="link-btn"
                              onClick={() => setFilter({ outcome, primaryReason: reason, quarterStart: q.period.start, title: `${reason} · ${q.period.label}` })}
                            >
                              {n}
                            </button>
                          )}
                        </td>
                      );
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </Panel>

        <div className="insight-grid">
          <Panel title="Win rate by competitor">
            {s.competitors.length === 0 ? (
              <EmptyState title="No competitors recorded" />
            ) : (
              <table className="table table--compact insight-forecast" aria-label="Win rate by competitor">
                <thead>
                  <tr>
                    <th scope="col">Competitor</th>
                    <th scope="col" className="num">
                      Won
                    </th>
                    <th scope="col" className="num">
                      Lost
                    </th>
                    <th scope="col" className="num">
                      Win rate
                    </th>
                    <th scope="col" className="num">
                      By value
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {s.competitors.map((c) => (
                    <tr key={c.competitor}>
                      <th scope="row">
                        <button type="button" className="link-btn" onClick={() => setFilter({ competitor: c.competitor, title: `Against ${c.competitor}` })}>
                          {c.competitor}
                        </button>
                      </th>
                      <td className="num">{c.wonCount}</td>
                      <td className="num">{c.lostCount}</td>
                      <td className="num">{percent(c.byCount)}</td>
                      <td className="num">{percent(c.byValue)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </Panel>
          <Panel title="Latest lessons">
            {s.lessons.length === 0 ? (
              <EmptyState title="No lessons recorded yet" />
            ) : (
              <ul className="insight-lessons">
                {s.lessons.map((l) => (
                  <li key={l.opportunityId}>
                    <Badge tone={l.outcome === 'won' ? 'success' : 'danger'}>{l.outcome === 'won' ? 'Won' : 'Lost'}</Badge>{' '}
                    <Link to={`/opportunities/${l.opportunityId}`}>{l.opportunityName}</Link> <span className="muted-text">· {l.primaryReason}</span>
                    <div>{l.lessons}</div>
                  </li>
                ))}
              </ul>
            )}
          </Panel>
        </div>
      </div>
    </>
  );
}

// The team's forecast per member on the forecast page (team scope): each rep's Closed won, Commit, Best
// case and Pipeline for the period with their call, and the team's total; every amount opens that rep's
// deals behind it, each name their own forecast.
import { Link } from 'react-router';
import type { AnalyticsScope, DealBucket, ForecastBucketCategory } from '../../../../shared/schemas/analytics';
import { formatMoney } from '../../lib/format';
import type { RouterOutputs } from '../../trpc';
import { EmptyState } from '../States';

type Report = RouterOutputs['analytics']['forecast'];
type Totals = Report['totals'];

export interface RepDrill {
  target: AnalyticsScope;
  bucket: DealBucket;
  title: string;
}

const columns: { category: ForecastBucketCategory; label: string; key: 'closed' | 'commit' | 'bestCase' | 'pipeline' }[] = [
  { category: 'Closed', label: 'Closed won', key: 'closed' },
  { category: 'Commit', label: 'Commit', key: 'commit' },
  { category: 'Best Case', label: 'Best case', key: 'bestCase' },
  { category: 'Pipeline', label: 'Pipeline', key: 'pipeline' },
];

export function ForecastByRep({ report, onDrill, onTeamDrill }: { report: Report; onDrill: (d: RepDrill) => void; onTeamDrill: (category: ForecastBucketCategory) => void }) {
  const reps = report.reps ?? [];
  if (reps.length === 0) return <EmptyState title="No one in the team yet" description="Reps show here once they are in your team (Settings → Teams)." />;
  const { period } = report;
  const amount = (totals: Totals, key: (typeof columns)[number]['key']) => formatMoney(totals[key]);
  return (
    <div className="table-wrap">
      <table className="table table--compact insight-forecast" aria-label={`Forecast by rep, ${period.label}`}>
        <thead>
          <tr>
            <th scope="col">Rep</th>
            {columns.map((c) => (
              <th key={c.key} scope="col" className="num">
                {c.label}
              </th>
            ))}
            <th scope="col" className="num">
              Forecast call
            </th>
          </tr>
        </thead>
        <tbody>
          {reps.map((r) => (
            <tr key={r.userId}>
              <th scope="row">
                <Link to={`/forecast?user=${r.userId}&period=${period.kind}&start=${period.start}`}>{r.name}</Link>
              </th>
              {columns.map((c) => (
                <td key={c.key} className="num">
                  <button
                    type="button"
                    className="link-btn"
                    disabled={r.counts[c.key] === 0}
                    onClick={() =>
                      onDrill({
                        target: { scope: 'user', userId: r.userId },
                        bucket: { kind: 'forecast', period: period.kind, category: c.category, start: period.start },
                        title: `${r.name}: ${c.label} in ${period.label}`,
                      })
                    }
                  >
                    {amount(r.totals, c.key)}
                  </button>
                </td>
              ))}
              <td className="num">{formatMoney(r.totals.call)}</td>
            </tr>
          ))}
          <tr className="insight-forecast__total">
            <th scope="row">Team</th>
            {columns.map((c) => (
              <td key={c.key} className="num">
                <button type="button" className="link-btn" disabled={report.counts[c.key] === 0} onClick={() => onTeamDrill(c.category)}>
                  {amount(report.totals, c.key)}
                </button>
              </td>
            ))}
            <td className="num">{formatMoney(report.totals.call)}</td>
          </tr>
        </tbody>
      </table>
    </div>
  );
}

// "Why this score": a lead's engagement (decayed by inactivity) and fit points, line by line (leads.score).
import { useQuery } from '@tanstack/react-query';
import { leadQualificationLabels, MQL_SCORE, SQL_SCORE } from '../../../../shared/scoreBands';
import { useTRPC } from '../../trpc';
import { Badge } from '../Badge';
import { Panel } from '../Panel';
import { ErrorState } from '../States';
import './insight.css';

export function LeadScorePanel({ leadId }: { leadId: number }) {
  const trpc = useTRPC();
  const query = useQuery(trpc.leads.score.queryOptions({ id: leadId }));
  if (query.isPending) {
    return (
      <Panel title="Why this score">
        <div className="skeleton" role="status" aria-label="Loading the score" />
      </Panel>
    );
  }
  if (query.isError) {
    return (
      <Panel title="Why this score">
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      </Panel>
    );
  }
  const s = query.data;
  const e = s.engagement;
  return (
    <Panel
      title="Why this score"
      actions={
        <span className="lead-score__total">
          <strong>{s.total}</strong>/100 {s.qualification && <Badge tone={s.qualification === 'SQL' ? 'success' : 'info'}>{s.qualification}</Badge>}
        </span>
      }
    >
      <div className="lead-score">
        <section aria-label="Engagement">
          <h3 className="lead-score__heading">
            Engagement <span className="muted-text">{Math.round(e.decayed)} of 50</span>
          </h3>
          {e.parts.length === 0 ? (
            <p className="muted-text">No emails or meetings in the last 90 days.</p>
          ) : (
            <ul className="lead-score__parts">
              {e.parts.map((p) => (
                <li key={p.label}>
                  <span>{p.label}</span>
                  <span className="num">+{p.points}</span>
                </li>
              ))}
            </ul>
          )}
          {e.raw > 0 && e.daysSinceLastActivity !== null && (
            <p className="muted-text">
              {e.raw} points, halved every 30 days without activity: last activity {e.daysSinceLastActivity} day{e.daysSinceLastActivity === 1 ? '' : 's'} ago → {e.decayed}.
            </p>
          )}
        </section>
        <section aria-label="Fit">
          <h3 className="lead-score__heading">
            Fit <span className="muted-text">{s.fit.points} of 50</span>
          </h3>
          {s.fit.parts.length === 0 ? (
            <p className="muted-text">Nothing in industry, size, region or title matches the organisation’s targets.</p>
          ) : (
            <ul className="lead-score__parts">
              {s.fit.parts.map((p) => (
                <li key={p.label}>
                  <span>{p.label}</span>
                  <span className="num">+{p.points}</span>
                </li>
              ))}
            </ul>
          )}
        </section>
        <p className="muted-text">
          {leadQualificationLabels.MQL} from {MQL_SCORE}, {leadQualificationLabels.SQL.toLowerCase()} from {SQL_SCORE}.
          {s.stored !== s.total && ` The list shows ${s.stored} until the next rescore.`}
        </p>
      </div>
    </Panel>
  );
}

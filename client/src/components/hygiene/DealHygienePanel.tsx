// The opportunity page's hygiene: deal health 0-100 with its label, and the deal's open rule results.
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../../trpc';
import { Panel } from '../Panel';
import { Spinner } from '../States';
import { HealthBadge } from './HealthBadge';
import { ResultItem } from './ResultItem';
import './hygiene.css';

export function DealHygienePanel({ opportunityId, accountId, canEdit }: { opportunityId: number; accountId: number; canEdit: boolean }) {
  const trpc = useTRPC();
  const query = useQuery(trpc.hygiene.record.queryOptions({ recordType: 'opportunity', recordId: opportunityId }));
  return (
    <Panel title="Deal health" count={query.data?.results.length} actions={query.data ? <HealthBadge score={query.data.health} size="lg" /> : undefined}>
      {query.isPending ? (
        <Spinner />
      ) : query.isError ? (
        <p className="muted-text">Could not load this deal's hygiene.</p>
      ) : query.data.results.length === 0 ? (
        <p className="muted-text">No open hygiene results: this deal is in good shape.</p>
      ) : (
        <ul className="hygiene-results" aria-label="Open hygiene results">
          {query.data.results.map((r) => (
            <ResultItem key={r.id} result={r} canFix={canEdit} accountId={accountId} />
          ))}
        </ul>
      )}
    </Panel>
  );
}

/** A record's open results (accounts, projects, cases): the list without a score. */
export function RecordHygienePanel({ recordType, recordId }: { recordType: 'account' | 'contact' | 'project' | 'case'; recordId: number }) {
  const trpc = useTRPC();
  const query = useQuery(trpc.hygiene.record.queryOptions({ recordType, recordId }));
  if (!query.data || query.data.results.length === 0) return null;
  return (
    <Panel title="Hygiene" count={query.data.results.length}>
      <ul className="hygiene-results" aria-label="Open hygiene results">
        {query.data.results.map((r) => (
          <ResultItem key={r.id} result={r} canFix={false} />
        ))}
      </ul>
    </Panel>
  );
}

// My hygiene: the signed-in user's open rule results, most severe first, each with its fix in place.
import { useInfiniteQuery } from '@tanstack/react-query';
import { Badge } from '../components/Badge';
import { Button } from '../components/Button';
import { PageHeader } from '../components/PageHeader';
import { Panel } from '../components/Panel';
import { EmptyState, ErrorState, Spinner } from '../components/States';
import { ResultItem } from '../components/hygiene/ResultItem';
import { severityLabels, severityTones } from '../components/hygiene/labels';
import '../components/hygiene/hygiene.css';
import { useTRPC } from '../trpc';

const severities = ['critical', 'warning', 'info'] as const;

function SeveritySection({ severity }: { severity: (typeof severities)[number] }) {
  const trpc = useTRPC();
  const query = useInfiniteQuery(
    trpc.hygiene.results.infiniteQueryOptions({ mine: true, severity, limit: 25 }, { getNextPageParam: (page) => page.nextCursor }),
  );
  const items = query.data?.pages.flatMap((p) => p.items) ?? [];
  if (query.isPending) return <Spinner />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  if (items.length === 0) return null;
  return (
    <section className="hygiene-section" aria-label={severityLabels[severity]}>
      <h2 className="hygiene-section__title">
        <Badge tone={severityTones[severity]}>{severityLabels[severity]}</Badge>
        <span className="muted-text">{query.hasNextPage ? `${items.length}+` : items.length}</span>
      </h2>
      <ul className="hygiene-results">
        {items.map((r) => (
          <ResultItem key={r.id} result={r} canFix={r.recordType === 'opportunity'} showRecord accountId={r.accountId} />
        ))}
      </ul>
      {query.hasNextPage && (
        <Button size="sm" onClick={() => void query.fetchNextPage()} pending={query.isFetchingNextPage}>
          Show more
        </Button>
      )}
    </section>
  );
}

export default function MyHygienePage() {
  const trpc = useTRPC();
  const any = useInfiniteQuery(trpc.hygiene.results.infiniteQueryOptions({ mine: true, limit: 1 }, { getNextPageParam: (p) => p.nextCursor }));
  return (
    <>
      <PageHeader title="My hygiene" subtitle="What the rules found on your records, most severe first. Fix what you can in place." />
      {any.data && any.data.pages[0]?.items.length === 0 ? (
        <EmptyState title="Nothing to fix" description="None of the hygiene rules holds on your deals, accounts, projects or cases." />
      ) : (
        <Panel title="Open results">
          {severities.map((s) => (
            <SeveritySection key={s} severity={s} />
          ))}
        </Panel>
      )}
    </>
  );
}

// A record's activities with a composer to log more. Used on every record detail page.
import { useInfiniteQuery } from '@tanstack/react-query';
import type { RelatedToType } from '../../../shared/enums';
import { useTRPC } from '../trpc';
import { ActivityComposer } from './activities/ActivityComposer';
import { ActivityList } from './activities/ActivityList';
import { Panel } from './Panel';

export function ActivityFeed({ relatedToType, relatedToId }: { relatedToType: RelatedToType; relatedToId: number }) {
  const trpc = useTRPC();
  const query = useInfiniteQuery(
    trpc.activities.listByRelated.infiniteQueryOptions(
      { relatedToType, relatedToId, limit: 20 },
      { getNextPageParam: (page) => page.nextCursor },
    ),
  );
  return (
    <Panel title="Activity">
      <ActivityComposer relatedToType={relatedToType} relatedToId={relatedToId} />
      <ActivityList query={query} />
    </Panel>
  );
}

export default ActivityFeed;

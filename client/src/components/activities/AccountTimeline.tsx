// An account's timeline: its own activities and those of its contacts, deals, projects and cases.
import { useInfiniteQuery } from '@tanstack/react-query';
import { useTRPC } from '../../trpc';
import { Panel } from '../Panel';
import { ActivityComposer } from './ActivityComposer';
import { ActivityList } from './ActivityList';

export function AccountTimeline({ accountId }: { accountId: number }) {
  const trpc = useTRPC();
  const query = useInfiniteQuery(
    trpc.activities.timeline.infiniteQueryOptions({ accountId, limit: 20 }, { getNextPageParam: (page) => page.nextCursor }),
  );
  return (
    <Panel title="Timeline">
      <ActivityComposer relatedToType="account" relatedToId={accountId} />
      <ActivityList
        query={query}
        showRelatedExcept={{ type: 'account', id: accountId }}
        emptyText="Nothing logged on this account, its contacts, deals, projects or cases yet."
      />
    </Panel>
  );
}

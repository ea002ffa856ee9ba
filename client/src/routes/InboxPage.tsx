// The inbox: every notification of the last 90 days, newest first, unread ones marked, with links to the records.
import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Button } from '../components/Button';
import { NotificationItem } from '../components/notifications/NotificationItem';
import { type InboxItem, useMarkRead, useUnreadCount } from '../components/notifications/useNotifications';
import { PageHeader } from '../components/PageHeader';
import { EmptyState, ErrorState, Spinner } from '../components/States';
import { NOTIFICATION_RETENTION_DAYS } from '../../../shared/schemas/notifications';
import { useTRPC } from '../trpc';

export default function InboxPage() {
  const trpc = useTRPC();
  const [unreadOnly, setUnreadOnly] = useState(false);
  const unread = useUnreadCount().data?.unread ?? 0;
  const markRead = useMarkRead();
  const query = useInfiniteQuery(
    trpc.notifications.list.infiniteQueryOptions({ unreadOnly, limit: 25 }, { getNextPageParam: (page) => page.nextCursor }),
  );
  const items = query.data?.pages.flatMap((p) => p.items) ?? [];
  const open = (item: InboxItem) => {
    if (item.readAt === null) markRead.mutate({ id: item.id });
  };

  return (
    <>
      <PageHeader
        title="Inbox"
        subtitle={`Assignments, alerts and digests sent to you, kept ${NOTIFICATION_RETENTION_DAYS} days.`}
        actions={
          <Button disabled={unread === 0} pending={markRead.isPending} onClick={() => markRead.mutate({ all: true })}>
            Mark all read
          </Button>
        }
      />
      <div className="inbox__filters" role="group" aria-label="Show">
        <button type="button" className={`chip${unreadOnly ? '' : ' chip--active'}`} aria-pressed={!unreadOnly} onClick={() => setUnreadOnly(false)}>
          All
        </button>
        <button type="button" className={`chip${unreadOnly ? ' chip--active' : ''}`} aria-pressed={unreadOnly} onClick={() => setUnreadOnly(true)}>
          Unread{unread > 0 ? ` (${unread})` : ''}
        </button>
      </div>
      <section className="panel" aria-label="Notifications">
        {query.isPending ? (
          <Spinner label="Loading the inbox" />
        ) : query.isError ? (
          <ErrorState error={query.error} onRetry={() => void query.refetch()} />
        ) : items.length === 0 ? (
          <EmptyState
            title={unreadOnly ? 'All read' : 'Your inbox is empty'}
            description={unreadOnly ? 'Nothing new since you last looked.' : 'Assignments, alerts and digests arrive here.'}
          />
        ) : (
          <ul className="notification-list">
            {items.map((item) => (
              <NotificationItem key={item.id} item={item} onOpen={open} onMarkRead={(n) => markRead.mutate({ id: n.id })} />
            ))}
          </ul>
        )}
        {query.hasNextPage && (
          <div className="inbox__more">
            <Button pending={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()}>
              Show older
            </Button>
          </div>
        )}
      </section>
    </>
  );
}

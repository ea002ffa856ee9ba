// The bell in the top bar: the unread count, and a dropdown of the latest notifications with a way to the inbox.
import { useQuery } from '@tanstack/react-query';
import { useCallback, useId, useRef, useState } from 'react';
import { Link } from 'react-router';
import { useDismiss } from '../../lib/useDismiss';
import { useTRPC } from '../../trpc';
import { Icon } from '../Icon';
import { Spinner } from '../States';
import { NotificationItem } from './NotificationItem';
import { type InboxItem, useMarkRead, useUnreadCount } from './useNotifications';
import './notifications.css';

const LATEST = 8;

export function NotificationBell() {
  const trpc = useTRPC();
  const [open, setOpen] = useState(false);
  const closeMenu = useCallback(() => setOpen(false), []);
  const panelId = useId();
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const unread = useUnreadCount().data?.unread ?? 0;
  const latest = useQuery({ ...trpc.notifications.list.queryOptions({ limit: LATEST }), enabled: open });
  const markRead = useMarkRead();

  useDismiss(open, closeMenu, rootRef, buttonRef);

  const openItem = (item: InboxItem) => {
    if (item.readAt === null) markRead.mutate({ id: item.id });
    setOpen(false);
  };
  const label = unread > 0 ? `Notifications, ${unread} unread` : 'Notifications';

  return (
    <div className="bell" ref={rootRef}>
      <button
        ref={buttonRef}
        type="button"
        className="icon-btn bell__button"
        aria-label={label}
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((o) => !o)}
      >
        <Icon name="bell" size={18} />
        {unread > 0 && (
          <span className="bell__count" aria-hidden="true">
            {unread > 99 ? '99+' : unread}
          </span>
        )}
      </button>
      {open && (
        <div className="menu bell__panel" id={panelId} role="dialog" aria-label="Notifications">
          <div className="bell__header">
            <span className="menu__title">Notifications</span>
            {unread > 0 && (
              <button type="button" className="btn btn--ghost btn--sm" onClick={() => markRead.mutate({ all: true })}>
                Mark all read
              </button>
            )}
          </div>
          {latest.isPending ? (
            <Spinner label="Loading notifications" />
          ) : latest.isError ? (
            <div className="bell__empty">Could not load notifications.</div>
          ) : latest.data.items.length === 0 ? (
            <div className="bell__empty">Nothing yet. Assignments, alerts and digests arrive here.</div>
          ) : (
            <ul className="notification-list">
              {latest.data.items.map((item) => (
                <NotificationItem key={item.id} item={item} onOpen={openItem} compact />
              ))}
            </ul>
          )}
          <Link to="/inbox" className="bell__footer" onClick={() => setOpen(false)}>
            Open the inbox
          </Link>
        </div>
      )}
    </div>
  );
}

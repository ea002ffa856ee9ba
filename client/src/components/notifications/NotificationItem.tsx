// One notification: what happened, when, and a link to the record; unread ones stand out.
import { Link } from 'react-router';
import { formatDateTime, formatRelative } from '../../lib/format';
import { notificationKindLabels, notificationPath } from '../../lib/notifications';
import type { InboxItem } from './useNotifications';

export function NotificationItem({
  item,
  onOpen,
  onMarkRead,
  compact = false,
}: {
  item: InboxItem;
  /** Called when the user follows the link (the bell closes, and the item counts as read). */
  onOpen: (item: InboxItem) => void;
  onMarkRead?: (item: InboxItem) => void;
  compact?: boolean;
}) {
  const path = notificationPath(item);
  const unread = item.readAt === null;
  const title = path ? (
    <Link to={path} className="notification__title" onClick={() => onOpen(item)}>
      {item.title}
    </Link>
  ) : (
    <span className="notification__title">{item.title}</span>
  );
  return (
    <li className={`notification${unread ? ' notification--unread' : ''}${compact ? ' notification--compact' : ''}`}>
      <span className="notification__dot" aria-label={unread ? 'Unread' : undefined} />
      <div className="notification__main">
        {title}
        {item.body && !compact && <div className="notification__body">{item.body}</div>}
        <div className="notification__meta">
          <span>{notificationKindLabels[item.kind]}</span>
          <span aria-hidden="true">·</span>
          <time dateTime={new Date(item.createdAt).toISOString()} title={formatDateTime(item.createdAt)}>
            {formatRelative(item.createdAt)}
          </time>
        </div>
      </div>
      {unread && onMarkRead && (
        <button type="button" className="btn btn--ghost btn--sm notification__mark" onClick={() => onMarkRead(item)}>
          Mark read
        </button>
      )}
    </li>
  );
}

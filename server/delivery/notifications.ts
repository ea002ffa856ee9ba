// The in-app inbox: a user's own notifications, newest first, marked read one at a time or all at once.
// Notifications are messages to one person, not business records: they are not audited, and nobody else
// may read or mark them (an admin included).
import { and, count, eq, isNull, lt } from 'drizzle-orm';
import { notifications, type Notification } from '../../drizzle/schema';
import {
  NOTIFICATION_RETENTION_DAYS,
  type NotificationKind,
  type NotificationList,
  type NotificationMarkRead,
  type NotificationRecordType,
} from '../../shared/schemas/notifications';
import { affectedRows, type DbOrTx, deleteInBatches } from '../db';
import type { Actor } from '../lib/actor';
import { forbidden, notFound } from '../lib/errors';
import { keysetAfter, keysetOrder, toPage } from '../lib/keyset';

export interface NewNotification {
  userId: string;
  kind: NotificationKind;
  title: string;
  body?: string | null;
  recordType?: NotificationRecordType | null;
  recordId?: number | null;
  /** Makes the notification once, however often it is offered (an alert sweep on every scheduler). */
  dedupeKey?: string | null;
}

const TITLE_MAX = 255;
const clip = (s: string, max: number) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

/**
 * Adds notifications in one statement, inside the caller's transaction when given one. Rows whose dedupe
 * key exists already are skipped (INSERT IGNORE on the unique key); returns how many were added.
 */
export async function notify(db: DbOrTx, items: NewNotification[], now: Date): Promise<number> {
  if (items.length === 0) return 0;
  const result = await db
    .insert(notifications)
    .ignore()
    .values(
      items.map((n) => ({
        userId: n.userId,
        kind: n.kind,
        title: clip(n.title, TITLE_MAX),
        body: n.body ?? null,
        recordType: n.recordType ?? null,
        recordId: n.recordId ?? null,
        dedupeKey: n.dedupeKey ?? null,
        createdAt: now,
        updatedAt: now,
      })),
    );
  return affectedRows(result);
}

function inboxOwner(actor: Actor): string {
  if (actor.id === null) throw forbidden('Only a signed-in user has an inbox');
  return actor.id;
}

export type InboxItem = Pick<
  Notification,
  'id' | 'kind' | 'title' | 'body' | 'recordType' | 'recordId' | 'readAt' | 'createdAt'
>;

const inboxColumns = {
  id: notifications.id,
  kind: notifications.kind,
  title: notifications.title,
  body: notifications.body,
  recordType: notifications.recordType,
  recordId: notifications.recordId,
  readAt: notifications.readAt,
  createdAt: notifications.createdAt,
};

/** The actor's notifications, newest first by (createdAt, id): notifications_user_created_idx serves it. */
export async function listNotifications(db: DbOrTx, actor: Actor, params: NotificationList) {
  const userId = inboxOwner(actor);
  const rows: InboxItem[] = await db
    .select(inboxColumns)
    .from(notifications)
    .where(
      and(
        eq(notifications.userId, userId),
        params.unreadOnly ? isNull(notifications.readAt) : undefined,
        keysetAfter(notifications.createdAt, notifications.id, 'desc', params.cursor),
      ),
    )
    .orderBy(...keysetOrder(notifications.createdAt, notifications.id, 'desc'))
    .limit(params.limit + 1);
  return toPage(rows, params.limit, (row) => row.createdAt);
}

export async function unreadNotificationCount(db: DbOrTx, actor: Actor): Promise<{ unread: number }> {
  const userId = inboxOwner(actor);
  const [row] = await db
    .select({ n: count() })
    .from(notifications)
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));
  return { unread: Number(row?.n ?? 0) };
}

/** Marks one of the actor's notifications read (again is fine), or all their unread ones. */
export async function markNotificationsRead(db: DbOrTx, actor: Actor, input: NotificationMarkRead, now: Date) {
  const userId = inboxOwner(actor);
  if ('id' in input) {
    const [row] = await db
      .select({ id: notifications.id, readAt: notifications.readAt })
      .from(notifications)
      .where(and(eq(notifications.id, input.id), eq(notifications.userId, userId)));
    // Another user's notification is as absent as one that never was.
    if (!row) throw notFound('Notification');
    if (!row.readAt) {
      await db.update(notifications).set({ readAt: now, updatedAt: now }).where(eq(notifications.id, input.id));
    }
    return { marked: row.readAt ? 0 : 1 };
  }
  const result = await db
    .update(notifications)
    .set({ readAt: now, updatedAt: now })
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));
  return { marked: affectedRows(result) };
}

const DAY_MS = 86_400_000;
const PURGE_BATCH = 5_000;

/** Drops notifications older than the retention period, read or not. */
export async function purgeOldNotifications(db: DbOrTx, now: Date): Promise<number> {
  const before = new Date(now.getTime() - NOTIFICATION_RETENTION_DAYS * DAY_MS);
  return deleteInBatches(() => db.delete(notifications).where(lt(notifications.createdAt, before)).limit(PURGE_BATCH), PURGE_BATCH);
}


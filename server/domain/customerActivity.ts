// When an activity counts as contact with the customer (lastActivityAt), and which records it touches.
import type { ActivityType, RelatedToType } from '../../shared/enums';

export interface RecordRef {
  type: RelatedToType;
  id: number;
}

/**
 * The moment an activity counts as customer activity, or null while it does not.
 * An open task is a plan, not contact: it counts only once completed, at its completion time.
 * A future-dated entry (a meeting booked for next week) counts as of now, so lastActivityAt never lies
 * about the future and "days since last activity" rules stay honest.
 */
export function customerActivityAt(
  activity: { type: ActivityType; occurredAt: Date; completedAt: Date | null },
  now: Date,
): Date | null {
  const at = activity.type === 'task' ? activity.completedAt : activity.occurredAt;
  if (!at) return null;
  return at.getTime() > now.getTime() ? now : at;
}

/** The records whose lastActivityAt an activity moves: the record it is on, and that record's account. */
export function touchedRecords(related: RecordRef, accountId: number | null): RecordRef[] {
  const refs: RecordRef[] = [related];
  if (accountId !== null && !(related.type === 'account' && related.id === accountId)) {
    refs.push({ type: 'account', id: accountId });
  }
  return refs;
}

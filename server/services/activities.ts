// Activities: logging calls, emails, meetings, notes and tasks on a record, and reading them back newest first.
//
// lastActivityAt bookkeeping: creating an activity moves lastActivityAt forward (never back) on the record it is
// on and on that record's account, in the same transaction. An open task is a plan, not customer contact: it
// counts only when completed, at its completion time (server/domain/customerActivity.ts). Reopening a task or
// deleting an activity leaves lastActivityAt where it is: the contact did happen, or was believed to.
import { onInboundEmail } from '../automation/waits';
import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { AnyMySqlColumn } from 'drizzle-orm/mysql-core';
import { activities, type Activity, activityLinks, emailConnections, users } from '../../drizzle/schema';
import type { ActivityDirection, ActivityType, SharingLevel } from '../../shared/enums';
import {
  type ActivityCreate,
  type ActivityListByRelated,
  type ActivityTimeline,
  type ActivityUpdate,
  activityBodyMaxLength,
  relatedToTypeLabels,
} from '../../shared/schemas/activities';
import type { Page } from '../../shared/schemas/common';
import { type DbOrTx, inTransaction, type Tx } from '../db';
import { enqueueOpportunityScan, enqueueRecordScan } from '../hygiene/jobs';
import { enqueueLeadScore } from '../insight/jobs';
import { customerActivityAt, type RecordRef, touchedRecords } from '../domain/customerActivity';
import { sharedView } from '../domain/emailMatching';
import { assertCanWrite } from '../lib/access';
import type { Actor } from '../lib/actor';
import { insertAudited, recordDeleteAudit, recordUpdateAudit } from '../lib/audit';
import { fieldError, mysqlErrorCode, notFound } from '../lib/errors';
import { keysetAfter, keysetOrder, toPage } from '../lib/keyset';
import { resolveOwner } from '../lib/owners';
import { findRelatedRecord, recordKey, relatedRecordNames, touchLastActivity } from './relatedRecords';

/** What a timeline shows per activity, and what deciding who may change it needs. */
export const activityListColumns = {
  id: activities.id,
  type: activities.type,
  subject: activities.subject,
  body: activities.body,
  occurredAt: activities.occurredAt,
  dueAt: activities.dueAt,
  completedAt: activities.completedAt,
  direction: activities.direction,
  relatedToType: activities.relatedToType,
  relatedToId: activities.relatedToId,
  accountId: activities.accountId,
  ownerId: activities.ownerId,
  provider: activities.provider,
  participants: activities.participants,
  /** The sharing level of the mailbox a captured activity came from (null: not captured). */
  sharingLevel: sql<SharingLevel | null>`${emailConnections.sharingLevel}`,
};

/** One activity read on its own (after a change) carries its timestamps too. */
const activityColumns = {
  ...activityListColumns,
  createdAt: activities.createdAt,
  updatedAt: activities.updatedAt,
};

export type ActivityListRow = Pick<Activity, Exclude<keyof typeof activityListColumns, 'sharingLevel'>> & {
  ownerName: string;
  sharingLevel: SharingLevel | null;
};

/** The record the activity is on; name is null if that record has since been removed. */
type WithRelatedTo<T> = T & { relatedTo: RecordRef & { name: string | null } };

export type ActivityListItem = WithRelatedTo<ActivityListRow>;
export type ActivityItem = WithRelatedTo<ActivityListRow & Pick<Activity, 'createdAt' | 'updatedAt'>>;

/**
 * Captured email as the reader may see it: its owner sees everything; anyone else sees it at the sharing
 * level of the mailbox it came from (participants and time always; subject; snippet). Every read path of
 * activities passes its rows through here.
 */
export function asSeenBy<T extends { ownerId: string; type: string; subject: string; body: string | null; sharingLevel: SharingLevel | null }>(
  actor: Actor,
  rows: T[],
): T[] {
  return rows.map((row) => {
    if (row.sharingLevel === null || row.sharingLevel === 'full' || row.ownerId === actor.id) return row;
    return { ...row, ...sharedView(row, row.sharingLevel) };
  });
}

const relatedRef = (row: Pick<Activity, 'relatedToType' | 'relatedToId'>): RecordRef => ({
  type: row.relatedToType,
  id: row.relatedToId,
});

/** Names each row's record: one set-based lookup, none when `known` already names every record. */
export async function withRelatedTo<T extends ActivityListRow>(
  db: DbOrTx,
  rows: T[],
  known: Map<string, string>,
): Promise<WithRelatedTo<T>[]> {
  const unknownRefs = rows.map(relatedRef).filter((ref) => !known.has(recordKey(ref)));
  const looked = unknownRefs.length > 0 ? await relatedRecordNames(db, unknownRefs) : new Map<string, string>();
  return rows.map((row) => {
    const ref = relatedRef(row);
    const key = recordKey(ref);
    return { ...row, relatedTo: { ...ref, name: known.get(key) ?? looked.get(key) ?? null } };
  });
}

export async function getActivity(db: DbOrTx, actor: Actor, { id }: { id: number }): Promise<ActivityItem> {
  const rows = await db
    .select({ ...activityColumns, ownerName: users.name })
    .from(activities)
    .innerJoin(users, eq(users.id, activities.ownerId))
    .leftJoin(emailConnections, eq(emailConnections.id, activities.captureConnectionId))
    .where(eq(activities.id, id));
  const [item] = await withRelatedTo(db, asSeenBy(actor, rows), new Map());
  if (!item) throw notFound('Activity');
  return item;
}

/** The activity, locked for the rest of the transaction, if the user may change it. */
async function loadActivityForWrite(tx: Tx, actor: Actor, id: number): Promise<Activity> {
  const [row] = await tx.select().from(activities).where(eq(activities.id, id)).for('update');
  if (!row) throw notFound('Activity');
  assertCanWrite(actor, row.ownerId, 'activity');
  return row;
}

/** What an activity change sets going in its transaction: a deal's hygiene scan, a lead's rescore. */
async function rescanRelatedDeal(tx: DbOrTx, activity: Pick<Activity, 'relatedToType' | 'relatedToId'>, now: Date): Promise<void> {
  if (activity.relatedToType === 'opportunity') await enqueueOpportunityScan(tx, activity.relatedToId, now);
  if (activity.relatedToType === 'lead') await enqueueLeadScore(tx, activity.relatedToId, now);
}

/** Moves lastActivityAt on the records an activity touches, if it counts as customer activity yet. */
async function applyCustomerActivity(
  tx: DbOrTx,
  activity: Pick<Activity, 'type' | 'occurredAt' | 'completedAt' | 'relatedToType' | 'relatedToId' | 'accountId'>,
  now: Date,
): Promise<void> {
  const at = customerActivityAt(activity, now);
  if (!at) return;
  await touchLastActivity(tx, touchedRecords(relatedRef(activity), activity.accountId), at);
  // The quiet-customer rule reads the account's lastActivityAt.
  if (activity.accountId !== null) await enqueueRecordScan(tx, 'account', activity.accountId, now);
}

/** `ownerId`: whom the system logs it for (a playbook's task for the deal's owner); users always own what they log. */
export async function createActivity(db: DbOrTx, actor: Actor, input: ActivityCreate, now: Date, options: { ownerId?: string } = {}): Promise<ActivityItem> {
  return inTransaction(db, async (tx) => {
    const related = await findRelatedRecord(tx, { type: input.relatedToType, id: input.relatedToId });
    if (!related) {
      const label = relatedToTypeLabels[input.relatedToType];
      throw fieldError('invalid', 'relatedToId', `That ${label.toLowerCase()} does not exist or was deleted`);
    }
    // Whoever logs it owns it; the system must be acting for someone.
    const ownerId = await resolveOwner(tx, actor, actor.id === null ? options.ownerId : undefined);
    const values = {
      type: input.type,
      subject: input.subject,
      body: input.body,
      occurredAt: input.occurredAt ?? now,
      dueAt: input.dueAt ?? null,
      completedAt: null,
      direction: input.direction ?? null,
      relatedToType: input.relatedToType,
      relatedToId: input.relatedToId,
      accountId: related.accountId,
      ownerId,
    };
    const id = await insertAudited(tx, activities, values, { actor, entityType: 'activity', now });
    await applyCustomerActivity(tx, values, now);
    await rescanRelatedDeal(tx, values, now);
    await onInboundEmail(tx, { id, ...values }, [{ type: values.relatedToType, id: values.relatedToId }], now);
    return getActivity(tx, actor, { id });
  });
}

export async function updateActivity(db: DbOrTx, actor: Actor, input: ActivityUpdate, now: Date): Promise<ActivityItem> {
  return inTransaction(db, async (tx) => {
    const before = await loadActivityForWrite(tx, actor, input.id);
    const changes: Partial<Pick<Activity, 'subject' | 'body' | 'dueAt' | 'completedAt'>> = {};
    if (input.subject !== undefined) changes.subject = input.subject;
    if (input.body !== undefined) changes.body = input.body;
    if (input.dueAt !== undefined) {
      if (before.type === 'task' && input.dueAt === null) throw fieldError('invalid', 'dueAt', 'A task needs a due date');
      changes.dueAt = input.dueAt;
    }
    if (input.completed !== undefined) {
      if (before.type !== 'task') throw fieldError('invalid', 'completed', 'Only tasks can be completed');
      if (input.completed && !before.completedAt) changes.completedAt = now;
      if (!input.completed && before.completedAt) changes.completedAt = null;
    }
    if (Object.keys(changes).length > 0) {
      await tx.update(activities).set(changes).where(eq(activities.id, before.id));
      if (changes.completedAt) await applyCustomerActivity(tx, { ...before, ...changes }, now);
      await recordUpdateAudit(tx, { actor, entityType: 'activity', entityId: before.id, before, after: changes });
      await rescanRelatedDeal(tx, before, now);
    }
    return getActivity(tx, actor, { id: before.id });
  });
}

export async function deleteActivity(db: DbOrTx, actor: Actor, { id }: { id: number }, now: Date = new Date()): Promise<{ id: number }> {
  return inTransaction(db, async (tx) => {
    const before = await loadActivityForWrite(tx, actor, id);
    await tx.delete(activities).where(eq(activities.id, id));
    await recordDeleteAudit(tx, { actor, entityType: 'activity', entityId: id, before });
    await rescanRelatedDeal(tx, before, now);
    return { id };
  });
}

/**
 * Newest first by (occurredAt, id), with each owner's name: one range of an index that starts with `scope`'s
 * columns. A LEFT JOIN so that MariaDB reads activities first and stops after a page (every activity has
 * an owner: foreign key).
 */
/** Where a page starts: after the opaque cursor, or (the record timeline's merged pages) a condition of its own. */
export interface ActivityStreamParams {
  types?: ActivityType[];
  cursor?: string | null;
  after?: (occurredAt: AnyMySqlColumn, id: AnyMySqlColumn) => SQL | undefined;
  limit: number;
}

async function newestFirstRows(db: DbOrTx, scope: SQL | undefined, params: ActivityStreamParams): Promise<ActivityListRow[]> {
  return db
    .select({ ...activityListColumns, ownerName: sql<string>`coalesce(${users.name}, '')` })
    .from(activities)
    .leftJoin(users, eq(users.id, activities.ownerId))
    .leftJoin(emailConnections, eq(emailConnections.id, activities.captureConnectionId))
    .where(
      and(
        scope,
        params.types ? inArray(activities.type, params.types) : undefined,
        params.after ? params.after(activities.occurredAt, activities.id) : keysetAfter(activities.occurredAt, activities.id, 'desc', params.cursor),
      ),
    )
    .orderBy(...keysetOrder(activities.occurredAt, activities.id, 'desc'))
    .limit(params.limit + 1);
}

/**
 * The same page over the activities linked to a record (captured email on a second contact, a deal, another
 * account): one range of activity_links_related_idx, whose occurredAt is the activity's.
 */
async function linkedNewestFirst(db: DbOrTx, ref: RecordRef, params: ActivityStreamParams): Promise<ActivityListRow[]> {
  return db
    .select({ ...activityListColumns, ownerName: sql<string>`coalesce(${users.name}, '')` })
    .from(activityLinks)
    .innerJoin(activities, eq(activities.id, activityLinks.activityId))
    .leftJoin(users, eq(users.id, activities.ownerId))
    .leftJoin(emailConnections, eq(emailConnections.id, activities.captureConnectionId))
    .where(
      and(
        eq(activityLinks.relatedToType, ref.type),
        eq(activityLinks.relatedToId, ref.id),
        params.types ? inArray(activities.type, params.types) : undefined,
        params.after
          ? params.after(activityLinks.occurredAt, activityLinks.activityId)
          : keysetAfter(activityLinks.occurredAt, activityLinks.activityId, 'desc', params.cursor),
      ),
    )
    .orderBy(...keysetOrder(activityLinks.occurredAt, activityLinks.activityId, 'desc'))
    .limit(params.limit + 1);
}

/** What a record's timeline scopes its activities by: an account's take in its contacts', deals', projects' and cases'. */
export function activityScope(ref: RecordRef): SQL {
  return ref.type === 'account'
    ? eq(activities.accountId, ref.id)
    : and(eq(activities.relatedToType, ref.type), eq(activities.relatedToId, ref.id))!;
}

/**
 * A record's own activities and those linked to it, newest first by (occurredAt, id), at most limit+1 of
 * them: each side's first limit+1 rows hold the merged first limit+1. Rows as the actor may see them.
 */
export async function activitiesNewestFirst(
  db: DbOrTx,
  actor: Actor,
  scope: SQL,
  ref: RecordRef,
  params: ActivityStreamParams,
): Promise<ActivityListRow[]> {
  const [own, linked] = await Promise.all([newestFirstRows(db, scope, params), linkedNewestFirst(db, ref, params)]);
  const byId = new Map<number, ActivityListRow>();
  for (const row of [...own, ...linked]) byId.set(row.id, row);
  const merged = [...byId.values()].sort((a, b) => b.occurredAt.getTime() - a.occurredAt.getTime() || b.id - a.id);
  return asSeenBy(actor, merged.slice(0, params.limit + 1));
}

/** A record's own activities and those linked to it, merged newest first into one page. */
async function pageWithLinks(
  db: DbOrTx,
  actor: Actor,
  scope: SQL,
  ref: RecordRef,
  params: ActivityStreamParams,
): Promise<Page<ActivityListRow>> {
  const merged = await activitiesNewestFirst(db, actor, scope, ref, params);
  const page = toPage(merged, params.limit, (r) => r.occurredAt);
  return page;
}

/** A record's activities, newest first (index activities_related_idx). */
export async function listActivitiesByRelated(db: DbOrTx, actor: Actor, input: ActivityListByRelated): Promise<Page<ActivityListItem>> {
  const ref: RecordRef = { type: input.relatedToType, id: input.relatedToId };
  const [related, page] = await Promise.all([
    findRelatedRecord(db, ref),
    pageWithLinks(db, actor, and(eq(activities.relatedToType, ref.type), eq(activities.relatedToId, ref.id))!, ref, input),
  ]);
  if (!related) throw notFound(relatedToTypeLabels[ref.type]);
  return { ...page, items: await withRelatedTo(db, page.items, new Map([[recordKey(ref), related.name]])) };
}

/**
 * An account's timeline: its own activities and those on its contacts, opportunities, projects and cases,
 * newest first. The denormalised activities.accountId makes it one range of activities_account_idx.
 */
export async function accountTimeline(db: DbOrTx, actor: Actor, input: ActivityTimeline): Promise<Page<ActivityListItem>> {
  const ref: RecordRef = { type: 'account', id: input.accountId };
  const [account, page] = await Promise.all([
    findRelatedRecord(db, ref),
    pageWithLinks(db, actor, eq(activities.accountId, input.accountId), ref, input),
  ]);
  if (!account) throw notFound('Account');
  return { ...page, items: await withRelatedTo(db, page.items, new Map([[recordKey(ref), account.name]])) };
}

/**
 * Keeps activities.accountId true when a record moves to another account (a contact changing company):
 * call it in the transaction that changes the record's accountId.
 */
export async function reassignActivitiesAccount(tx: DbOrTx, ref: RecordRef, accountId: number | null): Promise<void> {
  await tx
    .update(activities)
    .set({ accountId })
    .where(and(eq(activities.relatedToType, ref.type), eq(activities.relatedToId, ref.id)));
}

/** An email or meeting found by email capture, already matched to the CRM record it belongs on. */
export interface CapturedActivity {
  type?: Extract<ActivityType, 'email' | 'meeting'>;
  subject: string;
  body?: string | null;
  occurredAt: Date;
  direction?: ActivityDirection | null;
  relatedTo: RecordRef;
  /** RFC 822 Message-ID as the header gives it (with angle brackets): the key that makes email capture idempotent. */
  emailMessageId?: string | null;
  /** A meeting's calendar key (iCalendar UID per occurrence): the key that makes meeting capture idempotent. */
  calendarEventKey?: string | null;
  provider?: string | null;
  providerMessageId?: string | null;
  providerThreadId?: string | null;
  participants?: { email: string; name?: string; role: string }[] | null;
  /** The user whose mailbox it was found in. */
  ownerId: string;
  /** The mailbox connection it came from: its sharing level applies to other readers. */
  captureConnectionId?: number | null;
}

/**
 * Inserts a captured email once per Message-ID: retries, duplicate notifications and the same email in two
 * reps' mailboxes all land on the first row ({ created: false } and its id). Does the same lastActivityAt
 * bookkeeping as a logged activity. Call inside the sync job's transaction.
 */
export async function insertCapturedActivity(
  tx: Tx,
  actor: Actor,
  captured: CapturedActivity,
  now: Date,
): Promise<{ id: number; created: boolean }> {
  const emailMessageId = captured.emailMessageId?.trim() || null;
  const calendarEventKey = captured.calendarEventKey?.trim() || null;
  const key = emailMessageId ? { column: activities.emailMessageId, value: emailMessageId } : calendarEventKey ? { column: activities.calendarEventKey, value: calendarEventKey } : null;
  if (!key) throw new Error('a captured activity needs a Message-ID or a calendar event key');
  const existing = await activityIdByKey(tx, key.column, key.value);
  if (existing !== null) return { id: existing, created: false };

  const related = await findRelatedRecord(tx, captured.relatedTo);
  if (!related) throw notFound(relatedToTypeLabels[captured.relatedTo.type]);
  const values = {
    type: captured.type ?? 'email',
    subject: captured.subject.slice(0, 500),
    body: captured.body ? captured.body.slice(0, activityBodyMaxLength) : null,
    occurredAt: captured.occurredAt,
    completedAt: null,
    direction: captured.direction ?? null,
    relatedToType: related.type,
    relatedToId: related.id,
    accountId: related.accountId,
    emailMessageId,
    calendarEventKey,
    provider: captured.provider ?? null,
    providerMessageId: captured.providerMessageId ?? null,
    providerThreadId: captured.providerThreadId ?? null,
    participants: captured.participants ?? null,
    captureConnectionId: captured.captureConnectionId ?? null,
    ownerId: captured.ownerId,
  };
  let id: number;
  try {
    id = await insertAudited(tx, activities, values, { actor, entityType: 'activity', now });
  } catch (error) {
    // Another worker inserted the same Message-ID between our look-up and our insert. Only the failed
    // statement is rolled back, so the caller's transaction goes on.
    if (mysqlErrorCode(error) !== 'ER_DUP_ENTRY') throw error;
    const winner = await committedActivityIdByKey(tx, key.column, key.value);
    if (winner === null) throw error;
    return { id: winner, created: false };
  }
  await applyCustomerActivity(tx, values, now);
  await rescanRelatedDeal(tx, values, now);
  // A reply captured on the record: its playbooks waiting for one look again now.
  await onInboundEmail(tx, { id, ...values }, [{ type: values.relatedToType, id: values.relatedToId }], now);
  return { id, created: true };
}

type CaptureKeyColumn = typeof activities.emailMessageId | typeof activities.calendarEventKey;

async function activityIdByKey(db: DbOrTx, column: CaptureKeyColumn, value: string): Promise<number | null> {
  const [row] = await db.select({ id: activities.id }).from(activities).where(eq(column, value));
  return row ? row.id : null;
}

/**
 * The winner's row is newer than our snapshot, so only a locking read sees it. A shared lock, because every
 * loser of the race already holds one on that key (taken by its failed insert): FOR UPDATE would deadlock them.
 * LOCK IN SHARE MODE rather than FOR SHARE, which MariaDB lacks; MySQL 8 accepts both.
 */
async function committedActivityIdByKey(tx: DbOrTx, column: CaptureKeyColumn, value: string): Promise<number | null> {
  const [rows] = await tx.execute(
    sql`SELECT ${activities.id} FROM ${activities} WHERE ${column} = ${value} LOCK IN SHARE MODE`,
  );
  const [row] = rows as unknown as { id: number }[];
  return row ? Number(row.id) : null;
}

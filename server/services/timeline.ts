// One timeline per record: its activities (own and linked; an account's take in its contacts', deals',
// projects' and cases') and the changes the audit log holds for it (created, fields from -> to, stage moves),
// newest first in one keyset-paged feed.
//
// Paging merges two streams ordered by (at, rank, id) descending, rank 1 for activities, 0 for changes, so a
// position is total. Each stream fetches limit+1 rows after the cursor; a stream that returned that many is
// complete only down to its last row (its horizon), so the page holds merged items no older than the newest
// horizon and the next cursor is the last item shown or, when the page stopped short, that horizon.
import { and, desc, eq, inArray, lt, lte, or, type SQL } from 'drizzle-orm';
import type { AnyMySqlColumn } from 'drizzle-orm/mysql-core';
import { accounts, auditLog, contacts, opportunities, users } from '../../drizzle/schema';
import type { RelatedToType } from '../../shared/enums';
import type { Page } from '../../shared/schemas/common';
import { relatedToTypeLabels } from '../../shared/schemas/activities';
import type { TimelineInput } from '../../shared/schemas/timeline';
import type { DbOrTx } from '../db';
import type { RecordRef } from '../domain/customerActivity';
import { type FieldReference, type RawFieldChange, valueText, visibleChanges } from '../domain/timelineFields';
import type { Actor } from '../lib/actor';
import { invalid, notFound } from '../lib/errors';
import { type ActivityListItem, type ActivityListRow, activitiesNewestFirst, activityScope, withRelatedTo } from './activities';
import { findRelatedRecord, recordKey } from './relatedRecords';

const ACTIVITY_RANK = 1;
const CHANGE_RANK = 0;
/** Invisible audit rows (bookkeeping fields only) can leave a page short: read on a few times to fill it. */
const MAX_ROUNDS = 4;

interface Position {
  at: Date;
  rank: number;
  id: number;
}

export interface FieldChange {
  field: string;
  label: string;
  from: string | null;
  to: string | null;
}

export type TimelineItem =
  | { kind: 'activity'; key: string; at: Date; activity: ActivityListItem }
  | {
      kind: 'change';
      key: string;
      at: Date;
      action: 'create' | 'update';
      actorName: string | null;
      /** An opportunity's stage move, shown as one; its other fields are in changes. */
      stage: { from: string | null; to: string | null } | null;
      changes: FieldChange[];
    };

function encodePosition(p: Position): string {
  return Buffer.from(JSON.stringify([p.at.getTime(), p.rank, p.id])).toString('base64url');
}

function decodePosition(cursor: string): Position {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    // answered below
  }
  if (
    Array.isArray(parsed) &&
    parsed.length === 3 &&
    Number.isSafeInteger(parsed[0]) &&
    parsed[0] >= Date.UTC(1000, 0, 1) &&
    parsed[0] < Date.UTC(10000, 0, 1) &&
    (parsed[1] === ACTIVITY_RANK || parsed[1] === CHANGE_RANK) &&
    Number.isSafeInteger(parsed[2]) &&
    parsed[2] > 0
  ) {
    return { at: new Date(parsed[0] as number), rank: parsed[1] as number, id: parsed[2] as number };
  }
  throw invalid('The page cursor is invalid; start again from the first page');
}

/** Rows of a stream of `rank` strictly after `cursor` in (at, rank, id) descending order. */
function positionAfter(at: AnyMySqlColumn, id: AnyMySqlColumn, rank: number, cursor: Position | null): SQL | undefined {
  if (!cursor) return undefined;
  if (rank < cursor.rank) return lte(at, cursor.at);
  if (rank > cursor.rank) return lt(at, cursor.at);
  return or(lt(at, cursor.at), and(eq(at, cursor.at), lt(id, cursor.id)));
}

const compare = (a: Position, b: Position) => b.at.getTime() - a.at.getTime() || b.rank - a.rank || b.id - a.id;

interface AuditRow {
  id: number;
  action: 'create' | 'update' | 'delete';
  changes: unknown;
  createdAt: Date;
  actorName: string | null;
}

async function changesNewestFirst(db: DbOrTx, ref: RecordRef, cursor: Position | null, limit: number): Promise<AuditRow[]> {
  // One range of audit_log_entity_idx (entity_type, entity_id, created_at).
  return db
    .select({ id: auditLog.id, action: auditLog.action, changes: auditLog.changes, createdAt: auditLog.createdAt, actorName: users.name })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorId))
    .where(
      and(
        eq(auditLog.entityType, ref.type),
        eq(auditLog.entityId, String(ref.id)),
        inArray(auditLog.action, ['create', 'update']),
        positionAfter(auditLog.createdAt, auditLog.id, CHANGE_RANK, cursor),
      ),
    )
    .orderBy(desc(auditLog.createdAt), desc(auditLog.id))
    .limit(limit + 1);
}

type Candidate =
  | { position: Position; kind: 'activity'; row: ActivityListRow }
  | { position: Position; kind: 'change'; row: AuditRow; changes: RawFieldChange[] };

/** One round: the merged items after `cursor` and where the next round starts (null: nothing older). */
async function mergedRound(
  db: DbOrTx,
  actor: Actor,
  ref: RecordRef,
  input: TimelineInput,
  cursor: Position | null,
  limit: number,
): Promise<{ items: Candidate[]; next: Position | null }> {
  const wantActivities = !input.kinds || input.kinds.includes('activity');
  const wantChanges = !input.kinds || input.kinds.includes('change');
  const [activityRows, auditRows] = await Promise.all([
    wantActivities
      ? activitiesNewestFirst(db, actor, activityScope(ref), ref, {
          types: input.activityTypes,
          limit,
          after: (at, id) => positionAfter(at, id, ACTIVITY_RANK, cursor),
        })
      : Promise.resolve([]),
    wantChanges ? changesNewestFirst(db, ref, cursor, limit) : Promise.resolve([]),
  ]);

  const horizons: Position[] = [];
  const lastActivity = activityRows[activityRows.length - 1];
  if (activityRows.length > limit && lastActivity) horizons.push({ at: lastActivity.occurredAt, rank: ACTIVITY_RANK, id: lastActivity.id });
  const lastAudit = auditRows[auditRows.length - 1];
  if (auditRows.length > limit && lastAudit) horizons.push({ at: lastAudit.createdAt, rank: CHANGE_RANK, id: lastAudit.id });
  const horizon = horizons.sort(compare)[0] ?? null;

  const candidates: Candidate[] = [
    ...activityRows.map((row) => ({ position: { at: row.occurredAt, rank: ACTIVITY_RANK, id: row.id }, kind: 'activity' as const, row })),
    ...auditRows.flatMap((row) => {
      const changes = visibleChanges(ref.type, row.changes);
      // An update of nothing the timeline shows is not shown at all; a create always is.
      if (row.action === 'update' && changes.length === 0) return [];
      return [{ position: { at: row.createdAt, rank: CHANGE_RANK, id: row.id }, kind: 'change' as const, row, changes }];
    }),
  ].sort((a, b) => compare(a.position, b.position));

  const complete = horizon ? candidates.filter((c) => compare(c.position, horizon) <= 0) : candidates;
  const items = complete.slice(0, limit);
  const last = items[items.length - 1];
  if (items.length === limit && last && (complete.length > limit || horizon)) return { items, next: last.position };
  return { items, next: horizon };
}

/** Names for the ids the changes refer to: one IN-list query per kind of record. */
async function referenceNames(db: DbOrTx, changes: RawFieldChange[]): Promise<Map<string, string>> {
  const ids: Record<FieldReference, Set<string>> = { user: new Set(), account: new Set(), contact: new Set(), opportunity: new Set() };
  for (const c of changes) {
    if (!c.ref) continue;
    for (const v of [c.from, c.to]) if (v !== null && v !== undefined && v !== '') ids[c.ref].add(String(v));
  }
  const numeric = (set: Set<string>) => [...set].map(Number).filter((n) => Number.isSafeInteger(n) && n > 0);
  const [userRows, accountRows, contactRows, opportunityRows] = await Promise.all([
    ids.user.size ? db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, [...ids.user])) : [],
    numeric(ids.account).length
      ? db.select({ id: accounts.id, name: accounts.accountName }).from(accounts).where(inArray(accounts.id, numeric(ids.account)))
      : [],
    numeric(ids.contact).length
      ? db
          .select({ id: contacts.id, first: contacts.firstName, last: contacts.lastName })
          .from(contacts)
          .where(inArray(contacts.id, numeric(ids.contact)))
          .then((rows) => rows.map((r) => ({ id: r.id, name: `${r.first} ${r.last}` })))
      : [],
    numeric(ids.opportunity).length
      ? db
          .select({ id: opportunities.id, name: opportunities.opportunityName })
          .from(opportunities)
          .where(inArray(opportunities.id, numeric(ids.opportunity)))
      : [],
  ]);
  const names = new Map<string, string>();
  for (const r of userRows) names.set(`user:${r.id}`, r.name);
  for (const r of accountRows) names.set(`account:${r.id}`, r.name);
  for (const r of contactRows) names.set(`contact:${r.id}`, r.name);
  for (const r of opportunityRows) names.set(`opportunity:${r.id}`, r.name);
  return names;
}

function shownValue(change: RawFieldChange, value: unknown, names: Map<string, string>): string | null {
  if (change.ref && value !== null && value !== undefined && value !== '') {
    return names.get(`${change.ref}:${String(value)}`) ?? `(removed ${change.ref})`;
  }
  return valueText(value);
}

/** A record's timeline, newest first; anyone signed in may read any live record's (shared/access.ts). */
export async function recordTimeline(db: DbOrTx, actor: Actor, input: TimelineInput): Promise<Page<TimelineItem>> {
  const ref: RecordRef = { type: input.type as RelatedToType, id: input.id };
  const record = await findRelatedRecord(db, ref);
  if (!record) throw notFound(relatedToTypeLabels[ref.type]);

  let cursor = input.cursor ? decodePosition(input.cursor) : null;
  const picked: Candidate[] = [];
  for (let round = 0; round < MAX_ROUNDS; round += 1) {
    const { items, next } = await mergedRound(db, actor, ref, input, cursor, input.limit - picked.length);
    picked.push(...items);
    cursor = next;
    if (!cursor || picked.length >= input.limit) break;
  }

  const activityItems = await withRelatedTo(
    db,
    picked.flatMap((c) => (c.kind === 'activity' ? [c.row] : [])),
    new Map([[recordKey(ref), record.name]]),
  );
  const activityById = new Map(activityItems.map((a) => [a.id, a]));
  const names = await referenceNames(db, picked.flatMap((c) => (c.kind === 'change' ? c.changes : [])));

  const items: TimelineItem[] = picked.map((c) => {
    if (c.kind === 'activity') return { kind: 'activity', key: `activity:${c.row.id}`, at: c.position.at, activity: activityById.get(c.row.id)! };
    const stageChange = ref.type === 'opportunity' && c.row.action === 'update' ? c.changes.find((f) => f.field === 'stage') : undefined;
    const rest = c.row.action === 'create' ? [] : c.changes.filter((f) => f !== stageChange);
    return {
      kind: 'change',
      key: `change:${c.row.id}`,
      at: c.position.at,
      action: c.row.action === 'create' ? 'create' : 'update',
      actorName: c.row.actorName,
      stage: stageChange ? { from: valueText(stageChange.from), to: valueText(stageChange.to) } : null,
      changes: rest.map((f) => ({ field: f.field, label: f.label, from: shownValue(f, f.from, names), to: shownValue(f, f.to, names) })),
    };
  });
  return { items, nextCursor: cursor ? encodePosition(cursor) : null };
}

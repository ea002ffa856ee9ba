// The audit trail: who created, changed or deleted which business record, and what changed. Every write of
// a business record goes through here, so none can skip it.
import type { MySqlTable } from 'drizzle-orm/mysql-core';
import { auditLog } from '../../drizzle/schema';
import type { AuditAction } from '../../shared/enums';
import type { DbOrTx } from '../db';
import type { Actor } from './actor';
import { bulkInsert } from './bulkInsert';

type Plain = Record<string, unknown>;

const ignoredFields = new Set(['updatedAt', 'createdAt', 'version']);

/** { field: [before, after] } for the fields that differ; timestamps and versions are noise. */
export function diffRecords(before: Plain, after: Plain): Record<string, [unknown, unknown]> {
  const changes: Record<string, [unknown, unknown]> = {};
  for (const key of Object.keys(after)) {
    if (ignoredFields.has(key)) continue;
    const a = before[key];
    const b = after[key];
    const same = a instanceof Date && b instanceof Date ? a.getTime() === b.getTime() : a === b;
    if (!same) changes[key] = [a ?? null, b ?? null];
  }
  return changes;
}

export interface AuditEntry {
  actor: Actor;
  action: AuditAction;
  entityType: string;
  entityId: string | number;
  changes: Plain;
}

const auditRow = (entry: AuditEntry) => ({
  actorId: entry.actor.id,
  action: entry.action,
  entityType: entry.entityType,
  entityId: String(entry.entityId),
  changes: entry.changes,
});

export async function recordAudit(db: DbOrTx, entry: AuditEntry): Promise<void> {
  await db.insert(auditLog).values(auditRow(entry));
}

/** Several audit rows in one statement (a bulk change writes one row per record it touched). */
export async function recordAudits(db: DbOrTx, entries: AuditEntry[]): Promise<void> {
  if (entries.length > 0) await db.insert(auditLog).values(entries.map(auditRow));
}

/** Audit an update only when something a user would care about changed. */
export async function recordUpdateAudit(
  db: DbOrTx,
  entry: { actor: Actor; entityType: string; entityId: string | number; before: Plain; after: Plain },
): Promise<void> {
  const changes = diffRecords(entry.before, entry.after);
  if (Object.keys(changes).length === 0) return;
  await recordAudit(db, { actor: entry.actor, action: 'update', entityType: entry.entityType, entityId: entry.entityId, changes });
}

/** A soft or hard delete: the audit keeps what the record was. */
export async function recordDeleteAudit(
  db: DbOrTx,
  entry: { actor: Actor; entityType: string; entityId: string | number; before: Plain },
): Promise<void> {
  const { createdAt: _c, updatedAt: _u, version: _v, deletedAt: _d, ...fields } = entry.before;
  await recordAudit(db, { actor: entry.actor, action: 'delete', entityType: entry.entityType, entityId: entry.entityId, changes: fields });
}

export interface CreateAudit {
  actor: Actor;
  entityType: string;
  now: Date;
}

/**
 * Inserts a new business record stamped with `now` and writes its 'create' audit row. Returns the new id.
 * `complete` fills in what needs the id (a case number): it runs before the audit row is written, and the
 * fields it returns are audited with the rest.
 */
export async function insertAudited<T extends MySqlTable>(
  tx: DbOrTx,
  table: T,
  values: T['$inferInsert'] & Plain,
  audit: CreateAudit,
  complete?: (id: number) => Promise<Plain>,
): Promise<number> {
  const stamped = { ...values, createdAt: audit.now, updatedAt: audit.now } as T['$inferInsert'];
  const [inserted] = (await tx.insert(table).values(stamped).$returningId()) as unknown as { id: number }[];
  const id = inserted!.id;
  const completed = complete ? await complete(id) : {};
  await recordAudit(tx, { actor: audit.actor, action: 'create', entityType: audit.entityType, entityId: id, changes: { ...values, ...completed } });
  return id;
}

/**
 * The bulk variant (imports, bulk creates): one multi-row insert for the records and one for their audit
 * rows. Returns the new ids in the order of `rows`: InnoDB gives a multi-row INSERT ... VALUES consecutive
 * auto-increment ids, which is how Drizzle's $returningId computes them.
 */
export async function insertManyAudited<T extends MySqlTable>(
  tx: DbOrTx,
  table: T,
  rows: (T['$inferInsert'] & Plain)[],
  audit: CreateAudit,
): Promise<number[]> {
  if (rows.length === 0) return [];
  // The values all rows share are given once (no copy of each row to stamp it).
  const ids = await bulkInsert(tx, table, rows as T['$inferInsert'][], { every: { createdAt: audit.now, updatedAt: audit.now } as never });
  await bulkInsert(
    tx,
    auditLog,
    rows.map((changes, i) => ({ entityId: String(ids[i]!), changes })) as (typeof auditLog.$inferInsert)[],
    { every: { actorId: audit.actor.id, action: 'create', entityType: audit.entityType, createdAt: audit.now } },
  );
  return ids;
}

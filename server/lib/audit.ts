// The audit trail: who created, changed or deleted which business record, and what changed.
import type { MySqlTable } from 'drizzle-orm/mysql-core';
import { auditLog } from '../../drizzle/schema';
import type { AuditAction } from '../../shared/enums';
import type { DbOrTx } from '../db';

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

export async function recordAudit(
  db: DbOrTx,
  entry: { actorId: string | null; action: AuditAction; entityType: string; entityId: string | number; changes: Plain },
): Promise<void> {
  await db.insert(auditLog).values({ ...entry, entityId: String(entry.entityId) });
}

/** Audit an update only when something a user would care about changed. */
export async function recordUpdateAudit(
  db: DbOrTx,
  entry: { actorId: string; entityType: string; entityId: string | number; before: Plain; after: Plain },
): Promise<void> {
  const changes = diffRecords(entry.before, entry.after);
  if (Object.keys(changes).length === 0) return;
  await recordAudit(db, { actorId: entry.actorId, action: 'update', entityType: entry.entityType, entityId: entry.entityId, changes });
}

/**
 * Inserts a new business record stamped with `now` and writes its 'create' audit row in the same
 * transaction: every create goes through here, so none can skip the audit trail. Returns the new id.
 */
export async function insertAudited<T extends MySqlTable>(
  tx: DbOrTx,
  table: T,
  values: T['$inferInsert'] & Plain,
  audit: { actorId: string; entityType: string; now: Date },
): Promise<number> {
  const stamped = { ...values, createdAt: audit.now, updatedAt: audit.now } as T['$inferInsert'];
  const [inserted] = (await tx.insert(table).values(stamped).$returningId()) as unknown as { id: number }[];
  const id = inserted!.id;
  await recordAudit(tx, { actorId: audit.actorId, action: 'create', entityType: audit.entityType, entityId: id, changes: values });
  return id;
}

// Reading the audit trail back in tests.
import { and, asc, eq } from 'drizzle-orm';
import { auditLog } from '../../drizzle/schema';
import type { DbOrTx } from '../../server/db';

/** Every audit entry of one record, oldest first. */
export async function auditTrail(db: DbOrTx, entityType: string, entityId: number) {
  return db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.entityType, entityType), eq(auditLog.entityId, String(entityId))))
    .orderBy(asc(auditLog.id));
}

// Settings -> Audit log: every audited write, newest first, filtered by who, what kind of record and when.
// Admins only. Values of fields that hold secrets are never shown, whatever a writer put in the row.
import { and, eq, gte, lte, type SQL } from 'drizzle-orm';
import { auditLog, users } from '../../drizzle/schema';
import { relatedToTypes, type RelatedToType } from '../../shared/enums';
import type { AuditListInput } from '../../shared/schemas/timeline';
import type { Page } from '../../shared/schemas/common';
import type { DbOrTx } from '../db';
import { timelineFields, valueText } from '../domain/timelineFields';
import { assertAdmin } from '../lib/access';
import type { Actor } from '../lib/actor';
import { keysetAfter, keysetOrder, toPage } from '../lib/keyset';
import { recordKey, relatedRecordNames } from './relatedRecords';

/** Field names whose values are secrets or stand-ins for them. */
const SECRET_FIELD = /secret|token|password|hash|cipher|sealed|apikey/i;

export interface AuditFieldChange {
  field: string;
  label: string;
  from: string | null;
  to: string | null;
}

export interface AuditLogItem {
  id: number;
  at: Date;
  action: 'create' | 'update' | 'delete';
  entityType: string;
  entityId: string;
  /** The record's name today, for the six record types; null when removed or of another kind. */
  recordName: string | null;
  actorId: string | null;
  /** null: the system acted (a job, capture, an import). */
  actorName: string | null;
  changes: AuditFieldChange[];
}

const isRecordType = (type: string): type is RelatedToType => (relatedToTypes as readonly string[]).includes(type);

function labelOf(entityType: string, field: string): string {
  return (isRecordType(entityType) ? timelineFields[entityType][field]?.label : undefined) ?? field;
}

/** An update's { field: [before, after] }, or a create's / delete's { field: value }, as rows to show. */
export function auditChanges(entityType: string, action: string, changes: unknown): AuditFieldChange[] {
  if (!changes || typeof changes !== 'object') return [];
  return Object.entries(changes as Record<string, unknown>).map(([field, value]) => {
    const label = labelOf(entityType, field);
    if (SECRET_FIELD.test(field)) return { field, label, from: null, to: '(hidden)' };
    if (action === 'update' && Array.isArray(value) && value.length === 2) {
      return { field, label, from: valueText(value[0]), to: valueText(value[1]) };
    }
    return action === 'delete' ? { field, label, from: valueText(value), to: null } : { field, label, from: null, to: valueText(value) };
  });
}

export async function listAuditLog(db: DbOrTx, actor: Actor, input: AuditListInput): Promise<Page<AuditLogItem>> {
  assertAdmin(actor, 'Only admins can read the audit log');
  // audit_log_actor_idx, audit_log_type_created_idx or audit_log_created_idx serves each filter's range.
  const where: (SQL | undefined)[] = [
    input.actorId ? eq(auditLog.actorId, input.actorId) : undefined,
    input.entityType ? eq(auditLog.entityType, input.entityType) : undefined,
    input.from ? gte(auditLog.createdAt, input.from) : undefined,
    input.to ? lte(auditLog.createdAt, input.to) : undefined,
    keysetAfter(auditLog.createdAt, auditLog.id, 'desc', input.cursor),
  ];
  const rows = await db
    .select({
      id: auditLog.id,
      at: auditLog.createdAt,
      action: auditLog.action,
      entityType: auditLog.entityType,
      entityId: auditLog.entityId,
      changes: auditLog.changes,
      actorId: auditLog.actorId,
      actorName: users.name,
    })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorId))
    .where(and(...where))
    .orderBy(...keysetOrder(auditLog.createdAt, auditLog.id, 'desc'))
    .limit(input.limit + 1);
  const page = toPage(rows, input.limit, (r) => r.at);

  const refs = page.items.flatMap((r) => {
    const id = Number(r.entityId);
    return isRecordType(r.entityType) && Number.isSafeInteger(id) && id > 0 ? [{ type: r.entityType, id }] : [];
  });
  const names = refs.length > 0 ? await relatedRecordNames(db, refs) : new Map<string, string>();
  return {
    nextCursor: page.nextCursor,
    items: page.items.map((r) => ({
      id: r.id,
      at: r.at,
      action: r.action,
      entityType: r.entityType,
      entityId: r.entityId,
      recordName: isRecordType(r.entityType) ? (names.get(recordKey({ type: r.entityType, id: Number(r.entityId) })) ?? null) : null,
      actorId: r.actorId,
      actorName: r.actorName,
      changes: auditChanges(r.entityType, r.action, r.changes),
    })),
  };
}

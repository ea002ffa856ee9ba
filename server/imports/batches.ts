// Applies one batch's plans in one transaction: the bulk audited insert for new records, audited updates for
// matched ones, the rejected rows, what the import wrote (for undo), and the import's progress. The progress
// row is locked and checked first, so a batch is committed exactly once even if two runs of the job overlap,
// and a run that resumes after a crash starts after the last committed batch.
import { and, eq, sql } from 'drizzle-orm';
import { accounts, activities, contacts, externalIds, importRecords, importRejections, imports, leads, opportunities, opportunityStageHistory, products } from '../../drizzle/schema';
import type { Stage } from '../../shared/stages';
import { customerActivityAt, touchedRecords } from '../domain/customerActivity';
import { type Tx } from '../db';
import type { Actor } from '../lib/actor';
import { insertManyAudited, recordAudits } from '../lib/audit';
import { bulkInsert } from '../lib/bulkInsert';
import { touchLastActivity } from '../services/relatedRecords';
import { trackStageFlows } from '../insight/stageFlowAggregate';
import type { BatchPlan, ImportSpec, Values } from './rows';

const tables = { accounts, contacts, leads, opportunities, products, activities } as const;
export const entityTypes = {
  accounts: 'account',
  contacts: 'contact',
  leads: 'lead',
  opportunities: 'opportunity',
  products: 'product',
  activities: 'activity',
} as const;
/** Tables without a version column: an import's undo compares their updatedAt instead. */
const unversioned = new Set(['products', 'activities']);

/** The opening stage-history row of each imported deal, and a row for each deal whose stage the import moved. */
async function recordImportedStages(tx: Tx, actor: Actor, rows: { id: number; fromStage: Stage | null; fromStageEnteredAt: Date | null; values: Values }[], now: Date) {
  if (rows.length === 0) return;
  await bulkInsert(
    tx,
    opportunityStageHistory,
    rows.map((r) => ({
      opportunityId: r.id,
      fromStage: r.fromStage,
      fromStageEnteredAt: r.fromStageEnteredAt,
      toStage: r.values.stage as Stage,
      amount: (r.values.amount as string | null | undefined) ?? null,
      closeDate: (r.values.closeDate as string | null | undefined) ?? null,
      changedById: actor.id,
      changedAt: now,
      createdAt: now,
      updatedAt: now,
    })),
  );
}

/** Imported calls, emails and meetings are customer activity: lastActivityAt moves forward as when one is logged. */
async function touchImportedActivity(tx: Tx, rows: Values[], now: Date) {
  const latest = new Map<string, { ref: ReturnType<typeof touchedRecords>[number]; at: Date }>();
  for (const row of rows) {
    const at = customerActivityAt({ type: row.type as never, occurredAt: row.occurredAt as Date, completedAt: null }, now);
    if (!at) continue;
    for (const ref of touchedRecords({ type: row.relatedToType as never, id: row.relatedToId as number }, (row.accountId as number | null) ?? null)) {
      const key = `${ref.type}:${ref.id}`;
      const seen = latest.get(key);
      if (!seen || seen.at < at) latest.set(key, { ref, at });
    }
  }
  for (const { ref, at } of latest.values()) await touchLastActivity(tx, [ref], at);
}

/**
 * Created ids as runs of consecutive ids, one ledger row per run: a batch's multi-row insert gets consecutive ids
 * (bulkInsert relies on it too), so a batch is one row; the runs are taken from the ids themselves, whatever their order.
 */
export function idRanges(ids: number[]): { recordId: number; recordCount: number }[] {
  const ranges: { recordId: number; recordCount: number }[] = [];
  let last: { recordId: number; recordCount: number } | undefined;
  for (const id of ids) {
    if (last && id === last.recordId + last.recordCount) last.recordCount++;
    else ranges.push((last = { recordId: id, recordCount: 1 }));
  }
  return ranges;
}

export interface BatchOutcome {
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
  accountsCreated: number;
}

/** Stops a run whose import was cancelled, finished or advanced by another run in the meantime. */
export class ImportStopped extends Error {
  constructor(readonly why: 'cancelled' | 'moved') {
    super(`import stopped: ${why}`);
  }
}

export async function applyBatch(
  tx: Tx,
  importId: number,
  spec: ImportSpec,
  plan: BatchPlan,
  range: { from: number; count: number },
  now: Date,
  /** Time spent on this batch so far (planning it, writing it): read just before its progress is written. */
  elapsedMs: () => number,
): Promise<BatchOutcome> {
  const [current] = await tx
    .select({ rowsDone: imports.rowsDone, status: imports.status, cancelRequested: imports.cancelRequested })
    .from(imports)
    .where(eq(imports.id, importId))
    .for('update');
  if (!current || current.cancelRequested || current.status !== 'running') throw new ImportStopped('cancelled');
  if (current.rowsDone !== range.from) throw new ImportStopped('moved');

  const actor: Actor = spec.actor;
  const entityType = entityTypes[spec.entity];
  const records: (typeof importRecords.$inferInsert)[] = [];
  const outcome: BatchOutcome = { created: 0, updated: 0, unchanged: 0, rejected: 0, accountsCreated: 0 };

  // Accounts that contacts named and that do not exist yet.
  const newAccountIds = new Map<string, number>();
  if (plan.newAccounts.length > 0) {
    const ids = await insertManyAudited(tx, accounts, plan.newAccounts.map((a) => a.values), { actor, entityType: 'account', now });
    plan.newAccounts.forEach((a, i) => newAccountIds.set(a.key, ids[i]!));
    for (const range of idRanges(ids)) records.push({ importId, entityType: 'account', ...range, action: 'created', versionAfter: 1 });
    outcome.accountsCreated = ids.length;
  }

  const creates = plan.plans.flatMap((p) => (p.kind === 'create' ? [p] : []));
  // The funnel's counts follow the deals' stages and owners (insight/stageFlowAggregate.ts).
  const flows =
    spec.entity === 'opportunities' ? await trackStageFlows(tx, plan.plans.flatMap((p) => (p.kind === 'update' ? [p.recordId] : []))) : null;
  for (const p of creates) if (p.newAccountKey) p.values.accountId = newAccountIds.get(p.newAccountKey);
  const table = tables[spec.entity];
  const createdIds = await insertManyAudited(tx, table, creates.map((p) => p.values) as never[], { actor, entityType, now });
  outcome.created = createdIds.length;
  const versionAfter = unversioned.has(spec.entity) ? 0 : 1;
  const stageRows: Parameters<typeof recordImportedStages>[2] = [];
  if (spec.entity === 'opportunities') creates.forEach((p, i) => stageRows.push({ id: createdIds[i]!, fromStage: null, fromStageEnteredAt: null, values: p.values }));
  if (spec.entity === 'activities') await touchImportedActivity(tx, creates.map((p) => p.values), now);
  const newExternal: { entityType: string; externalId: string; recordId: number; createdAt: Date; updatedAt: Date }[] = [];
  for (const range of idRanges(createdIds)) records.push({ importId, entityType, ...range, action: 'created', versionAfter });
  creates.forEach((p, i) => {
    if (p.externalId) newExternal.push({ entityType, externalId: p.externalId.slice(0, 255), recordId: createdIds[i]!, createdAt: now, updatedAt: now });
  });

  const updates = plan.plans.flatMap((p) => (p.kind === 'update' ? [p] : []));
  const audits: Parameters<typeof recordAudits>[1] = [];
  for (const p of updates) {
    if (p.newAccountKey) p.changes.accountId = newAccountIds.get(p.newAccountKey);
    if (p.externalId) newExternal.push({ entityType, externalId: p.externalId.slice(0, 255), recordId: p.recordId, createdAt: now, updatedAt: now });
    const changed = Object.keys(p.changes);
    if (changed.length === 0) {
      outcome.unchanged++;
      continue;
    }
    const before = plan.existing.get(p.recordId)!;
    // Each matched record gets its own values: one statement per changed record (unchanged ones cost nothing).
    const bump = 'version' in table ? { version: sql`${(table as typeof accounts).version} + 1` } : {};
    await tx
      .update(table)
      .set({ ...p.changes, ...bump, updatedAt: now } as never)
      .where(eq(table.id, p.recordId));
    if (spec.entity === 'opportunities' && p.changes.stage) {
      stageRows.push({ id: p.recordId, fromStage: before.stage as Stage, fromStageEnteredAt: before.stageEnteredAt as Date, values: { ...before, ...p.changes } });
    }
    const beforeFields = Object.fromEntries(changed.map((k) => [k, before[k] ?? null]));
    audits.push({
      actor,
      action: 'update',
      entityType,
      entityId: p.recordId,
      changes: Object.fromEntries(changed.map((k) => [k, [before[k] ?? null, p.changes[k] ?? null]])),
    });
    records.push({ importId, entityType, recordId: p.recordId, action: 'updated', before: beforeFields, versionAfter: versionAfter && Number(before.version) + 1 });
    outcome.updated++;
  }
  await recordAudits(tx, audits);
  await recordImportedStages(tx, actor, stageRows, now);
  await flows?.apply(spec.entity === 'opportunities' ? createdIds : []);
  if (newExternal.length > 0) {
    await bulkInsert(tx, externalIds, newExternal, { onDuplicate: 'ON DUPLICATE KEY UPDATE record_id = VALUES(record_id), updated_at = VALUES(updated_at)' });
  }

  const rejections = plan.plans.flatMap((p) => (p.kind === 'reject' ? [p] : []));
  if (rejections.length > 0) {
    await bulkInsert(tx, importRejections, rejections.map((r) => ({ importId, rowIndex: r.index, reason: r.reason.slice(0, 2000), cells: r.cells })));
  }
  outcome.rejected = rejections.length;
  outcome.updated += plan.plans.filter((p) => p.kind === 'merge').length;
  await bulkInsert(tx, importRecords, records);

  await tx
    .update(imports)
    .set({
      rowsDone: range.from + range.count,
      created: sql`${imports.created} + ${outcome.created}`,
      updated: sql`${imports.updated} + ${outcome.updated}`,
      unchanged: sql`${imports.unchanged} + ${outcome.unchanged}`,
      rejected: sql`${imports.rejected} + ${outcome.rejected}`,
      accountsCreated: sql`${imports.accountsCreated} + ${outcome.accountsCreated}`,
      activeMs: sql`${imports.activeMs} + ${Math.round(elapsedMs())}`,
      updatedAt: now,
    })
    .where(and(eq(imports.id, importId), eq(imports.rowsDone, range.from)));
  return outcome;
}

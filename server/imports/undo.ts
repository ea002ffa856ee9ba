// imports.undo: removes what an import created and restores what it updated, as a whole, in one transaction.
// Refused when any of those records changed since (its version moved on, or for products and activities, which
// have no version, its updatedAt is after the import finished; it was deleted), or when someone attached other
// work to a record the import created (a contact or deal on a new account, an activity or line item on a new
// deal): undoing would throw that work away or orphan it.
import { and, count, eq, gt, inArray, isNotNull, ne, notInArray, or, sql, type SQL } from 'drizzle-orm';
import { accounts, activities, contacts, externalIds, importRecords, imports, leads, lineItems, opportunities, products } from '../../drizzle/schema';
import { isManagerOrAdmin } from '../../shared/access';
import { type Db, inTransaction, type Tx } from '../db';
import type { Actor } from '../lib/actor';
import { recordAudits } from '../lib/audit';
import { conflict, forbidden, invalid, notFound } from '../lib/errors';
import { trackStageFlows } from '../insight/stageFlowAggregate';

const CHUNK = 1000;
const tables = { account: accounts, contact: contacts, lead: leads, opportunity: opportunities, product: products, activity: activities } as const;
type EntityType = keyof typeof tables;
const entityTypes = Object.keys(tables) as EntityType[];
/** Removed by marking them deleted (as the app deletes them); the rest are deleted outright. */
const softDeleted = new Set<EntityType>(['account', 'opportunity']);

const ledgerOf = (importId: number, entityType: EntityType, action: 'created' | 'updated') =>
  and(eq(importRecords.importId, importId), eq(importRecords.entityType, entityType), eq(importRecords.action, action));

/** What the import updated: one ledger row per record, with its state before. */
async function updatedBy(tx: Tx, importId: number, entityType: EntityType) {
  return tx
    .select({ recordId: importRecords.recordId, before: importRecords.before })
    .from(importRecords)
    .where(ledgerOf(importId, entityType, 'updated'))
    .orderBy(importRecords.id);
}

/** The ids the import created: the ledger keeps them as ranges of consecutive ids. */
async function createdBy(tx: Tx, importId: number, entityType: EntityType): Promise<number[]> {
  const ranges = await tx
    .select({ recordId: importRecords.recordId, recordCount: importRecords.recordCount })
    .from(importRecords)
    .where(ledgerOf(importId, entityType, 'created'))
    .orderBy(importRecords.id);
  const ids: number[] = [];
  for (const { recordId, recordCount } of ranges) for (let i = 0; i < recordCount; i++) ids.push(recordId + i);
  return ids;
}

/** How many of the import's records of this type are no longer as the import left them (changed, deleted, gone). */
async function changedSince(tx: Tx, importId: number, entityType: EntityType, finishedAt: Date): Promise<number> {
  const table = tables[entityType];
  let moved: SQL | undefined;
  if ('version' in table) moved = ne((table as typeof accounts).version, importRecords.versionAfter);
  else moved = gt(table.updatedAt, finishedAt);
  const deleted = 'deletedAt' in table ? isNotNull((table as typeof accounts).deletedAt) : undefined;
  // Updated records: one ledger row each, joined to the record (missing: deleted outright).
  const [updated] = await tx
    .select({ n: count() })
    .from(importRecords)
    .leftJoin(table, eq(table.id, importRecords.recordId))
    .where(and(ledgerOf(importId, entityType, 'updated'), or(sql`${table.id} IS NULL`, moved, deleted)));
  // Created records: every id of every range must still be there as the import left it; the ones that are not
  // (moved on, marked deleted, or deleted outright) are the ranges' ids less those found intact.
  const [expected] = await tx
    .select({ n: sql<string | null>`SUM(${importRecords.recordCount})` })
    .from(importRecords)
    .where(ledgerOf(importId, entityType, 'created'));
  const [intact] = await tx
    .select({ n: count() })
    .from(importRecords)
    .innerJoin(table, sql`${table.id} BETWEEN ${importRecords.recordId} AND ${importRecords.recordId} + ${importRecords.recordCount} - 1`)
    .where(and(ledgerOf(importId, entityType, 'created'), sql`NOT (${or(moved, deleted)!})`));
  return (updated?.n ?? 0) + Number(expected?.n ?? 0) - (intact?.n ?? 0);
}

const inChunks = async (ids: number[], fn: (chunk: number[]) => Promise<void>) => {
  for (let i = 0; i < ids.length; i += CHUNK) await fn(ids.slice(i, i + CHUNK));
};

async function countWhere(tx: Tx, table: typeof opportunities | typeof contacts | typeof activities | typeof lineItems, where: SQL | undefined) {
  const [row] = await tx.select({ n: count() }).from(table).where(where);
  return row?.n ?? 0;
}

/** Work others attached to what the import created, which undoing would orphan. */
async function attachedSince(tx: Tx, created: Record<EntityType, number[]>): Promise<string | null> {
  let others = 0;
  await inChunks(created.account, async (ids) => {
    others += await countWhere(
      tx,
      opportunities,
      and(inArray(opportunities.accountId, ids), created.opportunity.length ? notInArray(opportunities.id, created.opportunity) : undefined),
    );
    others += await countWhere(tx, contacts, and(inArray(contacts.accountId, ids), created.contact.length ? notInArray(contacts.id, created.contact) : undefined));
  });
  if (others > 0) return 'Someone has since added deals or contacts to accounts this import created, so undoing it would orphan them. Nothing was undone.';
  await inChunks(created.opportunity, async (ids) => {
    others += await countWhere(tx, activities, and(eq(activities.relatedToType, 'opportunity'), inArray(activities.relatedToId, ids)));
    others += await countWhere(tx, lineItems, inArray(lineItems.opportunityId, ids));
  });
  if (others > 0) return 'Activities or line items have since been added to deals this import created, so undoing it would orphan them. Nothing was undone.';
  await inChunks(created.product, async (ids) => {
    others += await countWhere(tx, lineItems, inArray(lineItems.productId, ids));
  });
  if (others > 0) return 'Deals have since been priced with products this import created, so they cannot be removed. Nothing was undone.';
  return null;
}

/** The before-state came back from JSON: its points in time (a deal's closedAt) are Dates again. */
function revived(before: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(before).map(([k, v]) => [k, typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/.test(v) ? new Date(v) : v]),
  );
}

export async function undoImport(db: Db, actor: Actor, { importId }: { importId: number }, now: Date) {
  return inTransaction(db, async (tx) => {
    const [row] = await tx.select().from(imports).where(eq(imports.id, importId)).for('update');
    if (!row) throw notFound('Import');
    if (actor.role !== 'system' && !isManagerOrAdmin(actor) && row.ownerId !== actor.id) {
      throw forbidden('Only the person who ran this import, managers and admins can undo it');
    }
    if (row.status === 'undone') throw invalid('This import has already been undone');
    if (row.status === 'queued' || row.status === 'running') throw invalid('Cancel the import first: it can be undone once it has stopped');

    const finishedAt = row.finishedAt ?? row.updatedAt;
    let changed = 0;
    for (const entityType of entityTypes) changed += await changedSince(tx, importId, entityType, finishedAt);
    if (changed > 0) {
      throw conflict(
        `${changed} of the records this import wrote ${changed === 1 ? 'has' : 'have'} been changed or deleted since, so undoing it would lose that work. Nothing was undone.`,
      );
    }
    const created = Object.fromEntries(
      await Promise.all(entityTypes.map(async (t) => [t, await createdBy(tx, importId, t)] as const)),
    ) as Record<EntityType, number[]>;
    const refusal = await attachedSince(tx, created);
    if (refusal) throw conflict(refusal);
    // The funnel's counts follow the deals removed and restored (insight/stageFlowAggregate.ts).
    const restoredDeals = (await updatedBy(tx, importId, 'opportunity')).map((r) => r.recordId);
    const flows = await trackStageFlows(tx, [...created.opportunity, ...restoredDeals]);

    // Dependants first: activities and contacts before the deals and accounts they may sit on.
    for (const entityType of ['activity', 'contact', 'lead', 'product'] as const) {
      const table = tables[entityType];
      await inChunks(created[entityType], async (ids) => {
        const before = await tx.select().from(table).where(inArray(table.id, ids));
        await tx.delete(table).where(inArray(table.id, ids));
        await recordAudits(
          tx,
          before.map(({ createdAt: _c, updatedAt: _u, ...fields }) => {
            const { version: _v, ...rest } = fields as typeof fields & { version?: number };
            return { actor, action: 'delete' as const, entityType, entityId: rest.id, changes: rest };
          }),
        );
      });
    }
    for (const entityType of ['opportunity', 'account'] as const) {
      const table = tables[entityType];
      await inChunks(created[entityType], async (ids) => {
        await tx
          .update(table)
          .set({ deletedAt: now, version: sql`${table.version} + 1`, updatedAt: now })
          .where(inArray(table.id, ids));
        await recordAudits(tx, ids.map((id) => ({ actor, action: 'delete' as const, entityType, entityId: id, changes: { undoneImportId: importId } })));
      });
    }
    for (const entityType of entityTypes) {
      const table = tables[entityType];
      const updated = await updatedBy(tx, importId, entityType);
      const audits: Parameters<typeof recordAudits>[1] = [];
      for (const record of updated) {
        const before = revived((record.before ?? {}) as Record<string, unknown>);
        if (Object.keys(before).length === 0) continue;
        const bump = 'version' in table ? { version: sql`${(table as typeof accounts).version} + 1` } : {};
        await tx
          .update(table)
          .set({ ...before, ...bump, updatedAt: now } as never)
          .where(eq(table.id, record.recordId));
        audits.push({ actor, action: 'update', entityType, entityId: record.recordId, changes: { undoneImportId: importId, restored: before } });
      }
      await recordAudits(tx, audits);
    }
    await flows.apply();
    for (const entityType of entityTypes) {
      await inChunks(created[entityType], async (ids) => {
        await tx.delete(externalIds).where(and(eq(externalIds.entityType, entityType), inArray(externalIds.recordId, ids)));
      });
    }
    await tx.update(imports).set({ status: 'undone', updatedAt: now }).where(eq(imports.id, importId));
    const removed = entityTypes.reduce((n, t) => n + created[t].length, 0);
    return { importId, removed, restored: row.updated };
  });
}

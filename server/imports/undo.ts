// imports.undo: removes what an import created and restores what it updated, as a whole, in one transaction.
// Refused when any of those records changed since (its version moved on, it was deleted, or someone attached
// a contact or deal to an account the import created): undoing would throw that work away.
import { and, count, eq, inArray, isNotNull, ne, notInArray, or, sql } from 'drizzle-orm';
import { accounts, contacts, externalIds, importRecords, imports, leads, opportunities } from '../../drizzle/schema';
import { isManagerOrAdmin } from '../../shared/access';
import { type Db, inTransaction, type Tx } from '../db';
import type { Actor } from '../lib/actor';
import { recordAudits } from '../lib/audit';
import { conflict, forbidden, invalid, notFound } from '../lib/errors';

const CHUNK = 1000;
const tables = { account: accounts, contact: contacts, lead: leads } as const;
type EntityType = keyof typeof tables;

async function recordsOf(tx: Tx, importId: number, entityType: EntityType, action: 'created' | 'updated') {
  return tx
    .select({ recordId: importRecords.recordId, before: importRecords.before, versionAfter: importRecords.versionAfter })
    .from(importRecords)
    .where(and(eq(importRecords.importId, importId), eq(importRecords.entityType, entityType), eq(importRecords.action, action)))
    .orderBy(importRecords.id);
}

/** How many of the import's records of this type are no longer as the import left them. */
async function changedSince(tx: Tx, importId: number, entityType: EntityType): Promise<number> {
  const table = tables[entityType];
  const [row] = await tx
    .select({ n: count() })
    .from(importRecords)
    .leftJoin(table, eq(table.id, importRecords.recordId))
    .where(
      and(
        eq(importRecords.importId, importId),
        eq(importRecords.entityType, entityType),
        or(sql`${table.id} IS NULL`, ne(table.version, importRecords.versionAfter), entityType === 'account' ? isNotNull(accounts.deletedAt) : undefined),
      ),
    );
  return row?.n ?? 0;
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

    const changed =
      (await changedSince(tx, importId, 'account')) + (await changedSince(tx, importId, 'contact')) + (await changedSince(tx, importId, 'lead'));
    if (changed > 0) {
      throw conflict(
        `${changed} of the records this import wrote ${changed === 1 ? 'has' : 'have'} been changed or deleted since, so undoing it would lose that work. Nothing was undone.`,
      );
    }
    const createdAccounts = (await recordsOf(tx, importId, 'account', 'created')).map((r) => r.recordId);
    const createdContacts = (await recordsOf(tx, importId, 'contact', 'created')).map((r) => r.recordId);
    const createdLeads = (await recordsOf(tx, importId, 'lead', 'created')).map((r) => r.recordId);
    for (let i = 0; i < createdAccounts.length; i += CHUNK) {
      const ids = createdAccounts.slice(i, i + CHUNK);
      const [deals] = await tx.select({ n: count() }).from(opportunities).where(inArray(opportunities.accountId, ids));
      const [others] = await tx
        .select({ n: count() })
        .from(contacts)
        .where(and(inArray(contacts.accountId, ids), createdContacts.length ? notInArray(contacts.id, createdContacts) : undefined));
      if ((deals?.n ?? 0) + (others?.n ?? 0) > 0) {
        throw conflict('Someone has since added deals or contacts to accounts this import created, so undoing it would orphan them. Nothing was undone.');
      }
    }

    // Contacts first: the accounts they belong to may be the import's too.
    for (const [entityType, created] of [['contact', createdContacts], ['lead', createdLeads]] as const) {
      const table = tables[entityType];
      for (let i = 0; i < created.length; i += CHUNK) {
        const ids = created.slice(i, i + CHUNK);
        const before = await tx.select().from(table).where(inArray(table.id, ids));
        await tx.delete(table).where(inArray(table.id, ids));
        await recordAudits(
          tx,
          before.map(({ createdAt: _c, updatedAt: _u, version: _v, ...fields }) => ({ actor, action: 'delete' as const, entityType, entityId: fields.id, changes: fields })),
        );
      }
    }
    for (let i = 0; i < createdAccounts.length; i += CHUNK) {
      const ids = createdAccounts.slice(i, i + CHUNK);
      await tx
        .update(accounts)
        .set({ deletedAt: now, version: sql`${accounts.version} + 1`, updatedAt: now })
        .where(inArray(accounts.id, ids));
      await recordAudits(tx, ids.map((id) => ({ actor, action: 'delete' as const, entityType: 'account', entityId: id, changes: { undoneImportId: importId } })));
    }
    for (const entityType of ['account', 'contact', 'lead'] as const) {
      const table = tables[entityType];
      const updated = await recordsOf(tx, importId, entityType, 'updated');
      const audits: Parameters<typeof recordAudits>[1] = [];
      for (const record of updated) {
        const before = (record.before ?? {}) as Record<string, unknown>;
        if (Object.keys(before).length === 0) continue;
        await tx
          .update(table)
          .set({ ...before, version: sql`${table.version} + 1`, updatedAt: now } as never)
          .where(eq(table.id, record.recordId));
        audits.push({ actor, action: 'update', entityType, entityId: record.recordId, changes: { undoneImportId: importId, restored: before } });
      }
      await recordAudits(tx, audits);
    }
    const created = [
      ...createdAccounts.map((id) => ['account', id] as const),
      ...createdContacts.map((id) => ['contact', id] as const),
      ...createdLeads.map((id) => ['lead', id] as const),
    ];
    for (const entityType of ['account', 'contact', 'lead'] as const) {
      const ids = created.filter(([t]) => t === entityType).map(([, id]) => id);
      for (let i = 0; i < ids.length; i += CHUNK) {
        await tx.delete(externalIds).where(and(eq(externalIds.entityType, entityType), inArray(externalIds.recordId, ids.slice(i, i + CHUNK))));
      }
    }
    await tx.update(imports).set({ status: 'undone', updatedAt: now }).where(eq(imports.id, importId));
    return { importId, removed: createdAccounts.length + createdContacts.length + createdLeads.length, restored: row.updated };
  });
}

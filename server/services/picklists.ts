// Admin-managed picklists: the values forms and filters offer for industry, region, lead source, buying role
// and competitor. A list starts from the values the records already hold (so nothing in use is lost), or
// from a short default list on an empty database. Renaming a value rewrites every record holding it, in the
// same transaction; deactivating one stops offering it and leaves the records as they are.
import { and, asc, count, eq, inArray, isNotNull, ne, sql } from 'drizzle-orm';
import type { AnyMySqlColumn, MySqlTable } from 'drizzle-orm/mysql-core';
import { accounts, contacts, leads, opportunities, type PicklistValue, picklistValues, winLossAnalysis } from '../../drizzle/schema';
import {
  type Picklist,
  PICKLIST_VALUE_MAX,
  type PicklistAdd,
  picklistLabels,
  type PicklistRename,
  type PicklistReorder,
  picklists,
  type PicklistSetActive,
} from '../../shared/schemas/picklists';
import { type DbOrTx, inTransaction, type Tx } from '../db';
import { assertAdmin } from '../lib/access';
import type { Actor } from '../lib/actor';
import { recordAudit } from '../lib/audit';
import { fieldError, invalid, notFound } from '../lib/errors';

interface ValueColumn {
  table: MySqlTable;
  column: AnyMySqlColumn;
  /** Records with a version: a rename is a change, so an open edit form made before it is stale. */
  version?: AnyMySqlColumn;
}

/** Where each list's values are stored. */
const valueColumns: Record<Picklist, ValueColumn[]> = {
  industry: [
    { table: accounts, column: accounts.industry, version: accounts.version },
    { table: leads, column: leads.industry, version: leads.version },
  ],
  region: [
    { table: accounts, column: accounts.region, version: accounts.version },
    { table: leads, column: leads.region, version: leads.version },
  ],
  leadSource: [{ table: leads, column: leads.leadSource, version: leads.version }],
  buyingRole: [{ table: contacts, column: contacts.role, version: contacts.version }],
  competitor: [
    { table: opportunities, column: opportunities.competitor, version: opportunities.version },
    { table: winLossAnalysis, column: winLossAnalysis.competitor },
  ],
};

/** An empty database's starting lists. */
const defaults: Record<Picklist, string[]> = {
  industry: ['Software', 'Financial Services', 'Healthcare', 'Manufacturing', 'Retail', 'Education', 'Public Sector', 'Media', 'Telecommunications', 'Energy'],
  region: ['North America', 'EMEA', 'APAC', 'LATAM'],
  leadSource: ['Website', 'Referral', 'Webinar', 'Event', 'Outbound', 'Partner', 'Advertising'],
  buyingRole: ['Economic Buyer', 'Champion', 'Decision Maker', 'Technical Evaluator', 'Influencer', 'User', 'Procurement', 'Legal'],
  competitor: ['Salesforce', 'HubSpot', 'Pipedrive', 'Microsoft Dynamics', 'Zoho', 'In-house build'],
};

/** How many distinct values in use a list starts from, at most. */
const SEED_LIMIT = 200;

async function valuesInUse(db: DbOrTx, list: Picklist): Promise<string[]> {
  const seen = new Map<string, string>();
  for (const { table, column } of valueColumns[list]) {
    const rows = await db
      .selectDistinct({ value: sql<string>`TRIM(${column})` })
      .from(table)
      .where(and(isNotNull(column), sql`TRIM(${column}) <> ''`, sql`CHAR_LENGTH(TRIM(${column})) <= ${PICKLIST_VALUE_MAX}`))
      .limit(SEED_LIMIT);
    // Case-insensitively one value (the collation's view), as the unique index will see them.
    for (const { value } of rows) if (!seen.has(value.toLowerCase())) seen.set(value.toLowerCase(), value);
  }
  return [...seen.values()].sort((a, b) => a.localeCompare(b)).slice(0, SEED_LIMIT);
}

/**
 * Gives every list that has never had values its starting values. Idempotent and safe to race: the unique
 * index drops a second starter's rows (INSERT IGNORE).
 */
export async function ensurePicklistsSeeded(db: DbOrTx, now: Date = new Date()): Promise<void> {
  const counts = await db.select({ picklist: picklistValues.picklist, n: count() }).from(picklistValues).groupBy(picklistValues.picklist);
  const seeded = new Set(counts.filter((c) => c.n > 0).map((c) => c.picklist));
  for (const list of picklists) {
    if (seeded.has(list)) continue;
    const inUse = await valuesInUse(db, list);
    const values = inUse.length > 0 ? inUse : defaults[list];
    await db
      .insert(picklistValues)
      .ignore()
      .values(values.map((value, position) => ({ picklist: list, value, position, active: true, createdAt: now, updatedAt: now })));
  }
}

export interface PicklistItem {
  id: number;
  picklist: Picklist;
  value: string;
  position: number;
  active: boolean;
}

const itemColumns = {
  id: picklistValues.id,
  picklist: picklistValues.picklist,
  value: picklistValues.value,
  position: picklistValues.position,
  active: picklistValues.active,
};

/** Every list's values in order, inactive ones included (forms offer only the active ones). Anyone signed in. */
export async function listPicklists(db: DbOrTx, input: { picklist?: Picklist } | undefined, now: Date): Promise<PicklistItem[]> {
  await ensurePicklistsSeeded(db, now);
  return db
    .select(itemColumns)
    .from(picklistValues)
    .where(input?.picklist ? eq(picklistValues.picklist, input.picklist) : undefined)
    .orderBy(asc(picklistValues.picklist), asc(picklistValues.position), asc(picklistValues.id));
}

async function loadValueForWrite(tx: Tx, id: number): Promise<PicklistValue> {
  const [row] = await tx.select().from(picklistValues).where(eq(picklistValues.id, id)).for('update');
  if (!row) throw notFound('Picklist value');
  return row;
}

/** The same value (case-insensitively) already on the list, other than `exceptId`. */
async function sameValue(tx: Tx, list: Picklist, value: string, exceptId?: number): Promise<PicklistValue | undefined> {
  const [row] = await tx
    .select()
    .from(picklistValues)
    .where(and(eq(picklistValues.picklist, list), eq(picklistValues.value, value), exceptId ? ne(picklistValues.id, exceptId) : undefined));
  return row;
}

function alreadyThere(existing: PicklistValue): never {
  throw fieldError(
    'conflict',
    'value',
    existing.active ? `“${existing.value}” is already on the list` : `“${existing.value}” is on the list but inactive: reactivate it instead`,
  );
}

const admin = (actor: Actor) => assertAdmin(actor, 'Only admins can change picklists');

export async function addPicklistValue(db: DbOrTx, actor: Actor, input: PicklistAdd, now: Date): Promise<PicklistItem> {
  admin(actor);
  return inTransaction(db, async (tx) => {
    await ensurePicklistsSeeded(tx, now);
    const existing = await sameValue(tx, input.picklist, input.value);
    if (existing) alreadyThere(existing);
    const [last] = await tx
      .select({ max: sql<number | null>`MAX(${picklistValues.position})` })
      .from(picklistValues)
      .where(eq(picklistValues.picklist, input.picklist));
    const position = last?.max === null || last?.max === undefined ? 0 : Number(last.max) + 1;
    const [inserted] = await tx
      .insert(picklistValues)
      .values({ picklist: input.picklist, value: input.value, position, active: true, createdAt: now, updatedAt: now })
      .$returningId();
    await recordAudit(tx, { actor, action: 'create', entityType: 'picklist', entityId: inserted!.id, changes: { picklist: input.picklist, value: input.value } });
    return { id: inserted!.id, picklist: input.picklist, value: input.value, position, active: true };
  });
}

const affectedRows = (result: unknown): number => (result as [{ affectedRows: number }])[0].affectedRows;

/**
 * Renames a value and rewrites every record holding it (any letter case), all in one transaction: either the
 * list and every record show the new value, or nothing changed. One audit row says how many records moved.
 */
export async function renamePicklistValue(
  db: DbOrTx,
  actor: Actor,
  input: PicklistRename,
  now: Date,
): Promise<PicklistItem & { recordsUpdated: number }> {
  admin(actor);
  return inTransaction(db, async (tx) => {
    const before = await loadValueForWrite(tx, input.id);
    const list = before.picklist as Picklist;
    const existing = await sameValue(tx, list, input.value, before.id);
    if (existing) alreadyThere(existing);
    await tx.update(picklistValues).set({ value: input.value, updatedAt: now }).where(eq(picklistValues.id, before.id));
    let recordsUpdated = 0;
    if (before.value !== input.value) {
      for (const { table, column, version } of valueColumns[list]) {
        const result = await tx.execute(
          version
            ? sql`UPDATE ${table} SET ${column} = ${input.value}, ${version} = ${version} + 1 WHERE ${column} = ${before.value}`
            : sql`UPDATE ${table} SET ${column} = ${input.value} WHERE ${column} = ${before.value}`,
        );
        recordsUpdated += affectedRows(result);
      }
    }
    await recordAudit(tx, {
      actor,
      action: 'update',
      entityType: 'picklist',
      entityId: before.id,
      changes: { value: [before.value, input.value], picklist: [list, list], recordsUpdated: [null, recordsUpdated] },
    });
    return { id: before.id, picklist: list, value: input.value, position: before.position, active: before.active, recordsUpdated };
  });
}

/** Puts a list in the given order; `ids` must be exactly the list's values. */
export async function reorderPicklist(db: DbOrTx, actor: Actor, input: PicklistReorder, now: Date): Promise<PicklistItem[]> {
  admin(actor);
  return inTransaction(db, async (tx) => {
    const rows = await tx
      .select({ id: picklistValues.id })
      .from(picklistValues)
      .where(eq(picklistValues.picklist, input.picklist))
      .for('update');
    const current = new Set(rows.map((r) => r.id));
    const given = new Set(input.ids);
    if (given.size !== input.ids.length || given.size !== current.size || [...given].some((id) => !current.has(id))) {
      throw invalid(`The order must list every value of ${picklistLabels[input.picklist]} once; reload and try again`);
    }
    const cases = sql.join(
      input.ids.map((id, position) => sql`WHEN ${id} THEN ${position}`),
      sql` `,
    );
    await tx
      .update(picklistValues)
      .set({ position: sql`CASE ${picklistValues.id} ${cases} END`, updatedAt: now })
      .where(inArray(picklistValues.id, input.ids));
    await recordAudit(tx, { actor, action: 'update', entityType: 'picklist', entityId: input.picklist, changes: { order: [null, input.ids] } });
    return tx
      .select(itemColumns)
      .from(picklistValues)
      .where(eq(picklistValues.picklist, input.picklist))
      .orderBy(asc(picklistValues.position), asc(picklistValues.id));
  });
}

/** Deactivated values are no longer offered; records holding them keep them. */
export async function setPicklistValueActive(db: DbOrTx, actor: Actor, input: PicklistSetActive, now: Date): Promise<PicklistItem> {
  admin(actor);
  return inTransaction(db, async (tx) => {
    const before = await loadValueForWrite(tx, input.id);
    if (before.active !== input.active) {
      await tx.update(picklistValues).set({ active: input.active, updatedAt: now }).where(eq(picklistValues.id, before.id));
      await recordAudit(tx, { actor, action: 'update', entityType: 'picklist', entityId: before.id, changes: { active: [before.active, input.active] } });
    }
    return { id: before.id, picklist: before.picklist as Picklist, value: before.value, position: before.position, active: input.active };
  });
}

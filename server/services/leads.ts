// Leads: people who may become customers, before they are converted (see leadConversion.ts).
import { onLeadCreated } from '../automation/recordTriggers';
import { and, eq, getTableColumns, isNull, type SQL, sql } from 'drizzle-orm';
import { accounts, contacts, type Lead, leads, opportunities, users } from '../../drizzle/schema';
import type { LeadCreate, LeadList, LeadSort, LeadUpdate } from '../../shared/schemas/leads';
import { type DbOrTx, inTransaction, type Tx } from '../db';
import { assertCanWrite } from '../lib/access';
import type { Actor } from '../lib/actor';
import { enqueueLeadScore } from '../insight/jobs';
import { insertAudited, recordDeleteAudit, recordUpdateAudit } from '../lib/audit';
import { conflict, notFound } from '../lib/errors';
import { keysetAfter, keysetOrder, toPage } from '../lib/keyset';
import { matchesSearch, withinRange } from '../lib/listFilters';
import { assertOwnerChangeAllowed, resolveOwner } from '../lib/owners';
import { assertCurrentVersion, sentFields } from '../lib/updates';
import { notifyAssignment } from '../delivery/assignments';
import { personName } from '../../shared/people';

const leadColumns = getTableColumns(leads);

const sortColumns = {
  createdAt: leads.createdAt,
  updatedAt: leads.updatedAt,
  score: leads.score,
  company: leads.company,
} satisfies Record<LeadSort, unknown>;

export const alreadyConverted = () => conflict('This lead was already converted');

/** Loads a lead to change it (row-locked): NOT_FOUND if missing, FORBIDDEN unless owner/manager/admin. */
export async function loadLeadForWrite(tx: Tx, actor: Actor, id: number): Promise<Lead> {
  const [row] = await tx.select().from(leads).where(eq(leads.id, id)).for('update');
  if (!row) throw notFound('Lead');
  assertCanWrite(actor, row.ownerId, 'lead');
  return row;
}

/** The lead with its owner's name and, once converted, the names of what it became. */
export async function getLead(db: DbOrTx, _actor: Actor, { id }: { id: number }) {
  const [row] = await db
    .select({
      ...leadColumns,
      ownerName: users.name,
      convertedAccountName: accounts.accountName,
      convertedContactName: sql<string | null>`CONCAT(${contacts.firstName}, ' ', ${contacts.lastName})`,
      convertedOpportunityName: opportunities.opportunityName,
    })
    .from(leads)
    .innerJoin(users, eq(users.id, leads.ownerId))
    // A deleted account's or deal's name is not shown; the ids stay as the record of the conversion.
    .leftJoin(accounts, and(eq(accounts.id, leads.convertedAccountId), isNull(accounts.deletedAt)))
    .leftJoin(contacts, eq(contacts.id, leads.convertedContactId))
    .leftJoin(opportunities, and(eq(opportunities.id, leads.convertedOpportunityId), isNull(opportunities.deletedAt)))
    .where(eq(leads.id, id));
  if (!row) throw notFound('Lead');
  return row;
}

/** The list's filters as a WHERE (also a saved view's segment, server/automation/segments.ts). */
export function leadFilterCondition(input: Pick<LeadList, 'ownerId' | 'status' | 'leadSource' | 'search' | 'createdAt'>): SQL | undefined {
  return and(
    input.ownerId ? eq(leads.ownerId, input.ownerId) : undefined,
    input.status ? eq(leads.status, input.status) : undefined,
    input.leadSource ? eq(leads.leadSource, input.leadSource) : undefined,
    matchesSearch(input.search, [
      leads.firstName,
      leads.lastName,
      sql`concat(${leads.firstName}, ' ', ${leads.lastName})`,
      leads.email,
      leads.company,
    ]),
    withinRange(leads.createdAt, input.createdAt),
  );
}

export async function listLeads(db: DbOrTx, _actor: Actor, input: LeadList) {
  const column = sortColumns[input.sort];
  // LEFT JOIN users: MariaDB then reads leads first, walking the sort index a page at a time; with an inner
  // join it may start from users and sort every row (14 s a page at a million contacts). Every row has an owner.
  const rows = await db
    .select({ ...leadColumns, ownerName: sql<string>`coalesce(${users.name}, '')` })
    .from(leads)
    .leftJoin(users, eq(users.id, leads.ownerId))
    .where(and(leadFilterCondition(input), keysetAfter(column, leads.id, input.sortDirection, input.cursor)))
    .orderBy(...keysetOrder(column, leads.id, input.sortDirection))
    .limit(input.limit + 1);
  return toPage(rows, input.limit, (row) => row[input.sort]);
}

/** `extraFields`: what an inbound lead (web-to-lead) carried beyond the lead's own fields, kept as sent. */
export async function createLead(db: DbOrTx, actor: Actor, input: LeadCreate, now: Date, options: { extraFields?: Record<string, unknown> } = {}) {
  return inTransaction(db, async (tx) => {
    const ownerId = await resolveOwner(tx, actor, input.ownerId);
    const values = {
      firstName: input.firstName,
      lastName: input.lastName,
      email: input.email,
      phone: input.phone,
      company: input.company,
      title: input.title,
      industry: input.industry,
      employees: input.employees,
      region: input.region,
      leadSource: input.leadSource,
      status: input.status,
      ownerId,
      ...(options.extraFields && Object.keys(options.extraFields).length > 0 ? { extraFields: options.extraFields } : {}),
    };
    const id = await insertAudited(tx, leads, values, { actor, entityType: 'lead', now });
    await notifyAssignment(tx, actor, { type: 'lead', id, name: personName(values) }, { previousOwnerId: null, ownerId }, now);
    await enqueueLeadScore(tx, id, now);
    await onLeadCreated(tx, { id, leadSource: values.leadSource ?? null, extraFields: options.extraFields }, now);
    return getLead(tx, actor, { id });
  });
}

export async function updateLead(db: DbOrTx, actor: Actor, input: LeadUpdate, now: Date) {
  return inTransaction(db, async (tx) => {
    const before = await loadLeadForWrite(tx, actor, input.id);
    // A converted lead is the record of what it became; the account, contact and deal are edited instead.
    if (before.status === 'Converted') {
      throw conflict('This lead was converted and can no longer be changed; edit its account, contact or opportunity instead');
    }
    assertCurrentVersion(before, input.version, 'lead');
    const { id, version: _version, ...rest } = input;
    const changes = sentFields(rest);
    await assertOwnerChangeAllowed(tx, actor, before.ownerId, changes.ownerId);
    await tx
      .update(leads)
      .set({ ...changes, version: before.version + 1, updatedAt: now })
      .where(eq(leads.id, id));
    await recordUpdateAudit(tx, { actor, entityType: 'lead', entityId: id, before, after: changes });
    const name = personName({ ...before, ...changes });
    await notifyAssignment(tx, actor, { type: 'lead', id, name }, { previousOwnerId: before.ownerId, ownerId: changes.ownerId }, now);
    // Fit follows industry, size, region and title.
    if (['industry', 'employees', 'region', 'title'].some((field) => field in changes)) await enqueueLeadScore(tx, id, now);
    return getLead(tx, actor, { id });
  });
}

/** Removes the lead for good (audited). A converted lead is the record of what it became and stays. */
export async function deleteLead(db: DbOrTx, actor: Actor, { id }: { id: number }, _now: Date): Promise<{ id: number }> {
  return inTransaction(db, async (tx) => {
    const before = await loadLeadForWrite(tx, actor, id);
    if (before.status === 'Converted') throw conflict('This lead was converted and is kept as the record of its account, contact and opportunity');
    await tx.delete(leads).where(eq(leads.id, id));
    await recordDeleteAudit(tx, { actor, entityType: 'lead', entityId: id, before });
    return { id };
  });
}

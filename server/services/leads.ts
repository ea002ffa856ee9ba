// Leads: people who may become customers, before they are converted (see leadConversion.ts).
import { TRPCError } from '@trpc/server';
import { and, eq, getTableColumns, gte, isNull, like, lte, or, sql } from 'drizzle-orm';
import { accounts, contacts, type Lead, leads, opportunities, users } from '../../drizzle/schema';
import type { LeadCreate, LeadList, LeadSort, LeadUpdate } from '../../shared/schemas/leads';
import type { DbOrTx, Tx } from '../db';
import { assertCanWrite } from '../lib/access';
import { recordAudit, recordUpdateAudit } from '../lib/audit';
import { notFound, staleUpdate } from '../lib/errors';
import { keysetAfter, keysetOrder, toPage } from '../lib/keyset';
import { resolveOwner } from '../lib/owners';
import type { AuthedContext, SessionUser } from '../trpc';

const leadColumns = getTableColumns(leads);

const sortColumns = {
  createdAt: leads.createdAt,
  updatedAt: leads.updatedAt,
  score: leads.score,
  company: leads.company,
} satisfies Record<LeadSort, unknown>;

export const alreadyConverted = () => new TRPCError({ code: 'CONFLICT', message: 'This lead was already converted' });

/** Loads a lead to change it (row-locked): NOT_FOUND if missing, FORBIDDEN unless owner/manager/admin. */
export async function loadLeadForWrite(tx: Tx, user: SessionUser, id: number): Promise<Lead> {
  const [row] = await tx.select().from(leads).where(eq(leads.id, id)).for('update');
  if (!row) throw notFound('Lead');
  assertCanWrite(user, row.ownerId, 'lead');
  return row;
}

/** The lead with its owner's name and, once converted, the names of what it became. */
export async function getLead(db: DbOrTx, id: number) {
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

export async function listLeads(db: DbOrTx, input: LeadList) {
  const column = sortColumns[input.sort];
  const search = input.search ? `%${input.search}%` : null;
  const rows = await db
    .select({ ...leadColumns, ownerName: users.name })
    .from(leads)
    .innerJoin(users, eq(users.id, leads.ownerId))
    .where(
      and(
        input.ownerId ? eq(leads.ownerId, input.ownerId) : undefined,
        input.status ? eq(leads.status, input.status) : undefined,
        input.leadSource ? eq(leads.leadSource, input.leadSource) : undefined,
        search
          ? or(
              like(leads.firstName, search),
              like(leads.lastName, search),
              like(sql`concat(${leads.firstName}, ' ', ${leads.lastName})`, search),
              like(leads.email, search),
              like(leads.company, search),
            )
          : undefined,
        input.createdAt?.from ? gte(leads.createdAt, input.createdAt.from) : undefined,
        input.createdAt?.to ? lte(leads.createdAt, input.createdAt.to) : undefined,
        keysetAfter(column, leads.id, input.sortDirection, input.cursor),
      ),
    )
    .orderBy(...keysetOrder(column, leads.id, input.sortDirection))
    .limit(input.limit + 1);
  return toPage(rows, input.limit, (row) => row[input.sort]);
}

export async function createLead(ctx: AuthedContext, input: LeadCreate) {
  const id = await ctx.db.transaction(async (tx) => {
    const ownerId = await resolveOwner(tx, ctx.user, input.ownerId);
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
    };
    const now = ctx.clock.now();
    const [inserted] = await tx.insert(leads).values({ ...values, createdAt: now, updatedAt: now }).$returningId();
    const newId = inserted!.id;
    await recordAudit(tx, { actorId: ctx.user.id, action: 'create', entityType: 'lead', entityId: newId, changes: values });
    return newId;
  });
  return getLead(ctx.db, id);
}

export async function updateLead(ctx: AuthedContext, input: LeadUpdate) {
  await ctx.db.transaction(async (tx) => {
    const before = await loadLeadForWrite(tx, ctx.user, input.id);
    // A converted lead is the record of what it became; the account, contact and deal are edited instead.
    if (before.status === 'Converted') {
      throw new TRPCError({
        code: 'CONFLICT',
        message: 'This lead was converted and can no longer be changed; edit its account, contact or opportunity instead',
      });
    }
    if (input.version !== undefined && input.version !== before.version) throw staleUpdate('lead');
    const { id, version: _version, ...rest } = input;
    const changes = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)) as Partial<typeof rest>;
    if (changes.ownerId !== undefined && changes.ownerId !== before.ownerId) {
      changes.ownerId = await resolveOwner(tx, ctx.user, changes.ownerId);
    }
    await tx
      .update(leads)
      .set({ ...changes, version: before.version + 1, updatedAt: ctx.clock.now() })
      .where(eq(leads.id, id));
    await recordUpdateAudit(tx, { actorId: ctx.user.id, entityType: 'lead', entityId: id, before, after: changes });
  });
  return getLead(ctx.db, input.id);
}

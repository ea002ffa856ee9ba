// Lead conversion: one transaction makes (or links) the account, makes (or reuses) the contact,
// optionally opens a deal, and marks the lead Converted. Anything failing leaves nothing behind.
// The lead's activities stay on the lead (its timeline is the history of the prospecting work).
import { TRPCError } from '@trpc/server';
import { and, eq } from 'drizzle-orm';
import {
  accounts,
  type Contact,
  contacts,
  type Lead,
  leads,
  opportunities,
  opportunityStageHistory,
  users,
} from '../../drizzle/schema';
import type { LeadConvert } from '../../shared/schemas/leads';
import { stageDefaults } from '../../shared/stages';
import type { Tx } from '../db';
import { companyDomainOfEmail, convertedAccountName } from '../domain/leadConversion';
import { recordAudit, recordUpdateAudit } from '../lib/audit';
import { mysqlErrorCode } from '../lib/errors';
import { assertCurrentVersion } from '../lib/updates';
import type { AuthedContext } from '../trpc';
import { lockAccountToAttach } from './accounts';
import { alreadyConverted, getLead, loadLeadForWrite } from './leads';

interface Step {
  tx: Tx;
  actorId: string;
  now: Date;
}

export async function convertLead(ctx: AuthedContext, input: LeadConvert) {
  const now = ctx.clock.now();
  try {
    await ctx.db.transaction(async (tx) => {
      const step: Step = { tx, actorId: ctx.user.id, now };
      // The row lock makes a second, concurrent conversion wait here and then see 'Converted'.
      const lead = await loadLeadForWrite(tx, ctx.user, input.id);
      if (lead.status === 'Converted') throw alreadyConverted();
      assertCurrentVersion(lead, input.version, 'lead');

      const ownerId = await ownerOfConvertedRecords(tx, lead, ctx.user.id);
      const accountId =
        input.accountId !== null
          ? await lockExistingAccount(tx, input.accountId)
          : await insertAccount(step, lead, ownerId, input.accountName);
      const contactId = await reuseOrInsertContact(step, lead, ownerId, accountId);
      const opportunityId = input.createOpportunity
        ? await insertOpportunity(step, ownerId, accountId, input.createOpportunity)
        : null;

      const changes = {
        status: 'Converted' as const,
        convertedAt: now,
        convertedAccountId: accountId,
        convertedContactId: contactId,
        convertedOpportunityId: opportunityId,
      };
      await tx
        .update(leads)
        .set({ ...changes, version: lead.version + 1, updatedAt: now })
        .where(eq(leads.id, lead.id));
      await recordUpdateAudit(tx, { actorId: ctx.user.id, entityType: 'lead', entityId: lead.id, before: lead, after: changes });
    });
  } catch (error) {
    // Another lead with the same email was converted at the same moment and made the contact first.
    const code = mysqlErrorCode(error);
    if (code === 'ER_DUP_ENTRY' || code === 'ER_LOCK_DEADLOCK') {
      throw new TRPCError({
        code: 'CONFLICT',
        message: 'A contact with this email was created at the same moment. Try converting again to link to it.',
        cause: error,
      });
    }
    throw error;
  }
  return getLead(ctx.db, input.id);
}

/** The lead's owner keeps the customer; if they have left, whoever converts takes it. */
async function ownerOfConvertedRecords(tx: Tx, lead: Lead, converterId: string): Promise<string> {
  const [owner] = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.id, lead.ownerId), eq(users.active, true)));
  return owner ? owner.id : converterId;
}

/** Locked so the account cannot be deleted while the contact and deal are being attached to it. */
async function lockExistingAccount(tx: Tx, accountId: number): Promise<number> {
  await lockAccountToAttach(tx, accountId, 'accountId');
  return accountId;
}

async function insertAccount(step: Step, lead: Lead, ownerId: string, requestedName: string | undefined): Promise<number> {
  const values = {
    accountName: convertedAccountName(lead, requestedName),
    industry: lead.industry,
    region: lead.region,
    domain: companyDomainOfEmail(lead.email),
    ownerId,
  };
  const [inserted] = await step.tx
    .insert(accounts)
    .values({ ...values, createdAt: step.now, updatedAt: step.now })
    .$returningId();
  const id = inserted!.id;
  await recordAudit(step.tx, { actorId: step.actorId, action: 'create', entityType: 'account', entityId: id, changes: { ...values, convertedFromLeadId: lead.id } });
  return id;
}

/**
 * A contact with the lead's email already exists: it is the same person, so it is reused. It joins the
 * account when it has none; one already at another account stays there (people are not moved silently).
 */
async function reuseOrInsertContact(step: Step, lead: Lead, ownerId: string, accountId: number): Promise<number> {
  const existing = lead.email ? await lockContactByEmail(step.tx, lead.email) : undefined;
  if (existing) {
    if (existing.accountId === null) {
      await step.tx
        .update(contacts)
        .set({ accountId, version: existing.version + 1, updatedAt: step.now })
        .where(eq(contacts.id, existing.id));
      await recordUpdateAudit(step.tx, {
        actorId: step.actorId,
        entityType: 'contact',
        entityId: existing.id,
        before: existing,
        after: { accountId },
      });
    }
    return existing.id;
  }
  const values = {
    firstName: lead.firstName,
    lastName: lead.lastName,
    email: lead.email,
    phone: lead.phone,
    title: lead.title,
    accountId,
    ownerId,
  };
  const [inserted] = await step.tx
    .insert(contacts)
    .values({ ...values, createdAt: step.now, updatedAt: step.now })
    .$returningId();
  const id = inserted!.id;
  await recordAudit(step.tx, { actorId: step.actorId, action: 'create', entityType: 'contact', entityId: id, changes: { ...values, convertedFromLeadId: lead.id } });
  return id;
}

async function lockContactByEmail(tx: Tx, email: string): Promise<Contact | undefined> {
  // Look first without a lock: a locking read of a missing key takes a gap lock, and two conversions
  // holding gap locks and both inserting would deadlock instead of one of them simply winning.
  const [found] = await tx.select({ id: contacts.id }).from(contacts).where(eq(contacts.email, email));
  if (!found) return undefined;
  const [row] = await tx.select().from(contacts).where(eq(contacts.id, found.id)).for('update');
  return row;
}

async function insertOpportunity(
  step: Step,
  ownerId: string,
  accountId: number,
  deal: NonNullable<LeadConvert['createOpportunity']>,
): Promise<number> {
  const defaults = stageDefaults[deal.stage];
  const values = {
    opportunityName: deal.opportunityName,
    accountId,
    stage: deal.stage,
    amount: deal.amount ?? null,
    closeDate: deal.closeDate,
    probability: defaults.probability,
    forecastCategory: defaults.forecastCategory,
    stageEnteredAt: step.now,
    ownerId,
  };
  const [inserted] = await step.tx
    .insert(opportunities)
    .values({ ...values, createdAt: step.now, updatedAt: step.now })
    .$returningId();
  const id = inserted!.id;
  // The opening stage-history row, as every new deal gets.
  await step.tx.insert(opportunityStageHistory).values({
    opportunityId: id,
    fromStage: null,
    toStage: deal.stage,
    amount: values.amount,
    closeDate: values.closeDate,
    changedById: step.actorId,
    changedAt: step.now,
  });
  await recordAudit(step.tx, { actorId: step.actorId, action: 'create', entityType: 'opportunity', entityId: id, changes: values });
  return id;
}

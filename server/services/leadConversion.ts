// Lead conversion: one transaction makes (or links) the account, makes (or reuses) the contact,
// optionally opens a deal, and marks the lead Converted. Anything failing leaves nothing behind.
// It creates the records through the same services the forms use, so stage defaults, stage history,
// access checks and the audit trail are theirs. The lead's activities stay on the lead (its timeline is
// the history of the prospecting work); its captured email and meetings also go on the new contact, account
// and deal, where the customer's history belongs.
import { onLeadConverted } from '../automation/recordTriggers';
import { and, eq } from 'drizzle-orm';
import { contacts, type Lead, leads, users } from '../../drizzle/schema';
import { canEdit } from '../../shared/access';
import { accountCreate } from '../../shared/schemas/accounts';
import { contactCreate } from '../../shared/schemas/contacts';
import type { LeadConvert } from '../../shared/schemas/leads';
import { opportunityCreate } from '../../shared/schemas/opportunities';
import { type DbOrTx, inTransaction, type Tx } from '../db';
import { companyDomainOfEmail, convertedAccountName } from '../domain/leadConversion';
import type { Actor } from '../lib/actor';
import { recordUpdateAudit } from '../lib/audit';
import { conflict, mysqlErrorCode } from '../lib/errors';
import { parseInput } from '../lib/parse';
import { assertCurrentVersion } from '../lib/updates';
import { carryCapturedToConverted } from '../capture/store';
import { createAccount, lockAccountToAttach } from './accounts';
import { createContact, updateContact } from './contacts';
import { alreadyConverted, getLead, loadLeadForWrite } from './leads';
import { createOpportunity } from './opportunities';

export async function convertLead(db: DbOrTx, actor: Actor, input: LeadConvert, now: Date) {
  try {
    return await inTransaction(db, async (tx) => {
      // The row lock makes a second, concurrent conversion wait here and then see 'Converted'.
      const lead = await loadLeadForWrite(tx, actor, input.id);
      if (lead.status === 'Converted') throw alreadyConverted();
      assertCurrentVersion(lead, input.version, 'lead');

      const ownerId = await ownerOfConvertedRecords(tx, lead, actor);
      const accountId =
        input.accountId !== null
          ? await lockExistingAccount(tx, input.accountId)
          : await createAccountFromLead(tx, actor, lead, ownerId, input.accountName, now);
      const contactId = await reuseOrCreateContact(tx, actor, lead, ownerId, accountId, now);
      const opportunityId = input.createOpportunity
        ? (await createOpportunity(tx, actor, parseInput(opportunityCreate, { ...input.createOpportunity, accountId, ownerId: ownerId ?? undefined }), now)).id
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
      await recordUpdateAudit(tx, { actor, entityType: 'lead', entityId: lead.id, before: lead, after: changes });
      await carryCapturedToConverted(tx, lead.id, { contactId, accountId, opportunityId }, now);
      await onLeadConverted(tx, lead.id, now);
      return getLead(tx, actor, { id: lead.id });
    });
  } catch (error) {
    // Another lead with the same email was converted at the same moment and made the contact first.
    const code = mysqlErrorCode(error);
    if (code === 'ER_DUP_ENTRY' || code === 'ER_LOCK_DEADLOCK') {
      throw conflict('A contact with this email was created at the same moment. Try converting again to link to it.', { cause: error });
    }
    throw error;
  }
}

/** The lead's owner keeps the customer; if they have left, whoever converts takes it. */
async function ownerOfConvertedRecords(tx: Tx, lead: Lead, actor: Actor): Promise<string | null> {
  const [owner] = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.id, lead.ownerId), eq(users.active, true)));
  return owner ? owner.id : actor.id;
}

/** Locked so the account cannot be deleted while the contact and deal are being attached to it. */
async function lockExistingAccount(tx: Tx, accountId: number): Promise<number> {
  await lockAccountToAttach(tx, accountId, 'accountId');
  return accountId;
}

async function createAccountFromLead(
  tx: Tx,
  actor: Actor,
  lead: Lead,
  ownerId: string | null,
  requestedName: string | undefined,
  now: Date,
): Promise<number> {
  const input = parseInput(accountCreate, {
    accountName: convertedAccountName(lead, requestedName),
    industry: lead.industry,
    region: lead.region,
    domain: companyDomainOfEmail(lead.email),
    ownerId: ownerId ?? undefined,
  });
  return (await createAccount(tx, actor, input, now)).id;
}

/**
 * A contact with the lead's email already exists: it is the same person, so it is reused. It joins the
 * account when it has none and the converter may change it; otherwise it is linked as it is (people are
 * not moved silently, and nobody changes another rep's contact through a conversion).
 */
async function reuseOrCreateContact(
  tx: Tx,
  actor: Actor,
  lead: Lead,
  ownerId: string | null,
  accountId: number,
  now: Date,
): Promise<number> {
  // Look without a lock: a locking read of a missing key takes a gap lock, and two conversions holding
  // gap locks and both inserting would deadlock instead of one of them simply winning. updateContact
  // locks the row, and the version makes a change made meanwhile a conflict.
  const [existing] = lead.email
    ? await tx
        .select({ id: contacts.id, accountId: contacts.accountId, ownerId: contacts.ownerId, version: contacts.version })
        .from(contacts)
        .where(eq(contacts.email, lead.email))
    : [];
  if (existing) {
    if (existing.accountId === null && canEdit(actor, existing.ownerId)) {
      await updateContact(tx, actor, { id: existing.id, version: existing.version, accountId }, now);
    }
    return existing.id;
  }
  const input = parseInput(contactCreate, {
    firstName: lead.firstName,
    lastName: lead.lastName,
    email: lead.email,
    phone: lead.phone,
    title: lead.title,
    accountId,
    ownerId: ownerId ?? undefined,
  });
  return (await createContact(tx, actor, input, now)).id;
}

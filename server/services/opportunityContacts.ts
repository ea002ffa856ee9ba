// The people involved in a deal, each with their part in it: changed by whoever may change the deal.
// Capture links a deal's email to them; hygiene counts them (missing_contact, single_threaded).
import { and, asc, eq } from 'drizzle-orm';
import { contacts, opportunityContacts } from '../../drizzle/schema';
import type { OpportunityContactAdd, OpportunityContactUpdate } from '../../shared/schemas/opportunities';
import { type DbOrTx, inTransaction, type Tx } from '../db';
import { enqueueOpportunityScan } from '../hygiene/jobs';
import type { Actor } from '../lib/actor';
import { insertAudited, recordDeleteAudit, recordUpdateAudit } from '../lib/audit';
import { conflictOnDuplicate, fieldError, notFound } from '../lib/errors';
import { loadOpportunityForWrite } from './opportunities';

const columns = {
  id: opportunityContacts.id,
  opportunityId: opportunityContacts.opportunityId,
  contactId: opportunityContacts.contactId,
  role: opportunityContacts.role,
  firstName: contacts.firstName,
  lastName: contacts.lastName,
  email: contacts.email,
  title: contacts.title,
};

/** A deal's people by name (a deal has a handful; served by the pair key). */
export async function listOpportunityContacts(db: DbOrTx, _actor: Actor, { opportunityId }: { opportunityId: number }) {
  return db
    .select(columns)
    .from(opportunityContacts)
    .innerJoin(contacts, eq(contacts.id, opportunityContacts.contactId))
    .where(eq(opportunityContacts.opportunityId, opportunityId))
    .orderBy(asc(contacts.lastName), asc(contacts.id))
    .limit(500);
}

async function getOpportunityContact(db: DbOrTx, id: number) {
  const [row] = await db
    .select(columns)
    .from(opportunityContacts)
    .innerJoin(contacts, eq(contacts.id, opportunityContacts.contactId))
    .where(eq(opportunityContacts.id, id));
  if (!row) throw notFound('Deal contact');
  return row;
}

/** The link, after locking its deal (checked for write access) first, as the line items do. */
async function loadForWrite(tx: Tx, actor: Actor, id: number) {
  const [peek] = await tx.select().from(opportunityContacts).where(eq(opportunityContacts.id, id));
  if (!peek) throw notFound('Deal contact');
  await loadOpportunityForWrite(tx, actor, peek.opportunityId);
  return peek;
}

export async function addOpportunityContact(db: DbOrTx, actor: Actor, input: OpportunityContactAdd, now: Date) {
  return inTransaction(db, async (tx) => {
    const deal = await loadOpportunityForWrite(tx, actor, input.opportunityId);
    const [contact] = await tx
      .select({ id: contacts.id })
      .from(contacts)
      .where(and(eq(contacts.id, input.contactId), eq(contacts.accountId, deal.accountId)));
    if (!contact) throw fieldError('invalid', 'contactId', "Choose a contact of the opportunity's account");
    const id = await conflictOnDuplicate(
      insertAudited(tx, opportunityContacts, input, { actor, entityType: 'opportunityContact', now }),
      'contactId',
      'This person is already on the deal',
    );
    await enqueueOpportunityScan(tx, deal.id, now);
    return getOpportunityContact(tx, id);
  });
}

export async function updateOpportunityContact(db: DbOrTx, actor: Actor, input: OpportunityContactUpdate, now: Date) {
  return inTransaction(db, async (tx) => {
    const before = await loadForWrite(tx, actor, input.id);
    await tx.update(opportunityContacts).set({ role: input.role, updatedAt: now }).where(eq(opportunityContacts.id, input.id));
    await recordUpdateAudit(tx, { actor, entityType: 'opportunityContact', entityId: input.id, before, after: { role: input.role } });
    await enqueueOpportunityScan(tx, before.opportunityId, now);
    return getOpportunityContact(tx, input.id);
  });
}

export async function removeOpportunityContact(db: DbOrTx, actor: Actor, { id }: { id: number }, now: Date = new Date()) {
  return inTransaction(db, async (tx) => {
    const before = await loadForWrite(tx, actor, id);
    await tx.delete(opportunityContacts).where(eq(opportunityContacts.id, id));
    await recordDeleteAudit(tx, { actor, entityType: 'opportunityContact', entityId: id, before });
    await enqueueOpportunityScan(tx, before.opportunityId, now);
    return { id };
  });
}

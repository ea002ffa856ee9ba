// Campaigns and their members (campaigns.*): everyone reads; managers and admins create; the owner, managers
// and admins change, fill and delete one (shared/access.ts canEdit). Members are leads and contacts, once each.
import { and, eq, inArray, sql } from 'drizzle-orm';
import { campaignMembers, campaigns, contacts, leads, type Campaign } from '../../drizzle/schema';
import { canEdit, isManagerOrAdmin } from '../../shared/access';
import type {
  CampaignAddMembers,
  CampaignCreate,
  CampaignImportEmails,
  CampaignMemberSource,
  CampaignMemberType,
  CampaignRemoveMember,
  CampaignUpdate,
} from '../../shared/schemas/campaigns';
import { affectedRows, type DbOrTx, inTransaction } from '../db';
import type { Actor } from '../lib/actor';
import { recordAudit, recordDeleteAudit, recordUpdateAudit } from '../lib/audit';
import { conflictOnDuplicate, forbidden, notFound } from '../lib/errors';
import { assertOwnerChangeAllowed, resolveOwner } from '../lib/owners';
import { assertCurrentVersion } from '../lib/updates';

const DUPLICATE_NAME = 'A campaign with this name already exists';

export function assertMayCreateCampaign(actor: Actor) {
  if (actor.role !== 'system' && !isManagerOrAdmin(actor)) throw forbidden('Only managers and admins can create campaigns');
}

/** The campaign, locked for the change, when `actor` may change it: its owner, managers, admins. */
export async function loadCampaignForWrite(tx: DbOrTx, actor: Actor, id: number): Promise<Campaign> {
  const [row] = await tx.select().from(campaigns).where(eq(campaigns.id, id)).for('update');
  if (!row) throw notFound('Campaign');
  if (!canEdit(actor, row.ownerId)) throw forbidden("Only the campaign's owner, managers and admins can change it");
  return row;
}

export async function createCampaign(db: DbOrTx, actor: Actor, input: CampaignCreate, now: Date) {
  assertMayCreateCampaign(actor);
  return inTransaction(db, async (tx) => {
    const ownerId = await resolveOwner(tx, actor, input.ownerId);
    const values = { name: input.name, type: input.type, channel: input.channel, startDate: input.startDate, endDate: input.endDate, cost: input.cost, ownerId };
    const [row] = await conflictOnDuplicate(
      tx.insert(campaigns).values({ ...values, createdById: actor.id, createdAt: now, updatedAt: now }).$returningId(),
      'name',
      DUPLICATE_NAME,
    );
    await recordAudit(tx, { actor, action: 'create', entityType: 'campaign', entityId: row!.id, changes: values });
    // Leads that arrived by web-to-lead naming this campaign before it existed join it now, as of when they arrived.
    await joinLeadsNamingCampaign(tx, row!.id, input.name);
    return { id: row!.id };
  });
}

export async function updateCampaign(db: DbOrTx, actor: Actor, input: CampaignUpdate, now: Date) {
  return inTransaction(db, async (tx) => {
    const before = await loadCampaignForWrite(tx, actor, input.id);
    assertCurrentVersion(before, input.version, 'campaign');
    await assertOwnerChangeAllowed(tx, actor, before.ownerId, input.ownerId);
    const after = {
      name: input.name,
      type: input.type,
      channel: input.channel,
      startDate: input.startDate,
      endDate: input.endDate,
      cost: input.cost,
      ownerId: input.ownerId ?? before.ownerId,
    };
    await conflictOnDuplicate(
      tx.update(campaigns).set({ ...after, version: before.version + 1, updatedAt: now }).where(eq(campaigns.id, before.id)),
      'name',
      DUPLICATE_NAME,
    );
    await recordUpdateAudit(tx, { actor, entityType: 'campaign', entityId: before.id, before, after });
    return { id: before.id };
  });
}

export async function deleteCampaign(db: DbOrTx, actor: Actor, { id }: { id: number }) {
  return inTransaction(db, async (tx) => {
    const before = await loadCampaignForWrite(tx, actor, id);
    // Members go with it (ON DELETE CASCADE); its won revenue is then unattributed to any campaign.
    await tx.delete(campaigns).where(eq(campaigns.id, id));
    await recordDeleteAudit(tx, { actor, entityType: 'campaign', entityId: id, before });
    return { id };
  });
}

export interface MemberRef {
  type: CampaignMemberType;
  id: number;
}

/**
 * Adds members once each (INSERT IGNORE on the campaign+member key): answers how many joined and how many were
 * members already. `addedAt` may be given per member (a lead joins as of when it arrived); default `now`.
 */
export async function insertMembers(
  tx: DbOrTx,
  actor: Actor,
  campaignId: number,
  members: (MemberRef & { addedAt?: Date })[],
  via: CampaignMemberSource,
  now: Date,
): Promise<{ added: number; alreadyMembers: number }> {
  if (members.length === 0) return { added: 0, alreadyMembers: 0 };
  let added = 0;
  // A few thousand rows per statement keeps each insert well inside max_allowed_packet.
  for (let i = 0; i < members.length; i += 2000) {
    const chunk = members.slice(i, i + 2000);
    const result = await tx
      .insert(campaignMembers)
      .ignore()
      .values(chunk.map((m) => ({ campaignId, memberType: m.type, memberId: m.id, addedVia: via, addedAt: m.addedAt ?? now, addedById: actor.id, createdAt: now, updatedAt: now })));
    added += affectedRows(result);
  }
  if (added > 0) await recordAudit(tx, { actor, action: 'update', entityType: 'campaign', entityId: campaignId, changes: { membersAdded: [null, added], via: [null, via] } });
  return { added, alreadyMembers: members.length - added };
}

/** Of the given leads and contacts, the ones that exist (a stale id is refused as a whole, with which one). */
async function assertMembersExist(tx: DbOrTx, members: MemberRef[]) {
  const ids = (type: CampaignMemberType) => [...new Set(members.filter((m) => m.type === type).map((m) => m.id))];
  const leadIds = ids('lead');
  const contactIds = ids('contact');
  const foundLeads = leadIds.length ? await tx.select({ id: leads.id }).from(leads).where(inArray(leads.id, leadIds)) : [];
  const foundContacts = contactIds.length ? await tx.select({ id: contacts.id }).from(contacts).where(inArray(contacts.id, contactIds)) : [];
  if (foundLeads.length < leadIds.length) throw notFound('Lead');
  if (foundContacts.length < contactIds.length) throw notFound('Contact');
}

export async function addMembers(db: DbOrTx, actor: Actor, input: CampaignAddMembers, now: Date) {
  return inTransaction(db, async (tx) => {
    await loadCampaignForWrite(tx, actor, input.campaignId);
    await assertMembersExist(tx, input.members);
    return insertMembers(tx, actor, input.campaignId, input.members, 'manual', now);
  });
}

/**
 * An email list: each address joins as the lead and/or contact that has it (both, when both exist); the
 * addresses that match nobody are answered so the user can fix or create them.
 */
export async function importMembersByEmail(db: DbOrTx, actor: Actor, input: CampaignImportEmails, now: Date) {
  return inTransaction(db, async (tx) => {
    await loadCampaignForWrite(tx, actor, input.campaignId);
    const emails = [...new Set(input.emails)];
    const [leadRows, contactRows] = await Promise.all([
      tx.select({ id: leads.id, email: leads.email }).from(leads).where(inArray(leads.email, emails)),
      tx.select({ id: contacts.id, email: contacts.email }).from(contacts).where(inArray(contacts.email, emails)),
    ]);
    const matched = new Set([...leadRows, ...contactRows].map((r) => r.email?.toLowerCase()));
    const members: MemberRef[] = [...leadRows.map((r) => ({ type: 'lead' as const, id: r.id })), ...contactRows.map((r) => ({ type: 'contact' as const, id: r.id }))];
    const result = await insertMembers(tx, actor, input.campaignId, members, 'import', now);
    return { ...result, notFound: emails.filter((e) => !matched.has(e)) };
  });
}

export async function removeMember(db: DbOrTx, actor: Actor, input: CampaignRemoveMember) {
  return inTransaction(db, async (tx) => {
    await loadCampaignForWrite(tx, actor, input.campaignId);
    const result = await tx
      .delete(campaignMembers)
      .where(and(eq(campaignMembers.campaignId, input.campaignId), eq(campaignMembers.memberType, input.type), eq(campaignMembers.memberId, input.memberId)));
    if (affectedRows(result) === 0) throw notFound('Campaign member');
    await recordAudit(tx, { actor, action: 'update', entityType: 'campaign', entityId: input.campaignId, changes: { memberRemoved: [`${input.type}:${input.memberId}`, null] } });
    return { removed: 1 };
  });
}

/** The campaign a web-to-lead post named (its `campaign` field), matched by name ignoring case; null if none. */
export async function campaignNamed(tx: DbOrTx, name: string | null | undefined): Promise<number | null> {
  if (!name) return null;
  // The column's collation compares case-insensitively, as the unique key does.
  const [row] = await tx.select({ id: campaigns.id }).from(campaigns).where(eq(campaigns.name, name.trim()));
  return row?.id ?? null;
}

/** Every lead whose web-to-lead post named the campaign joins it as of the lead's arrival (one statement). */
async function joinLeadsNamingCampaign(tx: DbOrTx, campaignId: number, name: string) {
  await tx.execute(sql`
    insert ignore into ${campaignMembers} (campaign_id, member_type, member_id, added_via, added_at, created_at, updated_at)
    select ${campaignId}, 'lead', ${leads.id}, 'web_to_lead', ${leads.createdAt}, current_timestamp(3), current_timestamp(3)
    from ${leads}
    where ${leads.extraFields} is not null and lower(json_unquote(json_extract(${leads.extraFields}, '$.campaign'))) = lower(${name})`);
}

/** A web-to-lead lead whose post named an existing campaign joins it as it arrives (in the lead's transaction). */
export async function joinNamedCampaign(tx: DbOrTx, actor: Actor, leadId: number, campaign: unknown, now: Date) {
  const campaignId = await campaignNamed(tx, typeof campaign === 'string' ? campaign : null);
  if (campaignId) await insertMembers(tx, actor, campaignId, [{ type: 'lead', id: leadId }], 'web_to_lead', now);
}

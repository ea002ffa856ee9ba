// Campaign members from a saved view of leads or contacts (campaigns.addFromSegment): the view's filters, as
// the Leads and Contacts lists apply them (client/src/lib/useListParams.ts: q, owner; leads also status and
// leadSource), select the records in one query; they join once each.
import { and, eq, or, sql } from 'drizzle-orm';
import { contacts, leads, savedViews } from '../../drizzle/schema';
import { leadStatuses, type LeadStatus } from '../../shared/enums';
import type { CampaignAddFromSegment } from '../../shared/schemas/campaigns';
import { type DbOrTx, inTransaction } from '../db';
import type { Actor } from '../lib/actor';
import { fieldError, notFound } from '../lib/errors';
import { matchesSearch } from '../lib/listFilters';
import { insertMembers, loadCampaignForWrite } from './campaigns';

/** One segment adds at most this many members: a bigger list is an import, not a view. */
export const SEGMENT_MAX = 10_000;

type Params = Record<string, string>;

function leadsWhere(p: Params) {
  const status = (leadStatuses as readonly string[]).includes(p.status ?? '') ? (p.status as LeadStatus) : undefined;
  return and(
    p.owner ? eq(leads.ownerId, p.owner) : undefined,
    status ? eq(leads.status, status) : undefined,
    p.leadSource ? eq(leads.leadSource, p.leadSource) : undefined,
    matchesSearch(p.q, [leads.firstName, leads.lastName, sql`concat(${leads.firstName}, ' ', ${leads.lastName})`, leads.email, leads.company]),
  );
}

function contactsWhere(p: Params) {
  return and(
    p.owner ? eq(contacts.ownerId, p.owner) : undefined,
    p.account && /^\d+$/.test(p.account) ? eq(contacts.accountId, Number(p.account)) : undefined,
    matchesSearch(p.q, [contacts.firstName, contacts.lastName, contacts.email, sql`concat(${contacts.firstName}, ' ', ${contacts.lastName})`]),
  );
}

export async function addMembersFromSegment(db: DbOrTx, actor: Actor, input: CampaignAddFromSegment, now: Date) {
  return inTransaction(db, async (tx) => {
    await loadCampaignForWrite(tx, actor, input.campaignId);
    const [view] = await tx
      .select()
      .from(savedViews)
      .where(and(eq(savedViews.id, input.viewId), or(actor.id ? eq(savedViews.ownerId, actor.id) : undefined, eq(savedViews.shared, true))));
    // Someone else's private view does not exist as far as this user can tell (as in views.ts).
    if (!view) throw notFound('Saved view');
    if (view.list !== 'leads' && view.list !== 'contacts') throw fieldError('invalid', 'viewId', 'Choose a saved view of leads or contacts');
    const rows =
      view.list === 'leads'
        ? await tx.select({ id: leads.id }).from(leads).where(leadsWhere(view.params)).orderBy(leads.id).limit(SEGMENT_MAX + 1)
        : await tx.select({ id: contacts.id }).from(contacts).where(contactsWhere(view.params)).orderBy(contacts.id).limit(SEGMENT_MAX + 1);
    if (rows.length > SEGMENT_MAX) throw fieldError('invalid', 'viewId', `This view has more than ${SEGMENT_MAX.toLocaleString('en')} records; narrow it first`);
    const type = view.list === 'leads' ? ('lead' as const) : ('contact' as const);
    const result = await insertMembers(tx, actor, input.campaignId, rows.map((r) => ({ type, id: r.id })), 'segment', now);
    return { ...result, view: { id: view.id, name: view.name, list: view.list } };
  });
}

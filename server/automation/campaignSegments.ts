// Campaign members from a saved view of leads or contacts (campaigns.addFromSegment): the view's filters, read as
// the lists read them (shared/viewFilters.ts into the services' *FilterCondition, as segment playbooks do), select
// the records in one query; they join once each.
import { and, eq, or } from 'drizzle-orm';
import { contacts, leads, savedViews } from '../../drizzle/schema';
import type { CampaignAddFromSegment } from '../../shared/schemas/campaigns';
import { viewFilters } from '../../shared/viewFilters';
import { type DbOrTx, inTransaction } from '../db';
import type { Actor } from '../lib/actor';
import { fieldError, notFound } from '../lib/errors';
import { contactFilterCondition } from '../services/contacts';
import { leadFilterCondition } from '../services/leads';
import { insertMembers, loadCampaignForWrite } from './campaigns';

/** One segment adds at most this many members: a bigger list is an import, not a view. */
export const SEGMENT_MAX = 10_000;

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
        ? await tx.select({ id: leads.id }).from(leads).where(leadFilterCondition(viewFilters.leads(view.params))).orderBy(leads.id).limit(SEGMENT_MAX + 1)
        : await tx.select({ id: contacts.id }).from(contacts).where(contactFilterCondition(viewFilters.contacts(view.params))).orderBy(contacts.id).limit(SEGMENT_MAX + 1);
    if (rows.length > SEGMENT_MAX) throw fieldError('invalid', 'viewId', `This view has more than ${SEGMENT_MAX.toLocaleString('en')} records; narrow it first`);
    const type = view.list === 'leads' ? ('lead' as const) : ('contact' as const);
    const result = await insertMembers(tx, actor, input.campaignId, rows.map((r) => ({ type, id: r.id })), 'segment', now);
    return { ...result, view: { id: view.id, name: view.name, list: view.list } };
  });
}

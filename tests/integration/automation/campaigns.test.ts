// campaigns.*: who may change a campaign, its members (by hand, email list, saved view, web-to-lead) and the
// numbers its page shows, on a real database.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { campaignMembers, leads, opportunities, opportunityContacts } from '../../../drizzle/schema';
import { signatureHeader } from '../../../server/domain/webhookSignature';
import type { SessionUser } from '../../../server/lib/actor';
import { fixedClock } from '../../../server/lib/clock';
import { callerFor } from '../../helpers/context';
import { clientError } from '../../helpers/errorShape';
import { makeAccount } from '../../helpers/factories/accounts';
import { makeContact } from '../../helpers/factories/contacts';
import { makeLead } from '../../helpers/factories/leads';
import { makeOpportunity } from '../../helpers/factories/opportunities';
import { makeUser } from '../../helpers/factories/users';
import { startTestServer } from '../../helpers/http';
import { useTestDatabase } from '../../helpers/testDatabase';
import { runDueJobs } from './support';

const t = useTestDatabase();
let manager: SessionUser;
let owner: SessionUser;
let otherRep: SessionUser;
let admin: SessionUser;
let accountId: number;
const clock = fixedClock(new Date('2026-11-10T09:00:00.000Z'));

beforeAll(async () => {
  manager = await makeUser(t.db, { role: 'manager', name: 'Mia Manager' });
  owner = await makeUser(t.db, { role: 'rep', name: 'Olu Owner' });
  otherRep = await makeUser(t.db, { role: 'rep', name: 'Rafa Rep' });
  admin = await makeUser(t.db, { role: 'admin', name: 'Ada Admin' });
  accountId = (await makeAccount(t.db, { ownerId: owner.id, accountName: 'Northwind' })).id;
});

const base = { type: 'Webinar' as const, channel: 'Online', startDate: '2026-11-01', endDate: '2026-11-30', cost: '1000.00' };

describe('campaigns', { timeout: 60_000 }, () => {
  it('managers create; the owner, managers and admins change; other reps only read; inputs get field errors', async () => {
    const bad = await clientError(callerFor(t, manager).campaigns.create({ ...base, name: ' ', startDate: '2026-12-01', endDate: '2026-11-01' }));
    expect(bad.code).toBe('BAD_REQUEST');
    expect(bad.fieldErrors?.name?.[0]).toBe('Name is required');
    expect(bad.fieldErrors?.endDate?.[0]).toMatch(/on or after the start/);
    expect((await clientError(callerFor(t, owner).campaigns.create({ ...base, name: 'Rep made' }))).code).toBe('FORBIDDEN');

    const { id } = await callerFor(t, manager).campaigns.create({ ...base, name: 'Spring summit', ownerId: owner.id });
    const dup = await clientError(callerFor(t, admin).campaigns.create({ ...base, name: 'spring SUMMIT' }));
    expect(dup.code).toBe('CONFLICT');
    expect(dup.fieldErrors?.name?.[0]).toMatch(/already exists/);

    const listed = await callerFor(t, otherRep).campaigns.list();
    expect(listed.find((c) => c.id === id)).toMatchObject({ name: 'Spring summit', ownerName: 'Olu Owner', cost: '1000.00', canEdit: false, memberCount: 0 });
    const updated = await callerFor(t, owner).campaigns.update({ id, ...base, name: 'Spring summit 2027', cost: '1500' });
    expect(updated.id).toBe(id);
    expect((await callerFor(t, owner).campaigns.get({ id })).cost).toBe('1500.00');
    expect((await clientError(callerFor(t, otherRep).campaigns.update({ id, ...base, name: 'Mine now' }))).code).toBe('FORBIDDEN');
    // A save from a page loaded before someone else's is refused; a bad cost is named on its field.
    expect((await clientError(callerFor(t, manager).campaigns.update({ id, version: 1, ...base, name: 'Stale' }))).code).toBe('CONFLICT');
    expect((await clientError(callerFor(t, owner).campaigns.update({ id, ...base, name: 'Spring summit 2027', cost: '12.345' }))).fieldErrors?.cost?.[0]).toMatch(/up to 2 decimals/);
    // The owner may not hand it to someone else; a manager may.
    expect((await clientError(callerFor(t, owner).campaigns.update({ id, ...base, name: 'Spring summit 2027', ownerId: otherRep.id }))).code).toBe('FORBIDDEN');
    await callerFor(t, manager).campaigns.update({ id, ...base, name: 'Spring summit 2027', cost: '1500', ownerId: owner.id });
    const lead = await makeLead(t.db, { ownerId: otherRep.id });
    expect((await clientError(callerFor(t, otherRep).campaigns.addMembers({ campaignId: id, members: [{ type: 'lead', id: lead.id }] }))).code).toBe('FORBIDDEN');
    expect((await clientError(callerFor(t, otherRep).campaigns.delete({ id }))).code).toBe('FORBIDDEN');
    await callerFor(t, admin).campaigns.delete({ id });
    expect((await clientError(callerFor(t, owner).campaigns.get({ id }))).code).toBe('NOT_FOUND');
  });

  it('adds members once each by hand, by email list and from a saved view; counts leads, deals, won revenue and return', async () => {
    const { id } = await callerFor(t, manager).campaigns.create({ ...base, name: 'Winter webinar' });
    const me = callerFor(t, manager, clock);
    // A lead converted into a won deal, a contact on another won deal (contact role), a contact on an open one.
    const won1 = await makeOpportunity(t.db, { ownerId: owner.id, accountId, stage: 'Closed Won', amount: '5000.00' });
    const won2 = await makeOpportunity(t.db, { ownerId: owner.id, accountId, stage: 'Closed Won', amount: '3000.00' });
    const open = await makeOpportunity(t.db, { ownerId: owner.id, accountId, stage: 'Proposal', amount: '9000.00' });
    const converted = await makeLead(t.db, { ownerId: owner.id, status: 'Converted', convertedOpportunityId: won1.id });
    const buyer = await makeContact(t.db, { ownerId: owner.id, accountId });
    const champion = await makeContact(t.db, { ownerId: owner.id, accountId });
    await t.db.insert(opportunityContacts).values({ opportunityId: won2.id, contactId: buyer.id, role: 'Decision maker' });
    await t.db.update(opportunities).set({ championContactId: champion.id }).where(eq(opportunities.id, open.id));

    const first = await me.campaigns.addMembers({ campaignId: id, members: [{ type: 'lead', id: converted.id }, { type: 'contact', id: buyer.id }] });
    expect(first).toEqual({ added: 2, alreadyMembers: 0 });
    expect(await me.campaigns.addMembers({ campaignId: id, members: [{ type: 'lead', id: converted.id }] })).toEqual({ added: 0, alreadyMembers: 1 });
    expect((await clientError(me.campaigns.addMembers({ campaignId: id, members: [{ type: 'lead', id: 999_999 }] }))).code).toBe('NOT_FOUND');
    expect((await clientError(me.campaigns.addMembers({ campaignId: id, members: [] }))).fieldErrors?.members?.[0]).toMatch(/at least one/);

    const imported = await me.campaigns.importEmails({ campaignId: id, emails: [champion.email!.toUpperCase(), 'nobody@nowhere.example'] });
    expect(imported).toEqual({ added: 1, alreadyMembers: 0, notFound: ['nobody@nowhere.example'] });
    const badEmail = await clientError(me.campaigns.importEmails({ campaignId: id, emails: ['not an email'] }));
    expect(badEmail.fieldErrors?.['emails.0']?.[0] ?? badEmail.message).toMatch(/valid email/);

    const nurture = await Promise.all([1, 2].map(() => makeLead(t.db, { ownerId: otherRep.id, status: 'Nurture', leadSource: 'Trade show' })));
    await makeLead(t.db, { ownerId: otherRep.id, status: 'Working', leadSource: 'Trade show' });
    const view = await callerFor(t, otherRep).views.save({ list: 'leads', name: 'Trade show nurture', params: { status: 'Nurture', leadSource: 'Trade show' }, shared: true });
    const fromView = await me.campaigns.addFromSegment({ campaignId: id, viewId: view.id });
    expect(fromView).toMatchObject({ added: 2, alreadyMembers: 0, view: { name: 'Trade show nurture' } });
    const privateView = await callerFor(t, otherRep).views.save({ list: 'leads', name: 'Mine', params: {}, shared: false });
    expect((await clientError(me.campaigns.addFromSegment({ campaignId: id, viewId: privateView.id }))).code).toBe('NOT_FOUND');
    const dealsView = await callerFor(t, manager).views.save({ list: 'opportunities', name: 'Deals', params: {}, shared: false });
    expect((await clientError(me.campaigns.addFromSegment({ campaignId: id, viewId: dealsView.id }))).fieldErrors?.viewId?.[0]).toMatch(/leads or contacts/);

    expect(await callerFor(t, otherRep).campaigns.forRecord({ type: 'contact', id: champion.id })).toMatchObject([{ id, name: 'Winter webinar', addedVia: 'import' }]);
    const page = await callerFor(t, otherRep).campaigns.get({ id });
    expect(page).toMatchObject({ memberCount: 5, leadCount: 3, contactCount: 2, dealCount: 3, wonDealCount: 2, wonRevenue: '8000.00', roi: 7, canEdit: false });
    expect(page.members.map((m) => m.id)).toEqual(expect.arrayContaining([converted.id, buyer.id, champion.id, ...nurture.map((l) => l.id)]));
    expect(page.members.find((m) => m.id === champion.id)).toMatchObject({ type: 'contact', addedVia: 'import', company: 'Northwind' });
    expect(page.deals.map((d) => d.id).sort()).toEqual([won1.id, won2.id, open.id].sort());

    // A contact the member lead was converted into reaches the same deal: counted once, through both.
    const asContact = await makeContact(t.db, { ownerId: owner.id, accountId });
    await t.db.update(leads).set({ convertedContactId: asContact.id }).where(eq(leads.id, converted.id));
    await me.campaigns.addMembers({ campaignId: id, members: [{ type: 'contact', id: asContact.id }] });
    const again = await me.campaigns.get({ id });
    expect(again).toMatchObject({ memberCount: 6, dealCount: 3, wonRevenue: '8000.00' });
    expect(again.deals.find((d) => d.id === won1.id)!.via).toEqual({ leads: 1, contacts: 1 });
    await me.campaigns.removeMember({ campaignId: id, type: 'contact', memberId: asContact.id });

    await me.campaigns.removeMember({ campaignId: id, type: 'lead', memberId: nurture[0]!.id });
    expect((await clientError(me.campaigns.removeMember({ campaignId: id, type: 'lead', memberId: nurture[0]!.id }))).code).toBe('NOT_FOUND');
    // A deleted lead drops out of the counts.
    await t.db.delete(leads).where(eq(leads.id, nurture[1]!.id));
    expect(await callerFor(t, owner).campaigns.get({ id })).toMatchObject({ memberCount: 3, leadCount: 1 });
  });

  it('a web-to-lead lead naming a campaign joins it; a campaign created later takes in the leads that named it', async () => {
    const server = await startTestServer(t);
    try {
      await callerFor(t, manager).campaigns.create({ ...base, name: 'Q4 ebook' });
      const { sourceId, secret } = await callerFor(t, admin).webToLead.createSource({ name: 'Site form' });
      const postLead = async (campaign: string, key: string) => {
        const body = JSON.stringify({ firstName: 'Maya', lastName: key, email: `${key}@northwind.example`, company: 'Northwind', campaign });
        const ts = Math.floor(Date.now() / 1000);
        const res = await fetch(`${server.baseUrl}/webhooks/leads/${sourceId}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-trucrm-signature': signatureHeader(secret, ts, body), 'idempotency-key': key },
          body,
        });
        expect(res.status).toBe(202);
      };
      await postLead('q4 EBOOK', 'maya1');
      await postLead('Partner day', 'maya2');
      await runDueJobs(t);
      const ebook = (await callerFor(t, owner).campaigns.list()).find((c) => c.name === 'Q4 ebook')!;
      const members = await callerFor(t, owner).campaigns.get({ id: ebook.id });
      expect(members.members.map((m) => [m.email, m.addedVia])).toEqual([['maya1@northwind.example', 'web_to_lead']]);

      const { id: partnerId } = await callerFor(t, manager).campaigns.create({ ...base, name: 'Partner day' });
      const [joined] = await t.db.select().from(campaignMembers).where(and(eq(campaignMembers.campaignId, partnerId)));
      const [lead] = await t.db.select().from(leads).where(eq(leads.email, 'maya2@northwind.example'));
      expect(joined).toMatchObject({ memberType: 'lead', memberId: lead!.id, addedVia: 'web_to_lead' });
      expect(joined!.addedAt.getTime()).toBe(lead!.createdAt.getTime());
    } finally {
      await server.close();
    }
  });
});

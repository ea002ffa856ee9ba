// attribution.summary on a small real dataset: touches collected from leads, campaign members, contact roles
// and playbook enrolments, credited under each model.
import { beforeAll, describe, expect, it } from 'vitest';
import { campaignMembers, opportunityContacts, playbookEnrolments, playbooks } from '../../../drizzle/schema';
import type { SessionUser } from '../../../server/lib/actor';
import { callerFor } from '../../helpers/context';
import { clientError } from '../../helpers/errorShape';
import { makeAccount } from '../../helpers/factories/accounts';
import { makeContact } from '../../helpers/factories/contacts';
import { makeLead } from '../../helpers/factories/leads';
import { makeOpportunity } from '../../helpers/factories/opportunities';
import { makeUser } from '../../helpers/factories/users';
import { useTestDatabase } from '../../helpers/testDatabase';

const t = useTestDatabase();
let rep: SessionUser;
const at = (s: string) => new Date(`${s}T12:00:00.000Z`);
const period = { from: '2026-10-01', to: '2026-12-31', bucket: 'month' as const };
let ids: { won1: number; won2: number; won3: number; webinar: number; ebook: number; playbook: number };

beforeAll(async () => {
  const manager = await makeUser(t.db, { role: 'manager' });
  rep = await makeUser(t.db, { role: 'rep' });
  const accountId = (await makeAccount(t.db, { ownerId: rep.id })).id;
  // won1: $5,000 on 30 Nov; its lead came from the website form on 1 Oct and joined the webinar on 10 Oct;
  // the deal entered the Proposal playbook on 27 Nov.
  const won1 = await makeOpportunity(t.db, { ownerId: rep.id, accountId, stage: 'Closed Won', amount: '5000.00', closedAt: at('2026-11-30') });
  // won2: $3,000 on 20 Nov; its decision maker joined the ebook campaign on 18 Nov (and the webinar after the close).
  const won2 = await makeOpportunity(t.db, { ownerId: rep.id, accountId, stage: 'Closed Won', amount: '3000.00', closedAt: at('2026-11-20') });
  // won3: $1,000 on 5 Dec with no touch at all; and deals that do not count: won outside the period, lost.
  const won3 = await makeOpportunity(t.db, { ownerId: rep.id, accountId, stage: 'Closed Won', amount: '1000.00', closedAt: at('2026-12-05') });
  const outside = await makeOpportunity(t.db, { ownerId: rep.id, accountId, stage: 'Closed Won', amount: '7777.00', closedAt: at('2027-01-10') });
  const lost = await makeOpportunity(t.db, { ownerId: rep.id, accountId, stage: 'Closed Lost', amount: '8888.00', closedAt: at('2026-11-15') });
  const lead = await makeLead(t.db, { ownerId: rep.id, leadSource: 'Website form', status: 'Converted', convertedOpportunityId: won1.id, createdAt: at('2026-10-01') });
  await makeLead(t.db, { ownerId: rep.id, leadSource: 'Trade show', status: 'Converted', convertedOpportunityId: outside.id, createdAt: at('2026-10-01') });
  await makeLead(t.db, { ownerId: rep.id, leadSource: 'Trade show', status: 'Converted', convertedOpportunityId: lost.id, createdAt: at('2026-10-01') });
  const buyer = await makeContact(t.db, { ownerId: rep.id, accountId });
  await t.db.insert(opportunityContacts).values({ opportunityId: won2.id, contactId: buyer.id, role: 'Decision maker' });
  const webinar = (await callerFor(t, manager).campaigns.create({ name: 'Winter webinar', type: 'Webinar', cost: '2000' })).id;
  const ebook = (await callerFor(t, manager).campaigns.create({ name: 'Q4 ebook', type: 'Content', cost: '500' })).id;
  await t.db.insert(campaignMembers).values([
    { campaignId: webinar, memberType: 'lead', memberId: lead.id, addedVia: 'manual', addedAt: at('2026-10-10') },
    { campaignId: ebook, memberType: 'contact', memberId: buyer.id, addedVia: 'import', addedAt: at('2026-11-18') },
    { campaignId: webinar, memberType: 'contact', memberId: buyer.id, addedVia: 'import', addedAt: at('2026-11-25') },
  ]);
  const [pb] = await t.db.insert(playbooks).values({ name: 'Proposal checklist' }).$returningId();
  await t.db.insert(playbookEnrolments).values({ playbookId: pb!.id, playbookVersion: 1, recordType: 'opportunity', recordId: won1.id, ownerId: rep.id, state: 'completed', enrolledAt: at('2026-11-27') });
  ids = { won1: won1.id, won2: won2.id, won3: won3.id, webinar, ebook, playbook: pb!.id };
});

const amounts = (rows: { label: string; amount: string }[]) => Object.fromEntries(rows.map((r) => [r.label, r.amount]));

describe('attribution.summary', { timeout: 60_000 }, () => {
  it('first touch: the lead source for won1, the ebook for won2, won3 unattributed', async () => {
    const s = await callerFor(t, rep).attribution.summary({ model: 'first', period });
    expect(s).toMatchObject({ wonRevenue: '9000.00', dealCount: 3, unattributed: { amount: '1000.00', deals: 1 } });
    expect(amounts(s.bySource)).toEqual({ 'Website form': '5000.00' });
    expect(amounts(s.byCampaign)).toEqual({ 'Q4 ebook': '3000.00' });
    expect(s.byPlaybook).toEqual([]);
    expect(s.periods.map((p) => [p.label, p.wonRevenue, p.source, p.campaign, p.unattributed])).toEqual([
      ['October 2026', '0.00', '0.00', '0.00', '0.00'],
      ['November 2026', '8000.00', '5000.00', '3000.00', '0.00'],
      ['December 2026', '1000.00', '0.00', '0.00', '1000.00'],
    ]);
    // The drill-down: won2's touches before its close (the webinar membership came after it).
    const won2 = s.deals.find((d) => d.id === ids.won2)!;
    expect(won2.touches.map((x) => [x.kind, x.label])).toEqual([['campaign', 'Q4 ebook']]);
    expect(won2.credits).toEqual([{ kind: 'campaign', key: String(ids.ebook), label: 'Q4 ebook', amount: '3000.00' }]);
  });

  it('last touch within 7 days: the playbook for won1, the ebook for won2; a 1-day window leaves both unattributed', async () => {
    const s = await callerFor(t, rep).attribution.summary({ model: 'last', period });
    expect(amounts(s.byPlaybook)).toEqual({ 'Proposal checklist': '5000.00' });
    expect(amounts(s.byCampaign)).toEqual({ 'Q4 ebook': '3000.00' });
    expect(s.bySource).toEqual([]);
    const narrow = await callerFor(t, rep).attribution.summary({ model: 'last', period, windowDays: 1 });
    expect(narrow.unattributed).toEqual({ amount: '9000.00', deals: 3 });
  });

  it('linear: won1 split three ways to the cent, totals add up to won revenue', async () => {
    const s = await callerFor(t, rep).attribution.summary({ model: 'linear', period });
    expect(amounts(s.bySource)).toEqual({ 'Website form': '1666.67' });
    expect(amounts(s.byCampaign)).toEqual({ 'Q4 ebook': '3000.00', 'Winter webinar': '1666.67' });
    expect(amounts(s.byPlaybook)).toEqual({ 'Proposal checklist': '1666.66' });
    const won1 = s.deals.find((d) => d.id === ids.won1)!;
    expect(won1.touches.map((x) => x.label)).toEqual(['Website form', 'Winter webinar', 'Proposal checklist']);
  });

  it('refuses a period that ends before it starts, with the field', async () => {
    const error = await clientError(callerFor(t, rep).attribution.summary({ model: 'first', period: { from: '2026-12-01', to: '2026-11-01' } }));
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.fieldErrors?.period?.[0] ?? error.message).toMatch(/start must be before the end/);
  });
});

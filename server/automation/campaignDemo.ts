// The demo's campaigns: three of them, with members whose deals were won, so Campaigns and Attribution show
// real numbers. Members join as of a day chosen relative to each deal's close: the ebook weeks before (a first
// touch), the webinar days before (a last touch inside the 7-day window); the partner summit's guests on its day.
// The Proposal checklist playbook is shown to have run on a few of the won deals while they were in Proposal,
// and a few won deals began as leads (a referral, a trade show ...), so lead sources earn credit too.
import { and, desc, eq, gte, inArray, isNotNull, isNull, or } from 'drizzle-orm';
import { accounts, campaignMembers, contacts, leads, opportunities, playbookEnrolments, playbooks } from '../../drizzle/schema';
import type { DbOrTx } from '../db';
import { systemActor } from '../lib/actor';
import { createCampaign } from './campaigns';

const DAY = 86_400_000;
const dayString = (d: Date) => d.toISOString().slice(0, 10);
const daysFrom = (d: Date, n: number) => new Date(d.getTime() + n * DAY);

export async function seedDemoCampaigns(tx: DbOrTx, { ownerId, managerId, now }: { ownerId: string; managerId: string; now: Date }) {
  const actor = systemActor('demo data');
  const won = await tx
    .select({
      id: opportunities.id,
      closedAt: opportunities.closedAt,
      champion: opportunities.championContactId,
      buyer: opportunities.economicBuyerContactId,
      accountId: opportunities.accountId,
      ownerId: opportunities.ownerId,
    })
    .from(opportunities)
    .where(
      and(
        eq(opportunities.stage, 'Closed Won'),
        isNull(opportunities.deletedAt),
        gte(opportunities.closedAt, daysFrom(now, -330)),
        or(isNotNull(opportunities.championContactId), isNotNull(opportunities.economicBuyerContactId)),
      ),
    )
    .orderBy(desc(opportunities.closedAt), opportunities.id)
    .limit(14);
  const converted = await tx
    .select({ id: leads.id, createdAt: leads.createdAt })
    .from(leads)
    .where(isNotNull(leads.convertedOpportunityId))
    .orderBy(leads.id)
    .limit(3);

  const create = (name: string, type: 'Webinar' | 'Content' | 'Event', channel: string, start: Date, end: Date, cost: string, owner: string) =>
    createCampaign(tx, actor, { name, type, channel, startDate: dayString(start), endDate: dayString(end), cost, ownerId: owner }, daysFrom(start, -14));
  const webinarStart = daysFrom(now, -75);
  const ebookStart = daysFrom(now, -150);
  const summitDay = daysFrom(now, -200);
  // The web-to-lead demo leads that named "Winter webinar" and "Q4 ebook" join as their campaigns are created.
  const webinar = await create('Winter webinar', 'Webinar', 'Online', webinarStart, daysFrom(now, 20), '18000.00', managerId);
  const ebook = await create('Q4 ebook', 'Content', 'LinkedIn', ebookStart, daysFrom(now, 10), '9500.00', ownerId);
  const summit = await create('Partner summit', 'Event', 'In person', summitDay, daysFrom(summitDay, 2), '85000.00', managerId);

  const contactOf = (d: (typeof won)[number]) => (d.champion ?? d.buyer)!;
  const rows: (typeof campaignMembers.$inferInsert)[] = [];
  const join = (campaignId: number, memberType: 'lead' | 'contact', memberId: number, addedVia: 'manual' | 'import' | 'segment', addedAt: Date) =>
    rows.push({ campaignId, memberType, memberId, addedVia, addedAt, createdAt: addedAt, updatedAt: addedAt });
  won.forEach((d, i) => {
    const closedAt = d.closedAt!;
    // Ebook readers weeks before the close; webinar attendees in the last days before it; summit guests on its day.
    const readAt = daysFrom(closedAt, -30 - i);
    if (i % 3 === 0 && readAt > ebookStart) join(ebook.id, 'contact', contactOf(d), 'import', readAt);
    if (i % 2 === 0 && daysFrom(closedAt, -3) > webinarStart) join(webinar.id, 'contact', contactOf(d), 'manual', daysFrom(closedAt, -3));
    if (i % 4 === 1 && closedAt > summitDay) join(summit.id, 'contact', contactOf(d), 'segment', daysFrom(summitDay, 1));
  });
  // The summit's guest list also had a few leads that later converted.
  for (const l of converted) join(summit.id, 'lead', l.id, 'import', daysFrom(summitDay, 1));
  if (rows.length > 0) await tx.insert(campaignMembers).ignore().values(rows);

  await seedOriginLeads(tx, won.filter((_, i) => i % 3 === 2).map((d) => ({ ...d, contactId: contactOf(d) })));

  // The Proposal checklist ran on a few won deals a week or two before they closed (and ended with the close).
  const [proposal] = await tx.select({ id: playbooks.id }).from(playbooks).where(eq(playbooks.defaultKey, 'proposal-checklist'));
  if (proposal) {
    const enrolled = won.filter((_, i) => i % 3 === 1).slice(0, 4);
    if (enrolled.length > 0) {
      await tx.insert(playbookEnrolments).values(
        enrolled.map((d) => ({
          playbookId: proposal.id,
          playbookVersion: 1,
          recordType: 'opportunity',
          recordId: d.id,
          ownerId,
          state: 'exited' as const,
          currentStep: 3,
          enrolledAt: daysFrom(d.closedAt!, -6),
          finishedAt: d.closedAt!,
          reason: 'The deal closed',
          createdAt: daysFrom(d.closedAt!, -6),
          updatedAt: d.closedAt!,
        })),
      );
    }
  }
}

const originSources = ['Referral', 'Trade show', 'Partner', 'Website', 'Webinar'] as const;

/** Won deals that began as a lead: the lead, converted into the deal's contact and the deal, from a source. */
async function seedOriginLeads(tx: DbOrTx, deals: { id: number; closedAt: Date | null; accountId: number; ownerId: string; contactId: number }[]) {
  if (deals.length === 0) return;
  const people = await tx
    .select({ id: contacts.id, firstName: contacts.firstName, lastName: contacts.lastName, email: contacts.email, title: contacts.title, company: accounts.accountName, industry: accounts.industry })
    .from(contacts)
    .innerJoin(accounts, eq(accounts.id, contacts.accountId))
    .where(inArray(contacts.id, deals.map((d) => d.contactId)));
  const byId = new Map(people.map((p) => [p.id, p]));
  const rows = deals.flatMap((d, i) => {
    const person = byId.get(d.contactId);
    if (!person) return [];
    // Arrived two to three months before the close, converted a few days later.
    const arrived = daysFrom(d.closedAt!, -60 - 9 * i);
    const convertedAt = daysFrom(arrived, 4);
    return [
      {
        firstName: person.firstName ?? 'Demo',
        lastName: person.lastName ?? 'Lead',
        email: person.email,
        company: person.company,
        title: person.title,
        industry: person.industry,
        leadSource: originSources[i % originSources.length]!,
        status: 'Converted' as const,
        ownerId: d.ownerId,
        convertedAt,
        convertedAccountId: d.accountId,
        convertedContactId: d.contactId,
        convertedOpportunityId: d.id,
        createdAt: arrived,
        updatedAt: convertedAt,
      },
    ];
  });
  if (rows.length > 0) await tx.insert(leads).values(rows);
}

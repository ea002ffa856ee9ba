// The demo's leads: prospects at the companies that are not accounts yet, in every status, plus a few
// leads already converted into the demo's accounts, contacts and deals.
import type { leads } from '../../../drizzle/schema';
import type { LeadStatus } from '../../../shared/enums';
import { DEMO_ACCOUNT_COUNT, industryOfSector, regionOf, sampleCompanies, sampleDomain } from './sampleData/companies';
import { emailLocalPart, fictionalPhone, firstNames, lastNames, titlesOfRole } from './sampleData/people';
import { addDays, type DemoContext, workTime } from './context';
import type { SalesData } from './sales';

export type LeadRow = typeof leads.$inferInsert & { id: number; ownerId: string; createdAt: Date; status: LeadStatus };

const leadSources = ['Website', 'Referral', 'Trade show', 'Webinar', 'Outbound', 'Partner'] as const;

const statusesOfProspects: LeadStatus[] = [
  ...Array<LeadStatus>(10).fill('New'),
  ...Array<LeadStatus>(8).fill('Working'),
  ...Array<LeadStatus>(6).fill('Nurture'),
  ...Array<LeadStatus>(6).fill('Qualified'),
  ...Array<LeadStatus>(5).fill('Unqualified'),
];

const scoreRange: Record<LeadStatus, [number, number]> = {
  New: [5, 50],
  Working: [30, 80],
  Nurture: [10, 40],
  Qualified: [60, 95],
  Unqualified: [0, 20],
  Converted: [60, 95],
};

const allTitles = Object.values(titlesOfRole).flat();

export function buildLeads(ctx: DemoContext, sales: SalesData): LeadRow[] {
  const { rng, team } = ctx;
  const prospects = sampleCompanies.slice(DEMO_ACCOUNT_COUNT);
  const statuses = rng.shuffle(statusesOfProspects);
  const rows: LeadRow[] = prospects.map((company, i) => {
    const firstName = rng.pick(firstNames);
    const lastName = rng.pick(lastNames);
    const status = statuses[i % statuses.length]!;
    const id = ctx.nextId('leads');
    const createdAt = workTime(ctx, -rng.int(status === 'New' ? 1 : 8, status === 'New' ? 10 : 60));
    const [min, max] = scoreRange[status];
    return {
      id,
      firstName,
      lastName,
      email: `${emailLocalPart(firstName, lastName)}@${sampleDomain(company.name)}`,
      phone: rng.chance(0.7) ? fictionalPhone(id + 40) : null,
      company: company.name,
      title: rng.pick(allTitles),
      industry: industryOfSector[company.sector] ?? null,
      employees: company.employees,
      region: regionOf(company.officeLocation),
      leadSource: rng.pick(leadSources),
      score: rng.int(min, max),
      status,
      ownerId: team.reps[i % team.reps.length]!.id,
      createdAt,
      updatedAt: createdAt,
    };
  });

  // Converted leads: the deal's champion came in as a lead shortly before the deal was opened.
  const accountOf = new Map(sales.accounts.map((a) => [a.id, a]));
  const candidates = sales.opportunities.filter(
    (o) => ['Discovery', 'Solution/Demo', 'PoC/Trial', 'Proposal'].includes(o.stage),
  );
  const usedAccounts = new Set<number>();
  for (const deal of rng.shuffle(candidates)) {
    if (rows.length >= prospects.length + 5) break;
    const contact = sales.contacts.find((c) => c.accountId === deal.accountId && c.role === 'Champion');
    const account = accountOf.get(deal.accountId);
    if (!contact || !account || usedAccounts.has(account.id)) continue;
    usedAccounts.add(account.id);
    const convertedAt = deal.createdAt;
    const createdAt = addDays(convertedAt, -rng.int(3, 20));
    const [min, max] = scoreRange.Converted;
    rows.push({
      id: ctx.nextId('leads'),
      firstName: contact.firstName,
      lastName: contact.lastName,
      email: contact.email,
      phone: contact.phone ?? null,
      company: account.accountName,
      title: contact.title ?? null,
      industry: account.industry ?? null,
      region: account.region ?? null,
      leadSource: rng.pick(leadSources),
      score: rng.int(min, max),
      status: 'Converted',
      ownerId: deal.ownerId,
      convertedAt,
      convertedAccountId: account.id,
      convertedContactId: contact.id,
      convertedOpportunityId: deal.id,
      createdAt,
      updatedAt: convertedAt,
    });
  }
  return rows;
}

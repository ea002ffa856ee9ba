// The demo's sales side: accounts with contacts, the product catalogue, and ~150 deals across every stage
// with stage history, MEDDIC notes and line items that add up to the deal amount.
import type { accounts, contacts, lineItems, opportunities, opportunityStageHistory, products } from '../../../drizzle/schema';
import { stageGate } from '../../../shared/stageGate';
import { isOpenStage, type Stage, stageDefaults, stages } from '../../../shared/stages';
import { centsToMoney, moneyToCents } from '../../../shared/money';
import { lineItemTotal } from '../../domain/lineItems';
import { DEMO_ACCOUNT_COUNT, industryOfSector, regionOf, sampleCompanies, sampleDomain, securityPostureOf, verticalsOfIndustry } from './sampleData/companies';
import {
  competitors,
  dealAmount,
  dealInitiatives,
  discountChoices,
  lossReasons,
  meddicNotes,
  nextStepsOfStage,
  quantityRange,
  sampleProducts,
  stagePath,
} from './sampleData/deals';
import { contactRoles, emailLocalPart, fictionalPhone, firstNames, lastNames, titlesOfRole } from './sampleData/people';
import { addDays, DAY, type DemoContext, type DemoUser, dayOf, laterOf, spread, workTime, workTimeBetween } from './context';

export type AccountRow = typeof accounts.$inferInsert & { id: number; ownerId: string; createdAt: Date; domain: string };
export type ContactRow = typeof contacts.$inferInsert & { id: number; accountId: number; role: string; email: string; createdAt: Date };
export type ProductRow = typeof products.$inferInsert & { id: number };
export type OpportunityRow = typeof opportunities.$inferInsert & {
  id: number;
  stage: Stage;
  ownerId: string;
  createdAt: Date;
  closedAt: Date | null;
  stageEnteredAt: Date;
};
export type StageHistoryRow = typeof opportunityStageHistory.$inferInsert;
export type LineItemRow = typeof lineItems.$inferInsert;

export interface SalesData {
  accounts: AccountRow[];
  contacts: ContactRow[];
  products: ProductRow[];
  opportunities: OpportunityRow[];
  stageHistory: StageHistoryRow[];
  lineItems: LineItemRow[];
}

/** 150 deals: every stage, more early than late, a quarter closed in the last 90 days. */
const stageCounts: Record<Stage, number> = {
  Prospecting: 20,
  Discovery: 20,
  'Solution/Demo': 18,
  'PoC/Trial': 14,
  'Security Review': 10,
  Proposal: 14,
  Negotiation: 12,
  'Closed Won': 24,
  'Closed Lost': 18,
};

export function buildSales(ctx: DemoContext): SalesData {
  const { rng } = ctx;
  const productRows = buildProducts(ctx);
  const accountRows = buildAccounts(ctx);
  const contactRows = accountRows.flatMap((account) => buildContacts(ctx, account));
  const contactsOf = new Map<number, ContactRow[]>();
  for (const c of contactRows) contactsOf.set(c.accountId, [...(contactsOf.get(c.accountId) ?? []), c]);

  const stageSlots = rng.shuffle(stages.flatMap((stage) => Array.from({ length: stageCounts[stage] }, () => stage)));
  // Every account has at least one deal; the rest go to accounts at random.
  const accountOrder = rng.shuffle(accountRows);
  const namesUsed = new Set<string>();
  const out: SalesData = { accounts: accountRows, contacts: contactRows, products: productRows, opportunities: [], stageHistory: [], lineItems: [] };
  stageSlots.forEach((stage, i) => {
    const account = accountOrder[i] ?? rng.pick(accountRows);
    const owner = rng.chance(0.85) ? account.ownerId : rng.pick(ctx.team.reps).id;
    let name = `${account.accountName} – ${rng.pick(dealInitiatives)}`;
    while (namesUsed.has(name)) name = `${account.accountName} – ${rng.pick(dealInitiatives)} ${rng.int(2, 9)}`;
    namesUsed.add(name);
    const deal = buildDeal(ctx, { stage, account, ownerId: owner, name, contacts: contactsOf.get(account.id) ?? [], products: productRows });
    out.opportunities.push(deal.opportunity);
    out.stageHistory.push(...deal.history);
    out.lineItems.push(...deal.lines);
  });
  return out;
}

function buildProducts(ctx: DemoContext): ProductRow[] {
  const createdAt = workTime(ctx, -400);
  return sampleProducts.map((p) => ({ id: ctx.nextId('products'), ...p, active: true, createdAt, updatedAt: createdAt }));
}

function buildAccounts(ctx: DemoContext): AccountRow[] {
  const { rng, team } = ctx;
  const idOfName = new Map<string, number>();
  return sampleCompanies.slice(0, DEMO_ACCOUNT_COUNT).map((company, i) => {
    const id = ctx.nextId('accounts');
    idOfName.set(company.name, id);
    const industry = industryOfSector[company.sector] ?? 'Technology';
    const domain = sampleDomain(company.name);
    const createdAt = workTime(ctx, -rng.int(200, 720));
    // A manager keeps a few strategic accounts; the reps share the rest.
    const owner: DemoUser = i % 10 === 4 ? team.managers[0]! : team.reps[i % team.reps.length]!;
    return {
      id,
      accountName: company.name,
      industry,
      region: regionOf(company.officeLocation),
      vertical: rng.pick(verticalsOfIndustry[industry] ?? ['General']),
      securityPosture: securityPostureOf(industry),
      website: `https://www.${domain}`,
      domain,
      // Parents come before their subsidiaries in the list.
      parentAccountId: company.subsidiaryOf ? (idOfName.get(company.subsidiaryOf) ?? null) : null,
      ownerId: owner.id,
      createdAt,
      updatedAt: createdAt,
    };
  });
}

function buildContacts(ctx: DemoContext, account: AccountRow): ContactRow[] {
  const { rng } = ctx;
  const count = rng.int(2, 5);
  const used = new Set<string>();
  return contactRoles.slice(0, count).map((role) => {
    let firstName = rng.pick(firstNames);
    let lastName = rng.pick(lastNames);
    while (used.has(emailLocalPart(firstName, lastName))) {
      firstName = rng.pick(firstNames);
      lastName = rng.pick(lastNames);
    }
    used.add(emailLocalPart(firstName, lastName));
    const id = ctx.nextId('contacts');
    const createdAt = workTimeBetween(ctx, account.createdAt, addDays(ctx.now, -30));
    return {
      id,
      firstName,
      lastName,
      email: `${emailLocalPart(firstName, lastName)}@${account.domain}`,
      phone: fictionalPhone(id),
      title: rng.pick(titlesOfRole[role]),
      role,
      accountId: account.id,
      ownerId: account.ownerId,
      createdAt,
      updatedAt: createdAt,
    };
  });
}

const gateSkipReasons = [
  'Customer asked to move fast; we fill this in at the next meeting',
  'Not known yet, the champion is finding out',
  'Procurement owns this; asked them this week',
  'Agreed on the call, notes to follow',
];

/**
 * A move past a stage gate field the deal still lacks was made with a reason (shared/stageGate.ts), as the
 * dialog asks today. The reason is picked by the deal's id, not the random stream, so the rest of the demo
 * stays as it was.
 */
function recordGateSkips(history: StageHistoryRow[], deal: OpportunityRow): void {
  for (const row of history) {
    if (!row.fromStage) continue;
    const { missing } = stageGate(row.fromStage, row.toStage, deal);
    if (missing.length === 0) continue;
    row.gateSkippedFields = missing;
    row.gateSkipReason = gateSkipReasons[deal.id! % gateSkipReasons.length]!;
  }
}

interface DealSpec {
  stage: Stage;
  account: AccountRow;
  ownerId: string;
  name: string;
  contacts: ContactRow[];
  products: ProductRow[];
}

function buildDeal(ctx: DemoContext, spec: DealSpec) {
  const { rng, now } = ctx;
  const { stage } = spec;
  const id = ctx.nextId('opportunities');
  const open = isOpenStage(stage);

  // Line items on about half the deals; their total is the amount.
  const lines: LineItemRow[] = [];
  let amount: string | null;
  if (rng.chance(stage === 'Closed Won' ? 0.6 : 0.4)) {
    let cents = 0n;
    for (const product of rng.sample(spec.products, rng.int(1, 3))) {
      const [min, max] = quantityRange(product.listPrice);
      const line = { quantity: rng.int(min, max), unitPrice: product.listPrice, discountPercent: rng.pick(discountChoices) };
      const totalPrice = lineItemTotal(line)!;
      cents += moneyToCents(totalPrice);
      lines.push({ id: ctx.nextId('lineItems'), opportunityId: id, productId: product.id, ...line, totalPrice });
    }
    amount = centsToMoney(cents);
  } else {
    amount = stage === 'Prospecting' && rng.chance(0.2) ? null : dealAmount(rng);
  }

  // Dates: closed deals closed in the last 90 days; open ones close within 6 months, a few are overdue.
  let closedAt: Date | null = null;
  let createdAt: Date;
  let closeDate: string;
  if (!open) {
    closedAt = workTime(ctx, -rng.int(1, 90));
    closeDate = dayOf(closedAt);
    createdAt = workTime(ctx, Math.round((closedAt.getTime() - now.getTime()) / DAY) - rng.int(30, 150));
  } else {
    closeDate = dayOf(addDays(now, rng.chance(0.12) ? -rng.int(1, 30) : rng.int(7, 180)));
    createdAt = workTime(ctx, -rng.int(10, 150));
  }
  const pushCount = rng.chance(open ? 0.25 : 0.15) ? rng.int(1, open ? 3 : 2) : 0;
  // Before the pushes the deal was expected to close about a month earlier per push.
  const originalCloseDate = dayOf(addDays(new Date(`${closeDate}T00:00:00Z`), -30 * pushCount));

  const path = stagePath(rng, stage);
  const lastChange = closedAt ?? (path.length === 1 ? createdAt : workTimeBetween(ctx, new Date(createdAt.getTime() + (now.getTime() - createdAt.getTime()) * 0.4), now));
  const times = spread(ctx, createdAt, laterOf(lastChange, createdAt), path.length);
  const history: StageHistoryRow[] = path.map((toStage, i) => ({
    id: ctx.nextId('opportunityStageHistory'),
    opportunityId: id,
    fromStage: i === 0 ? null : path[i - 1]!,
    fromStageEnteredAt: i === 0 ? null : times[i - 1]!,
    toStage,
    amount,
    closeDate: pushCount > 0 && i < Math.ceil(path.length / 2) ? originalCloseDate : closeDate,
    changedById: spec.ownerId,
    changedAt: times[i]!,
    createdAt: times[i]!,
    updatedAt: times[i]!,
  }));
  const stageEnteredAt = times[times.length - 1]!;

  // MEDDIC fills in as a deal matures; a lost deal got as far as the stage it dropped out at.
  const reached = stage === 'Closed Won' ? 7 : stage === 'Closed Lost' ? stages.indexOf(path[path.length - 2] ?? 'Prospecting') : stages.indexOf(stage);
  const has = (fromStage: number, p: number) => reached >= fromStage && rng.chance(p);
  const contactWithRole = (role: string) => spec.contacts.find((c) => c.role === role)?.id ?? null;
  const lossReason = stage === 'Closed Lost' ? rng.pick(lossReasons) : null;
  const competitor = lossReason === 'Lost to competitor' || rng.chance(0.35) ? rng.pick(competitors) : null;
  const nextStep = open && rng.chance(0.85) ? rng.pick(nextStepsOfStage[stage]) : null;

  const opportunity: OpportunityRow = {
    id,
    opportunityName: spec.name,
    accountId: spec.account.id,
    stage,
    amount,
    closeDate,
    probability: stageDefaults[stage].probability,
    forecastCategory: stageDefaults[stage].forecastCategory,
    nextStep,
    nextStepDate: nextStep && rng.chance(0.8) ? dayOf(addDays(now, rng.int(-10, 21))) : null,
    economicBuyerContactId: has(3, 0.8) ? contactWithRole('Economic Buyer') : null,
    championContactId: has(2, 0.85) ? contactWithRole('Champion') : null,
    metrics: has(2, 0.8) ? rng.pick(meddicNotes.metrics) : null,
    decisionCriteria: has(3, 0.8) ? rng.pick(meddicNotes.decisionCriteria) : null,
    decisionProcess: has(4, 0.75) ? rng.pick(meddicNotes.decisionProcess) : null,
    paperProcess: has(5, 0.75) ? rng.pick(meddicNotes.paperProcess) : null,
    identifiedPain: has(1, 0.85) ? rng.pick(meddicNotes.identifiedPain) : null,
    competition: competitor && has(3, 0.9) ? `${competitor}: ${rng.pick(meddicNotes.competition)}` : null,
    competitor,
    lossReason,
    pushCount,
    stageEnteredAt,
    closedAt,
    ownerId: spec.ownerId,
    createdAt,
    updatedAt: workTimeBetween(ctx, stageEnteredAt, now),
  };
  recordGateSkips(history, opportunity);
  return { opportunity, history, lines };
}

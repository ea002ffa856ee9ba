// Gathers the facts the hygiene rules read, for the whole pipeline or one deal, with a few set-based queries
// (never one per deal): deals with owner and account, their contacts' activity, activity aggregates, line
// items, stage-history aggregates, the stage durations behind stale_in_stage, accounts, contacts, projects,
// open cases. The rules themselves are pure: server/domain/hygiene/evaluate.ts.
import { and, eq, inArray, isNull, ne, sql, type SQL } from 'drizzle-orm';
import {
  accounts,
  activities,
  cases,
  contacts,
  lineItems,
  milestones,
  opportunities,
  opportunityContacts,
  opportunityStageHistory,
  products,
  projects,
  users,
} from '../../drizzle/schema';
import { isOpenStage, type Stage, stages } from '../../shared/stages';
import type { DbOrTx } from '../db';
import { type AccountFacts, type ContactFacts, type Facts, type OpportunityFacts, ownerMedians, type PipelineStats } from '../domain/hygiene/facts';
import { DAY_MS, todayOf } from '../domain/hygiene/evaluate';
import { moneyToCents } from '../../shared/money';

/** What a scan covers: everything, or one deal (the incremental scan after a change). */
export type ScanScope = { kind: 'all' } | { kind: 'opportunity'; id: number };

/** stale_in_stage may look back at most this far (its historyDays threshold's maximum). */
const STAGE_HISTORY_MAX_DAYS = 730;

const stageList = sql.raw(stages.map((s) => `'${s.replace(/'/g, "''")}'`).join(', '));
const stageNo = (column: SQL | typeof opportunityStageHistory.toStage) => sql`field(${column}, ${stageList})`;

const cents = (amount: string | null) => (amount === null ? null : Number(moneyToCents(amount)));
const asDate = (v: unknown): Date | null => (v === null || v === undefined ? null : v instanceof Date ? v : new Date(`${String(v).replace(' ', 'T')}Z`));

function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) && Array.isArray(result[0]) ? result[0] : result) as T[];
}

async function opportunityFacts(db: DbOrTx, scope: ScanScope, now: Date): Promise<OpportunityFacts[]> {
  const dealFilter = scope.kind === 'opportunity' ? eq(opportunities.id, scope.id) : undefined;
  const deals = await db
    .select({
      id: opportunities.id,
      name: opportunities.opportunityName,
      ownerId: opportunities.ownerId,
      ownerName: users.name,
      ownerActive: users.active,
      accountId: opportunities.accountId,
      stage: opportunities.stage,
      amount: opportunities.amount,
      closeDate: opportunities.closeDate,
      probability: opportunities.probability,
      forecastCategory: opportunities.forecastCategory,
      nextStep: opportunities.nextStep,
      nextStepDate: opportunities.nextStepDate,
      economicBuyerContactId: opportunities.economicBuyerContactId,
      championContactId: opportunities.championContactId,
      identifiedPain: opportunities.identifiedPain,
      decisionCriteria: opportunities.decisionCriteria,
      decisionProcess: opportunities.decisionProcess,
      paperProcess: opportunities.paperProcess,
      lossReason: opportunities.lossReason,
      pushCount: opportunities.pushCount,
      createdAt: opportunities.createdAt,
      stageEnteredAt: opportunities.stageEnteredAt,
      lastActivityAt: opportunities.lastActivityAt,
      accountSecurityPosture: accounts.securityPosture,
    })
    .from(opportunities)
    .leftJoin(users, eq(users.id, opportunities.ownerId))
    .leftJoin(accounts, eq(accounts.id, opportunities.accountId))
    .where(and(isNull(opportunities.deletedAt), dealFilter));
  if (deals.length === 0) return [];

  const one = scope.kind === 'opportunity' ? scope.id : null;
  const byDeal = <T>(rows: T[], key: (r: T) => number) => new Map(rows.map((r) => [key(r), r]));

  // The people on each deal: economic buyer, champion and opportunity_contacts, with their last activity.
  const [dealPeople, keyPeople, activity, items, history] = await Promise.all([
    db
      .select({ opportunityId: opportunityContacts.opportunityId, contactId: contacts.id, lastActivityAt: contacts.lastActivityAt })
      .from(opportunityContacts)
      .innerJoin(contacts, eq(contacts.id, opportunityContacts.contactId))
      .where(one ? eq(opportunityContacts.opportunityId, one) : undefined),
    db
      .select({ opportunityId: opportunities.id, contactId: contacts.id, lastActivityAt: contacts.lastActivityAt })
      .from(opportunities)
      .innerJoin(contacts, sql`${contacts.id} in (${opportunities.economicBuyerContactId}, ${opportunities.championContactId})`)
      .where(and(isNull(opportunities.deletedAt), dealFilter)),
    db
      .select({
        id: activities.relatedToId,
        lastMeetingAt: sql<unknown>`max(case when ${activities.type} = 'meeting' and ${activities.occurredAt} <= ${now} then ${activities.occurredAt} end)`,
        lastInboundEmailAt: sql<unknown>`max(case when ${activities.type} = 'email' and ${activities.direction} = 'inbound' and ${activities.occurredAt} <= ${now} then ${activities.occurredAt} end)`,
        lastOutboundEmailAt: sql<unknown>`max(case when ${activities.type} = 'email' and ${activities.direction} = 'outbound' and ${activities.occurredAt} <= ${now} then ${activities.occurredAt} end)`,
        overdueTasks: sql<string>`sum(case when ${activities.type} = 'task' and ${activities.completedAt} is null and ${activities.dueAt} < ${now} then 1 else 0 end)`,
        approved: sql<string>`max(case when ${activities.type} = 'note' and ${activities.subject} like 'discount approved%' then 1 else 0 end)`,
      })
      .from(activities)
      .where(and(eq(activities.relatedToType, 'opportunity'), one ? eq(activities.relatedToId, one) : undefined))
      .groupBy(activities.relatedToId),
    db
      .select({ id: lineItems.opportunityId, count: sql<string>`count(*)`, maxDiscount: sql<string>`max(${lineItems.discountPercent})` })
      .from(lineItems)
      .where(one ? eq(lineItems.opportunityId, one) : undefined)
      .groupBy(lineItems.opportunityId),
    db
      .select({
        id: opportunityStageHistory.opportunityId,
        maxJump: sql<string | null>`max(case when ${opportunityStageHistory.fromStage} is not null and ${opportunityStageHistory.toStage} <> 'Closed Lost' then ${stageNo(opportunityStageHistory.toStage)} - ${stageNo(sql`${opportunityStageHistory.fromStage}`)} end)`,
        lastBack: sql<unknown>`max(case when ${opportunityStageHistory.toStage} not in ('Closed Won', 'Closed Lost') and ${stageNo(opportunityStageHistory.toStage)} < ${stageNo(sql`${opportunityStageHistory.fromStage}`)} then ${opportunityStageHistory.changedAt} end)`,
        advanced: sql<string>`max(case when ${opportunityStageHistory.toStage} <> 'Prospecting' then 1 else 0 end)`,
        securityReview: sql<string>`max(case when ${opportunityStageHistory.toStage} = 'Security Review' or ${opportunityStageHistory.fromStage} = 'Security Review' then 1 else 0 end)`,
      })
      .from(opportunityStageHistory)
      .where(one ? eq(opportunityStageHistory.opportunityId, one) : undefined)
      .groupBy(opportunityStageHistory.opportunityId),
  ]);

  const people = new Map<number, Map<number, Date | null>>();
  for (const p of [...dealPeople, ...keyPeople]) {
    const m = people.get(p.opportunityId) ?? new Map<number, Date | null>();
    m.set(p.contactId, p.lastActivityAt);
    people.set(p.opportunityId, m);
  }
  const acts = byDeal(activity, (r) => r.id);
  const lines = byDeal(items, (r) => r.id);
  const moves = byDeal(history, (r) => r.id);

  return deals.map((d): OpportunityFacts => {
    const a = acts.get(d.id);
    const l = lines.get(d.id);
    const h = moves.get(d.id);
    const mine = people.get(d.id) ?? new Map<number, Date | null>();
    return {
      id: d.id,
      name: d.name,
      ownerId: d.ownerId,
      ownerName: d.ownerName ?? '',
      ownerActive: d.ownerActive ?? false,
      accountId: d.accountId,
      stage: d.stage,
      amountCents: cents(d.amount),
      closeDate: d.closeDate,
      probability: d.probability,
      forecastCategory: d.forecastCategory,
      nextStep: d.nextStep,
      nextStepDate: d.nextStepDate,
      economicBuyerContactId: d.economicBuyerContactId,
      championContactId: d.championContactId,
      identifiedPain: d.identifiedPain,
      decisionCriteria: d.decisionCriteria,
      decisionProcess: d.decisionProcess,
      paperProcess: d.paperProcess,
      lossReason: d.lossReason,
      pushCount: d.pushCount,
      createdAt: d.createdAt,
      stageEnteredAt: d.stageEnteredAt,
      lastActivityAt: d.lastActivityAt,
      contactCount: mine.size,
      contactLastActivity: [...mine.values()],
      championLastActivityAt: d.championContactId !== null ? (mine.get(d.championContactId) ?? null) : null,
      lastMeetingAt: asDate(a?.lastMeetingAt),
      lastInboundEmailAt: asDate(a?.lastInboundEmailAt),
      lastOutboundEmailAt: asDate(a?.lastOutboundEmailAt),
      overdueTasks: Number(a?.overdueTasks ?? 0),
      lineItemCount: Number(l?.count ?? 0),
      maxDiscountPercent: Number(l?.maxDiscount ?? 0),
      discountApproved: Number(a?.approved ?? 0) > 0,
      maxForwardJump: Math.max(0, Number(h?.maxJump ?? 0)),
      lastBackwardMoveAt: asDate(h?.lastBack),
      everAdvanced: Number(h?.advanced ?? 0) > 0 || d.stage !== 'Prospecting',
      everInSecurityReview: Number(h?.securityReview ?? 0) > 0 || d.stage === 'Security Review',
      accountSecurityPosture: d.accountSecurityPosture ?? null,
    };
  });
}

/** How long deals stayed in each stage before leaving it, for moves in the last STAGE_HISTORY_MAX_DAYS days. */
export async function stageDurations(db: DbOrTx, now: Date): Promise<PipelineStats['stageDurations']> {
  const since = new Date(now.getTime() - STAGE_HISTORY_MAX_DAYS * DAY_MS);
  const result = await db.execute(sql`
    select stage, left_at as leftAt, timestampdiff(second, entered_at, left_at) as seconds from (
      select ${opportunityStageHistory.fromStage} as stage, ${opportunityStageHistory.changedAt} as left_at,
        lag(${opportunityStageHistory.changedAt}) over (partition by ${opportunityStageHistory.opportunityId}
          order by ${opportunityStageHistory.changedAt}, ${opportunityStageHistory.id}) as entered_at
      from ${opportunityStageHistory}
      where ${opportunityStageHistory.opportunityId} in (
        select ${opportunityStageHistory.opportunityId} from ${opportunityStageHistory} where ${opportunityStageHistory.changedAt} >= ${since}
      )
    ) moves
    where stage is not null and entered_at is not null and left_at >= ${since}`);
  const out: PipelineStats['stageDurations'] = new Map();
  for (const r of rowsOf<{ stage: Stage; leftAt: unknown; seconds: number | string }>(result)) {
    const list = out.get(r.stage) ?? [];
    list.push({ leftAt: asDate(r.leftAt)!, days: Number(r.seconds) / 86_400 });
    out.set(r.stage, list);
  }
  return out;
}

async function productsExist(db: DbOrTx): Promise<boolean> {
  const [row] = await db.select({ id: products.id }).from(products).where(eq(products.active, true)).limit(1);
  return !!row;
}

/** Median open amounts of the given owners (all owners when scanning everything: from the deals loaded). */
async function ownerMedianAmounts(db: DbOrTx, scope: ScanScope, deals: OpportunityFacts[]): Promise<Map<string, number>> {
  if (scope.kind === 'all') return ownerMedians(deals, isOpenStage);
  const owners = [...new Set(deals.map((d) => d.ownerId))];
  if (owners.length === 0) return new Map();
  const rows = await db
    .select({ ownerId: opportunities.ownerId, stage: opportunities.stage, amount: opportunities.amount })
    .from(opportunities)
    .where(and(inArray(opportunities.ownerId, owners), isNull(opportunities.closedAt), isNull(opportunities.deletedAt)));
  return ownerMedians(rows.map((r) => ({ ownerId: r.ownerId, stage: r.stage, amountCents: cents(r.amount) })), isOpenStage);
}

async function accountFacts(db: DbOrTx): Promise<AccountFacts[]> {
  const [rows, won] = await Promise.all([
    db
      .select({
        id: accounts.id,
        ownerId: accounts.ownerId,
        name: accounts.accountName,
        industry: accounts.industry,
        domain: accounts.domain,
        lastActivityAt: accounts.lastActivityAt,
        createdAt: accounts.createdAt,
      })
      .from(accounts)
      .where(isNull(accounts.deletedAt)),
    db
      .selectDistinct({ accountId: opportunities.accountId })
      .from(opportunities)
      .where(and(eq(opportunities.stage, 'Closed Won'), isNull(opportunities.deletedAt))),
  ]);
  const domainCounts = new Map<string, number>();
  for (const r of rows) if (r.domain) domainCounts.set(r.domain.toLowerCase(), (domainCounts.get(r.domain.toLowerCase()) ?? 0) + 1);
  const customers = new Set(won.map((w) => w.accountId));
  return rows.map((r) => ({
    ...r,
    domainCount: r.domain ? domainCounts.get(r.domain.toLowerCase())! : 0,
    hasWonDeal: customers.has(r.id),
  }));
}

async function contactFacts(db: DbOrTx): Promise<ContactFacts[]> {
  const rows = await db
    .select({
      id: contacts.id,
      ownerId: contacts.ownerId,
      name: sql<string>`concat(${contacts.firstName}, ' ', ${contacts.lastName})`,
      email: contacts.email,
      phone: contacts.phone,
    })
    .from(contacts);
  const counts = new Map<string, number>();
  for (const r of rows) if (r.email) counts.set(r.email.toLowerCase(), (counts.get(r.email.toLowerCase()) ?? 0) + 1);
  return rows.map((r) => ({ ...r, emailCount: r.email ? counts.get(r.email.toLowerCase())! : 0 }));
}

async function projectFacts(db: DbOrTx, now: Date) {
  const overdue = db
    .select({ projectId: milestones.projectId, overdue: sql<string>`count(*)`.as('overdue') })
    .from(milestones)
    .where(and(ne(milestones.status, 'Completed'), sql`${milestones.dueDate} < ${todayOf(now)}`))
    .groupBy(milestones.projectId)
    .as('overdue_milestones');
  const rows = await db
    .select({
      id: projects.id,
      ownerId: projects.ownerId,
      name: projects.projectName,
      status: projects.status,
      startDate: projects.startDate,
      createdAt: projects.createdAt,
      expectedUsers: projects.expectedUsers,
      activeUsers: projects.activeUsers,
      overdue: overdue.overdue,
    })
    .from(projects)
    .leftJoin(overdue, eq(overdue.projectId, projects.id))
    .where(and(isNull(projects.deletedAt), sql`${projects.status} not in ('Completed', 'Cancelled')`));
  return rows.map(({ overdue: n, ...r }) => ({ ...r, overdueMilestones: Number(n ?? 0) }));
}

async function caseFacts(db: DbOrTx) {
  return db
    .select({
      id: cases.id,
      ownerId: cases.ownerId,
      name: sql<string>`concat(${cases.caseNumber}, ' ', ${cases.subject})`,
      status: cases.status,
      priority: cases.priority,
      slaDueAt: cases.slaDueAt,
      createdAt: cases.createdAt,
    })
    .from(cases)
    .where(ne(cases.status, 'Closed'));
}

/** Stage durations change slowly: an incremental scan reuses the last ones read for a few minutes. */
let durationCache: { at: number; value: PipelineStats['stageDurations'] } | null = null;
const DURATION_CACHE_MS = 5 * 60_000;

export function forgetStageDurations(): void {
  durationCache = null;
}

export async function gatherFacts(db: DbOrTx, scope: ScanScope, now: Date): Promise<Facts> {
  const durations = async () => {
    if (scope.kind === 'opportunity' && durationCache && now.getTime() - durationCache.at < DURATION_CACHE_MS) return durationCache.value;
    const value = await stageDurations(db, now);
    durationCache = { at: now.getTime(), value };
    return value;
  };
  const all = scope.kind === 'all';
  const [deals, stageDays, hasProducts, accountRows, contactRows, projectRows, caseRows] = await Promise.all([
    opportunityFacts(db, scope, now),
    durations(),
    productsExist(db),
    all ? accountFacts(db) : Promise.resolve([]),
    all ? contactFacts(db) : Promise.resolve([]),
    all ? projectFacts(db, now) : Promise.resolve([]),
    all ? caseFacts(db) : Promise.resolve([]),
  ]);
  return {
    opportunities: deals,
    accounts: accountRows,
    contacts: contactRows,
    projects: projectRows,
    cases: caseRows,
    stats: { ownerMedianAmountCents: await ownerMedianAmounts(db, scope, deals), stageDurations: stageDays, productsExist: hasProducts },
  };
}

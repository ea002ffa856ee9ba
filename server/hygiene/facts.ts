// Gathers the facts the hygiene rules read in id-ordered batches (keyset: id > after, limit n), each batch by
// a few set-based queries over its id range (never one per deal): deals with owner and account, their
// contacts' activity, activity aggregates, line items, stage-history aggregates; accounts, contacts,
// projects and open cases the same way. What a rule compares a deal with (owner medians, stage durations)
// is read once per scan. The rules themselves are pure: server/domain/hygiene/evaluate.ts.
import { and, asc, eq, gt, inArray, isNull, lte, ne, sql, type SQL } from 'drizzle-orm';
import type { MySqlColumn } from 'drizzle-orm/mysql-core';
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
import { openStages, type Stage, stages } from '../../shared/stages';
import type { DbOrTx } from '../db';
import type { AccountFacts, CaseFacts, ContactFacts, OpportunityFacts, PipelineStats, ProjectFacts } from '../domain/hygiene/facts';
import { DAY_MS, todayOf } from '../domain/hygiene/evaluate';
import { moneyToCents } from '../../shared/money';

/** The records other than deals that have an incremental scan of their own. */
export type ScannedRecordType = 'account' | 'contact' | 'project' | 'case';

/** What a scan covers: everything, one deal, or one other record (the incremental scans after a change). */
export type ScanScope = { kind: 'all' } | { kind: 'opportunity'; id: number } | { kind: 'record'; recordType: ScannedRecordType; id: number };

/**
 * The ids a batch covers, (after, upTo]; upTo null means "and everything above". Stored results are
 * compared over the same range, so a record deleted inside it has its results resolved.
 */
export interface IdRange {
  after: number;
  upTo: number | null;
}

/** Which records to load: the next `limit` ids above `after`, none above `upTo`. */
export interface BatchWindow extends IdRange {
  limit: number;
}

export interface Batch<F> {
  records: F[];
  range: IdRange;
}

/** stale_in_stage may look back at most this far (its historyDays threshold's maximum). */
const STAGE_HISTORY_MAX_DAYS = 730;

const stageList = sql.raw(stages.map((s) => `'${s.replace(/'/g, "''")}'`).join(', '));
const openStageList = sql.raw(openStages.map((s) => `'${s.replace(/'/g, "''")}'`).join(', '));
const stageNo = (column: SQL | typeof opportunityStageHistory.toStage) => sql`field(${column}, ${stageList})`;

const cents = (amount: string | null) => (amount === null ? null : Number(moneyToCents(amount)));
const asDate = (v: unknown): Date | null => (v === null || v === undefined ? null : v instanceof Date ? v : new Date(`${String(v).replace(' ', 'T')}Z`));

function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) && Array.isArray(result[0]) ? result[0] : result) as T[];
}

/** `column` within the window: id > after and id <= upTo. */
const inWindow = (column: MySqlColumn, w: IdRange) => and(gt(column, w.after), w.upTo === null ? undefined : lte(column, w.upTo));

/** The range a loaded batch stands for: up to its window's end, or (a full page) up to its last id. */
function rangeOf(w: BatchWindow, ids: readonly number[]): IdRange {
  if (w.upTo !== null || ids.length < w.limit) return { after: w.after, upTo: w.upTo };
  return { after: w.after, upTo: ids[ids.length - 1]! };
}

/** `column` between the first and last id loaded: the aggregates a batch needs, read by index range. */
const loaded = (column: MySqlColumn, ids: readonly number[]) => sql`${column} between ${ids[0]!} and ${ids[ids.length - 1]!}`;

export async function opportunityBatch(db: DbOrTx, w: BatchWindow, now: Date): Promise<Batch<OpportunityFacts>> {
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
    .where(and(isNull(opportunities.deletedAt), inWindow(opportunities.id, w)))
    .orderBy(asc(opportunities.id))
    .limit(w.limit);
  const ids = deals.map((d) => d.id);
  const range = rangeOf(w, ids);
  if (deals.length === 0) return { records: [], range };

  // The people on each deal: economic buyer, champion and opportunity_contacts, with their last activity.
  const dealPeople = await db
    .select({ opportunityId: opportunityContacts.opportunityId, contactId: contacts.id, lastActivityAt: contacts.lastActivityAt })
    .from(opportunityContacts)
    .innerJoin(contacts, eq(contacts.id, opportunityContacts.contactId))
    .where(loaded(opportunityContacts.opportunityId, ids));
  const keyPeople = await db
    .select({ opportunityId: opportunities.id, contactId: contacts.id, lastActivityAt: contacts.lastActivityAt })
    .from(opportunities)
    .innerJoin(contacts, sql`${contacts.id} in (${opportunities.economicBuyerContactId}, ${opportunities.championContactId})`)
    .where(and(isNull(opportunities.deletedAt), loaded(opportunities.id, ids)));
  const items = await db
    .select({ id: lineItems.opportunityId, count: sql<string>`count(*)`, maxDiscount: sql<string>`max(${lineItems.discountPercent})` })
    .from(lineItems)
    .where(loaded(lineItems.opportunityId, ids))
    .groupBy(lineItems.opportunityId);
  const activity = await db
    .select({
      id: activities.relatedToId,
      lastMeetingAt: sql<unknown>`max(case when ${activities.type} = 'meeting' and ${activities.occurredAt} <= ${now} then ${activities.occurredAt} end)`,
      lastInboundEmailAt: sql<unknown>`max(case when ${activities.type} = 'email' and ${activities.direction} = 'inbound' and ${activities.occurredAt} <= ${now} then ${activities.occurredAt} end)`,
      lastOutboundEmailAt: sql<unknown>`max(case when ${activities.type} = 'email' and ${activities.direction} = 'outbound' and ${activities.occurredAt} <= ${now} then ${activities.occurredAt} end)`,
      overdueTasks: sql<string>`sum(case when ${activities.type} = 'task' and ${activities.completedAt} is null and ${activities.dueAt} < ${now} then 1 else 0 end)`,
    })
    .from(activities)
    .where(and(eq(activities.relatedToType, 'opportunity'), loaded(activities.relatedToId, ids)))
    .groupBy(activities.relatedToId);
  // An approval note only matters on a deal with a discount (discount_over_limit is all that reads it): looked
  // up for those deals alone, so the aggregate above stays in its index and no note is read for the rest.
  const discounted = items.filter((i) => Number(i.maxDiscount ?? 0) > 0).map((i) => i.id);
  const approvals = discounted.length
    ? await db
        .selectDistinct({ id: activities.relatedToId })
        .from(activities)
        .where(and(eq(activities.relatedToType, 'opportunity'), inArray(activities.relatedToId, discounted), eq(activities.type, 'note'), sql`${activities.subject} like 'discount approved%'`))
    : [];
  const history = await db
    .select({
      id: opportunityStageHistory.opportunityId,
      maxJump: sql<string | null>`max(case when ${opportunityStageHistory.fromStage} is not null and ${opportunityStageHistory.toStage} <> 'Closed Lost' then ${stageNo(opportunityStageHistory.toStage)} - ${stageNo(sql`${opportunityStageHistory.fromStage}`)} end)`,
      lastBack: sql<unknown>`max(case when ${opportunityStageHistory.toStage} not in ('Closed Won', 'Closed Lost') and ${stageNo(opportunityStageHistory.toStage)} < ${stageNo(sql`${opportunityStageHistory.fromStage}`)} then ${opportunityStageHistory.changedAt} end)`,
      advanced: sql<string>`max(case when ${opportunityStageHistory.toStage} <> 'Prospecting' then 1 else 0 end)`,
      securityReview: sql<string>`max(case when ${opportunityStageHistory.toStage} = 'Security Review' or ${opportunityStageHistory.fromStage} = 'Security Review' then 1 else 0 end)`,
    })
    .from(opportunityStageHistory)
    .where(loaded(opportunityStageHistory.opportunityId, ids))
    .groupBy(opportunityStageHistory.opportunityId);

  const people = new Map<number, Map<number, Date | null>>();
  for (const p of [...dealPeople, ...keyPeople]) {
    const m = people.get(p.opportunityId) ?? new Map<number, Date | null>();
    m.set(p.contactId, p.lastActivityAt);
    people.set(p.opportunityId, m);
  }
  const acts = new Map(activity.map((r) => [r.id, r]));
  const approved = new Set(approvals.map((r) => r.id));
  const lines = new Map(items.map((r) => [r.id, r]));
  const moves = new Map(history.map((r) => [r.id, r]));

  const records = deals.map((d): OpportunityFacts => {
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
      discountApproved: approved.has(d.id),
      maxForwardJump: Math.max(0, Number(h?.maxJump ?? 0)),
      lastBackwardMoveAt: asDate(h?.lastBack),
      everAdvanced: Number(h?.advanced ?? 0) > 0 || d.stage !== 'Prospecting',
      everInSecurityReview: Number(h?.securityReview ?? 0) > 0 || d.stage === 'Security Review',
      accountSecurityPosture: d.accountSecurityPosture ?? null,
    };
  });
  return { records, range };
}

export async function accountBatch(db: DbOrTx, w: BatchWindow): Promise<Batch<AccountFacts>> {
  const rows = await db
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
    .where(and(isNull(accounts.deletedAt), inWindow(accounts.id, w)))
    .orderBy(asc(accounts.id))
    .limit(w.limit);
  const ids = rows.map((r) => r.id);
  const range = rangeOf(w, ids);
  if (rows.length === 0) return { records: [], range };
  const domains = [...new Set(rows.flatMap((r) => (r.domain ? [r.domain.toLowerCase()] : [])))];
  // Domains compare case-insensitively under the column's collation, so one group per domain.
  const shared = domains.length
    ? await db
        .select({ domain: accounts.domain, n: sql<string>`count(*)` })
        .from(accounts)
        .where(and(isNull(accounts.deletedAt), inArray(accounts.domain, domains)))
        .groupBy(accounts.domain)
    : [];
  const won = await db
    .selectDistinct({ accountId: opportunities.accountId })
    .from(opportunities)
    .where(and(eq(opportunities.stage, 'Closed Won'), isNull(opportunities.deletedAt), loaded(opportunities.accountId, ids)));
  const domainCounts = new Map<string, number>();
  for (const s of shared) if (s.domain) domainCounts.set(s.domain.toLowerCase(), (domainCounts.get(s.domain.toLowerCase()) ?? 0) + Number(s.n));
  const customers = new Set(won.map((x) => x.accountId));
  return {
    records: rows.map((r) => ({ ...r, domainCount: r.domain ? (domainCounts.get(r.domain.toLowerCase()) ?? 1) : 0, hasWonDeal: customers.has(r.id) })),
    range,
  };
}

export async function contactBatch(db: DbOrTx, w: BatchWindow): Promise<Batch<ContactFacts>> {
  const rows = await db
    .select({
      id: contacts.id,
      ownerId: contacts.ownerId,
      name: sql<string>`concat(${contacts.firstName}, ' ', ${contacts.lastName})`,
      email: contacts.email,
      phone: contacts.phone,
    })
    .from(contacts)
    .where(inWindow(contacts.id, w))
    .orderBy(asc(contacts.id))
    .limit(w.limit);
  const range = rangeOf(w, rows.map((r) => r.id));
  const emails = [...new Set(rows.flatMap((r) => (r.email ? [r.email.toLowerCase()] : [])))];
  const shared = emails.length
    ? await db.select({ email: contacts.email, n: sql<string>`count(*)` }).from(contacts).where(inArray(contacts.email, emails)).groupBy(contacts.email)
    : [];
  const counts = new Map<string, number>();
  for (const s of shared) if (s.email) counts.set(s.email.toLowerCase(), (counts.get(s.email.toLowerCase()) ?? 0) + Number(s.n));
  return { records: rows.map((r) => ({ ...r, emailCount: r.email ? (counts.get(r.email.toLowerCase()) ?? 1) : 0 })), range };
}

export async function projectBatch(db: DbOrTx, w: BatchWindow, now: Date): Promise<Batch<ProjectFacts>> {
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
    })
    .from(projects)
    .where(and(isNull(projects.deletedAt), sql`${projects.status} not in ('Completed', 'Cancelled')`, inWindow(projects.id, w)))
    .orderBy(asc(projects.id))
    .limit(w.limit);
  const ids = rows.map((r) => r.id);
  const range = rangeOf(w, ids);
  if (rows.length === 0) return { records: [], range };
  const overdue = await db
    .select({ projectId: milestones.projectId, overdue: sql<string>`count(*)` })
    .from(milestones)
    .where(and(ne(milestones.status, 'Completed'), sql`${milestones.dueDate} < ${todayOf(now)}`, loaded(milestones.projectId, ids)))
    .groupBy(milestones.projectId);
  const overdueOf = new Map(overdue.map((o) => [o.projectId, Number(o.overdue)]));
  return { records: rows.map((r) => ({ ...r, overdueMilestones: overdueOf.get(r.id) ?? 0 })), range };
}

export async function caseBatch(db: DbOrTx, w: BatchWindow): Promise<Batch<CaseFacts>> {
  const records = await db
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
    .where(and(ne(cases.status, 'Closed'), inWindow(cases.id, w)))
    .orderBy(asc(cases.id))
    .limit(w.limit);
  return { records, range: rangeOf(w, records.map((r) => r.id)) };
}

/** How long deals stayed in each stage before leaving it, for moves in the last `historyDays` days. */
export async function stageDurations(db: DbOrTx, now: Date, historyDays = STAGE_HISTORY_MAX_DAYS): Promise<PipelineStats['stageDurations']> {
  const out: PipelineStats['stageDurations'] = new Map();
  if (historyDays <= 0) return out;
  const since = new Date(now.getTime() - Math.min(historyDays, STAGE_HISTORY_MAX_DAYS) * DAY_MS);
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

/**
 * Median amount (cents) of each owner's open deals with an amount, computed by the database (a window over
 * the owner's deals ordered by amount), for every owner or the given ones.
 */
export async function ownerMedianAmounts(db: DbOrTx, owners?: readonly string[]): Promise<Map<string, number>> {
  if (owners && owners.length === 0) return new Map();
  const ownerFilter = owners ? sql`and ${opportunities.ownerId} in (${sql.join(owners.map((o) => sql`${o}`), sql`, `)})` : sql``;
  const result = await db.execute(sql`
    select owner_id as ownerId, avg(amount_cents) as median from (
      select ${opportunities.ownerId} as owner_id, ${opportunities.amount} * 100 as amount_cents,
        row_number() over (partition by ${opportunities.ownerId} order by ${opportunities.amount}) as n,
        count(*) over (partition by ${opportunities.ownerId}) as total
      from ${opportunities}
      where ${opportunities.deletedAt} is null and ${opportunities.stage} in (${openStageList}) and ${opportunities.amount} > 0 ${ownerFilter}
    ) ranked
    where n in (floor((total + 1) / 2), floor((total + 2) / 2))
    group by owner_id`);
  return new Map(rowsOf<{ ownerId: string; median: string | number }>(result).map((r) => [r.ownerId, Number(r.median)]));
}

/** Stage durations change slowly: an incremental scan reuses the last ones read for a few minutes. */
let durationCache: { at: number; historyDays: number; value: PipelineStats['stageDurations'] } | null = null;
const DURATION_CACHE_MS = 5 * 60_000;

export function forgetStageDurations(): void {
  durationCache = null;
}

/**
 * What rules compare a record with, read once per scan (owner medians: only `owners` when given). Stage
 * durations are read as far back as the rules in force look (`historyDays`; 0 when none does).
 */
export async function pipelineStats(db: DbOrTx, scope: ScanScope, now: Date, historyDays: number, owners?: readonly string[]): Promise<PipelineStats> {
  let durations: PipelineStats['stageDurations'];
  const cached = durationCache;
  if (scope.kind === 'opportunity' && cached && cached.historyDays >= historyDays && now.getTime() - cached.at < DURATION_CACHE_MS) durations = cached.value;
  else {
    durations = await stageDurations(db, now, historyDays);
    durationCache = { at: now.getTime(), historyDays, value: durations };
  }
  return { ownerMedianAmountCents: await ownerMedianAmounts(db, owners), stageDurations: durations, productsExist: await productsExist(db) };
}

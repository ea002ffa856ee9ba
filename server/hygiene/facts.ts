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
import type { RuleRecordType } from '../domain/hygiene/catalogue';
import type { AccountFacts, CaseFacts, ContactFacts, OpportunityFacts, PipelineStats, ProjectFacts } from '../domain/hygiene/facts';
import { DAY_MS, todayOf } from '../domain/hygiene/evaluate';
import { moneyToCents } from '../../shared/money';
import { arrayRows } from '../lib/arrayRows';

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

const tablesOf = { account: accounts, contact: contacts, project: projects, case: cases, opportunity: opportunities } as const;

/**
 * The ids that cut a record type's table into batches of `size` rows, in order: batch i is (bound i-1, bound i],
 * the last one (last bound, end). A full scan knows its batches up front this way and reads two ahead. The
 * bounds count every row (deleted and closed too): a batch's loader filters, so some batches are smaller.
 */
export async function batchBounds(db: DbOrTx, recordType: RuleRecordType, size: number): Promise<number[]> {
  const table = tablesOf[recordType];
  const rows = await arrayRows(
    db,
    sql`select id from (select ${table.id} as id, row_number() over (order by ${table.id}) as n from ${table}) numbered where n % ${size} = 0 order by id`,
  );
  return rows.map((r) => Number(r[0]));
}

/** `column` between the first and last id loaded: the aggregates a batch needs, read by index range. */
const loaded = (column: MySqlColumn, ids: readonly number[]) => sql`${column} between ${ids[0]!} and ${ids[ids.length - 1]!}`;

const day = (column: MySqlColumn) => sql`date_format(${column}, '%Y-%m-%d')`;
const num = (v: unknown) => Number(v ?? 0);

/**
 * A batch of deals with their facts. Read as raw rows (arrayRows): a full scan reads every deal, its people,
 * activity and stage history once, and mapping those into objects column by column cost more than the queries.
 */
export async function opportunityBatch(db: DbOrTx, w: BatchWindow, now: Date): Promise<Batch<OpportunityFacts>> {
  const o = opportunities;
  const deals = await arrayRows(
    db,
    sql`select ${o.id}, ${o.opportunityName}, ${o.ownerId}, ${users.name}, ${users.active}, ${o.accountId}, ${o.stage}, ${o.amount},
      ${day(o.closeDate)}, ${o.probability}, ${o.forecastCategory}, ${o.nextStep}, ${day(o.nextStepDate)}, ${o.economicBuyerContactId},
      ${o.championContactId}, ${o.identifiedPain}, ${o.decisionCriteria}, ${o.decisionProcess}, ${o.paperProcess}, ${o.lossReason},
      ${o.pushCount}, ${o.createdAt}, ${o.stageEnteredAt}, ${o.lastActivityAt}, ${accounts.securityPosture}
    from ${o} left join ${users} on ${users.id} = ${o.ownerId} left join ${accounts} on ${accounts.id} = ${o.accountId}
    where ${and(isNull(o.deletedAt), inWindow(o.id, w))} order by ${o.id} limit ${w.limit}`,
  );
  const ids = deals.map((d) => d[0] as number);
  const range = rangeOf(w, ids);
  if (deals.length === 0) return { records: [], range };

  const a = activities;
  const sh = opportunityStageHistory;
  // The aggregates of the batch at once, each on a connection of its own when `db` is the pool (a scan's
  // reader), so the database works on them side by side while the scan evaluates and writes the last batch.
  // The people on each deal: economic buyer, champion and opportunity_contacts, with their last activity.
  const [people, items, activity, history] = await Promise.all([
    arrayRows(
      db,
      sql`select ${opportunityContacts.opportunityId}, ${contacts.id}, ${contacts.lastActivityAt}
        from ${opportunityContacts} inner join ${contacts} on ${contacts.id} = ${opportunityContacts.contactId}
        where ${loaded(opportunityContacts.opportunityId, ids)}
      union all
      select ${o.id}, ${contacts.id}, ${contacts.lastActivityAt}
        from ${o} inner join ${contacts} on ${contacts.id} in (${o.economicBuyerContactId}, ${o.championContactId})
        where ${and(isNull(o.deletedAt), loaded(o.id, ids))}`,
    ),
    arrayRows(
      db,
      sql`select ${lineItems.opportunityId}, count(*), max(${lineItems.discountPercent}) from ${lineItems}
        where ${loaded(lineItems.opportunityId, ids)} group by ${lineItems.opportunityId}`,
    ),
    arrayRows(
      db,
      sql`select ${a.relatedToId},
        max(case when ${a.type} = 'meeting' and ${a.occurredAt} <= ${now} then ${a.occurredAt} end),
        max(case when ${a.type} = 'email' and ${a.direction} = 'inbound' and ${a.occurredAt} <= ${now} then ${a.occurredAt} end),
        max(case when ${a.type} = 'email' and ${a.direction} = 'outbound' and ${a.occurredAt} <= ${now} then ${a.occurredAt} end),
        sum(case when ${a.type} = 'task' and ${a.completedAt} is null and ${a.dueAt} < ${now} then 1 else 0 end)
      from ${a} where ${a.relatedToType} = 'opportunity' and ${loaded(a.relatedToId, ids)} group by ${a.relatedToId}`,
    ),
    arrayRows(
      db,
      sql`select ${sh.opportunityId},
        max(case when ${sh.fromStage} is not null and ${sh.toStage} <> 'Closed Lost' then ${stageNo(sh.toStage)} - ${stageNo(sql`${sh.fromStage}`)} end),
        max(case when ${sh.toStage} not in ('Closed Won', 'Closed Lost') and ${stageNo(sh.toStage)} < ${stageNo(sql`${sh.fromStage}`)} then ${sh.changedAt} end),
        max(case when ${sh.toStage} <> 'Prospecting' then 1 else 0 end),
        max(case when ${sh.toStage} = 'Security Review' or ${sh.fromStage} = 'Security Review' then 1 else 0 end)
      from ${sh} where ${loaded(sh.opportunityId, ids)} group by ${sh.opportunityId}`,
    ),
  ]);
  // An approval note only matters on a deal with a discount (discount_over_limit is all that reads it): looked
  // up for those deals alone, so the aggregate above stays in its index and no note is read for the rest.
  const discounted = items.filter((i) => num(i[2]) > 0).map((i) => i[0] as number);
  const approvals = discounted.length
    ? await db
        .selectDistinct({ id: a.relatedToId })
        .from(a)
        .where(and(eq(a.relatedToType, 'opportunity'), inArray(a.relatedToId, discounted), eq(a.type, 'note'), sql`${a.subject} like 'discount approved%'`))
    : [];

  const peopleOf = new Map<number, Map<number, Date | null>>();
  for (const [dealId, contactId, lastActivityAt] of people as [number, number, Date | null][]) {
    const m = peopleOf.get(dealId) ?? new Map<number, Date | null>();
    m.set(contactId, lastActivityAt);
    peopleOf.set(dealId, m);
  }
  const byDeal = (rows: unknown[][]) => new Map(rows.map((r) => [r[0] as number, r]));
  const acts = byDeal(activity);
  const approved = new Set(approvals.map((r) => r.id));
  const lines = byDeal(items);
  const moves = byDeal(history);

  const records = deals.map((d): OpportunityFacts => {
    const id = d[0] as number;
    const act = acts.get(id);
    const line = lines.get(id);
    const move = moves.get(id);
    const mine = peopleOf.get(id) ?? new Map<number, Date | null>();
    const stage = d[6] as Stage;
    const championContactId = d[14] as number | null;
    return {
      id,
      name: d[1] as string,
      ownerId: d[2] as string,
      ownerName: (d[3] as string | null) ?? '',
      ownerActive: num(d[4]) === 1,
      accountId: d[5] as number | null,
      stage,
      amountCents: cents(d[7] as string | null),
      closeDate: d[8] as string | null,
      probability: d[9] as number,
      forecastCategory: d[10] as OpportunityFacts['forecastCategory'],
      nextStep: d[11] as string | null,
      nextStepDate: d[12] as string | null,
      economicBuyerContactId: d[13] as number | null,
      championContactId,
      identifiedPain: d[15] as string | null,
      decisionCriteria: d[16] as string | null,
      decisionProcess: d[17] as string | null,
      paperProcess: d[18] as string | null,
      lossReason: d[19] as string | null,
      pushCount: d[20] as number,
      createdAt: d[21] as Date,
      stageEnteredAt: d[22] as Date,
      lastActivityAt: d[23] as Date | null,
      contactCount: mine.size,
      contactLastActivity: [...mine.values()],
      championLastActivityAt: championContactId !== null ? (mine.get(championContactId) ?? null) : null,
      lastMeetingAt: asDate(act?.[1]),
      lastInboundEmailAt: asDate(act?.[2]),
      lastOutboundEmailAt: asDate(act?.[3]),
      overdueTasks: num(act?.[4]),
      lineItemCount: num(line?.[1]),
      maxDiscountPercent: num(line?.[2]),
      discountApproved: approved.has(id),
      maxForwardJump: Math.max(0, num(move?.[1])),
      lastBackwardMoveAt: asDate(move?.[2]),
      everAdvanced: num(move?.[3]) > 0 || stage !== 'Prospecting',
      everInSecurityReview: num(move?.[4]) > 0 || stage === 'Security Review',
      accountSecurityPosture: (d[24] as OpportunityFacts['accountSecurityPosture']) ?? null,
    };
  });
  return { records, range };
}

/**
 * Domains that more than one live account has (lower-cased), with how many: for a full scan, read once rather
 * than looked up batch by batch (an IN list of thousands of domains costs the optimizer more than this pass).
 */
export async function sharedDomains(db: DbOrTx, domains?: readonly string[]): Promise<Map<string, number>> {
  if (domains && domains.length === 0) return new Map();
  const rows = await db
    .select({ domain: accounts.domain, n: sql<string>`count(*)` })
    .from(accounts)
    .where(and(isNull(accounts.deletedAt), domains ? inArray(accounts.domain, [...domains]) : sql`${accounts.domain} is not null`))
    .groupBy(accounts.domain)
    .having(sql`count(*) > 1`);
  // Domains compare case-insensitively under the column's collation, so one group per domain.
  const counts = new Map<string, number>();
  for (const r of rows) if (r.domain) counts.set(r.domain.toLowerCase(), (counts.get(r.domain.toLowerCase()) ?? 0) + Number(r.n));
  return counts;
}

/** What a full scan reads once for all batches (a scan of one record looks its own up). */
export interface ScanWide {
  sharedDomains: Map<string, number>;
}

export async function scanWide(db: DbOrTx): Promise<ScanWide> {
  return { sharedDomains: await sharedDomains(db) };
}

export async function accountBatch(db: DbOrTx, w: BatchWindow, _now?: Date, wide?: ScanWide): Promise<Batch<AccountFacts>> {
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
  const domainCounts = wide?.sharedDomains ?? (await sharedDomains(db, [...new Set(rows.flatMap((r) => (r.domain ? [r.domain.toLowerCase()] : [])))]));
  const won = await db
    .selectDistinct({ accountId: opportunities.accountId })
    .from(opportunities)
    .where(and(eq(opportunities.stage, 'Closed Won'), isNull(opportunities.deletedAt), loaded(opportunities.accountId, ids)));
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
  // contacts.email is unique under its case-insensitive collation, so no live contact shares its email:
  // duplicate_contact_email can only hold on records that are not stored here (an analysed file's).
  return { records: rows.map((r) => ({ ...r, emailCount: r.email ? 1 : 0 })), range };
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

/**
 * How long deals stayed in each stage before leaving it, for moves in the last `historyDays` days: each move
 * records when its deal had entered the stage it left, so this is one range of stage_history_changed_idx.
 */
export async function stageDurations(db: DbOrTx, now: Date, historyDays = STAGE_HISTORY_MAX_DAYS): Promise<PipelineStats['stageDurations']> {
  const out: PipelineStats['stageDurations'] = new Map();
  if (historyDays <= 0) return out;
  const since = new Date(now.getTime() - Math.min(historyDays, STAGE_HISTORY_MAX_DAYS) * DAY_MS);
  const sh = opportunityStageHistory;
  const rows = await arrayRows(
    db,
    sql`select ${sh.fromStage}, ${sh.changedAt}, timestampdiff(second, ${sh.fromStageEnteredAt}, ${sh.changedAt}) from ${sh}
      where ${sh.changedAt} >= ${since} and ${sh.fromStage} is not null and ${sh.fromStageEnteredAt} is not null`,
  );
  for (const [stage, leftAt, seconds] of rows as [Stage, Date, number | string][]) {
    let list = out.get(stage);
    if (!list) out.set(stage, (list = []));
    list.push({ leftAt, days: Number(seconds) / 86_400 });
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

// The live deals precomputed as sums (insight_deal_buckets): per owner, stage, close month, forecast category,
// closed month and at-risk (hygiene health below the line), how many deals and their amount and weighted
// amount (and the closed deals' summed sales cycles). The dashboards' open pipeline by owner and stage, the
// period's won deals, the forecast by category, the win rate's closed deals, ARR's months, the average sales
// cycle and the at-risk deals are sums over a team's few hundred rows
// instead of passes over its deals. Exact at every moment:
// - a change of deals (create, update, line items, delete, import, undo) adds its own difference in its
//   transaction (trackDealBuckets: the deals' rows before and after), through trackStageFlows, so every
//   place that keeps the funnel's counts keeps these too;
// - a scan whose results move a deal across the at-risk line moves it (moveAtRisk, from hygiene/dealHealth.ts);
// - refreshStageFlows (the nightly job, the demo load, the bench seed) rebuilds them from scratch;
// - until first built (precomputed_aggregates 'deal_buckets') the dashboards count live.
// Every period the dashboards ask about is whole months (a month, a fiscal quarter, windows from a quarter's
// first day), so the month is all a bucket needs of its dates; a day-bounded number (closing soon) stays live.
import { and, eq, isNull, sql, type SQL } from 'drizzle-orm';
import { hygieneDealHealth, insightDealBuckets, opportunities } from '../../drizzle/schema';
import { centsToMoney, moneyToCents } from '../../shared/money';
import type { Period } from '../../shared/periods';
import { openStages } from '../../shared/stages';
import { type DbOrTx, inTransaction } from '../db';
import { AT_RISK_WEIGHT } from '../domain/atRisk';
import { SCAN_LOCK } from '../hygiene/scan';
import { isHeldForWrite, markBuilt } from '../lib/precomputed';
import { toMoney } from './aggregates';
import { type InsightScope, ownedBy } from './scope';

const b = insightDealBuckets;
const o = opportunities;
const h = hygieneDealHealth;

// The bucket of a deal, in SQL over opportunities ('' for an empty date).
const closeMonthOf = sql<string>`coalesce(date_format(${o.closeDate}, '%Y-%m'), '')`;
const closedMonthOf = sql<string>`coalesce(date_format(${o.closedAt}, '%Y-%m'), '')`;
/** Σ round(amount × probability / 100, 2): each deal rounded to the cent, as aggregates.ts weightedSum. */
const weightedOf = sql`round(${o.amount} * ${o.probability} / 100, 2)`;
/** A closed deal's sales cycle in whole seconds (manager.ts salesCycle), 0 while open. */
const cycleOf = sql`coalesce(timestampdiff(second, ${o.createdAt}, ${o.closedAt}), 0)`;

interface BucketRow {
  ownerId: string;
  stage: (typeof o.stage.enumValues)[number];
  closeMonth: string;
  forecastCategory: (typeof o.forecastCategory.enumValues)[number];
  closedMonth: string;
  atRisk: boolean;
  deals: number;
  amount: string;
  weightedAmount: string;
  cycleSeconds: number;
}

/** A bucket's key columns and sums as read in SQL (dealRows: one deal; movedSumsForUpdate: summed). */
interface RawBucketRow {
  owner_id: string;
  stage: BucketRow['stage'];
  close_month: string;
  forecast_category: BucketRow['forecastCategory'];
  closed_month: string;
  amount: string | null;
  weighted: string | null;
  cycle: number | string;
}

/** The key columns and per-deal values of a bucket row, in SQL over opportunities (sums or one deal's). */
const bucketColumns = (of: (value: SQL) => SQL) =>
  sql`${o.ownerId} as owner_id, ${o.stage} as stage, ${closeMonthOf} as close_month, ${o.forecastCategory} as forecast_category,
    ${closedMonthOf} as closed_month, ${of(sql`${o.amount}`)} as amount, ${of(weightedOf)} as weighted, ${of(cycleOf)} as cycle`;

const bucketRowOf = (r: RawBucketRow, atRisk: boolean, deals: number): BucketRow => ({
  ownerId: r.owner_id,
  stage: r.stage,
  closeMonth: r.close_month,
  forecastCategory: r.forecast_category,
  closedMonth: r.closed_month,
  atRisk,
  deals,
  amount: toMoney(r.amount ?? '0'),
  weightedAmount: toMoney(r.weighted ?? '0'),
  cycleSeconds: Number(r.cycle),
});

const keyOf = (r: BucketRow) => [r.ownerId, r.stage, r.closeMonth, r.forecastCategory, r.closedMonth, r.atRisk ? 1 : 0].join('\u0000');

/** The difference `after` − `before` per bucket, without the buckets that did not move (in key order). */
export function bucketDifference(before: readonly BucketRow[], after: readonly BucketRow[]): BucketRow[] {
  const diff = new Map<string, { row: BucketRow; deals: number; amount: bigint; weighted: bigint; cycle: number }>();
  const add = (r: BucketRow, sign: 1 | -1) => {
    const d = diff.get(keyOf(r)) ?? { row: r, deals: 0, amount: 0n, weighted: 0n, cycle: 0 };
    d.deals += sign * r.deals;
    d.cycle += sign * r.cycleSeconds;
    d.amount += BigInt(sign) * moneyToCents(r.amount);
    d.weighted += BigInt(sign) * moneyToCents(r.weightedAmount);
    diff.set(keyOf(r), d);
  };
  for (const r of before) add(r, -1);
  for (const r of after) add(r, 1);
  return [...diff.entries()]
    .filter(([, d]) => d.deals !== 0 || d.amount !== 0n || d.weighted !== 0n || d.cycle !== 0)
    .sort(([a], [z]) => (a < z ? -1 : a > z ? 1 : 0))
    .map(([, d]) => ({ ...d.row, deals: d.deals, amount: centsToMoney(d.amount), weightedAmount: centsToMoney(d.weighted), cycleSeconds: d.cycle }));
}

/**
 * The live deals among `ids`, one bucket row each, read with locking reads: the latest committed rows (and
 * this transaction's own), and no scan can be moving one across the at-risk line meanwhile. The deals for
 * update (the change is about to write them: no shared lock to upgrade), their health rows in share mode.
 */
async function dealRows(tx: DbOrTx, ids: number[]): Promise<BucketRow[]> {
  if (ids.length === 0) return [];
  const inIds = sql.join(ids.map((id) => sql`${id}`), sql`, `);
  const deals = rowsOf<RawBucketRow & { id: number }>(
    await tx.execute(sql`select ${o.id} as id, ${bucketColumns((v) => v)} from ${o} where ${o.id} in (${inIds}) and ${o.deletedAt} is null for update`),
  );
  const weights = new Map(
    rowsOf<{ id: number; weight: number }>(
      await tx.execute(sql`select ${h.opportunityId} as id, ${h.weight} as weight from ${h} where ${h.opportunityId} in (${inIds}) lock in share mode`),
    ).map((r) => [Number(r.id), Number(r.weight)]),
  );
  return deals.map((d) => bucketRowOf(d, (weights.get(Number(d.id)) ?? 0) > AT_RISK_WEIGHT, 1));
}

function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) && Array.isArray(result[0]) ? result[0] : result) as T[];
}

/** Adds a difference to the table; a bucket left without deals goes (sums of no deals are zero). */
async function applyDifference(tx: DbOrTx, rows: BucketRow[]): Promise<void> {
  if (rows.length === 0) return;
  await tx
    .insert(b)
    .values(rows)
    .onDuplicateKeyUpdate({
      set: {
        deals: sql`${b.deals} + values(${b.deals})`,
        amount: sql`${b.amount} + values(${b.amount})`,
        weightedAmount: sql`${b.weightedAmount} + values(${b.weightedAmount})`,
        cycleSeconds: sql`${b.cycleSeconds} + values(${b.cycleSeconds})`,
      },
    });
  const keys = sql.join(rows.map((r) => sql`(${r.ownerId}, ${r.stage}, ${r.closeMonth}, ${r.forecastCategory}, ${r.closedMonth}, ${r.atRisk})`), sql`, `);
  await tx.delete(b).where(sql`${b.deals} = 0 and (${b.ownerId}, ${b.stage}, ${b.closeMonth}, ${b.forecastCategory}, ${b.closedMonth}, ${b.atRisk}) in (${keys})`);
}

const noop = { apply: async () => {} };

/**
 * Call inside the transaction of a change to these deals, before it: `apply(created)` after the change adds
 * the difference it made to the buckets (nothing while they are not built). trackStageFlows calls it.
 */
export async function trackDealBuckets(tx: DbOrTx, ids: number[]): Promise<{ apply: (created?: number[]) => Promise<void> }> {
  if (!(await isHeldForWrite(tx, 'deal_buckets', 'share'))) return noop;
  const before = await dealRows(tx, ids);
  return {
    async apply(created: number[] = []) {
      const all = [...new Set([...ids, ...created])];
      await applyDifference(tx, bucketDifference(before, await dealRows(tx, all)));
    },
  };
}

/** Deals per statement of moveAtRisk's read: a first full scan moves tens of thousands of deals. */
const MOVE_CHUNK = 5_000;

/**
 * The live deals among `deals` (sorted by id) summed per bucket and the half they move to, read for update
 * as dealRows reads them, in id order: a few thousand rows for a first full scan's tens of thousands of
 * deals. Each deal is summed as dealRows reads it (the weighted amount rounded per deal), so the buckets
 * get the same sums.
 */
async function movedSumsForUpdate(tx: DbOrTx, deals: { id: number; atRisk: boolean }[]): Promise<BucketRow[]> {
  const out: BucketRow[] = [];
  for (let i = 0; i < deals.length; i += MOVE_CHUNK) {
    const chunk = deals.slice(i, i + MOVE_CHUNK);
    const list = (ids: number[]) => sql.join(ids.map((id) => sql`${id}`), sql`, `);
    const toRisk = chunk.filter((d) => d.atRisk).map((d) => d.id);
    const toRiskOf = toRisk.length ? sql`${o.id} in (${list(toRisk)})` : sql`false`;
    const rows = rowsOf<RawBucketRow & { to_risk: number | string; deals: number | string }>(
      await tx.execute(sql`select ${bucketColumns((v) => sql`sum(${v})`)}, ${toRiskOf} as to_risk, count(*) as deals
        from ${o} where ${o.id} in (${list(chunk.map((d) => d.id))}) and ${o.deletedAt} is null group by 1, 2, 3, 4, 5, 9 for update`),
    );
    for (const r of rows) out.push(bucketRowOf(r, Number(r.to_risk) === 1, Number(r.deals)));
  }
  return out;
}

/**
 * A scan's deals whose health crossed the at-risk line: locked and read now (call before writing their
 * health rows), moved to their new half by `apply()` after. Nothing while the buckets are not built.
 * Read once and summed per bucket: a move changes only the half a deal counts in, not its other keys.
 */
export async function moveAtRisk(tx: DbOrTx, deals: { id: number; atRisk: boolean }[]): Promise<{ apply: () => Promise<void> }> {
  if (deals.length === 0 || !(await isHeldForWrite(tx, 'deal_buckets', 'share'))) return noop;
  const after = await movedSumsForUpdate(tx, [...deals].sort((a, z) => a.id - z.id));
  const before = after.map((r) => ({ ...r, atRisk: !r.atRisk }));
  return { apply: () => applyDifference(tx, bucketDifference(before, after)) };
}

/**
 * Every bucket counted from scratch, replacing the table (and held from this commit on). Under the hygiene
 * scan lock, so no scan is writing deals' health meanwhile.
 */
export async function rebuildDealBuckets(db: DbOrTx, now: Date): Promise<{ buckets: number }> {
  return inTransaction(db, async (tx) => {
    const [got] = rowsOf<{ got: number | null }>(await tx.execute(sql`select get_lock(${SCAN_LOCK}, 120) as got`));
    if (Number(got?.got) !== 1) throw new Error('A hygiene scan held its lock too long; the deal buckets were not rebuilt');
    try {
      // First: the row lock, so the plain (unlocking) count below sees every change committed before it.
      await markBuilt(tx, 'deal_buckets', now);
      const atRisk = sql<boolean>`coalesce(${h.weight}, 0) > ${AT_RISK_WEIGHT}`;
      const rows: BucketRow[] = await tx
        .select({
          ownerId: o.ownerId,
          stage: o.stage,
          closeMonth: closeMonthOf,
          forecastCategory: o.forecastCategory,
          closedMonth: closedMonthOf,
          atRisk: atRisk.mapWith((v) => Number(v) === 1),
          deals: sql<number>`count(*)`.mapWith(Number),
          amount: sql<string>`coalesce(sum(${o.amount}), 0)`.mapWith(toMoney),
          weightedAmount: sql<string>`coalesce(sum(${weightedOf}), 0)`.mapWith(toMoney),
          cycleSeconds: sql<number>`coalesce(sum(${cycleOf}), 0)`.mapWith(Number),
        })
        .from(o)
        .leftJoin(h, eq(h.opportunityId, o.id))
        .where(isNull(o.deletedAt))
        .groupBy(o.ownerId, o.stage, closeMonthOf, o.forecastCategory, closedMonthOf, atRisk);
      await tx.delete(b);
      for (let i = 0; i < rows.length; i += 1_000) await tx.insert(b).values(rows.slice(i, i + 1_000));
      return { buckets: rows.length };
    } finally {
      await tx.execute(sql`select release_lock(${SCAN_LOCK})`);
    }
  });
}

// ---- Readers: the dashboards' sums from the buckets of the scope's owners. ----

const month = (day: string) => day.slice(0, 7);
const money = (expr: SQL) => sql<string>`coalesce(${expr}, 0)`.mapWith(toMoney);
const dealSum = (cond?: SQL) => sql<number>`coalesce(sum(${cond ? sql`case when ${cond} then ${b.deals} end` : b.deals}), 0)`.mapWith(Number);
const amountSum = (cond?: SQL) => money(cond ? sql`sum(case when ${cond} then ${b.amount} end)` : sql`sum(${b.amount})`);
const inMonths = (period: Pick<Period, 'start' | 'end'>) => sql`${b.closeMonth} between ${month(period.start)} and ${month(period.end)}`;
const owned = (scope: InsightScope) => ownedBy(b.ownerId, scope.ownerIds);
const open = sql`${b.closedMonth} = ''`;

/** Whether a period is whole months (every period the dashboards ask about is; the buckets answer no other). */
export function isWholeMonths(period: Pick<Period, 'start' | 'end'>): boolean {
  const next = new Date(`${period.end}T00:00:00.000Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return period.start.endsWith('-01') && next.getUTCDate() === 1;
}

/** manager.ts openByOwnerAndStage from the buckets: the same rows. */
export async function openByOwnerAndStageFromBuckets(db: DbOrTx, scope: InsightScope, period: Period) {
  const inPeriod = inMonths(period);
  return db
    .select({
      ownerId: b.ownerId,
      stage: b.stage,
      count: dealSum(),
      amount: amountSum(),
      weightedAmount: money(sql`sum(${b.weightedAmount})`),
      periodOpenCount: dealSum(inPeriod),
      periodOpenAmount: amountSum(inPeriod),
      commitAmount: amountSum(sql`${inPeriod} and ${b.forecastCategory} = 'Commit'`),
      atRiskCount: dealSum(sql`${b.atRisk}`),
      atRiskAmount: amountSum(sql`${b.atRisk}`),
    })
    .from(b)
    .where(and(owned(scope), open))
    .groupBy(b.ownerId, b.stage);
}

/** The open pipeline per stage (dashboard.ts pipelineByStage of openDeals), every open stage in order. */
export async function pipelineByStageFromBuckets(db: DbOrTx, scope: InsightScope) {
  const rows = await db
    .select({ stage: b.stage, count: dealSum(), amount: amountSum(), weightedAmount: money(sql`sum(${b.weightedAmount})`) })
    .from(b)
    .where(and(owned(scope), open))
    .groupBy(b.stage);
  return openStages.map((stage) => rows.find((r) => r.stage === stage) ?? { stage, count: 0, amount: '0.00', weightedAmount: '0.00' });
}

/**
 * A period's won deals and open deals closing in it, per forecast category and close month (dashboard.ts
 * periodForecast): the rows of a quarter hold those of each of its months too.
 */
export function periodForecastRowsFromBuckets(db: DbOrTx, scope: InsightScope, period: Period) {
  return db
    .select({ category: b.forecastCategory, closeMonth: b.closeMonth, count: dealSum(), amount: amountSum() })
    .from(b)
    .where(and(owned(scope), inMonths(period), sql`(${open} or ${b.stage} = 'Closed Won')`))
    .groupBy(b.forecastCategory, b.closeMonth);
}

/** The scope's open at-risk deals per owner (manager.ts atRiskByOwner), once both the buckets and the health are built. */
export function atRiskByOwnerFromBuckets(db: DbOrTx, scope: InsightScope) {
  return db
    .select({ ownerId: b.ownerId, count: dealSum(), amount: amountSum() })
    .from(b)
    .where(and(owned(scope), open, eq(b.atRisk, true)))
    .groupBy(b.ownerId);
}

/** Won deals per close month between two days' months (forecast.ts accuracy's "actual"). */
export function wonByCloseMonthFromBuckets(db: DbOrTx, scope: InsightScope, fromDay: string, toDay: string) {
  return db
    .select({ month: b.closeMonth, count: dealSum(), amount: amountSum() })
    .from(b)
    .where(and(owned(scope), sql`${b.closedMonth} > ''`, sql`${b.stage} = 'Closed Won'`, sql`${b.closeMonth} between ${month(fromDay)} and ${month(toDay)}`))
    .groupBy(b.closeMonth);
}


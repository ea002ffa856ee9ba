// The live deals precomputed as sums (insight_deal_buckets): per owner, stage, close month, forecast category
// and closed month, how many deals and their amount and weighted amount. The dashboards' open pipeline by
// owner and stage, the period's won deals, the forecast by category, the win rate's closed deals and ARR's
// months are sums over a team's few hundred rows instead of passes over its deals. Exact at every moment:
// - a change of deals (create, update, line items, delete, import, undo) adds its own difference in its
//   transaction (trackDealBuckets: the deals' sums before and after, per bucket), through trackStageFlows,
//   so every place that keeps the funnel's counts keeps these too;
// - refreshStageFlows (the nightly job, the demo load, the bench seed) rebuilds them from scratch;
// - until first built (precomputed_aggregates 'deal_buckets') the dashboards count live.
// Every period the dashboards ask about is whole months (a month, a fiscal quarter, windows from a quarter's
// first day), so the month is all a bucket needs of its dates; a day-bounded number (closing soon) stays live.
import { and, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import { insightDealBuckets, opportunities } from '../../drizzle/schema';
import { centsToMoney, moneyToCents } from '../../shared/money';
import type { Period } from '../../shared/periods';
import { openStages } from '../../shared/stages';
import { type DbOrTx, inTransaction } from '../db';
import { isHeldForWrite, markBuilt } from '../lib/precomputed';
import { toMoney } from './aggregates';
import { type InsightScope, ownedBy } from './scope';

const b = insightDealBuckets;
const o = opportunities;

// The bucket of a deal, in SQL over opportunities ('' for an empty date).
const closeMonthOf = sql<string>`coalesce(date_format(${o.closeDate}, '%Y-%m'), '')`;
const closedMonthOf = sql<string>`coalesce(date_format(${o.closedAt}, '%Y-%m'), '')`;

/** The deals `where` picks, summed per bucket (the same expressions the live aggregates use). */
function sumsOf(db: DbOrTx, where: SQL | undefined) {
  return db
    .select({
      ownerId: o.ownerId,
      stage: o.stage,
      closeMonth: closeMonthOf,
      forecastCategory: o.forecastCategory,
      closedMonth: closedMonthOf,
      deals: sql<number>`count(*)`.mapWith(Number),
      amount: sql<string>`coalesce(sum(${o.amount}), 0)`.mapWith(toMoney),
      weightedAmount: sql<string>`coalesce(sum(round(${o.amount} * ${o.probability} / 100, 2)), 0)`.mapWith(toMoney),
    })
    .from(o)
    .where(and(isNull(o.deletedAt), where))
    .groupBy(o.ownerId, o.stage, closeMonthOf, o.forecastCategory, closedMonthOf);
}

type BucketRow = Awaited<ReturnType<typeof sumsOf>>[number];
const keyOf = (r: Pick<BucketRow, 'ownerId' | 'stage' | 'closeMonth' | 'forecastCategory' | 'closedMonth'>) =>
  [r.ownerId, r.stage, r.closeMonth, r.forecastCategory, r.closedMonth].join('\u0000');

/** The difference `after` − `before` per bucket, without the buckets that did not move. */
export function bucketDifference(before: readonly BucketRow[], after: readonly BucketRow[]): BucketRow[] {
  const diff = new Map<string, { row: BucketRow; deals: number; amount: bigint; weighted: bigint }>();
  const add = (r: BucketRow, sign: 1 | -1) => {
    const d = diff.get(keyOf(r)) ?? { row: r, deals: 0, amount: 0n, weighted: 0n };
    d.deals += sign * r.deals;
    d.amount += BigInt(sign) * moneyToCents(r.amount);
    d.weighted += BigInt(sign) * moneyToCents(r.weightedAmount);
    diff.set(keyOf(r), d);
  };
  for (const r of before) add(r, -1);
  for (const r of after) add(r, 1);
  return [...diff.entries()]
    .filter(([, d]) => d.deals !== 0 || d.amount !== 0n || d.weighted !== 0n)
    .sort(([a], [z]) => (a < z ? -1 : a > z ? 1 : 0))
    .map(([, d]) => ({ ...d.row, deals: d.deals, amount: centsToMoney(d.amount), weightedAmount: centsToMoney(d.weighted) }));
}

/**
 * Call inside the transaction of a change to these deals, before it: `apply(created)` after the change adds
 * the difference it made to the buckets (nothing while they are not built). trackStageFlows calls it.
 */
export async function trackDealBuckets(tx: DbOrTx, ids: number[]): Promise<{ apply: (created?: number[]) => Promise<void> }> {
  if (!(await isHeldForWrite(tx, 'deal_buckets', 'share'))) return { apply: async () => {} };
  const before = ids.length ? await sumsOf(tx, inArray(o.id, ids)) : [];
  return {
    async apply(created: number[] = []) {
      const all = [...new Set([...ids, ...created])];
      if (all.length === 0) return;
      const rows = bucketDifference(before, await sumsOf(tx, inArray(o.id, all)));
      if (rows.length === 0) return;
      await tx
        .insert(b)
        .values(rows)
        .onDuplicateKeyUpdate({
          set: {
            deals: sql`${b.deals} + values(${b.deals})`,
            amount: sql`${b.amount} + values(${b.amount})`,
            weightedAmount: sql`${b.weightedAmount} + values(${b.weightedAmount})`,
          },
        });
      // A bucket left without deals goes (sums of no deals are zero), so the table holds only live buckets.
      await tx.delete(b).where(and(sql`${b.deals} = 0`, sql`(${b.ownerId}, ${b.stage}, ${b.closeMonth}, ${b.forecastCategory}, ${b.closedMonth}) in (${sql.join(
        rows.map((r) => sql`(${r.ownerId}, ${r.stage}, ${r.closeMonth}, ${r.forecastCategory}, ${r.closedMonth})`),
        sql`, `,
      )})`));
    },
  };
}

/** Every bucket counted from scratch, replacing the table (and held from this commit on). */
export async function rebuildDealBuckets(db: DbOrTx, now: Date): Promise<{ buckets: number }> {
  return inTransaction(db, async (tx) => {
    // First: the row lock, so the plain (unlocking) count below sees every change committed before it.
    await markBuilt(tx, 'deal_buckets', now);
    const rows = await sumsOf(tx, undefined);
    await tx.delete(b);
    for (let i = 0; i < rows.length; i += 1_000) await tx.insert(b).values(rows.slice(i, i + 1_000));
    return { buckets: rows.length };
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

/** Per owner, the period's closed deals (by close date): how many were won and for how much. */
export function closedInPeriodByOwnerFromBuckets(db: DbOrTx, scope: InsightScope, period: Period) {
  const won = sql`${b.stage} = 'Closed Won'`;
  return db
    .select({ ownerId: b.ownerId, wonCount: dealSum(won), wonAmount: amountSum(won) })
    .from(b)
    .where(and(owned(scope), sql`${b.closedMonth} <> ''`, inMonths(period)))
    .groupBy(b.ownerId);
}

/** A period's won deals and open deals closing in it, per forecast category (dashboard.ts periodForecast). */
export function periodForecastRowsFromBuckets(db: DbOrTx, scope: InsightScope, period: Period) {
  return db
    .select({ category: b.forecastCategory, count: dealSum(), amount: amountSum() })
    .from(b)
    .where(and(owned(scope), inMonths(period), sql`(${open} or ${b.stage} = 'Closed Won')`))
    .groupBy(b.forecastCategory);
}

/** Deals closed won or lost since the first day of a month (buckets.ts closedInWindow). */
export async function closedSinceFromBuckets(db: DbOrTx, scope: InsightScope, fromDay: string, outcome: 'won' | 'lost') {
  const [row] = await db
    .select({ count: dealSum(), amount: amountSum() })
    .from(b)
    .where(and(owned(scope), sql`${b.closedMonth} >= ${month(fromDay)}`, sql`${b.stage} = ${outcome === 'won' ? 'Closed Won' : 'Closed Lost'}`));
  return row ?? { count: 0, amount: '0.00' };
}

/** Won deals per closed month since the first day of a month (manager.ts recurring). */
export function wonByMonthFromBuckets(db: DbOrTx, scope: InsightScope, fromDay: string) {
  return db
    .select({ month: b.closedMonth, count: dealSum(), amount: amountSum() })
    .from(b)
    .where(and(owned(scope), sql`${b.stage} = 'Closed Won'`, sql`${b.closedMonth} >= ${month(fromDay)}`))
    .groupBy(b.closedMonth);
}

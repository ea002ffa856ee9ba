// A dashboard's closed deals from the buckets (dealBuckets.ts), read once per request: the win rate, the
// sales cycle, ARR's months and each rep's won deals of the period are sums over the same few hundred rows,
// so one query serves the four (a round trip costs a dashboard more than summing the rows in Node).
// The rows: the scope's closed buckets closed since ARR's first month (the widest closed-month window) or
// closing since the quarter's first day (the widest close-month window, the month's included).
import { and, sql } from 'drizzle-orm';
import { insightDealBuckets } from '../../drizzle/schema';
import { centsToMoney } from '../../shared/money';
import { type Period, shiftPeriod } from '../../shared/periods';
import type { DbOrTx } from '../db';
import type { CountAndAmount } from './aggregates';
import { currentPeriod } from './buckets';
import { type InsightScope, ownedBy } from './scope';

const b = insightDealBuckets;

/** Months of won deals in ARR, this one included (manager.ts recurring). */
export const ARR_MONTHS = 12;

export interface ClosedBucket {
  ownerId: string;
  won: boolean;
  closeMonth: string;
  closedMonth: string;
  deals: number;
  cents: number;
  cycleSeconds: number;
}

const month = (day: string) => day.slice(0, 7);
const money = (cents: number) => centsToMoney(BigInt(cents));

/** The first day of ARR's first month for the scope's today. */
function arrFrom(scope: InsightScope): string {
  return shiftPeriod(currentPeriod(scope, 'month'), 1 - ARR_MONTHS).start;
}

// One read per scope (a scope is made per request by resolveScope), shared by every number that needs it.
const reads = new WeakMap<InsightScope, Promise<ClosedBucket[]>>();

export function closedBucketsOf(db: DbOrTx, scope: InsightScope): Promise<ClosedBucket[]> {
  let rows = reads.get(scope);
  if (!rows) {
    rows = readClosedBuckets(db, scope);
    reads.set(scope, rows);
  }
  return rows;
}

async function readClosedBuckets(db: DbOrTx, scope: InsightScope): Promise<ClosedBucket[]> {
  const closedFrom = month(arrFrom(scope));
  const closeFrom = month(currentPeriod(scope, 'quarter').start);
  return db
    .select({
      ownerId: b.ownerId,
      won: sql<boolean>`${b.stage} = 'Closed Won'`.mapWith((v) => Number(v) === 1),
      closeMonth: b.closeMonth,
      closedMonth: b.closedMonth,
      deals: sql<number>`sum(${b.deals})`.mapWith(Number),
      cents: sql<number>`cast(sum(${b.amount}) * 100 as signed)`.mapWith(Number),
      cycleSeconds: sql<number>`sum(${b.cycleSeconds})`.mapWith(Number),
    })
    .from(b)
    .where(and(ownedBy(b.ownerId, scope.ownerIds), sql`${b.closedMonth} > ''`, sql`(${b.closedMonth} >= ${closedFrom} or ${b.closeMonth} >= ${closeFrom})`))
    .groupBy(b.ownerId, b.stage, b.closeMonth, b.closedMonth);
}

function total(rows: ClosedBucket[]): CountAndAmount & { cycleSeconds: number } {
  const sum = rows.reduce((t, r) => ({ deals: t.deals + r.deals, cents: t.cents + r.cents, cycle: t.cycle + r.cycleSeconds }), { deals: 0, cents: 0, cycle: 0 });
  return { count: sum.deals, amount: money(sum.cents), cycleSeconds: sum.cycle };
}

/** Deals won and lost since the first day of a month (buckets.ts closedInWindow), with the won ones' summed cycles. */
export function closedSince(rows: ClosedBucket[], fromDay: string) {
  const since = rows.filter((r) => r.closedMonth >= month(fromDay));
  const won = total(since.filter((r) => r.won));
  const lost = total(since.filter((r) => !r.won));
  return { won: { count: won.count, amount: won.amount }, lost: { count: lost.count, amount: lost.amount }, wonCycleSeconds: won.cycleSeconds };
}

/** Per owner with closed deals closing in the period: how many were won and for how much. */
export function wonInPeriodByOwner(rows: ClosedBucket[], period: Period): { ownerId: string; wonCount: number; wonAmount: string }[] {
  const byOwner = new Map<string, ClosedBucket[]>();
  for (const r of rows) {
    if (r.closeMonth < month(period.start) || r.closeMonth > month(period.end)) continue;
    byOwner.set(r.ownerId, [...(byOwner.get(r.ownerId) ?? []), r]);
  }
  return [...byOwner].map(([ownerId, own]) => {
    const won = total(own.filter((r) => r.won));
    return { ownerId, wonCount: won.count, wonAmount: won.amount };
  });
}

/** Won deals per closed month since the first day of a month. */
export function wonByClosedMonth(rows: ClosedBucket[], fromDay: string): { month: string; count: number; amount: string }[] {
  const byMonth = new Map<string, ClosedBucket[]>();
  for (const r of rows) if (r.won && r.closedMonth >= month(fromDay)) byMonth.set(r.closedMonth, [...(byMonth.get(r.closedMonth) ?? []), r]);
  return [...byMonth].map(([m, own]) => ({ month: m, ...pick(total(own)) }));
}

const pick = ({ count, amount }: CountAndAmount) => ({ count, amount });

// The manager dashboard (analytics.dashboard { scope: 'team' }: a manager's own team, an admin's whole
// organisation): beside the team's rolled-up rep dashboard,
// every rep side by side with quota and coverage for the period, the stage conversion funnel, the average
// sales cycle, ARR/MRR from closed-won and forecast accuracy and slippage over the last closed months.
// One grouped SQL pass per question; formulas in server/domain/salesMetrics.ts and forecast.ts.
import { and, asc, eq, inArray, isNotNull, isNull, sql } from 'drizzle-orm';
import { opportunities, users } from '../../drizzle/schema';
import { centsToMoney, moneyToCents } from '../../shared/money';
import { type Period, type PeriodKind, shiftPeriod } from '../../shared/periods';
import { openStages } from '../../shared/stages';
import type { DbOrTx } from '../db';
import { coverage } from '../domain/forecast';
import { averageSalesCycleDays, quotaAttainment, recurringRevenue, stageConversion } from '../domain/salesMetrics';
import { type CountAndAmount, countAndAmount, toMoney } from './aggregates';
import type { StageRow } from './dashboard';
import { atRisk, currentPeriod, live, winRateWindow } from './buckets';
import { ARR_MONTHS, closedBucketsOf, closedSince, wonByClosedMonth, wonInPeriodByOwner } from './closedBuckets';
import { atRiskByOwnerFromBuckets, isWholeMonths, openByOwnerAndStageFromBuckets } from './dealBuckets';
import { periodAccuracies } from './forecast';
import { stageFlows } from './stageFlowAggregate';
import { quotasFor, QUOTA_ROLES, teamQuota } from './quotas';
import { type InsightScope, ownedBy } from './scope';

const o = opportunities;

/** Months of accuracy and slippage in the trend, and of ARR booked. */
const ACCURACY_MONTHS = 6;

const money = (expr: ReturnType<typeof sql>) => sql<string>`coalesce(${expr}, 0)`.mapWith(toMoney);
const count = (cond: ReturnType<typeof sql>) => sql<number>`coalesce(sum(${cond}), 0)`.mapWith(Number);

/**
 * The scope's open deals per owner and stage in one pass over an owner-first covering index (no row is
 * read): the reps table's open columns for the period and, summed per stage, the pipeline by stage.
 */
export async function openByOwnerAndStage(db: DbOrTx, scope: InsightScope, period: Period) {
  // The same rows from the precomputed buckets once built (dealBuckets.ts).
  if (scope.held?.dealBuckets && isWholeMonths(period)) return await openByOwnerAndStageFromBuckets(db, scope, period);
  const inPeriod = sql`${o.closeDate} between ${period.start} and ${period.end}`;
  // Awaited here, so sharing the promise runs the query once (a query builder runs on every then()).
  return await db
    .select({
      ownerId: o.ownerId,
      stage: o.stage,
      count: sql<number>`count(*)`.mapWith(Number),
      amount: money(sql`sum(${o.amount})`),
      weightedAmount: money(sql`sum(round(${o.amount} * ${o.probability} / 100, 2))`),
      periodOpenCount: count(inPeriod),
      periodOpenAmount: money(sql`sum(case when ${inPeriod} then ${o.amount} end)`),
      commitAmount: money(sql`sum(case when ${inPeriod} and ${o.forecastCategory} = 'Commit' then ${o.amount} end)`),
    })
    .from(o)
    .where(and(live(scope), isNull(o.closedAt)))
    .groupBy(o.ownerId, o.stage);
}

export type OpenRow = Awaited<ReturnType<typeof openByOwnerAndStage>>[number];

const addMoney = (a: string, b: string) => centsToMoney(moneyToCents(a) + moneyToCents(b));

/** The pipeline by stage (every open stage, in order, zeros included) from the per-owner rows. */
export function stagesOf(rows: OpenRow[]): StageRow[] {
  return openStages.map((stage) =>
    rows
      .filter((r) => r.stage === stage)
      .reduce(
        (t, r) => ({ stage, count: t.count + r.count, amount: addMoney(t.amount, r.amount), weightedAmount: addMoney(t.weightedAmount, r.weightedAmount) }),
        { stage, count: 0, amount: '0.00', weightedAmount: '0.00' } as StageRow,
      ),
  );
}

/** Everything per owner for the reps table: their open deals (from `open`) and one pass over the period's closed deals. */
async function perOwner(db: DbOrTx, scope: InsightScope, period: Period, open: Promise<OpenRow[]>) {
  const inPeriod = sql`${o.closeDate} between ${period.start} and ${period.end}`;
  const won = sql`${o.stage} = 'Closed Won'`;
  const [openRows, closed] = await Promise.all([
    open,
    scope.held?.dealBuckets && isWholeMonths(period)
      ? closedBucketsOf(db, scope).then((rows) => wonInPeriodByOwner(rows, period))
      : db
          .select({ ownerId: o.ownerId, wonCount: count(won), wonAmount: money(sql`sum(case when ${won} then ${o.amount} end)`) })
          .from(o)
          // Every closed deal of the period: an owner with only lost ones still has a (zero) row, as before.
          .where(and(live(scope), isNotNull(o.closedAt), inPeriod))
          .groupBy(o.ownerId),
  ]);
  const none = { openCount: 0, openAmount: '0.00', weighted: '0.00', periodOpenCount: 0, periodOpenAmount: '0.00', commitAmount: '0.00', wonCount: 0, wonAmount: '0.00' };
  const rows = new Map<string, typeof none & { ownerId: string }>();
  for (const r of openRows) {
    const t = rows.get(r.ownerId) ?? { ...none, ownerId: r.ownerId };
    rows.set(r.ownerId, {
      ...t,
      openCount: t.openCount + r.count,
      openAmount: addMoney(t.openAmount, r.amount),
      weighted: addMoney(t.weighted, r.weightedAmount),
      periodOpenCount: t.periodOpenCount + r.periodOpenCount,
      periodOpenAmount: addMoney(t.periodOpenAmount, r.periodOpenAmount),
      commitAmount: addMoney(t.commitAmount, r.commitAmount),
    });
  }
  for (const r of closed) rows.set(r.ownerId, { ...none, ...rows.get(r.ownerId), ...r });
  return [...rows.values()];
}

export interface RepRow {
  userId: string;
  name: string;
  open: { count: number; amount: string };
  weighted: string;
  /** Open deals closing in the period: coverage's numerator. */
  openInPeriod: { count: number; amount: string };
  commit: string;
  won: { count: number; amount: string };
  forecastCall: string;
  quota: string | null;
  coverage: number | null;
  attainment: number | null;
  atRisk: number;
}

type BucketOpenRow = Awaited<ReturnType<typeof openByOwnerAndStageFromBuckets>>[number];
const carriesAtRisk = (r: OpenRow): r is BucketOpenRow => 'atRiskCount' in r;

/**
 * The scope's at-risk deals per owner: one pass serves the reps table and, summed, the team's number.
 * `open`: the scope's open rows when the caller has them; read from the buckets, they carry it already.
 */
export async function atRiskByOwner(db: DbOrTx, scope: InsightScope, open?: Promise<OpenRow[]>) {
  // The buckets' at-risk half once both they and the deals' health are built (dealBuckets.ts).
  if (scope.held?.dealBuckets && scope.held.dealHealth) {
    const rows = open ? await open : undefined;
    // No open rows means no open deal, so none at risk either.
    if (rows?.every(carriesAtRisk)) return atRiskPerOwner(rows);
    return await atRiskByOwnerFromBuckets(db, scope);
  }
  // Awaited here, so sharing the promise runs the query once.
  return await db.select({ ownerId: o.ownerId, ...countAndAmount }).from(o).where(atRisk(scope)).groupBy(o.ownerId);
}

export type AtRiskRow = { ownerId: string } & CountAndAmount;

function atRiskPerOwner(rows: BucketOpenRow[]): AtRiskRow[] {
  const byOwner = new Map<string, AtRiskRow>();
  for (const r of rows) {
    if (r.atRiskCount === 0) continue;
    const t = byOwner.get(r.ownerId) ?? { ownerId: r.ownerId, count: 0, amount: '0.00' };
    byOwner.set(r.ownerId, { ownerId: r.ownerId, count: t.count + r.atRiskCount, amount: addMoney(t.amount, r.atRiskAmount) });
  }
  return [...byOwner.values()];
}

/** The per-owner rows summed (the team's at-risk count and amount). */
export function totalOf(rows: AtRiskRow[]): CountAndAmount {
  return { count: rows.reduce((t, r) => t + r.count, 0), amount: rows.reduce((t, r) => addMoney(t, r.amount), '0.00') };
}

async function repsSideBySide(db: DbOrTx, scope: InsightScope, period: Period, open: Promise<OpenRow[]>, atRiskRows: Promise<AtRiskRow[]>) {
  const [rows, risky, people] = await Promise.all([
    perOwner(db, scope, period, open),
    atRiskRows,
    db
      .select({ id: users.id, name: users.name, active: users.active, role: users.role })
      .from(users)
      .where(and(inArray(users.role, [...QUOTA_ROLES]), scope.ownerIds ? inArray(users.id, scope.ownerIds) : undefined))
      .orderBy(asc(users.name), asc(users.id)),
  ]);
  const byOwner = new Map(rows.map((r) => [r.ownerId, r]));
  const riskyOf = new Map(risky.map((r) => [r.ownerId, r.count]));
  // Active reps and managers always; anyone else only while they own deals that count.
  const shown = people.filter((p) => p.active || byOwner.has(p.id));
  const quotas = await quotasFor(db, shown.map((p) => p.id), period);
  const reps: RepRow[] = shown.map((p) => {
    const r = byOwner.get(p.id);
    const won = r?.wonAmount ?? '0.00';
    const commit = r?.commitAmount ?? '0.00';
    const openInPeriod = r?.periodOpenAmount ?? '0.00';
    const quota = quotas.get(p.id) ?? null;
    return {
      userId: p.id,
      name: p.name,
      open: { count: r?.openCount ?? 0, amount: r?.openAmount ?? '0.00' },
      weighted: r?.weighted ?? '0.00',
      openInPeriod: { count: r?.periodOpenCount ?? 0, amount: openInPeriod },
      commit,
      won: { count: r?.wonCount ?? 0, amount: won },
      forecastCall: centsToMoney(moneyToCents(won) + moneyToCents(commit)),
      quota,
      coverage: coverage(openInPeriod, quota, won),
      attainment: quotaAttainment(won, quota),
      atRisk: riskyOf.get(p.id) ?? 0,
    };
  });
  const sum = (pick: (r: RepRow) => string) => centsToMoney(reps.reduce((t, r) => t + moneyToCents(pick(r)), 0n));
  const quota = teamQuota(quotas);
  const teamWon = sum((r) => r.won.amount);
  const teamOpenInPeriod = sum((r) => r.openInPeriod.amount);
  return {
    reps,
    team: {
      openInPeriod: { count: reps.reduce((t, r) => t + r.openInPeriod.count, 0), amount: teamOpenInPeriod },
      won: { count: reps.reduce((t, r) => t + r.won.count, 0), amount: teamWon },
      commit: sum((r) => r.commit),
      forecastCall: sum((r) => r.forecastCall),
      quota,
      coverage: coverage(teamOpenInPeriod, quota, teamWon),
      attainment: quotaAttainment(teamWon, quota),
    },
  };
}

/** Of deals that entered each open stage in the win-rate window, how many later entered a later stage (never Closed Lost). */
async function funnel(db: DbOrTx, scope: InsightScope) {
  const window = winRateWindow(scope);
  // The precomputed counts summed over the scope's owners (stageFlowAggregate.ts), live when not held.
  const flows = await stageFlows(db, window.from, scope.ownerIds);
  return { window, stages: stageConversion(flows) };
}

/** Won deals of the win-rate window: how long from creation to the win, on average. */
async function salesCycle(db: DbOrTx, scope: InsightScope) {
  const window = winRateWindow(scope);
  // The window starts on a quarter's first day: whole closed months of the buckets.
  if (scope.held?.dealBuckets && window.from.endsWith('-01')) {
    const { won, wonCycleSeconds } = closedSince(await closedBucketsOf(db, scope), window.from);
    return { window, wonCount: won.count, averageDays: averageSalesCycleDays(wonCycleSeconds * 1000, won.count) };
  }
  const [row] = await db
    .select({
      count: sql<number>`count(*)`.mapWith(Number),
      totalMs: sql<number>`coalesce(sum(timestampdiff(second, ${o.createdAt}, ${o.closedAt})), 0) * 1000`.mapWith(Number),
    })
    .from(o)
    .where(
      and(
        eq(o.stage, 'Closed Won'),
        sql`${o.closedAt} >= ${new Date(`${window.from}T00:00:00.000Z`)}`,
        isNull(o.deletedAt),
        ownedBy(o.ownerId, scope.ownerIds),
      ),
    );
  return { window, wonCount: row?.count ?? 0, averageDays: averageSalesCycleDays(row?.totalMs ?? 0, row?.count ?? 0) };
}

/** ARR = Σ amount won in the trailing twelve months (whole months, this one to date), MRR = ARR / 12, and what each month booked. */
async function recurring(db: DbOrTx, scope: InsightScope) {
  const thisMonth = currentPeriod(scope, 'month');
  const months = Array.from({ length: ARR_MONTHS }, (_, i) => shiftPeriod(thisMonth, i - (ARR_MONTHS - 1)));
  const from = months[0]!.start;
  const rows = scope.held?.dealBuckets ? wonByClosedMonth(await closedBucketsOf(db, scope), from) : await db
    .select({
      month: sql<string>`date_format(${o.closedAt}, '%Y-%m')`,
      count: sql<number>`count(*)`.mapWith(Number),
      amount: sql<string>`coalesce(sum(${o.amount}), 0)`.mapWith(toMoney),
    })
    .from(o)
    .where(
      and(
        eq(o.stage, 'Closed Won'),
        sql`${o.closedAt} >= ${new Date(`${from}T00:00:00.000Z`)}`,
        isNull(o.deletedAt),
        ownedBy(o.ownerId, scope.ownerIds),
      ),
    )
    .groupBy(sql`date_format(${o.closedAt}, '%Y-%m')`);
  const byMonth = months.map((m) => {
    const r = rows.find((x) => x.month === m.start.slice(0, 7));
    return { period: m, count: r?.count ?? 0, amount: r?.amount ?? '0.00' };
  });
  const total = centsToMoney(byMonth.reduce((t, m) => t + moneyToCents(m.amount), 0n));
  return { from, to: scope.today, ...recurringRevenue(total), byMonth };
}

/** Accuracy and slippage of the last closed months, oldest first (the team's snapshots: its members' summed, an admin's the organisation's). */
async function accuracyTrend(db: DbOrTx, scope: InsightScope) {
  const thisMonth = currentPeriod(scope, 'month');
  const months = Array.from({ length: ACCURACY_MONTHS }, (_, i) => shiftPeriod(thisMonth, i - ACCURACY_MONTHS));
  return periodAccuracies(db, scope, months);
}

/**
 * `open`: the scope's openByOwnerAndStage for the period, when the caller shares it with the pipeline by stage;
 * `atRiskRows`: its atRiskByOwner, when shared with the team's at-risk number.
 */
export async function managerView(db: DbOrTx, scope: InsightScope, periodKind: PeriodKind, open?: Promise<OpenRow[]>, atRiskRows?: Promise<AtRiskRow[]>) {
  const period = currentPeriod(scope, periodKind);
  const [side, conversion, cycle, revenue, trend] = await Promise.all([
    repsSideBySide(db, scope, period, open ?? openByOwnerAndStage(db, scope, period), atRiskRows ?? atRiskByOwner(db, scope)),
    funnel(db, scope),
    salesCycle(db, scope),
    recurring(db, scope),
    accuracyTrend(db, scope),
  ]);
  return { period, ...side, funnel: conversion, salesCycle: cycle, recurringRevenue: revenue, accuracyTrend: trend };
}

export type ManagerView = Awaited<ReturnType<typeof managerView>>;


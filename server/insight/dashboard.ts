// The rep dashboard (analytics.dashboard, scope me or one user): open pipeline by stage, weighted pipeline,
// the forecast of this month and quarter by category, deals closing soon, at-risk deals, win rate and
// upcoming tasks. Every number is one SQL aggregate over the owner's indexed columns.
import { and, asc, eq, gte, isNotNull, isNull, lt, lte, type SQL, sql } from 'drizzle-orm';
import { activities, opportunities } from '../../drizzle/schema';
import { centsToMoney, moneyToCents } from '../../shared/money';
import type { Period } from '../../shared/periods';
import type { AnalyticsDashboard, AnalyticsScope } from '../../shared/schemas/analytics';
import { openStages, type Stage } from '../../shared/stages';
import type { DbOrTx } from '../db';
import { AT_RISK_HEALTH } from '../domain/atRisk';
import { type ForecastTotals, forecastTotals, type WinRate, winRate } from '../domain/forecast';
import type { Actor } from '../lib/actor';
import { recordKey, relatedRecordNames } from '../services/relatedRecords';
import { amountSum, type CountAndAmount, countAndAmount, dealCount, weightedSum } from './aggregates';
import {
  atRisk,
  CLOSING_SOON_DAYS,
  closedInWindow,
  closingSoon,
  currentPeriod,
  live,
  openDeals,
  winRateWindow,
} from './buckets';
import { csmDashboard } from './csm';
import { closedBucketsOf, closedSince } from './closedBuckets';
import { isWholeMonths, periodForecastRowsFromBuckets, pipelineByStageFromBuckets } from './dealBuckets';
import { atRiskByOwner, managerView, openByOwnerAndStage, stagesOf, totalOf } from './manager';
import { type InsightScope, ownedBy, resolveScope } from './scope';

const o = opportunities;

export interface StageRow {
  stage: Stage;
  count: number;
  amount: string;
  weightedAmount: string;
}

/** Open deals per stage (every open stage, in order, zeros included) under `where`. */
export async function pipelineByStage(db: DbOrTx, where: ReturnType<typeof openDeals>): Promise<StageRow[]> {
  const rows = await db
    .select({ stage: o.stage, count: dealCount, amount: amountSum, weightedAmount: weightedSum })
    .from(o)
    .where(where)
    .groupBy(o.stage);
  return openStages.map((stage) => rows.find((r) => r.stage === stage) ?? { stage, count: 0, amount: '0.00', weightedAmount: '0.00' });
}

export function pipelineTotals(rows: StageRow[]): { count: number; amount: string; weightedAmount: string } {
  const sum = (pick: (r: StageRow) => string) => centsToMoney(rows.reduce((t, r) => t + moneyToCents(pick(r)), 0n));
  return { count: rows.reduce((t, r) => t + r.count, 0), amount: sum((r) => r.amount), weightedAmount: sum((r) => r.weightedAmount) };
}

export interface PeriodForecast {
  period: Period;
  totals: ForecastTotals;
  /** Deals per category, for the tables behind the numbers. */
  counts: { closed: number; commit: number; bestCase: number; pipeline: number };
}

/** A period's won deals and its open deals per forecast category, by close date. */
export async function periodForecast(db: DbOrTx, scope: InsightScope, period: Period): Promise<PeriodForecast> {
  if (scope.held?.dealBuckets && isWholeMonths(period)) return periodForecastFrom(period, await periodForecastRowsFromBuckets(db, scope, period));
  return periodForecastLive(db, scope, period);
}

/** This month's forecast and this quarter's: from the buckets, the month's rows are among the quarter's. */
async function monthAndQuarterForecast(db: DbOrTx, scope: InsightScope): Promise<{ month: PeriodForecast; quarter: PeriodForecast }> {
  const [month, quarter] = [currentPeriod(scope, 'month'), currentPeriod(scope, 'quarter')];
  if (!(scope.held?.dealBuckets && isWholeMonths(quarter))) {
    const [m, q] = await Promise.all([periodForecast(db, scope, month), periodForecast(db, scope, quarter)]);
    return { month: m, quarter: q };
  }
  const rows = await periodForecastRowsFromBuckets(db, scope, quarter);
  const thisMonth = month.start.slice(0, 7);
  return { month: periodForecastFrom(month, rows.filter((r) => r.closeMonth === thisMonth)), quarter: periodForecastFrom(quarter, rows) };
}

async function periodForecastLive(db: DbOrTx, scope: InsightScope, period: Period): Promise<PeriodForecast> {
  const inPeriod = sql`${o.closeDate} between ${period.start} and ${period.end}`;
  const rows = await db
    .select({ category: o.forecastCategory, ...countAndAmount })
    .from(o)
    .where(and(live(scope), inPeriod, sql`(${o.closedAt} is null or ${o.stage} = 'Closed Won')`))
    .groupBy(o.forecastCategory);
  return periodForecastFrom(period, rows);
}

/** A period's forecast from its deals' counts and amounts per category (rows of one category are summed). */
export function periodForecastFrom(period: Period, rows: ({ category: string } & CountAndAmount)[]): PeriodForecast {
  const of = (category: string): CountAndAmount =>
    rows
      .filter((r) => r.category === category)
      .reduce((t, r) => ({ count: t.count + r.count, amount: centsToMoney(moneyToCents(t.amount) + moneyToCents(r.amount)) }), { count: 0, amount: '0.00' });
  return {
    period,
    totals: forecastTotals({ closed: of('Closed').amount, commit: of('Commit').amount, bestCase: of('Best Case').amount, pipeline: of('Pipeline').amount }),
    counts: { closed: of('Closed').count, commit: of('Commit').count, bestCase: of('Best Case').count, pipeline: of('Pipeline').count },
  };
}

/** `index`: the one index to read, when the optimizer would spend longer weighing the others than reading it. */
export async function countAndAmountOf(db: DbOrTx, where: ReturnType<typeof openDeals>, index?: string): Promise<CountAndAmount> {
  const [row] = await db.select(countAndAmount).from(o, index ? { forceIndex: index } : undefined).where(where);
  return row ?? { count: 0, amount: '0.00' };
}

export interface WinRateSummary extends WinRate {
  window: { from: string; to: string; label: string };
  won: CountAndAmount;
  lost: CountAndAmount;
}

async function closedInWindowLive(db: DbOrTx, scope: InsightScope) {
  const [won, lost] = await Promise.all([countAndAmountOf(db, closedInWindow(scope, 'won')), countAndAmountOf(db, closedInWindow(scope, 'lost'))]);
  return { won, lost };
}

async function winRateOf(db: DbOrTx, scope: InsightScope): Promise<WinRateSummary> {
  const from = winRateWindow(scope).from;
  // The window starts on a quarter's first day: its closed deals are whole closed months of the buckets.
  const { won, lost } = scope.held?.dealBuckets && from.endsWith('-01') ? closedSince(await closedBucketsOf(db, scope), from) : await closedInWindowLive(db, scope);
  return {
    ...winRate({ wonCount: won.count, wonAmount: won.amount, lostCount: lost.count, lostAmount: lost.amount }),
    window: winRateWindow(scope),
    won,
    lost,
  };
}

/** Tasks due within this many days (and every overdue one) are "upcoming". */
export const UPCOMING_TASK_DAYS = 14;
const UPCOMING_TASK_LIMIT = 10;
/**
 * Each task count stops here (the tile then says "100+"): past it the exact number tells a manager nothing
 * more, and counting a team's whole backlog of old open tasks would cost every dashboard a long range read.
 */
export const TASK_COUNT_CAP = 100;

async function upcomingTasks(db: DbOrTx, scope: InsightScope) {
  const until = new Date(scope.now.getTime() + UPCOMING_TASK_DAYS * 86_400_000);
  const due = and(
    eq(activities.type, 'task'),
    ownedBy(activities.ownerId, scope.ownerIds),
    isNull(activities.completedAt),
    isNotNull(activities.dueAt),
    lte(activities.dueAt, until),
  );
  // The index each read takes, named: weighing every index of activities for each of a team's owners costs
  // the optimizer more than the reads. A user's open tasks by due date, or (a team, everyone) all open tasks
  // by due date with the owner told from the index.
  const byOwner = { forceIndex: 'activities_owner_tasks_idx' };
  const byDue = { forceIndex: 'activities_open_tasks_idx' };
  // Overdue and still to come, each counted up to the cap, in one round trip.
  const countUpTo = (when: SQL) =>
    sql`(select count(*) from (${db.select({ one: sql`1` }).from(activities, scope.ownerIds ? byOwner : byDue).where(and(due, when)).limit(TASK_COUNT_CAP)}) as capped)`;
  const [rows, counts] = await Promise.all([
    db
      .select({
        id: activities.id,
        subject: activities.subject,
        dueAt: activities.dueAt,
        relatedToType: activities.relatedToType,
        relatedToId: activities.relatedToId,
      })
      .from(activities, scope.ownerIds?.length === 1 ? byOwner : byDue)
      .where(due)
      .orderBy(asc(activities.dueAt), asc(activities.id))
      .limit(UPCOMING_TASK_LIMIT),
    db.execute(sql`select ${countUpTo(lt(activities.dueAt, scope.now)!)} as overdue, ${countUpTo(gte(activities.dueAt, scope.now)!)} as coming`),
  ]);
  const [count] = (counts as unknown as [{ overdue: number | string; coming: number | string }[]])[0];
  const overdue = Number(count?.overdue ?? 0);
  const coming = Number(count?.coming ?? 0);
  const names = await relatedRecordNames(db, rows.map((r) => ({ type: r.relatedToType, id: r.relatedToId })));
  return {
    total: overdue + coming,
    overdue,
    /** A count that reached the cap: at least this many. */
    totalCapped: overdue >= TASK_COUNT_CAP || coming >= TASK_COUNT_CAP,
    overdueCapped: overdue >= TASK_COUNT_CAP,
    items: rows.map((r) => ({
      ...r,
      dueAt: r.dueAt!,
      overdue: r.dueAt!.getTime() < scope.now.getTime(),
      relatedName: names.get(recordKey({ type: r.relatedToType, id: r.relatedToId })) ?? '',
    })),
  };
}

export async function repDashboard(db: DbOrTx, actor: Actor, input: AnalyticsScope, now: Date) {
  const scope = await resolveScope(db, actor, input, now);
  return repNumbers(db, scope);
}

/**
 * `byStageRows`: the pipeline by stage when the caller has it already (the team's, from the reps' rows);
 * `atRiskTotal` likewise the at-risk deals (the team's, summed from the reps' rows).
 */
async function repNumbers(db: DbOrTx, scope: InsightScope, byStageRows?: Promise<StageRow[]>, atRiskTotal?: Promise<CountAndAmount>) {
  const [byStage, { month, quarter }, soon, risky, wins, tasks] = await Promise.all([
    byStageRows ?? (scope.held?.dealBuckets ? pipelineByStageFromBuckets(db, scope) : pipelineByStage(db, openDeals(scope))),
    monthAndQuarterForecast(db, scope),
    // A team's owners × every owner-first index is many index dives before a read of ~1,000 index entries.
    countAndAmountOf(db, closingSoon(scope), scope.ownerIds ? 'opportunities_owner_close_cover_idx' : undefined),
    atRiskTotal ?? (scope.held?.dealBuckets && scope.held.dealHealth ? atRiskByOwner(db, scope).then(totalOf) : countAndAmountOf(db, atRisk(scope))),
    winRateOf(db, scope),
    upcomingTasks(db, scope),
  ]);
  const totals = pipelineTotals(byStage);
  return {
    subject: scope.subject,
    today: scope.today,
    openPipeline: { count: totals.count, amount: totals.amount },
    weightedPipeline: totals.weightedAmount,
    pipelineByStage: byStage,
    forecast: { month, quarter },
    closingSoon: { ...soon, days: CLOSING_SOON_DAYS },
    atRisk: { ...risky, healthBelow: AT_RISK_HEALTH },
    winRate: wins,
    upcomingTasks: tasks,
  };
}

export type RepDashboard = Awaited<ReturnType<typeof repDashboard>>;

/**
 * analytics.dashboard: a rep's numbers (me, a user), the manager's (the team's rolled up, plus every rep side
 * by side, funnel, cycle, ARR and the accuracy trend) or the CSM view.
 */
export async function dashboard(db: DbOrTx, actor: Actor, input: AnalyticsDashboard, now: Date) {
  if (input.scope === 'csm') return { view: 'csm' as const, ...(await csmDashboard(db, actor, input, now)) };
  if (input.scope === 'team') {
    const scope = await resolveScope(db, actor, input, now);
    // One pass over the team's open deals serves both the pipeline by stage and the reps table; one over its
    // at-risk deals both the team's number and the reps' column.
    const open = openByOwnerAndStage(db, scope, currentPeriod(scope, input.period));
    const risky = atRiskByOwner(db, scope, open);
    const [numbers, manager] = await Promise.all([
      repNumbers(db, scope, open.then(stagesOf), risky.then(totalOf)),
      managerView(db, scope, input.period, open, risky),
    ]);
    return { view: 'manager' as const, ...numbers, manager };
  }
  return { view: 'rep' as const, ...(await repDashboard(db, actor, input, now)), manager: null };
}

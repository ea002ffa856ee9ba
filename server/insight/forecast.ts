// analytics.forecast: one period's forecast by category now, what changed since its last snapshot, and
// for the periods before it, accuracy (snapshot call vs closed won) and slippage, from the snapshots.
import { and, asc, desc, eq, gte, inArray, isNull, lt, lte, notExists, or, type SQL, sql } from 'drizzle-orm';
import { accounts, forecastSnapshotOpportunities, forecastSnapshots, opportunities, users } from '../../drizzle/schema';
import { centsToMoney, moneyToCents } from '../../shared/money';
import { type Period, type PeriodKind, periodContaining, shiftPeriod } from '../../shared/periods';
import type { AnalyticsForecast } from '../../shared/schemas/analytics';
import type { DbOrTx } from '../db';
import { forecastAccuracy, type ForecastTotals, forecastTotals, slippageRate } from '../domain/forecast';
import { accuracyBasis, type DealState, type ForecastChangeKind, forecastChanges } from '../domain/forecastChanges';
import type { Actor } from '../lib/actor';
import { type CountAndAmount, countAndAmount, toMoney } from './aggregates';
import { currentPeriod, forecastDeals, live } from './buckets';
import { countAndAmountOf, periodForecast, periodForecastFrom } from './dashboard';
import { isWholeMonths, wonByCloseMonthFromBuckets } from './dealBuckets';
import { QUOTA_ROLES } from './quotas';
import { type InsightScope, resolveScope } from './scope';

const o = opportunities;
const s = forecastSnapshots;
const fso = forecastSnapshotOpportunities;

/** Closed periods shown with their accuracy and slippage. */
const HISTORY_LENGTH: Record<PeriodKind, number> = { month: 6, quarter: 4 };
/** Changed deals listed at most (per side: changed since the snapshot, new since it). */
const CHANGES_LIMIT = 200;

/** A scope's snapshot of a period on one day: its members' snapshots that day (one for a user or the organisation), summed. */
interface Snapshot {
  ids: number[];
  snapshotDate: string;
  takenAt: Date;
  totals: ForecastTotals;
}

const ofPeriod = (scope: InsightScope, p: Period) =>
  and(
    scope.snapshotKeys.length === 1 ? eq(s.scopeKey, scope.snapshotKeys[0]!) : inArray(s.scopeKey, scope.snapshotKeys),
    eq(s.periodKind, p.kind),
    eq(s.periodStart, p.start),
  );

/** The newest (or oldest) snapshot day of the period meeting `where`, with the scope's rows of that day summed. */
async function oneSnapshot(db: DbOrTx, scope: InsightScope, p: Period, where: SQL | undefined, newest: boolean): Promise<Snapshot | null> {
  const [day] = await db
    .select({ snapshotDate: s.snapshotDate })
    .from(s)
    .where(and(ofPeriod(scope, p), where))
    .orderBy(newest ? desc(s.takenAt) : asc(s.takenAt))
    .limit(1);
  if (!day) return null;
  const rows = await db.select().from(s).where(and(ofPeriod(scope, p), eq(s.snapshotDate, day.snapshotDate)));
  const sum = (pick: (r: (typeof rows)[number]) => string) => centsToMoney(rows.reduce((t, r) => t + moneyToCents(pick(r)), 0n));
  return {
    ids: rows.map((r) => r.id),
    snapshotDate: day.snapshotDate,
    takenAt: new Date(Math.max(...rows.map((r) => r.takenAt.getTime()))),
    totals: forecastTotals({ closed: sum((r) => r.closedAmount), commit: sum((r) => r.commitAmount), bestCase: sum((r) => r.bestCaseAmount), pipeline: sum((r) => r.pipelineAmount) }),
  };
}

/** The latest snapshot of the period for this scope taken by now. */
function latestSnapshot(db: DbOrTx, scope: InsightScope, p: Period) {
  return oneSnapshot(db, scope, p, lte(s.takenAt, scope.now), true);
}

const dealState = (d: { stage: DealState['stage']; amount: string | null; forecastCategory: DealState['forecastCategory']; closeDate: string | null }): DealState => ({
  stage: d.stage,
  amount: d.amount,
  forecastCategory: d.forecastCategory,
  closeDate: d.closeDate,
});

export interface ForecastChange {
  opportunityId: number;
  opportunityName: string;
  accountName: string;
  kinds: ForecastChangeKind[];
  before: DealState | null;
  now: DealState | null;
}

/** Deals whose forecast changed since the snapshot, and deals new in the period since it. */
async function changesSince(db: DbOrTx, scope: InsightScope, p: Period, snapshotIds: number[]) {
  const names = { opportunityName: o.opportunityName, accountName: sql<string>`coalesce(${accounts.accountName}, '')` };
  const [changed, added] = await Promise.all([
    db
      .select({
        opportunityId: fso.opportunityId,
        beforeStage: fso.stage,
        beforeAmount: fso.amount,
        beforeCategory: fso.forecastCategory,
        beforeCloseDate: fso.closeDate,
        stage: o.stage,
        amount: o.amount,
        forecastCategory: o.forecastCategory,
        closeDate: o.closeDate,
        deletedAt: o.deletedAt,
        ...names,
      })
      .from(fso)
      .innerJoin(o, eq(o.id, fso.opportunityId))
      .leftJoin(accounts, eq(accounts.id, o.accountId))
      .where(
        and(
          inArray(fso.snapshotId, snapshotIds),
          sql`not (${o.deletedAt} is null and ${o.closeDate} <=> ${fso.closeDate} and ${o.amount} <=> ${fso.amount}
                   and ${o.forecastCategory} = ${fso.forecastCategory} and ${o.stage} <> 'Closed Lost')`,
        ),
      )
      .orderBy(asc(fso.opportunityId))
      .limit(CHANGES_LIMIT),
    db
      .select({ opportunityId: o.id, stage: o.stage, amount: o.amount, forecastCategory: o.forecastCategory, closeDate: o.closeDate, ...names })
      // ORDER BY id LIMIT tempts the optimizer into walking every live deal by deleted_at (id order, 100k rows
      // at bench size) instead of the owners' period ranges (a few thousand, then sorted).
      .from(o, { ignoreIndex: 'opportunities_deleted_idx' })
      .leftJoin(accounts, eq(accounts.id, o.accountId))
      .where(
        and(
          live(scope),
          sql`${o.closeDate} between ${p.start} and ${p.end}`,
          or(isNull(o.closedAt), eq(o.stage, 'Closed Won')),
          notExists(db.select({ one: sql`1` }).from(fso).where(and(inArray(fso.snapshotId, snapshotIds), eq(fso.opportunityId, o.id)))),
        ),
      )
      .orderBy(asc(o.id))
      .limit(CHANGES_LIMIT),
  ]);
  const items: ForecastChange[] = [];
  for (const r of changed) {
    const before = dealState({ stage: r.beforeStage, amount: r.beforeAmount, forecastCategory: r.beforeCategory, closeDate: r.beforeCloseDate });
    const now = r.deletedAt ? null : dealState(r);
    const kinds = forecastChanges(before, now, p);
    if (kinds.length) items.push({ opportunityId: r.opportunityId, opportunityName: r.opportunityName, accountName: r.accountName, kinds, before, now });
  }
  for (const r of added) {
    const now = dealState(r);
    items.push({ opportunityId: r.opportunityId, opportunityName: r.opportunityName, accountName: r.accountName, kinds: forecastChanges(null, now, p), before: null, now });
  }
  return { items, truncated: changed.length === CHANGES_LIMIT || added.length === CHANGES_LIMIT };
}

export interface PeriodAccuracy {
  period: Period;
  /** The snapshot measured against: taken before the period began, or the first one in it. */
  basis: 'before' | 'during' | null;
  snapshotDate: string | null;
  call: string | null;
  actual: string;
  accuracy: number | null;
  /** Commit + Best Case in that snapshot, the slippage rate's base. */
  committed: string | null;
  slipped: { count: number; amount: string } | null;
  slippageRate: number | null;
}

/** Each period's snapshot rows of the scope in one query, for the snapshot choices below. */
async function snapshotRowsOf(db: DbOrTx, scope: InsightScope, periods: Period[]) {
  const rows = await db
    .select()
    .from(s)
    .where(
      and(
        scope.snapshotKeys.length === 1 ? eq(s.scopeKey, scope.snapshotKeys[0]!) : inArray(s.scopeKey, scope.snapshotKeys),
        eq(s.periodKind, periods[0]!.kind),
        inArray(s.periodStart, periods.map((p) => p.start)),
      ),
    );
  return (p: Period) => rows.filter((r) => r.periodStart === p.start);
}

type SnapshotRow = typeof forecastSnapshots.$inferSelect;

/**
 * oneSnapshot over rows already read: the day of the newest (or oldest) row meeting `pick`, with every row of
 * that day summed (as oneSnapshot's two queries do).
 */
function snapshotOf(rows: SnapshotRow[], pick: (r: SnapshotRow) => boolean, newest: boolean): Snapshot | null {
  const candidates = rows.filter(pick);
  if (candidates.length === 0) return null;
  const day = candidates.reduce((best, r) => (newest ? r.takenAt > best.takenAt : r.takenAt < best.takenAt) ? r : best).snapshotDate;
  const ofDay = rows.filter((r) => r.snapshotDate === day);
  const sum = (get: (r: SnapshotRow) => string) => centsToMoney(ofDay.reduce((t, r) => t + moneyToCents(get(r)), 0n));
  return {
    ids: ofDay.map((r) => r.id),
    snapshotDate: day,
    takenAt: new Date(Math.max(...ofDay.map((r) => r.takenAt.getTime()))),
    totals: forecastTotals({ closed: sum((r) => r.closedAmount), commit: sum((r) => r.commitAmount), bestCase: sum((r) => r.bestCaseAmount), pipeline: sum((r) => r.pipelineAmount) }),
  };
}

/** Closed won per period (by close date): from the deal buckets' months once built, else one pass per period. */
async function wonPerPeriod(db: DbOrTx, scope: InsightScope, periods: Period[]): Promise<CountAndAmount[]> {
  if (!(scope.held?.dealBuckets && periods.every(isWholeMonths))) return Promise.all(periods.map((p) => countAndAmountOf(db, forecastDeals(scope, p, 'Closed'))));
  const byMonth = await wonByCloseMonthFromBuckets(db, scope, periods[0]!.start, periods.at(-1)!.end);
  return periods.map((p) =>
    byMonth
      .filter((m) => m.month >= p.start.slice(0, 7) && m.month <= p.end.slice(0, 7))
      .reduce((t, m) => ({ count: t.count + m.count, amount: centsToMoney(moneyToCents(t.amount) + moneyToCents(m.amount)) }), { count: 0, amount: '0.00' }),
  );
}

/** Accuracy and slippage of periods of one kind, oldest first: their snapshots in one query, their won deals in one. */
export async function periodAccuracies(db: DbOrTx, scope: InsightScope, periods: Period[]): Promise<PeriodAccuracy[]> {
  if (periods.length === 0) return [];
  const [snapshotsOf, actuals] = await Promise.all([snapshotRowsOf(db, scope, periods), wonPerPeriod(db, scope, periods)]);
  return Promise.all(
    periods.map(async (p, i) => {
      const rows = snapshotsOf(p);
      const lastBefore = snapshotOf(rows, (r) => r.snapshotDate < p.start, true);
      const firstDuring = snapshotOf(rows, (r) => r.snapshotDate >= p.start && r.snapshotDate <= p.end, false);
      return accuracyFrom(db, p, actuals[i]!, accuracyBasis(lastBefore, firstDuring));
    }),
  );
}

export async function periodAccuracy(db: DbOrTx, scope: InsightScope, p: Period): Promise<PeriodAccuracy> {
  return (await periodAccuracies(db, scope, [p]))[0]!;
}

async function accuracyFrom(db: DbOrTx, p: Period, actual: CountAndAmount, chosen: ReturnType<typeof accuracyBasis<Snapshot>>): Promise<PeriodAccuracy> {
  if (!chosen) {
    return { period: p, basis: null, snapshotDate: null, call: null, actual: actual.amount, accuracy: null, committed: null, slipped: null, slippageRate: null };
  }
  const { snapshot, basis } = chosen;
  // Slipped: in the snapshot as Commit or Best Case, and at the period's end still open or closing after it.
  const [slipped] = await db
    .select({ count: countAndAmount.count, amount: sql<string>`coalesce(sum(${fso.amount}), 0)`.mapWith(toMoney) })
    .from(fso)
    .innerJoin(o, eq(o.id, fso.opportunityId))
    .where(
      and(
        inArray(fso.snapshotId, snapshot.ids),
        inArray(fso.forecastCategory, ['Commit', 'Best Case']),
        isNull(o.deletedAt),
        or(isNull(o.closedAt), sql`${o.closeDate} > ${p.end}`),
      ),
    );
  const totals = snapshot.totals;
  const committed = centsToMoney(moneyToCents(totals.commit) + moneyToCents(totals.bestCase));
  const slippedAmount = slipped ?? { count: 0, amount: '0.00' };
  return {
    period: p,
    basis,
    snapshotDate: snapshot.snapshotDate,
    call: totals.call,
    actual: actual.amount,
    accuracy: forecastAccuracy(totals.call, actual.amount),
    committed,
    slipped: slippedAmount,
    slippageRate: slippageRate(slippedAmount.amount, committed),
  };
}

export interface RepForecast {
  userId: string;
  name: string;
  totals: ForecastTotals;
  counts: { closed: number; commit: number; bestCase: number; pipeline: number };
}

/**
 * A team's forecast of the period per member, in one pass grouped by owner and category: a manager's team
 * (every member, zeros included), or for an admin every active rep and manager and anyone else owning
 * deals in it. The rows add up to the period's totals.
 */
async function periodRowsByOwner(db: DbOrTx, scope: InsightScope, p: Period) {
  return await db
    .select({ ownerId: o.ownerId, category: o.forecastCategory, ...countAndAmount })
    .from(o)
    .where(and(live(scope), sql`${o.closeDate} between ${p.start} and ${p.end}`, or(isNull(o.closedAt), eq(o.stage, 'Closed Won'))))
    .groupBy(o.ownerId, o.forecastCategory);
}

/** `rows`: periodRowsByOwner of the period (the team's totals are their sum, so both come from one pass). */
async function repForecasts(db: DbOrTx, scope: InsightScope, rows: Awaited<ReturnType<typeof periodRowsByOwner>>): Promise<RepForecast[]> {
  const owners = [...new Set(rows.map((r) => r.ownerId))];
  const people = await db
    .select({ id: users.id, name: users.name })
    .from(users)
    .where(
      scope.ownerIds
        ? inArray(users.id, scope.ownerIds)
        : or(and(eq(users.active, true), inArray(users.role, [...QUOTA_ROLES])), owners.length ? inArray(users.id, owners) : undefined),
    )
    .orderBy(asc(users.name), asc(users.id));
  return people.map((u) => {
    const of = (category: string) => rows.find((r) => r.ownerId === u.id && r.category === category) ?? { count: 0, amount: '0.00' };
    return {
      userId: u.id,
      name: u.name,
      totals: forecastTotals({ closed: of('Closed').amount, commit: of('Commit').amount, bestCase: of('Best Case').amount, pipeline: of('Pipeline').amount }),
      counts: { closed: of('Closed').count, commit: of('Commit').count, bestCase: of('Best Case').count, pipeline: of('Pipeline').count },
    };
  });
}

export async function forecastReport(db: DbOrTx, actor: Actor, input: AnalyticsForecast, now: Date) {
  const scope = await resolveScope(db, actor, input.target, now);
  const fiscal = scope.fiscalYearStartMonth;
  const period = input.start ? periodContaining(input.start, input.period, fiscal) : currentPeriod(scope, input.period);
  // The closed periods up to the one shown (or before the current one, when a future period is shown).
  const current = currentPeriod(scope, input.period);
  const lastClosed = shiftPeriod(period.start < current.start ? shiftPeriod(period, 1, fiscal) : current, -1, fiscal);
  const closedPeriods = Array.from({ length: HISTORY_LENGTH[input.period] }, (_, i) => shiftPeriod(lastClosed, -i, fiscal));

  const teamRows = input.target.scope === 'team' ? periodRowsByOwner(db, scope, period) : null;
  const [totals, snapshot, history, reps] = await Promise.all([
    teamRows ? teamRows.then((rows) => periodForecastFrom(period, rows)) : periodForecast(db, scope, period),
    latestSnapshot(db, scope, period),
    periodAccuracies(db, scope, closedPeriods),
    teamRows ? teamRows.then((rows) => repForecasts(db, scope, rows)) : null,
  ]);
  const changes = snapshot ? await changesSince(db, scope, period, snapshot.ids) : null;
  const snapshotCall = snapshot?.totals ?? null;
  return {
    subject: scope.subject,
    period,
    previousStart: shiftPeriod(period, -1, fiscal).start,
    nextStart: shiftPeriod(period, 1, fiscal).start,
    isCurrent: period.start === current.start,
    totals: totals.totals,
    counts: totals.counts,
    lastSnapshot: snapshot && snapshotCall
      ? {
          takenAt: snapshot.takenAt,
          snapshotDate: snapshot.snapshotDate,
          totals: snapshotCall,
          callChange: centsToMoney(moneyToCents(totals.totals.call) - moneyToCents(snapshotCall.call)),
        }
      : null,
    changes,
    /** The team's forecast per member (team scope only). */
    reps,
    history: history.reverse(),
  };
}

export type ForecastReport = Awaited<ReturnType<typeof forecastReport>>;

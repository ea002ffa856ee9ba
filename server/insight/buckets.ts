// Which deals make up each number of a dashboard, as one WHERE condition per number: the aggregate that
// shows the number and the list of the deals behind it use the same condition, so they cannot disagree.
import { and, between, eq, gte, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import { opportunities } from '../../drizzle/schema';
import { addDays, type Period, periodContaining, type PeriodKind, shiftPeriod } from '../../shared/periods';
import type { DealBucket, ForecastBucketCategory } from '../../shared/schemas/analytics';
import { idleCutoff } from '../domain/atRisk';
import { type InsightScope, ownedBy } from './scope';

/** Deals closing within this many days of today are "closing soon". */
export const CLOSING_SOON_DAYS = 30;

const o = opportunities;

export const live = (scope: InsightScope) => and(isNull(o.deletedAt), ownedBy(o.ownerId, scope.ownerIds))!;

/** Open deals: closedAt is null exactly when the stage is open (a CHECK constraint holds it). */
export const openDeals = (scope: InsightScope) => and(live(scope), isNull(o.closedAt))!;

export function currentPeriod(scope: InsightScope, kind: PeriodKind): Period {
  return periodContaining(scope.today, kind, scope.fiscalYearStartMonth);
}

/** The win-rate window: the previous fiscal quarter and this one to date. */
export function winRateWindow(scope: InsightScope): { from: string; to: string; label: string } {
  const thisQuarter = currentPeriod(scope, 'quarter');
  const lastQuarter = shiftPeriod(thisQuarter, -1, scope.fiscalYearStartMonth);
  return { from: lastQuarter.start, to: scope.today, label: `${lastQuarter.label} and ${thisQuarter.label} to date` };
}

/** Midnight UTC at the start of a day: closedAt is a UTC moment, the window's edges are days. */
const startOfDay = (day: string) => new Date(`${day}T00:00:00.000Z`);

export function closedInWindow(scope: InsightScope, outcome: 'won' | 'lost'): SQL {
  return and(
    live(scope),
    gte(o.closedAt, startOfDay(winRateWindow(scope).from)),
    eq(o.stage, outcome === 'won' ? 'Closed Won' : 'Closed Lost'),
  )!;
}

/** A period's deals of one forecast category: won in it (Closed), or open and closing in it. */
export function forecastDeals(scope: InsightScope, period: Period, category: ForecastBucketCategory): SQL {
  const inPeriod = between(o.closeDate, period.start, period.end);
  if (category === 'Closed') return and(live(scope), inPeriod, eq(o.stage, 'Closed Won'))!;
  return and(openDeals(scope), inPeriod, eq(o.forecastCategory, category))!;
}

export function closingSoon(scope: InsightScope): SQL {
  return and(openDeals(scope), between(o.closeDate, scope.today, addDays(scope.today, CLOSING_SOON_DAYS)))!;
}

/** server/domain/atRisk.ts: idle for 14 days (since creation when never touched) or close date past. */
export function atRisk(scope: InsightScope): SQL {
  return and(
    openDeals(scope),
    or(lt(sql`coalesce(${o.lastActivityAt}, ${o.createdAt})`, idleCutoff(scope.now)), lt(o.closeDate, scope.today)),
  )!;
}

export function bucketCondition(scope: InsightScope, bucket: DealBucket): SQL {
  switch (bucket.kind) {
    case 'open':
      return openDeals(scope);
    case 'stage':
      return and(openDeals(scope), eq(o.stage, bucket.stage))!;
    case 'forecast':
      return forecastDeals(scope, bucket.start ? periodContaining(bucket.start, bucket.period, scope.fiscalYearStartMonth) : currentPeriod(scope, bucket.period), bucket.category);
    case 'closingSoon':
      return closingSoon(scope);
    case 'atRisk':
      return atRisk(scope);
    case 'closed':
      return closedInWindow(scope, bucket.outcome);
  }
}

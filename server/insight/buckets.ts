// Which deals make up each number of a dashboard, as one WHERE condition per number: the aggregate that
// shows the number and the list of the deals behind it use the same condition, so they cannot disagree.
import { and, between, eq, gte, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import { hygieneDealHealth, opportunities, opportunityStageHistory, ruleResults } from '../../drizzle/schema';
import type { Stage } from '../../shared/stages';
import { addDays, type Period, periodContaining, type PeriodKind, shiftPeriod } from '../../shared/periods';
import type { DealBucket, ForecastBucketCategory } from '../../shared/schemas/analytics';
import { AT_RISK_HEALTH, AT_RISK_WEIGHT } from '../domain/atRisk';
import { severityWeights } from '../domain/hygiene/catalogue';
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

/** The first day of the win-rate window (and the funnel's) on `today`. */
export function winRateWindowFrom(today: string, fiscalYearStartMonth: number): string {
  return shiftPeriod(periodContaining(today, 'quarter', fiscalYearStartMonth), -1, fiscalYearStartMonth).start;
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

/** A result's weight in deal health (domain/hygiene/catalogue.ts severityWeights), in SQL. */
const resultWeight = sql.raw(
  `case rr.severity ${Object.entries(severityWeights).map(([severity, w]) => `when '${severity}' then ${w}`).join(' ')} else 0 end`,
);

/**
 * The deals whose health from their open hygiene results is below AT_RISK_HEALTH (domain/hygiene/health.ts:
 * 100 − the weights of its open results, one row per rule and deal). Once a full scan has filled
 * hygiene_deal_health (hygiene/dealHealth.ts: each deal's weight), from it; before that, live: for one owner
 * a range of rule_results_owner_open_idx, for the team one pass over the deals' results (rule_results_record_idx),
 * counting the results that name the scope's owners (the same once a reassigned deal's own scan has run).
 */
function unhealthyDealIds(scope: InsightScope): SQL {
  if (scope.held?.dealHealth) return sql`select ${hygieneDealHealth.opportunityId} from ${hygieneDealHealth} where ${hygieneDealHealth.weight} > ${AT_RISK_WEIGHT}`;
  const owner = scope.ownerIds ? sql`and rr.owner_id in (${sql.join(scope.ownerIds.map((id) => sql`${id}`), sql`, `)})` : sql``;
  return sql`select rr.record_id from ${ruleResults} rr
    where rr.record_type = 'opportunity' and rr.resolved_at is null ${owner}
    group by rr.record_id having sum(${resultWeight}) > ${100 - AT_RISK_HEALTH}`;
}

/** At risk: an open deal whose hygiene health is below 50, the same deals the digests list. */
export function atRisk(scope: InsightScope): SQL {
  return and(openDeals(scope), sql`${o.id} in (${unhealthyDealIds(scope)})`)!;
}

/** Open deals closing in a period: the numerator of coverage. */
export function openInPeriod(scope: InsightScope, period: Period): SQL {
  return and(openDeals(scope), between(o.closeDate, period.start, period.end))!;
}

/** Deals that entered a stage in the win-rate window (the funnel's "entered"). */
export function enteredStage(scope: InsightScope, stage: Stage): SQL {
  const from = startOfDay(winRateWindow(scope).from);
  return and(
    live(scope),
    sql`exists (select 1 from ${opportunityStageHistory} h where h.opportunity_id = ${o.id} and h.to_stage = ${stage} and h.changed_at >= ${from})`,
  )!;
}

/** Deals won between two days (inclusive) by closedAt: what ARR is made of. */
export function wonBetween(scope: InsightScope, from: string, to: string): SQL {
  return and(live(scope), eq(o.stage, 'Closed Won'), gte(o.closedAt, startOfDay(from)), lt(o.closedAt, startOfDay(addDays(to, 1))))!;
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
    case 'openInPeriod':
      return openInPeriod(scope, bucket.start ? periodContaining(bucket.start, bucket.period, scope.fiscalYearStartMonth) : currentPeriod(scope, bucket.period));
    case 'enteredStage':
      return enteredStage(scope, bucket.stage);
    case 'won':
      return wonBetween(scope, bucket.from, bucket.to);
  }
}

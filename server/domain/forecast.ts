// The forecasting formulas of server/domain/README.md ("Forecasting"), from plain numbers to plain numbers.
// Money is DECIMAL strings ('1234.50'), summed exactly in cents; rates are fractions (0.8 = 80%).
import { centsToMoney, moneyToCents } from '../../shared/money';
import { type Period, periodContaining, shiftPeriod } from '../../shared/periods';

const cents = (v: string | null | undefined) => (v ? moneyToCents(v) : 0n);

/** What a period's deals add up to per forecast category (Omitted is left out of every forecast). */
export interface CategoryAmounts {
  /** Won in the period. */
  closed: string;
  commit: string;
  bestCase: string;
  pipeline: string;
}

export interface ForecastTotals extends CategoryAmounts {
  /** Closed + Commit. */
  call: string;
  /** Closed + Commit + Best Case. */
  upside: string;
}

export function forecastTotals(c: CategoryAmounts): ForecastTotals {
  const call = cents(c.closed) + cents(c.commit);
  return {
    closed: centsToMoney(cents(c.closed)),
    commit: centsToMoney(cents(c.commit)),
    bestCase: centsToMoney(cents(c.bestCase)),
    pipeline: centsToMoney(cents(c.pipeline)),
    call: centsToMoney(call),
    upside: centsToMoney(call + cents(c.bestCase)),
  };
}

export interface OutcomeCounts {
  wonCount: number;
  wonAmount: string;
  lostCount: number;
  lostAmount: string;
}

export interface WinRate {
  /** won / (won + lost) by count; null when nothing closed in the window. */
  byCount: number | null;
  /** Likewise with amounts; null when the closed deals add up to nothing. */
  byValue: number | null;
}

export function winRate(o: OutcomeCounts): WinRate {
  const closed = o.wonCount + o.lostCount;
  const wonValue = cents(o.wonAmount);
  const closedValue = wonValue + cents(o.lostAmount);
  return {
    byCount: closed === 0 ? null : o.wonCount / closed,
    byValue: closedValue === 0n ? null : Number((wonValue * 1_000_000n) / closedValue) / 1_000_000,
  };
}

/**
 * 1 − |call − actual| / actual, floored at 0; when actual is 0, 1 if the call was 0 too, else 0.
 */
export function forecastAccuracy(call: string, actual: string): number {
  const c = cents(call);
  const a = cents(actual);
  if (a === 0n) return c === 0n ? 1 : 0;
  const miss = c > a ? c - a : a - c;
  const accuracy = 1 - Number((miss * 1_000_000n) / a) / 1_000_000;
  return Math.max(0, accuracy);
}

/** Slipped amount / the snapshot's Commit + Best Case amount in the period; null when that was nothing. */
export function slippageRate(slippedAmount: string, committedAmount: string): number | null {
  const base = cents(committedAmount);
  if (base === 0n) return null;
  return Number((cents(slippedAmount) * 1_000_000n) / base) / 1_000_000;
}

/**
 * Open pipeline in the period / (quota − closed won in the period). Null without a quota; when the quota
 * is already met the remaining quota is 0 or less and coverage is not a number worth showing (null too).
 */
export function coverage(openPipeline: string, quota: string | null, closedWon: string): number | null {
  if (quota === null) return null;
  const remaining = cents(quota) - cents(closedWon);
  if (remaining <= 0n) return null;
  return Number((cents(openPipeline) * 1_000_000n) / remaining) / 1_000_000;
}

/**
 * The periods a weekly snapshot records: this and the next month and quarter, so that every period has
 * snapshots taken before it began (the basis of its accuracy once it has closed).
 */
export function snapshotPeriods(day: string, fiscalYearStartMonth: number): Period[] {
  const month = periodContaining(day, 'month', fiscalYearStartMonth);
  const quarter = periodContaining(day, 'quarter', fiscalYearStartMonth);
  return [month, shiftPeriod(month, 1, fiscalYearStartMonth), quarter, shiftPeriod(quarter, 1, fiscalYearStartMonth)];
}

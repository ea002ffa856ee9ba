// The manager dashboard's formulas (server/domain/README.md, "Forecasting"): stage conversion, average sales
// cycle, recurring revenue from closed-won and quota attainment, from plain numbers to plain numbers.
// Money is DECIMAL strings, exact in cents; rates are fractions (0.4 = 40%).
import { centsToMoney, moneyToCents } from '../../shared/money';
import { type Stage, stages } from '../../shared/stages';

const DAY_MS = 86_400_000;
const cents = (v: string | null | undefined) => (v ? moneyToCents(v) : 0n);

/**
 * The stages a deal in `stage` converts to: any later stage on the way to a win. Closed Lost comes last in
 * the stage list but is no step forward, so it never counts as converting.
 */
export function laterStages(stage: Stage): Stage[] {
  return stages.slice(stages.indexOf(stage) + 1).filter((s) => s !== 'Closed Lost');
}

export interface StageFlow {
  stage: Stage;
  /** Deals that entered the stage in the window. */
  entered: number;
  /** Of those, deals that later entered a later stage (laterStages). */
  advanced: number;
}

export interface StageConversion extends StageFlow {
  /** advanced / entered; null when nothing entered the stage. */
  rate: number | null;
}

export function stageConversion(flows: StageFlow[]): StageConversion[] {
  return flows.map((f) => ({ ...f, rate: f.entered === 0 ? null : f.advanced / f.entered }));
}

/** Average of closedAt − createdAt over won deals, in days to one decimal; null without won deals. */
export function averageSalesCycleDays(totalMs: number, wonCount: number): number | null {
  if (wonCount === 0) return null;
  return Math.round((totalMs / wonCount / DAY_MS) * 10) / 10;
}

export interface RecurringRevenue {
  /** Σ amount of deals won in the trailing twelve months: each is a year's subscription. */
  arr: string;
  /** ARR / 12, to the cent (half up). */
  mrr: string;
}

export function recurringRevenue(wonInLastYear: string): RecurringRevenue {
  const arr = cents(wonInLastYear);
  const mrr = (arr * 10n + 60n) / 120n;
  return { arr: centsToMoney(arr), mrr: centsToMoney(mrr) };
}

/** Closed won / quota; null without a quota. */
export function quotaAttainment(closedWon: string, quota: string | null): number | null {
  if (quota === null || cents(quota) === 0n) return null;
  return Number((cents(closedWon) * 1_000_000n) / cents(quota)) / 1_000_000;
}

/** Active / expected users over a CSM's projects; null when no project expects any. */
export function adoptionRate(activeUsers: number, expectedUsers: number): number | null {
  return expectedUsers > 0 ? activeUsers / expectedUsers : null;
}

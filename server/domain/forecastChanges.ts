// What happened to a period's forecast since a snapshot (server/domain/README.md, "Forecasting"): per deal,
// its state in the snapshot against its state now. Pushed = close date moved later, pulled in = earlier.
import { sameMoney } from '../../shared/money';
import { isDayInPeriod, type Period } from '../../shared/periods';
import type { ForecastCategory, Stage } from '../../shared/stages';

export interface DealState {
  stage: Stage;
  amount: string | null;
  forecastCategory: ForecastCategory;
  closeDate: string | null;
}

export const forecastChangeKinds = ['added', 'removed', 'pushed', 'pulled', 'amount', 'category', 'won', 'lost'] as const;
export type ForecastChangeKind = (typeof forecastChangeKinds)[number];

export const forecastChangeLabels: Record<ForecastChangeKind, string> = {
  added: 'Added',
  removed: 'Removed',
  pushed: 'Pushed out',
  pulled: 'Pulled in',
  amount: 'Amount changed',
  category: 'Category changed',
  won: 'Won',
  lost: 'Lost',
};

/** A deal counts in a period's forecast when its close date is in it and it is open or won. */
export function countsInPeriod(deal: DealState, period: Pick<Period, 'start' | 'end'>): boolean {
  return isDayInPeriod(deal.closeDate, period) && deal.stage !== 'Closed Lost';
}

const later = (a: string | null, b: string | null) => a !== null && b !== null && b > a;
const earlier = (a: string | null, b: string | null) => a !== null && b !== null && b < a;

/**
 * The changes of one deal between `before` (in the snapshot; null when it was not) and `now` (null when
 * deleted). Empty when nothing the forecast shows changed.
 */
export function forecastChanges(before: DealState | null, now: DealState | null, period: Pick<Period, 'start' | 'end'>): ForecastChangeKind[] {
  const inBefore = before !== null && countsInPeriod(before, period);
  const inNow = now !== null && countsInPeriod(now, period);
  if (!inBefore && !inNow) return [];
  if (!inBefore) return [before && earlier(before.closeDate, now!.closeDate) ? 'pulled' : 'added'];
  if (!inNow) {
    if (now === null) return ['removed'];
    if (now.stage === 'Closed Lost') return ['lost'];
    if (later(before!.closeDate, now.closeDate)) return ['pushed'];
    if (earlier(before!.closeDate, now.closeDate)) return ['pulled'];
    return ['removed'];
  }
  const changes: ForecastChangeKind[] = [];
  if (now!.stage === 'Closed Won' && before!.stage !== 'Closed Won') changes.push('won');
  if (later(before!.closeDate, now!.closeDate)) changes.push('pushed');
  if (earlier(before!.closeDate, now!.closeDate)) changes.push('pulled');
  if (!sameMoney(before!.amount, now!.amount)) changes.push('amount');
  if (before!.forecastCategory !== now!.forecastCategory && !changes.includes('won')) changes.push('category');
  return changes;
}

/**
 * The snapshot a closed period's accuracy is measured from: the last one taken before the period began,
 * else the first one taken in it; null when there is neither.
 */
export function accuracyBasis<T extends { snapshotDate: string }>(
  lastBefore: T | null,
  firstDuring: T | null,
): { snapshot: T; basis: 'before' | 'during' } | null {
  if (lastBefore) return { snapshot: lastBefore, basis: 'before' };
  if (firstDuring) return { snapshot: firstDuring, basis: 'during' };
  return null;
}

// The board's close-period filter: this or next month or fiscal quarter, or already past, as close-date bounds.
import { addDays, periodContaining, type PeriodKind, shiftPeriod } from '../../../shared/periods';

export const closePeriodKeys = ['this-month', 'next-month', 'this-quarter', 'next-quarter', 'past'] as const;
export type ClosePeriodKey = (typeof closePeriodKeys)[number];

const spec: Record<Exclude<ClosePeriodKey, 'past'>, [PeriodKind, number, string]> = {
  'this-month': ['month', 0, 'This month'],
  'next-month': ['month', 1, 'Next month'],
  'this-quarter': ['quarter', 0, 'This quarter'],
  'next-quarter': ['quarter', 1, 'Next quarter'],
};

/** The close-date bounds (inclusive) and a label, for `today` (the user's day) and the fiscal year start. */
export function closePeriodRange(key: ClosePeriodKey, today: string, fiscalYearStartMonth: number): { from?: string; to: string; label: string } {
  if (key === 'past') return { to: addDays(today, -1), label: 'Close date passed' };
  const [kind, shift, name] = spec[key];
  const period = shiftPeriod(periodContaining(today, kind, fiscalYearStartMonth), shift, fiscalYearStartMonth);
  return { from: period.start, to: period.end, label: `${name} (${period.label})` };
}

// "This quarter", "last year" in the assistant's tool inputs: named periods resolved on our side, against the
// organisation's fiscal year (Settings -> Organisation), so Claude never does calendar arithmetic and a quarter
// means the same in an answer as on the Forecast page (shared/periods.ts). Pure.
import { addDays, type Period, periodContaining, shiftPeriod } from '../../../shared/periods';

export const namedPeriods = ['this_month', 'last_month', 'next_month', 'this_quarter', 'last_quarter', 'next_quarter', 'this_year', 'last_year', 'next_year'] as const;
export type NamedPeriod = (typeof namedPeriods)[number];

export interface DayRange {
  /** First day, inclusive (YYYY-MM-DD). */
  start: string;
  /** Last day, inclusive. */
  end: string;
  label: string;
}

const offsets = { last: -1, this: 0, next: 1 } as const;

/** The fiscal year `day` falls in (a fiscal year is named by the calendar year it ends in, as on the Forecast page). */
function fiscalYearOf(day: string, fiscalYearStartMonth: number, shift: number): DayRange {
  const quarter = periodContaining(day, 'quarter', fiscalYearStartMonth);
  const index = Number(/^Q(\d)/.exec(quarter.label)![1]);
  const first = shiftPeriod(quarter, -(index - 1) + 4 * shift, fiscalYearStartMonth);
  const last = shiftPeriod(first, 3, fiscalYearStartMonth);
  const year = last.end.slice(0, 4);
  return { start: first.start, end: last.end, label: fiscalYearStartMonth === 1 ? year : `FY${year}` };
}

/** The days a named period covers on `today`: months are calendar months, quarters and years fiscal ones. */
export function resolvePeriod(name: NamedPeriod, today: string, fiscalYearStartMonth: number): DayRange {
  const [when, kind] = name.split('_') as [keyof typeof offsets, 'month' | 'quarter' | 'year'];
  const shift = offsets[when];
  if (kind === 'year') return fiscalYearOf(today, fiscalYearStartMonth, shift);
  const period: Period = shiftPeriod(periodContaining(today, kind, fiscalYearStartMonth), shift, fiscalYearStartMonth);
  return { start: period.start, end: period.end, label: period.label };
}

/** The instant after a range's last day (UTC), for filtering timestamps such as when a deal was won. */
export const dayAfter = (day: string) => addDays(day, 1);

// The Attribution page's period picker: won-date ranges from the current fiscal quarter, and how they are split.
import { periodContaining, shiftPeriod } from '../../../shared/periods';

export const attributionRanges = ['this-quarter', 'last-quarter', 'last-4-quarters', 'last-12-months'] as const;
export type AttributionRange = (typeof attributionRanges)[number];

export const attributionRangeLabels: Record<AttributionRange, string> = {
  'this-quarter': 'This quarter',
  'last-quarter': 'Last quarter',
  'last-4-quarters': 'Last 4 quarters',
  'last-12-months': 'Last 12 months',
};

/** The won-date bounds (inclusive) of a range at `today`, and whether its totals are per month or per quarter. */
export function attributionPeriod(range: AttributionRange, today: string, fiscalYearStartMonth: number) {
  const quarter = periodContaining(today, 'quarter', fiscalYearStartMonth);
  const month = periodContaining(today, 'month');
  switch (range) {
    case 'this-quarter':
      return { from: quarter.start, to: quarter.end, bucket: 'month' as const };
    case 'last-quarter': {
      const last = shiftPeriod(quarter, -1, fiscalYearStartMonth);
      return { from: last.start, to: last.end, bucket: 'month' as const };
    }
    case 'last-4-quarters':
      return { from: shiftPeriod(quarter, -3, fiscalYearStartMonth).start, to: quarter.end, bucket: 'quarter' as const };
    case 'last-12-months':
      return { from: shiftPeriod(month, -11).start, to: month.end, bucket: 'month' as const };
  }
}

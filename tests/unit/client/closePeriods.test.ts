import { describe, expect, it } from 'vitest';
import { closePeriodRange } from '../../../client/src/lib/closePeriods';

describe('closePeriodRange', () => {
  it('gives the month and the fiscal quarter containing today, and the next ones', () => {
    expect(closePeriodRange('this-month', '2026-12-03', 1)).toMatchObject({ from: '2026-12-01', to: '2026-12-31' });
    expect(closePeriodRange('next-month', '2026-12-03', 1)).toMatchObject({ from: '2027-01-01', to: '2027-01-31' });
    expect(closePeriodRange('this-quarter', '2026-12-03', 1)).toMatchObject({ from: '2026-10-01', to: '2026-12-31' });
    // A fiscal year starting in February: Q4 is November to January.
    expect(closePeriodRange('this-quarter', '2026-12-03', 2)).toMatchObject({ from: '2026-11-01', to: '2027-01-31' });
    expect(closePeriodRange('next-quarter', '2026-12-03', 2)).toMatchObject({ from: '2027-02-01', to: '2027-04-30' });
  });

  it('"past" is every close date before today', () => {
    expect(closePeriodRange('past', '2026-12-03', 1)).toEqual({ to: '2026-12-02', label: 'Close date passed' });
  });
});

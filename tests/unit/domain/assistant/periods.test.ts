// Named periods in the assistant's tool inputs follow the organisation's fiscal year: the boundaries.
import { describe, expect, it } from 'vitest';
import { resolvePeriod } from '../../../../server/domain/assistant/periods';

describe('resolvePeriod', () => {
  it.each([
    // Calendar fiscal year (January).
    ['this_quarter', '2026-12-02', 1, '2026-10-01', '2026-12-31', 'Q4 2026'],
    ['next_quarter', '2026-12-31', 1, '2027-01-01', '2027-03-31', 'Q1 2027'],
    ['last_quarter', '2026-01-01', 1, '2025-10-01', '2025-12-31', 'Q4 2025'],
    ['this_year', '2026-12-02', 1, '2026-01-01', '2026-12-31', '2026'],
    ['last_year', '2026-03-15', 1, '2025-01-01', '2025-12-31', '2025'],
    // Fiscal year starting in February: FY2027 runs February 2026 to January 2027.
    ['this_quarter', '2026-12-02', 2, '2026-11-01', '2027-01-31', 'Q4 FY2027'],
    ['this_quarter', '2026-10-31', 2, '2026-08-01', '2026-10-31', 'Q3 FY2027'],
    ['this_quarter', '2026-11-01', 2, '2026-11-01', '2027-01-31', 'Q4 FY2027'],
    ['next_quarter', '2027-01-31', 2, '2027-02-01', '2027-04-30', 'Q1 FY2028'],
    ['last_quarter', '2026-02-01', 2, '2025-11-01', '2026-01-31', 'Q4 FY2026'],
    ['this_year', '2026-01-31', 2, '2025-02-01', '2026-01-31', 'FY2026'],
    ['this_year', '2026-02-01', 2, '2026-02-01', '2027-01-31', 'FY2027'],
    ['next_year', '2026-12-02', 2, '2027-02-01', '2028-01-31', 'FY2028'],
    // July start: Q1 is July to September.
    ['this_quarter', '2026-07-01', 7, '2026-07-01', '2026-09-30', 'Q1 FY2027'],
    ['last_year', '2026-06-30', 7, '2024-07-01', '2025-06-30', 'FY2025'],
    // Months are calendar months whatever the fiscal year, including February in a leap year.
    ['this_month', '2028-02-10', 4, '2028-02-01', '2028-02-29', 'February 2028'],
    ['last_month', '2026-01-15', 1, '2025-12-01', '2025-12-31', 'December 2025'],
    ['next_month', '2026-12-31', 2, '2027-01-01', '2027-01-31', 'January 2027'],
  ] as const)('%s on %s (fiscal year from month %i) is %s to %s', (name, today, startMonth, start, end, label) => {
    expect(resolvePeriod(name, today, startMonth)).toEqual({ start, end, label });
  });
});

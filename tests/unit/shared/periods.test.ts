import { describe, expect, it } from 'vitest';
import { addDays, calendarDay, isDayInPeriod, periodContaining, shiftPeriod } from '../../../shared/periods';

describe('periodContaining', () => {
  it.each([
    { day: '2026-12-02', kind: 'month' as const, start: '2026-12-01', end: '2026-12-31', label: 'December 2026' },
    { day: '2028-02-10', kind: 'month' as const, start: '2028-02-01', end: '2028-02-29', label: 'February 2028' },
    { day: '2026-12-02', kind: 'quarter' as const, start: '2026-10-01', end: '2026-12-31', label: 'Q4 2026' },
    { day: '2026-01-01', kind: 'quarter' as const, start: '2026-01-01', end: '2026-03-31', label: 'Q1 2026' },
  ])('$day in a $kind: $label', ({ day, kind, start, end, label }) => {
    expect(periodContaining(day, kind)).toEqual({ kind, start, end, label });
  });

  it('counts quarters from the fiscal year start, naming the fiscal year by the year it ends in', () => {
    // Fiscal year from February: FY2027 runs February 2026 - January 2027.
    expect(periodContaining('2026-12-02', 'quarter', 2)).toEqual({ kind: 'quarter', start: '2026-11-01', end: '2027-01-31', label: 'Q4 FY2027' });
    expect(periodContaining('2026-02-01', 'quarter', 2)).toMatchObject({ start: '2026-02-01', end: '2026-04-30', label: 'Q1 FY2027' });
    expect(periodContaining('2026-01-31', 'quarter', 2)).toMatchObject({ start: '2025-11-01', end: '2026-01-31', label: 'Q4 FY2026' });
    // From July: Q1 FY2027 is July-September 2026.
    expect(periodContaining('2026-08-15', 'quarter', 7)).toMatchObject({ start: '2026-07-01', end: '2026-09-30', label: 'Q1 FY2027' });
  });
});

describe('shiftPeriod', () => {
  it('moves by whole months and quarters across years', () => {
    const dec = periodContaining('2026-12-02', 'month');
    expect(shiftPeriod(dec, 1).label).toBe('January 2027');
    expect(shiftPeriod(dec, -12).label).toBe('December 2025');
    const q4 = periodContaining('2026-12-02', 'quarter');
    expect(shiftPeriod(q4, -1)).toMatchObject({ start: '2026-07-01', end: '2026-09-30', label: 'Q3 2026' });
    expect(shiftPeriod(q4, 1)).toMatchObject({ start: '2027-01-01', label: 'Q1 2027' });
    expect(shiftPeriod(periodContaining('2026-12-02', 'quarter', 2), -1, 2)).toMatchObject({ start: '2026-08-01', label: 'Q3 FY2027' });
  });
});

describe('days', () => {
  it('adds days across month ends and leap days', () => {
    expect(addDays('2026-12-02', 30)).toBe('2027-01-01');
    expect(addDays('2028-03-01', -1)).toBe('2028-02-29');
  });

  it("is the user's calendar day in their time zone", () => {
    const now = new Date('2026-12-02T03:30:00.000Z');
    expect(calendarDay(now, 'UTC')).toBe('2026-12-02');
    expect(calendarDay(now, 'America/New_York')).toBe('2026-12-01');
    expect(calendarDay(now, 'Asia/Tokyo')).toBe('2026-12-02');
  });

  it('puts a close date in a period inclusively, and no date in none', () => {
    const q = periodContaining('2026-12-02', 'quarter');
    expect(isDayInPeriod('2026-10-01', q)).toBe(true);
    expect(isDayInPeriod('2026-12-31', q)).toBe(true);
    expect(isDayInPeriod('2027-01-01', q)).toBe(false);
    expect(isDayInPeriod(null, q)).toBe(false);
  });
});

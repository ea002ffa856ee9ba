import { describe, expect, it } from 'vitest';
import { describeSchedule, dueReportSlot, latestReportSlot, nextReportSlot } from '../../../../server/domain/reports/schedule';

const daily = { frequency: 'daily' as const, hour: 8, weekday: null, dayOfMonth: null };
const weekly = { frequency: 'weekly' as const, hour: 9, weekday: 3, dayOfMonth: null };
const monthly = (dayOfMonth: number) => ({ frequency: 'monthly' as const, hour: 7, weekday: null, dayOfMonth });

describe('scheduled report slots', () => {
  it.each([
    // 08:00 in New York is 12:00 UTC in October (EDT) and 13:00 UTC after 1 November 2026 (EST).
    ['2026-10-31T12:30:00Z', '2026-10-31', '2026-10-31T12:00:00.000Z'],
    ['2026-11-01T12:30:00Z', '2026-10-31', '2026-10-31T12:00:00.000Z'],
    ['2026-11-01T13:00:00Z', '2026-11-01', '2026-11-01T13:00:00.000Z'],
  ])('daily at 08:00 New York across the daylight-saving change: at %s the latest slot is %s', (now, periodKey, dueAt) => {
    expect(latestReportSlot(daily, 'America/New_York', new Date(now))).toEqual({ periodKey, dueAt: new Date(dueAt), localDate: periodKey });
  });

  it('runs weekly on its weekday, keyed by ISO week', () => {
    expect(latestReportSlot(weekly, 'Europe/London', new Date('2026-11-27T12:00:00Z'))).toEqual({ periodKey: '2026-W48', dueAt: new Date('2026-11-25T09:00:00.000Z'), localDate: '2026-11-25' });
    expect(latestReportSlot(weekly, 'Europe/London', new Date('2026-11-25T08:59:00Z')).periodKey).toBe('2026-W47');
    expect(nextReportSlot(weekly, 'Europe/London', new Date('2026-11-25T09:00:00Z')).dueAt).toEqual(new Date('2026-12-02T09:00:00.000Z'));
  });

  it('runs monthly on its day, on a shorter month’s last day for 29-31', () => {
    expect(latestReportSlot(monthly(31), 'UTC', new Date('2027-02-28T08:00:00Z'))).toEqual({ periodKey: '2027-02', dueAt: new Date('2027-02-28T07:00:00.000Z'), localDate: '2027-02-28' });
    expect(latestReportSlot(monthly(31), 'UTC', new Date('2027-02-27T08:00:00Z'))).toMatchObject({ periodKey: '2027-01', localDate: '2027-01-31' });
    expect(nextReportSlot(monthly(15), 'Asia/Tokyo', new Date('2026-11-20T00:00:00Z'))).toMatchObject({ periodKey: '2026-12', dueAt: new Date('2026-12-14T22:00:00.000Z') });
  });

  it('is due for six hours after its time, then waits for the next one', () => {
    expect(dueReportSlot(daily, 'UTC', new Date('2026-11-24T13:59:00Z'))?.periodKey).toBe('2026-11-24');
    expect(dueReportSlot(daily, 'UTC', new Date('2026-11-24T14:00:00Z'))).toBeNull();
    expect(dueReportSlot(daily, 'Asia/Kolkata', new Date('2026-11-24T02:30:00Z'))).toMatchObject({ periodKey: '2026-11-24', dueAt: new Date('2026-11-24T02:30:00.000Z') });
  });

  it('describes itself', () => {
    expect(describeSchedule(daily)).toBe('Daily at 08:00');
    expect(describeSchedule(weekly)).toBe('Weekly on Wednesday at 09:00');
    expect(describeSchedule(monthly(31))).toBe("Monthly on the 31st (or the month's last day) at 07:00");
    expect(describeSchedule(monthly(2))).toBe('Monthly on the 2nd at 07:00');
  });
});

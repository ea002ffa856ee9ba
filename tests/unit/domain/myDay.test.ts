import { describe, expect, it } from 'vitest';
import { dayBounds, startOfLocalDay } from '../../../server/domain/myDay';

describe('dayBounds', () => {
  it.each([
    // now (UTC), time zone, local date, start, end
    ['2026-12-02T15:00:00Z', 'UTC', '2026-12-02', '2026-12-02T00:00:00.000Z', '2026-12-03T00:00:00.000Z'],
    ['2026-12-02T23:30:00Z', 'Europe/Berlin', '2026-12-03', '2026-12-02T23:00:00.000Z', '2026-12-03T23:00:00.000Z'],
    ['2026-12-02T03:00:00Z', 'America/Los_Angeles', '2026-12-01', '2026-12-01T08:00:00.000Z', '2026-12-02T08:00:00.000Z'],
    ['2026-12-02T12:00:00Z', 'Asia/Kolkata', '2026-12-02', '2026-12-01T18:30:00.000Z', '2026-12-02T18:30:00.000Z'],
    // The spring-forward day in Berlin has 23 hours; the autumn one 25.
    ['2026-03-29T12:00:00Z', 'Europe/Berlin', '2026-03-29', '2026-03-28T23:00:00.000Z', '2026-03-29T22:00:00.000Z'],
    ['2026-10-25T12:00:00Z', 'Europe/Berlin', '2026-10-25', '2026-10-24T22:00:00.000Z', '2026-10-25T23:00:00.000Z'],
  ])('%s in %s is %s', (now, tz, date, start, end) => {
    const b = dayBounds(new Date(now), tz);
    expect(b.date).toBe(date);
    expect(b.start.toISOString()).toBe(start);
    expect(b.end.toISOString()).toBe(end);
  });

  it('starts a local day at midnight', () => {
    expect(startOfLocalDay('2026-07-01', 'America/New_York').toISOString()).toBe('2026-07-01T04:00:00.000Z');
  });
});

import { describe, expect, it } from 'vitest';
import { addDelay, describeDelay, taskDueAt } from '../../../server/domain/playbookDelays';

const at = (iso: string) => new Date(iso);

describe('playbook delays', () => {
  it('counts minutes and hours as elapsed time', () => {
    expect(addDelay(at('2026-12-02T10:00:00Z'), { amount: 90, unit: 'minutes' }, 'UTC')).toEqual(at('2026-12-02T11:30:00Z'));
    expect(addDelay(at('2026-12-02T10:00:00Z'), { amount: 1, unit: 'hours' }, 'America/New_York')).toEqual(at('2026-12-02T11:00:00Z'));
    expect(addDelay(at('2026-12-02T10:00:00Z'), { amount: 0, unit: 'days' }, 'UTC')).toEqual(at('2026-12-02T10:00:00Z'));
  });

  it('keeps the local time across a DST change for calendar days', () => {
    // 09:00 in New York on Sat 7 March 2026 (EST, UTC-5); the clocks go forward on Sunday 8 March.
    expect(addDelay(at('2026-03-07T14:00:00Z'), { amount: 1, unit: 'days' }, 'America/New_York')).toEqual(at('2026-03-08T13:00:00Z'));
    expect(addDelay(at('2026-03-07T14:00:00Z'), { amount: 1, unit: 'days' }, 'UTC')).toEqual(at('2026-03-08T14:00:00Z'));
  });

  it.each([
    ['Wednesday + 3 business days is Monday', '2026-12-02T15:00:00Z', 3, '2026-12-07T15:00:00Z'],
    ['Friday + 1 business day is Monday', '2026-12-04T15:00:00Z', 1, '2026-12-07T15:00:00Z'],
    ['Saturday + 1 business day is Monday', '2026-12-05T15:00:00Z', 1, '2026-12-07T15:00:00Z'],
    ['Monday + 5 business days is the next Monday', '2026-12-07T15:00:00Z', 5, '2026-12-14T15:00:00Z'],
  ])('%s (UTC)', (_what, start, amount, due) => {
    expect(addDelay(at(start), { amount, unit: 'businessDays' }, 'UTC')).toEqual(at(due));
  });

  it('finds business days in the owner\'s zone, not UTC', () => {
    // 23:30 UTC on Friday 4 Dec is already Saturday 08:30 in Tokyo: one business day later is Monday 08:30 there.
    expect(addDelay(at('2026-12-04T23:30:00Z'), { amount: 1, unit: 'businessDays' }, 'Asia/Tokyo')).toEqual(at('2026-12-06T23:30:00Z'));
    // In UTC the same instant is a Friday evening: Monday 23:30 UTC.
    expect(addDelay(at('2026-12-04T23:30:00Z'), { amount: 1, unit: 'businessDays' }, 'UTC')).toEqual(at('2026-12-07T23:30:00Z'));
  });

  it('names delays the way the screens show them', () => {
    expect(describeDelay({ amount: 0, unit: 'hours' })).toBe('T+0');
    expect(describeDelay({ amount: 1, unit: 'days' })).toBe('T+1 day');
    expect(describeDelay({ amount: 3, unit: 'businessDays' })).toBe('T+3 business days');
  });

  describe('a task due in N days', () => {
    it('is due at the end of the owner\'s local day, so "due in 0 days" is not overdue at once', () => {
      expect(taskDueAt(at('2026-12-02T10:00:00Z'), 0, 'UTC')).toEqual(at('2026-12-02T23:59:59.999Z'));
      expect(taskDueAt(at('2026-12-02T10:00:00Z'), 2, 'UTC')).toEqual(at('2026-12-04T23:59:59.999Z'));
    });

    it('counts the day where the owner is', () => {
      // 23:30 UTC on Wed 2 Dec is Thursday 08:30 in Tokyo (UTC+9): today there ends at 15:00 UTC on Thursday.
      expect(taskDueAt(at('2026-12-02T23:30:00Z'), 0, 'Asia/Tokyo')).toEqual(at('2026-12-03T14:59:59.999Z'));
      // 02:00 UTC on Thu 3 Dec is still Wednesday 21:00 in New York (UTC-5).
      expect(taskDueAt(at('2026-12-03T02:00:00Z'), 1, 'America/New_York')).toEqual(at('2026-12-04T04:59:59.999Z'));
    });

    it('ends the local day across a DST change', () => {
      // Sat 7 March 2026 in New York (EST); Sunday 8 March is EDT (UTC-4), so it ends at 03:59:59.999 UTC on the 9th.
      expect(taskDueAt(at('2026-03-07T14:00:00Z'), 1, 'America/New_York')).toEqual(at('2026-03-09T03:59:59.999Z'));
    });

    it('falls back to UTC for an unknown zone', () => {
      expect(taskDueAt(at('2026-12-02T10:00:00Z'), 0, 'Not/AZone')).toEqual(at('2026-12-02T23:59:59.999Z'));
    });
  });
});

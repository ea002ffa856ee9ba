import { describe, expect, it } from 'vitest';
import { addDelay, describeDelay } from '../../../server/domain/playbookDelays';

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
});

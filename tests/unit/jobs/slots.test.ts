import { describe, expect, it } from 'vitest';
import { cronFiresAt, firingsWithin, isoWeek, parseCron, slotKey, slotLabel } from '../../../server/jobs/slots';

const at = (iso: string) => new Date(iso);

describe('slotKey', () => {
  it.each([
    ['minute', '2026-11-25T03:07:42.123Z', 'maintenance.purgeExpired:2026-11-25T03:07'],
    ['hour', '2026-11-25T03:07:42.123Z', 'maintenance.purgeExpired:2026-11-25T03'],
    ['hour', '2026-11-25T03:59:59.999Z', 'maintenance.purgeExpired:2026-11-25T03'],
    ['day', '2026-01-05T23:59:00.000Z', 'maintenance.purgeExpired:2026-01-05'],
    ['week', '2026-11-27T09:00:00.000Z', 'maintenance.purgeExpired:2026-W48'],
  ] as const)('%s slot of %s is %s', (unit, iso, key) => {
    expect(slotKey('maintenance.purgeExpired', unit, at(iso))).toBe(key);
  });

  it('gives the same key anywhere inside a slot and a new key in the next one', () => {
    expect(slotKey('x', 'hour', at('2026-11-25T03:00:00Z'))).toBe(slotKey('x', 'hour', at('2026-11-25T03:59:00Z')));
    expect(slotKey('x', 'hour', at('2026-11-25T04:00:00Z'))).not.toBe(slotKey('x', 'hour', at('2026-11-25T03:59:00Z')));
  });

  it('uses UTC whatever the process time zone', () => {
    // 23:30 UTC on the 31st is already the 1st in Berlin; the key still says the 31st.
    expect(slotLabel('day', at('2026-12-31T23:30:00Z'))).toBe('2026-12-31');
  });
});

describe('isoWeek', () => {
  it.each([
    ['2026-01-01', 2026, 1], // a Thursday: week 1 of its own year
    ['2027-01-01', 2026, 53], // a Friday: last week of the previous year
    ['2024-12-30', 2025, 1], // a Monday that belongs to the next year's week 1
    ['2026-11-23', 2026, 48], // Monday
    ['2026-11-29', 2026, 48], // Sunday of the same week
    ['2026-11-30', 2026, 49],
  ])('%s is %i-W%i', (day, year, week) => {
    expect(isoWeek(at(`${day}T12:00:00Z`))).toEqual({ year, week });
  });
});

describe('cron matching', () => {
  it('fires an hourly-at-7 pattern only at minute 7', () => {
    const p = parseCron('7 * * * *');
    expect(cronFiresAt(p, at('2026-11-25T03:07:00Z'))).toBe(true);
    expect(cronFiresAt(p, at('2026-11-25T03:07:59Z'))).toBe(true);
    expect(cronFiresAt(p, at('2026-11-25T03:08:00Z'))).toBe(false);
  });

  it('respects hour, day of month, month and day of week', () => {
    const monday9 = parseCron('0 9 * * 1');
    expect(cronFiresAt(monday9, at('2026-11-23T09:00:00Z'))).toBe(true); // Monday
    expect(cronFiresAt(monday9, at('2026-11-24T09:00:00Z'))).toBe(false);
    const newYear = parseCron('30 0 1 1 *');
    expect(cronFiresAt(newYear, at('2027-01-01T00:30:00Z'))).toBe(true);
    expect(cronFiresAt(newYear, at('2027-02-01T00:30:00Z'))).toBe(false);
  });

  it('refuses patterns it cannot honour', () => {
    expect(() => parseCron('61 * * * *')).toThrow(/not valid/);
    expect(() => parseCron('0 7 * * * *')).toThrow(/5 fields/);
    expect(() => parseCron('0 9 L * *')).toThrow(/not supported/);
  });

  it('lists the firings within a look-back window, oldest first', () => {
    const p = parseCron('*/5 * * * *');
    expect(firingsWithin(p, at('2026-11-25T03:12:30Z'), 10).map((d) => d.toISOString())).toEqual([
      '2026-11-25T03:05:00.000Z',
      '2026-11-25T03:10:00.000Z',
    ]);
    expect(firingsWithin(p, at('2026-11-25T03:10:30Z'), 1).map((d) => d.toISOString())).toEqual(['2026-11-25T03:10:00.000Z']);
    expect(firingsWithin(p, at('2026-11-25T03:11:00Z'), 1)).toEqual([]);
  });
});

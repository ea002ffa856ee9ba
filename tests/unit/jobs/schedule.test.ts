import { describe, expect, it } from 'vitest';
import { jobRegistry } from '../../../server/jobs/registry';
import { schedule } from '../../../server/jobs/schedule';
import { validateSchedule } from '../../../server/jobs/scheduler';
import { cronFiresAt, parseCron, slotKey } from '../../../server/jobs/slots';

describe('the schedule', () => {
  it('has valid patterns', () => {
    expect(() => validateSchedule(schedule)).not.toThrow();
  });

  it('names only registered job types, and each payload is valid for its type', () => {
    for (const entry of schedule) {
      const definition = jobRegistry.get(entry.type);
      expect(definition, entry.type).toBeDefined();
      expect(definition!.payload.safeParse(entry.payload ?? {}).success, entry.type).toBe(true);
    }
  });

  it('gives every firing over two weeks its own slot, so dedupe never swallows a run', () => {
    const start = Date.UTC(2026, 10, 16); // a Monday
    for (const entry of schedule) {
      const pattern = parseCron(entry.cron);
      const keys: string[] = [];
      for (let t = start; t < start + 14 * 24 * 60 * 60_000; t += 60_000) {
        const minute = new Date(t);
        if (cronFiresAt(pattern, minute)) keys.push(slotKey(entry.name ?? entry.type, entry.slot, minute));
      }
      expect(keys.length, entry.type).toBeGreaterThan(0);
      expect(new Set(keys).size, entry.type).toBe(keys.length);
    }
  });

  it('runs the purge hourly at minute 7', () => {
    const purge = schedule.find((e) => e.type === 'maintenance.purgeExpired');
    expect(purge).toMatchObject({ cron: '7 * * * *', slot: 'hour' });
  });
});

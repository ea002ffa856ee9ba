// The schedule runner: every minute, enqueue the periodic jobs whose slot has come, deduplicated by a
// per-slot key so any number of scheduler processes yield one job per slot.
import cron, { type ScheduledTask } from 'node-cron';
import type { Db, DbOrTx } from '../db';
import type { Clock } from '../lib/clock';
import type { Logger } from '../lib/log';
import { enqueueJob } from './queue';
import type { ScheduleEntry } from './schedule';
import { firingsWithin, parseCron, slotKey, type CronPattern } from './slots';

/** A tick also enqueues firings this many minutes back, so a restart or a late tick misses no slot. */
export const CATCH_UP_MINUTES = 10;

const compiled = new Map<string, CronPattern>();
function compile(pattern: string): CronPattern {
  let c = compiled.get(pattern);
  if (!c) {
    c = parseCron(pattern);
    compiled.set(pattern, c);
  }
  return c;
}

/** Throws naming the first entry with a bad pattern; call at start-up so a typo fails loudly. */
export function validateSchedule(entries: readonly ScheduleEntry[]): void {
  for (const entry of entries) {
    try {
      compile(entry.cron);
    } catch (error) {
      throw new Error(`Schedule entry ${entry.name ?? entry.type}: ${(error as Error).message}`);
    }
  }
}

/**
 * One scheduler tick at `now`: enqueues each entry's firings of the last `catchUpMinutes` minutes (up to now),
 * one job per slot key. Returns the dedupe keys it offered and the job id each maps to (new or existing).
 */
export async function enqueueDueSlots(
  db: DbOrTx,
  entries: readonly ScheduleEntry[],
  now: Date,
  catchUpMinutes = CATCH_UP_MINUTES,
): Promise<{ dedupeKey: string; jobId: number }[]> {
  const offered: { dedupeKey: string; jobId: number }[] = [];
  for (const entry of entries) {
    for (const firing of firingsWithin(compile(entry.cron), now, catchUpMinutes)) {
      const dedupeKey = slotKey(entry.name ?? entry.type, entry.slot, firing);
      const jobId = await enqueueJob(
        db,
        { type: entry.type, payload: entry.payload ?? {}, dedupeKey, runAt: firing, maxAttempts: entry.maxAttempts },
        now,
      );
      offered.push({ dedupeKey, jobId });
    }
  }
  return offered;
}

export interface Scheduler {
  stop(): Promise<void>;
}

export function startScheduler(options: {
  db: Db;
  log: Logger;
  clock: Clock;
  schedule: readonly ScheduleEntry[];
  catchUpMinutes?: number;
}): Scheduler {
  const { db, log, clock, schedule } = options;
  validateSchedule(schedule);
  let inFlight: Promise<void> | null = null;

  const tick = () => {
    if (inFlight) return inFlight;
    inFlight = enqueueDueSlots(db, schedule, clock.now(), options.catchUpMinutes)
      .then((offered) => {
        if (offered.length > 0) log.debug('scheduler offered slots', { keys: offered.map((o) => o.dedupeKey) });
      })
      .catch((error) => log.error('scheduler tick failed; the next tick catches up', { error }))
      .finally(() => {
        inFlight = null;
      });
    return inFlight;
  };

  const task: ScheduledTask = cron.schedule('* * * * *', () => tick(), {
    name: 'trucrm-scheduler',
    timezone: 'Etc/UTC',
    noOverlap: true,
    logger: {
      info: (message) => log.debug(message),
      warn: (message) => log.warn(message),
      error: (message, error) => log.error(String(message), { error }),
      debug: (message) => log.debug(String(message)),
    },
  });
  void tick(); // at start-up: catch up with slots missed while no scheduler ran
  log.info('scheduler started', { entries: schedule.length });

  return {
    async stop() {
      await task.destroy();
      await inFlight;
    },
  };
}

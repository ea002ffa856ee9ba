// Shared by the automation tests: running due jobs as a worker would.
import { and, eq, notLike } from 'drizzle-orm';
import { jobs } from '../../../drizzle/schema';
import type { Env } from '../../../server/env';
import { claimJobs } from '../../../server/jobs/queue';
import { jobRegistry } from '../../../server/jobs/registry';
import { runJob } from '../../../server/jobs/worker';
import { systemClock, type Clock } from '../../../server/lib/clock';
import { createLogger } from '../../../server/lib/log';
import type { TestDatabase } from '../../helpers/testDatabase';

export const silent = createLogger('silent');

/**
 * Runs every due automation job (and those they enqueue that are due) to its outcome; answers how many ran. The
 * other capabilities' jobs the same changes enqueue (hygiene rescans, assignment alerts) are dropped: their own
 * tests run them, and here they would only slow these down.
 */
export async function runDueJobs(t: TestDatabase, env: Env = t.env, clock: Clock = systemClock, workerId = 'test-worker'): Promise<number> {
  let ran = 0;
  for (let round = 0; round < 50; round++) {
    await t.db.delete(jobs).where(and(eq(jobs.status, 'queued'), notLike(jobs.type, 'automation.%')));
    const claimed = await claimJobs(t.db, workerId, 10, clock.now(), 60_000);
    if (claimed.length === 0) return ran;
    for (const job of claimed) {
      await runJob({ db: t.db, env, log: silent, clock, registry: jobRegistry }, workerId, job);
      ran += 1;
    }
  }
  throw new Error('jobs kept coming');
}

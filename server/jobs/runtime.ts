// The job side of a process: the worker and/or the scheduler, started and stopped together.
import type { Db } from '../db';
import type { Env } from '../env';
import type { Clock } from '../lib/clock';
import type { Logger } from '../lib/log';
import { jobRegistry } from './registry';
import { schedule } from './schedule';
import { startScheduler, type Scheduler } from './scheduler';
import { startWorker, type Worker } from './worker';

export const POLL_MS = 1_000;

export function startJobRuntime(options: {
  db: Db;
  env: Env;
  log: Logger;
  clock: Clock;
  worker: boolean;
  scheduler: boolean;
}): { stop(): Promise<void> } {
  const { db, env, log, clock } = options;
  const scheduler: Scheduler | null = options.scheduler
    ? startScheduler({ db, log: log.child({ component: 'scheduler' }), clock, schedule })
    : null;
  const worker: Worker | null = options.worker
    ? startWorker({
        db,
        env,
        log: log.child({ component: 'worker' }),
        clock,
        registry: jobRegistry,
        concurrency: env.workerConcurrency,
        leaseMs: env.jobLeaseSeconds * 1000,
        pollMs: POLL_MS,
      })
    : null;
  return {
    async stop() {
      // Scheduler first: enqueueing is instant, and nothing new should start while the worker drains.
      await scheduler?.stop();
      await worker?.stop();
    },
  };
}

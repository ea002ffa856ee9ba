// The worker loop: claim due jobs into free slots, run each through its registered handler, record the
// outcome. stop() stops claiming, waits for running jobs up to a timeout, then hands the rest back.
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Job } from '../../drizzle/schema';
import type { Db } from '../db';
import type { Env } from '../env';
import type { Clock } from '../lib/clock';
import { DomainError } from '../lib/errors';
import type { Logger } from '../lib/log';
import type { BackoffOptions } from './backoff';
import type { JobRegistry } from './jobDefinition';
import { claimJobs, completeJob, failJob, releaseJob, renewLeases, type FailOutcome } from './queue';

export interface WorkerDeps {
  db: Db;
  env: Env;
  log: Logger;
  clock: Clock;
  registry: JobRegistry;
  backoff?: BackoffOptions;
}

export interface WorkerOptions extends WorkerDeps {
  concurrency: number;
  leaseMs: number;
  /** How often to look for due jobs when idle. */
  pollMs: number;
  /** How long stop() waits for running jobs before releasing them. */
  stopTimeoutMs?: number;
  workerId?: string;
}

export interface Worker {
  readonly workerId: string;
  stop(): Promise<void>;
}

export function newWorkerId(): string {
  return `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`.slice(0, 128);
}

function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}

export type RunOutcome = 'done' | FailOutcome;

/**
 * Runs one claimed job to its outcome: unknown type -> retried (a newer worker may know it),
 * invalid payload -> dead at once, a service's refusal (DomainError other than a conflict) -> dead at once,
 * any other handler error -> retried with backoff or dead, success -> done.
 */
export async function runJob(deps: WorkerDeps, workerId: string, job: Job, signal = new AbortController().signal): Promise<RunOutcome> {
  const { db, clock, registry } = deps;
  const log = deps.log.child({ jobId: job.id, jobType: job.type, attempt: job.attempts });
  const fail = async (message: string, permanent = false) => {
    const outcome = await failJob(db, job.id, workerId, message, clock.now(), { permanent, backoff: deps.backoff });
    if (outcome === 'lost') log.warn('job failed after its lease was lost', { error: message });
    else log.warn(outcome === 'dead' ? 'job failed for the last time' : 'job failed; will retry', { error: message });
    return outcome;
  };

  const definition = registry.get(job.type);
  if (!definition) {
    // Retried rather than killed: during a rolling deploy an older worker can claim a type only newer ones know.
    return fail(`Unknown job type "${job.type}": no handler is registered for it in this worker`);
  }
  const parsed = definition.payload.safeParse(job.payload);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || 'payload'}: ${i.message}`).join('; ');
    return fail(`Invalid payload for "${job.type}": ${issues}`, true);
  }

  const started = Date.now();
  try {
    await definition.handle(
      {
        db,
        log,
        clock,
        env: deps.env,
        job: { id: job.id, type: job.type, attempt: job.attempts, maxAttempts: job.maxAttempts },
        signal,
      },
      parsed.data,
    );
  } catch (error) {
    log.debug('job handler threw', { error });
    // A refusal (forbidden, not found, invalid) will be refused again: no retry. A conflict may clear.
    const refused = error instanceof DomainError && error.kind !== 'conflict';
    return fail(errorMessage(error), refused);
  }
  if (!(await completeJob(db, job.id, workerId, clock.now()))) {
    log.warn('job finished after its lease was lost; another worker may run it again');
    return 'lost';
  }
  log.debug('job done', { ms: Date.now() - started });
  return 'done';
}

export function startWorker(options: WorkerOptions): Worker {
  const { db, log, clock, concurrency, leaseMs, pollMs } = options;
  const workerId = options.workerId ?? newWorkerId();
  const stopTimeoutMs = options.stopTimeoutMs ?? 25_000;
  const running = new Map<number, { done: Promise<void>; abort: AbortController }>();
  let stopping = false;
  let ticking: Promise<void> | null = null;
  let again = false;
  let pollTimer: NodeJS.Timeout | undefined;

  const tick = async () => {
    const free = concurrency - running.size;
    if (stopping || free <= 0) return;
    const claimed = await claimJobs(db, workerId, free, clock.now(), leaseMs);
    for (const job of claimed) {
      const abort = new AbortController();
      const done = runJob(options, workerId, job, abort.signal)
        .then(() => undefined)
        .catch((error) => log.error('job outcome could not be recorded; its lease will expire and it will run again', { jobId: job.id, error }))
        .finally(() => {
          running.delete(job.id);
          wake();
        });
      running.set(job.id, { done, abort });
    }
    // A full batch suggests more are due: look again as soon as a slot frees (wake) or now.
    if (claimed.length === free) again = true;
  };

  /** Runs a tick unless one is in progress, in which case another follows it. */
  function wake() {
    if (stopping) return;
    if (ticking) {
      again = true;
      return;
    }
    again = false;
    ticking = tick()
      .catch((error) => log.error('claiming jobs failed', { error }))
      .finally(() => {
        ticking = null;
        if (again && running.size < concurrency) wake();
      });
  }

  const poll = () => {
    wake();
    pollTimer = setTimeout(poll, pollMs);
  };

  // Long jobs keep their lease: renew well before it runs out.
  const renewTimer = setInterval(() => {
    if (running.size === 0) return;
    renewLeases(db, workerId, [...running.keys()], clock.now(), leaseMs).catch((error) =>
      log.error('renewing job leases failed', { error }),
    );
  }, Math.max(1000, Math.floor(leaseMs / 3)));

  log.info('worker started', { workerId, concurrency });
  poll();

  return {
    workerId,
    async stop() {
      if (stopping) return;
      stopping = true;
      clearTimeout(pollTimer);
      await ticking;
      const all = Promise.all([...running.values()].map((r) => r.done));
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), stopTimeoutMs);
      });
      const result = await Promise.race([all.then(() => 'drained' as const), timedOut]);
      clearTimeout(timer);
      clearInterval(renewTimer);
      if (result === 'timeout') {
        const left = [...running.entries()];
        // Released so another worker takes them at once rather than after the lease; released before the
        // abort, so a handler that fails on abort cannot record a counted failure first.
        await Promise.all(
          left.map(([id]) => releaseJob(db, id, workerId).catch((error) => log.error('releasing a job failed', { jobId: id, error }))),
        );
        for (const [, r] of left) r.abort.abort();
        log.warn('worker stopped with jobs still running; released them', { jobIds: left.map(([id]) => id) });
      } else {
        log.info('worker stopped', { workerId });
      }
    },
  };
}

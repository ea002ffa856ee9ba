// The durable job queue on MySQL: enqueue (inside the caller's transaction), claim with a lease,
// complete, fail with backoff, release. A crashed worker's job comes back when its lease expires.
import { and, asc, eq, inArray, lt, lte, sql } from 'drizzle-orm';
import { jobs, type Job } from '../../drizzle/schema';
import { affectedRows, type Db, type DbOrTx } from '../db';
import { nextRunAt, type BackoffOptions } from './backoff';

export interface NewJob {
  type: string;
  payload: unknown;
  /** At most one job per key, ever (until purged): a second enqueue with the key is a no-op. */
  dedupeKey?: string | null;
  runAt?: Date;
  maxAttempts?: number;
}

const LAST_ERROR_MAX = 4000;

/**
 * Adds a job, in the caller's transaction when given one (so the job exists iff the change that caused it
 * commits). With a dedupe key that is already taken, nothing changes and the existing job's id is returned.
 */
export async function enqueueJob(db: DbOrTx, job: NewJob, now: Date): Promise<number> {
  const [result] = await db
    .insert(jobs)
    .values({
      type: job.type,
      payload: job.payload ?? {},
      dedupeKey: job.dedupeKey ?? null,
      status: 'queued',
      runAt: job.runAt ?? now,
      maxAttempts: job.maxAttempts ?? 5,
    })
    // LAST_INSERT_ID(id) makes insertId the existing row's id on a duplicate key; valid on MySQL 8 and MariaDB.
    .onDuplicateKeyUpdate({ set: { id: sql`LAST_INSERT_ID(${jobs.id})` } });
  return Number(result.insertId);
}

/**
 * Claims up to `limit` due jobs for `workerId` until now + leaseMs, counting an attempt each.
 * Due = queued with runAt <= now, or running under a lease that expired (its worker died).
 * A job whose lease expired on its last attempt is parked as dead instead of run again, so a job that
 * kills its worker cannot loop forever.
 */
export async function claimJobs(db: Db, workerId: string, limit: number, now: Date, leaseMs: number): Promise<Job[]> {
  if (limit <= 0) return [];
  return db.transaction(
    async (tx) => {
      // Two index range scans (jobs_lease_idx, jobs_claim_idx) rather than one OR, which MySQL cannot serve
      // from an index in runAt order once done jobs pile up. Expired leases first, so they never starve.
      const expired = await tx
        .select({ id: jobs.id, attempts: jobs.attempts, maxAttempts: jobs.maxAttempts })
        .from(jobs)
        .where(and(eq(jobs.status, 'running'), lt(jobs.lockedUntil, now)))
        .orderBy(asc(jobs.lockedUntil))
        .limit(limit)
        .for('update', { skipLocked: true });
      const queued =
        expired.length < limit
          ? await tx
              .select({ id: jobs.id })
              .from(jobs)
              .where(and(eq(jobs.status, 'queued'), lte(jobs.runAt, now)))
              .orderBy(asc(jobs.runAt))
              .limit(limit - expired.length)
              .for('update', { skipLocked: true })
          : [];

      const exhausted = expired.filter((j) => j.attempts >= j.maxAttempts).map((j) => j.id);
      const retried = expired.filter((j) => j.attempts < j.maxAttempts).map((j) => j.id);
      const claimed = [...retried, ...queued.map((j) => j.id)];

      if (exhausted.length > 0) {
        await tx
          .update(jobs)
          .set({
            status: 'dead',
            lastError: 'The worker running it stopped before finishing (its lease expired) on the last attempt',
            lockedBy: null,
            lockedUntil: null,
            finishedAt: now,
          })
          .where(inArray(jobs.id, exhausted));
      }
      if (retried.length > 0) {
        await tx
          .update(jobs)
          .set({ lastError: 'The worker running it stopped before finishing (its lease expired); running it again' })
          .where(inArray(jobs.id, retried));
      }
      if (claimed.length === 0) return [];
      await tx
        .update(jobs)
        .set({
          status: 'running',
          lockedBy: workerId,
          lockedUntil: new Date(now.getTime() + leaseMs),
          attempts: sql`${jobs.attempts} + 1`,
        })
        .where(inArray(jobs.id, claimed));
      return tx.select().from(jobs).where(inArray(jobs.id, claimed)).orderBy(asc(jobs.runAt), asc(jobs.id));
    },
    // No gap locks: a claim must not hold up enqueues of new jobs into the range it scanned.
    { isolationLevel: 'read committed' },
  );
}

/** Only the lease holder may finish a job: a worker whose lease expired has lost it to another. */
const heldBy = (id: number, workerId: string) => and(eq(jobs.id, id), eq(jobs.status, 'running'), eq(jobs.lockedBy, workerId));

/** Marks the job done. False when the worker no longer holds its lease (then nothing changes). */
export async function completeJob(db: DbOrTx, id: number, workerId: string, now: Date): Promise<boolean> {
  const result = await db
    .update(jobs)
    .set({ status: 'done', finishedAt: now, lockedBy: null, lockedUntil: null })
    .where(heldBy(id, workerId));
  return affectedRows(result) === 1;
}

export type FailOutcome = 'retry' | 'dead' | 'lost';

export interface FailOptions {
  /** Skip the remaining attempts: retrying cannot help (an invalid payload). */
  permanent?: boolean;
  /** A draw in [0, 1) for the backoff jitter. */
  random?: number;
  backoff?: BackoffOptions;
}

/**
 * Records a failed attempt: back to queued after a backoff delay, or dead after the last attempt.
 * 'lost' when the worker no longer holds the lease.
 */
export async function failJob(
  db: Db,
  id: number,
  workerId: string,
  error: string,
  now: Date,
  options: FailOptions = {},
): Promise<FailOutcome> {
  const lastError = error.length > LAST_ERROR_MAX ? `${error.slice(0, LAST_ERROR_MAX - 1)}…` : error;
  return db.transaction(async (tx) => {
    const [job] = await tx
      .select({ attempts: jobs.attempts, maxAttempts: jobs.maxAttempts })
      .from(jobs)
      .where(heldBy(id, workerId))
      .for('update');
    if (!job) return 'lost';
    if (options.permanent || job.attempts >= job.maxAttempts) {
      await tx
        .update(jobs)
        .set({ status: 'dead', lastError, finishedAt: now, lockedBy: null, lockedUntil: null })
        .where(eq(jobs.id, id));
      return 'dead';
    }
    await tx
      .update(jobs)
      .set({
        status: 'queued',
        lastError,
        runAt: nextRunAt(now, job.attempts, options.random ?? Math.random(), options.backoff),
        lockedBy: null,
        lockedUntil: null,
      })
      .where(eq(jobs.id, id));
    return 'retry';
  });
}

/** Hands a job back untouched (shutdown): queued again at once, and the attempt does not count. */
export async function releaseJob(db: DbOrTx, id: number, workerId: string): Promise<boolean> {
  const result = await db
    .update(jobs)
    .set({ status: 'queued', attempts: sql`GREATEST(${jobs.attempts} - 1, 0)`, lockedBy: null, lockedUntil: null })
    .where(heldBy(id, workerId));
  return affectedRows(result) === 1;
}

/** Extends the leases of jobs this worker is still running, so a long job is not taken over mid-run. */
export async function renewLeases(db: DbOrTx, workerId: string, ids: number[], now: Date, leaseMs: number): Promise<number> {
  if (ids.length === 0) return 0;
  const result = await db
    .update(jobs)
    .set({ lockedUntil: new Date(now.getTime() + leaseMs) })
    .where(and(inArray(jobs.id, ids), eq(jobs.status, 'running'), eq(jobs.lockedBy, workerId)));
  return affectedRows(result);
}

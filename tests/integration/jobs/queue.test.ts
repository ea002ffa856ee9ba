import { eq, sql } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { jobs } from '../../../drizzle/schema';
import { fixedClock } from '../../../server/lib/clock';
import { claimJobs, completeJob, enqueueJob, failJob, releaseJob, renewLeases } from '../../../server/jobs/queue';
import { enqueueDueSlots, startScheduler } from '../../../server/jobs/scheduler';
import { schedule } from '../../../server/jobs/schedule';
import { runJob, startWorker } from '../../../server/jobs/worker';
import { useTestDatabase } from '../../helpers/testDatabase';
import { eventually, jobById, silentLog, testJobs, testRegistry } from './support';

const t = useTestDatabase();
const T0 = new Date('2026-11-25T03:00:00.000Z');
const after = (ms: number, from = T0) => new Date(from.getTime() + ms);
const LEASE = 30_000;

beforeEach(async () => {
  await t.db.delete(jobs);
  testJobs.runs.clear();
  testJobs.failing = true;
  testJobs.release = null;
});

const deps = (now: Date) => ({ db: t.db, env: t.env, log: silentLog, clock: fixedClock(now), registry: testRegistry });

describe('enqueueJob', () => {
  it('belongs to the caller transaction: a rollback leaves no job, a commit leaves one', async () => {
    await expect(
      t.db.transaction(async (tx) => {
        await enqueueJob(tx, { type: 'test.record', payload: { n: 1 }, dedupeKey: 'rolled-back' }, T0);
        throw new Error('the business change failed');
      }),
    ).rejects.toThrow('the business change failed');
    expect(await t.db.select().from(jobs)).toHaveLength(0);

    const id = await t.db.transaction((tx) => enqueueJob(tx, { type: 'test.record', payload: { n: 2 } }, T0));
    expect(await jobById(t.db, id)).toMatchObject({ type: 'test.record', payload: { n: 2 }, status: 'queued', attempts: 0, maxAttempts: 5 });
  });

  it('treats a second enqueue with the same dedupe key as a no-op that returns the first job', async () => {
    const first = await enqueueJob(t.db, { type: 'test.record', payload: { n: 1 }, dedupeKey: 'sync:42' }, T0);
    const second = await enqueueJob(t.db, { type: 'test.record', payload: { n: 2 }, dedupeKey: 'sync:42' }, after(1000));
    const other = await enqueueJob(t.db, { type: 'test.record', payload: { n: 3 }, dedupeKey: 'sync:43' }, T0);
    expect(second).toBe(first);
    expect(other).not.toBe(first);
    const rows = await t.db.select().from(jobs).where(eq(jobs.dedupeKey, 'sync:42'));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.payload).toEqual({ n: 1 });
    // Jobs without a key never collide.
    const a = await enqueueJob(t.db, { type: 'test.record', payload: { n: 4 } }, T0);
    const b = await enqueueJob(t.db, { type: 'test.record', payload: { n: 4 } }, T0);
    expect(a).not.toBe(b);
  });

  it('holds a job until its runAt', async () => {
    await enqueueJob(t.db, { type: 'test.record', payload: { n: 1 }, runAt: after(60_000) }, T0);
    expect(await claimJobs(t.db, 'w1', 5, T0, LEASE)).toEqual([]);
    expect(await claimJobs(t.db, 'w1', 5, after(60_000), LEASE)).toHaveLength(1);
  });
});

describe('claiming', () => {
  it('runs every one of 100 jobs exactly once across concurrent workers', async () => {
    const ids = new Set<number>();
    for (let n = 0; n < 100; n += 1) {
      ids.add(await enqueueJob(t.db, { type: 'test.record', payload: { n } }, T0));
    }
    const claimedBy = new Map<number, string[]>();
    const workerLoop = async (workerId: string) => {
      for (;;) {
        const claimed = await claimJobs(t.db, workerId, 7, T0, LEASE);
        if (claimed.length === 0) return;
        for (const job of claimed) {
          expect(job).toMatchObject({ status: 'running', lockedBy: workerId, attempts: 1 });
          claimedBy.set(job.id, [...(claimedBy.get(job.id) ?? []), workerId]);
          expect(await runJob(deps(T0), workerId, job)).toBe('done');
        }
      }
    };
    await Promise.all(Array.from({ length: 6 }, (_, i) => workerLoop(`worker-${i}`)));

    expect(new Set(claimedBy.keys())).toEqual(ids);
    expect([...claimedBy.values()].every((who) => who.length === 1)).toBe(true);
    expect([...testJobs.runs.values()].every((count) => count === 1)).toBe(true);
    expect(testJobs.runs.size).toBe(100);
    expect(new Set([...claimedBy.values()].flat()).size).toBeGreaterThan(1); // the work really was shared
    const [counts] = await t.db.select({ done: sql<number>`SUM(${jobs.status} = 'done')` }).from(jobs);
    expect(Number(counts!.done)).toBe(100);
  });

  it('retries a job whose worker crashed once its lease expires, and only then', async () => {
    const id = await enqueueJob(t.db, { type: 'test.record', payload: { n: 1 } }, T0);
    const [crashed] = await claimJobs(t.db, 'worker-a', 1, T0, LEASE);
    expect(crashed).toMatchObject({ id, lockedBy: 'worker-a', attempts: 1 });
    expect(crashed!.lockedUntil).toEqual(after(LEASE));
    // worker-a dies here without completing.

    expect(await claimJobs(t.db, 'worker-b', 1, after(LEASE - 1), LEASE)).toEqual([]);
    const [retried] = await claimJobs(t.db, 'worker-b', 1, after(LEASE + 1), LEASE);
    expect(retried).toMatchObject({ id, lockedBy: 'worker-b', attempts: 2, status: 'running' });
    expect(retried!.lastError).toMatch(/lease expired/);

    // The lost lease: worker-a coming back to life cannot complete or fail it any more.
    expect(await completeJob(t.db, id, 'worker-a', after(LEASE + 2))).toBe(false);
    expect(await failJob(t.db, id, 'worker-a', 'late', after(LEASE + 2))).toBe('lost');
    expect(await runJob(deps(after(LEASE + 3)), 'worker-b', retried!)).toBe('done');
    expect(await jobById(t.db, id)).toMatchObject({ status: 'done', lockedBy: null, attempts: 2 });
    expect(testJobs.runs.get(id)).toBe(1);
  });

  it('parks a job as dead when its lease expires on the last attempt', async () => {
    const id = await enqueueJob(t.db, { type: 'test.record', payload: { n: 1 }, maxAttempts: 1 }, T0);
    await claimJobs(t.db, 'worker-a', 1, T0, LEASE);
    expect(await claimJobs(t.db, 'worker-b', 1, after(LEASE + 1), LEASE)).toEqual([]);
    const job = await jobById(t.db, id);
    expect(job).toMatchObject({ status: 'dead', attempts: 1, lockedBy: null });
    expect(job.lastError).toMatch(/last attempt/);
  });

  it('keeps a renewed lease from being taken over', async () => {
    const id = await enqueueJob(t.db, { type: 'test.record', payload: { n: 1 } }, T0);
    await claimJobs(t.db, 'worker-a', 1, T0, LEASE);
    expect(await renewLeases(t.db, 'worker-a', [id], after(LEASE - 1000), LEASE)).toBe(1);
    expect(await renewLeases(t.db, 'worker-b', [id], after(LEASE - 1000), LEASE)).toBe(0);
    expect(await claimJobs(t.db, 'worker-b', 1, after(LEASE + 1), LEASE)).toEqual([]);
  });

  it('releases a job at shutdown without counting the attempt', async () => {
    const id = await enqueueJob(t.db, { type: 'test.record', payload: { n: 1 } }, T0);
    await claimJobs(t.db, 'worker-a', 1, T0, LEASE);
    expect(await releaseJob(t.db, id, 'worker-b')).toBe(false);
    expect(await releaseJob(t.db, id, 'worker-a')).toBe(true);
    expect(await jobById(t.db, id)).toMatchObject({ status: 'queued', attempts: 0, lockedBy: null, lockedUntil: null });
    expect(await claimJobs(t.db, 'worker-b', 1, T0, LEASE)).toMatchObject([{ id, attempts: 1 }]);
  });
});

describe('failures', () => {
  it('retries a failing job with growing backoff, then parks it as dead with the error', async () => {
    const id = await enqueueJob(t.db, { type: 'test.flaky', payload: {}, maxAttempts: 3 }, T0);
    let now = T0;
    const waits: number[] = [];
    for (let attempt = 1; attempt <= 3; attempt += 1) {
      const [job] = await claimJobs(t.db, 'w', 1, now, LEASE);
      expect(job).toMatchObject({ id, attempts: attempt });
      const outcome = await runJob(deps(now), 'w', job!);
      const row = await jobById(t.db, id);
      if (attempt < 3) {
        expect(outcome).toBe('retry');
        expect(row).toMatchObject({ status: 'queued', lastError: 'the provider said 503', lockedBy: null });
        waits.push(row.runAt.getTime() - now.getTime());
        // Not due again before its backoff has passed.
        expect(await claimJobs(t.db, 'w', 1, new Date(row.runAt.getTime() - 1), LEASE)).toEqual([]);
        now = row.runAt;
      } else {
        expect(outcome).toBe('dead');
        expect(row).toMatchObject({ status: 'dead', attempts: 3, lastError: 'the provider said 503', finishedAt: now });
      }
    }
    // Default backoff: 10 s then 20 s steps, each with up to half of it as jitter.
    expect(waits[0]).toBeGreaterThanOrEqual(5_000);
    expect(waits[0]).toBeLessThanOrEqual(10_000);
    expect(waits[1]).toBeGreaterThanOrEqual(10_000);
    expect(waits[1]).toBeLessThanOrEqual(20_000);
    expect(await claimJobs(t.db, 'w', 1, after(24 * 60 * 60_000), LEASE)).toEqual([]);
  });

  it('kills a job with an invalid payload at once, naming the problem', async () => {
    const id = await enqueueJob(t.db, { type: 'test.record', payload: { n: 'seven' } }, T0);
    const [job] = await claimJobs(t.db, 'w', 1, T0, LEASE);
    expect(await runJob(deps(T0), 'w', job!)).toBe('dead');
    const row = await jobById(t.db, id);
    expect(row).toMatchObject({ status: 'dead', attempts: 1 });
    expect(row.lastError).toMatch(/^Invalid payload for "test\.record": n: /);
    expect(testJobs.runs.size).toBe(0);
  });

  it('fails a job of an unknown type with a clear error (retried: a newer worker may know it)', async () => {
    const id = await enqueueJob(t.db, { type: 'nobody.knows', payload: {}, maxAttempts: 2 }, T0);
    const [job] = await claimJobs(t.db, 'w', 1, T0, LEASE);
    expect(await runJob(deps(T0), 'w', job!)).toBe('retry');
    const row = await jobById(t.db, id);
    expect(row.lastError).toBe('Unknown job type "nobody.knows": no handler is registered for it in this worker');
    const [again] = await claimJobs(t.db, 'w', 1, row.runAt, LEASE);
    expect(await runJob(deps(row.runAt), 'w', again!)).toBe('dead');
  });
});

describe('scheduler', () => {
  // The hourly purge alone: other entries of the real schedule would add their own slots.
  const purgeOnly = schedule.filter((e) => e.type === 'maintenance.purgeExpired');

  it('yields one job for one slot however many schedulers enqueue it', async () => {
    const at0307 = new Date('2026-11-25T03:07:00.000Z');
    const offered = await Promise.all([
      enqueueDueSlots(t.db, purgeOnly, at0307),
      enqueueDueSlots(t.db, purgeOnly, at0307),
      enqueueDueSlots(t.db, purgeOnly, new Date('2026-11-25T03:07:40.000Z')),
    ]);
    expect(offered.flat().map((o) => o.dedupeKey)).toEqual(Array(3).fill('maintenance.purgeExpired:2026-11-25T03'));
    expect(new Set(offered.flat().map((o) => o.jobId)).size).toBe(1);

    // A late tick in the same hour catches up without a second job; the next hour gets its own.
    await enqueueDueSlots(t.db, purgeOnly, new Date('2026-11-25T03:12:00.000Z'));
    await enqueueDueSlots(t.db, purgeOnly, new Date('2026-11-25T03:30:00.000Z'));
    await enqueueDueSlots(t.db, purgeOnly, new Date('2026-11-25T04:07:10.000Z'));
    const rows = await t.db.select().from(jobs).orderBy(jobs.runAt);
    expect(rows.map((r) => [r.type, r.dedupeKey, r.runAt.toISOString()])).toEqual([
      ['maintenance.purgeExpired', 'maintenance.purgeExpired:2026-11-25T03', '2026-11-25T03:07:00.000Z'],
      ['maintenance.purgeExpired', 'maintenance.purgeExpired:2026-11-25T04', '2026-11-25T04:07:00.000Z'],
    ]);
  });

  it('catches up at start-up with the slot it just missed, and stops cleanly', async () => {
    const scheduler = startScheduler({
      db: t.db,
      log: silentLog,
      clock: fixedClock(new Date('2026-11-25T05:09:00.000Z')),
      schedule: purgeOnly,
    });
    await scheduler.stop();
    const rows = await t.db.select().from(jobs);
    expect(rows.map((r) => r.dedupeKey)).toEqual(['maintenance.purgeExpired:2026-11-25T05']);
  });
});

describe('startWorker', () => {
  it('runs enqueued jobs and drains on stop', async () => {
    const ids: number[] = [];
    for (let n = 0; n < 5; n += 1) ids.push(await enqueueJob(t.db, { type: 'test.record', payload: { n } }, new Date()));
    const slowId = await enqueueJob(t.db, { type: 'test.slow', payload: {} }, new Date());
    const worker = startWorker({
      db: t.db,
      env: t.env,
      log: silentLog,
      clock: { now: () => new Date() },
      registry: testRegistry,
      concurrency: 3,
      leaseMs: LEASE,
      pollMs: 20,
    });
    try {
      await eventually(async () => ids.every((id) => testJobs.runs.get(id) === 1) && testJobs.release, 'the jobs to run');
      // stop() waits for the slow job: it is still running when stop begins, and done when stop resolves.
      const stopped = worker.stop();
      expect((await jobById(t.db, slowId)).status).toBe('running');
      testJobs.release!();
      await stopped;
    } finally {
      await worker.stop();
    }
    const rows = await t.db.select().from(jobs);
    expect(rows.every((r) => r.status === 'done' && r.attempts === 1)).toBe(true);
    expect(rows).toHaveLength(6);
  });

  it('releases a job still running when the stop timeout passes', async () => {
    const id = await enqueueJob(t.db, { type: 'test.slow', payload: {} }, new Date());
    const worker = startWorker({
      db: t.db,
      env: t.env,
      log: silentLog,
      clock: { now: () => new Date() },
      registry: testRegistry,
      concurrency: 1,
      leaseMs: LEASE,
      pollMs: 20,
      stopTimeoutMs: 50,
    });
    await eventually(async () => testJobs.release, 'the slow job to start');
    await worker.stop();
    expect(await jobById(t.db, id)).toMatchObject({ status: 'queued', attempts: 0, lockedBy: null });
  });
});

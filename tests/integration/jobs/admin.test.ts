import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { auditLog, jobs, rateLimits, sessions, signInFailures, users, verifications } from '../../../drizzle/schema';
import { fixedClock } from '../../../server/lib/clock';
import { claimJobs, enqueueJob } from '../../../server/jobs/queue';
import { jobRegistry } from '../../../server/jobs/registry';
import { runJob } from '../../../server/jobs/worker';
import { callerFor } from '../../helpers/context';
import { clientError } from '../../helpers/errorShape';
import { makeUser } from '../../helpers/factories/users';
import { walkPages } from '../../helpers/paging';
import { useTestDatabase } from '../../helpers/testDatabase';
import { jobById, silentLog, testJobs, testRegistry } from './support';

const t = useTestDatabase();
const T0 = new Date('2026-11-25T03:00:00.000Z');
const LEASE = 30_000;
const DAY = 24 * 60 * 60_000;
const at = (ms: number) => new Date(T0.getTime() + ms);

beforeEach(async () => {
  await t.db.delete(jobs);
  testJobs.failing = true;
});

const deps = (now: Date, registry = testRegistry) => ({ db: t.db, env: t.env, log: silentLog, clock: fixedClock(now), registry });

/** Runs whatever is due at `now` through the handlers, as one worker pass would. */
async function workOnce(now: Date, registry = testRegistry) {
  const claimed = await claimJobs(t.db, 'test-worker', 10, now, LEASE);
  return Promise.all(claimed.map((job) => runJob(deps(now, registry), 'test-worker', job)));
}

describe('jobs.list and jobs.retry', () => {
  it('shows a job that failed for good to admins, and re-runs it on retry', async () => {
    const admin = await makeUser(t.db, { role: 'admin' });
    const id = await enqueueJob(t.db, { type: 'test.flaky', payload: {}, maxAttempts: 2 }, T0);
    expect(await workOnce(T0)).toEqual(['retry']);
    const retryAt = (await jobById(t.db, id)).runAt;
    expect(await workOnce(retryAt)).toEqual(['dead']);

    const clock = fixedClock(at(DAY));
    const caller = callerFor(t, admin, clock);
    const dead = await caller.jobs.list({ status: 'dead' });
    expect(dead.items).toMatchObject([{ id, type: 'test.flaky', status: 'dead', attempts: 2, lastError: 'the provider said 503' }]);
    expect((await caller.jobs.list({ status: 'queued' })).items).toEqual([]);

    const retried = await caller.jobs.retry({ id });
    expect(retried).toMatchObject({ id, status: 'queued', attempts: 0, finishedAt: null, runAt: at(DAY) });
    const [audit] = await t.db.select().from(auditLog).where(eq(auditLog.entityType, 'job'));
    expect(audit).toMatchObject({ actorId: admin.id, action: 'update', entityId: String(id), changes: { status: ['dead', 'queued'], attempts: [2, 0] } });

    testJobs.failing = false;
    expect(await workOnce(at(DAY))).toEqual(['done']);
    expect(await jobById(t.db, id)).toMatchObject({ status: 'done', attempts: 1 });
    expect((await caller.jobs.list({ status: 'dead' })).items).toEqual([]);
  });

  it('refuses to retry a job that is not dead, or does not exist', async () => {
    const admin = await makeUser(t.db, { role: 'admin' });
    const caller = callerFor(t, admin, fixedClock(T0));
    const id = await enqueueJob(t.db, { type: 'test.flaky', payload: {} }, T0);
    const conflict = await clientError(caller.jobs.retry({ id }));
    expect(conflict).toMatchObject({ code: 'CONFLICT', message: 'Only failed (dead) jobs can be retried; this one is queued' });
    expect(await clientError(caller.jobs.retry({ id: id + 1000 }))).toMatchObject({ code: 'NOT_FOUND', message: 'Job not found' });
    expect(await clientError(caller.jobs.retry({ id: -1 }))).toMatchObject({ code: 'BAD_REQUEST' });
    expect(await clientError(caller.jobs.list({ status: 'lost' as 'dead' }))).toMatchObject({
      code: 'BAD_REQUEST',
      fieldErrors: { status: ['Choose a job status'] },
    });
  });

  it('is for admins only', async () => {
    const id = await enqueueJob(t.db, { type: 'test.flaky', payload: {} }, T0);
    for (const role of ['rep', 'manager', 'csm'] as const) {
      const caller = callerFor(t, await makeUser(t.db, { role }));
      expect((await clientError(caller.jobs.list({}))).code).toBe('FORBIDDEN');
      expect((await clientError(caller.jobs.retry({ id }))).code).toBe('FORBIDDEN');
    }
    expect((await clientError(callerFor(t, null).jobs.list())).code).toBe('UNAUTHORIZED');
  });

  it('pages newest first without gaps or repeats, filtered by type and status', async () => {
    const admin = await makeUser(t.db, { role: 'admin' });
    const caller = callerFor(t, admin);
    const ids: number[] = [];
    for (let n = 0; n < 7; n += 1) {
      const id = await enqueueJob(t.db, { type: 'test.record', payload: { n } }, T0);
      // Two share a creation time, so the id breaks the tie.
      await t.db.update(jobs).set({ createdAt: at(Math.floor(n / 2) * 1000) }).where(eq(jobs.id, id));
      ids.push(id);
    }
    await enqueueJob(t.db, { type: 'test.flaky', payload: {} }, T0);

    const walk = await walkPages((cursor) => caller.jobs.list({ type: 'test.record', limit: 3, cursor }));
    expect(walk.pages).toBe(3);
    expect(walk.items.map((j) => j.id)).toEqual([...ids].sort((a, b) => b - a));

    expect((await caller.jobs.list()).items).toHaveLength(8);
    expect((await caller.jobs.list({ status: 'done' })).items).toEqual([]);
  });
});

describe('maintenance.purgeExpired', () => {
  it('deletes expired sessions, verifications, stale rate limits and sign-in failures, old done jobs, and nothing else', async () => {
    const user = await makeUser(t.db);
    const now = new Date();
    const hour = 60 * 60_000;
    await t.db.insert(sessions).values([
      { id: 's-expired', token: 'tok-expired', userId: user.id, expiresAt: new Date(now.getTime() - hour) },
      { id: 's-valid', token: 'tok-valid', userId: user.id, expiresAt: new Date(now.getTime() + hour) },
    ]);
    await t.db.insert(verifications).values([
      { id: 'v-expired', identifier: 'x', value: 'y', expiresAt: new Date(now.getTime() - 1000) },
      { id: 'v-valid', identifier: 'x', value: 'y', expiresAt: new Date(now.getTime() + hour) },
    ]);
    await t.db.insert(rateLimits).values([
      { id: 'r-old', key: 'ip-old', count: 3, lastRequest: now.getTime() - 2 * DAY },
      { id: 'r-recent', key: 'ip-recent', count: 3, lastRequest: now.getTime() - hour },
    ]);
    await t.db.insert(signInFailures).values([
      { scope: 'account', subject: 'forgotten@example.test', failures: 9, lastFailureAt: new Date(now.getTime() - 25 * hour) },
      { scope: 'account', subject: 'remembered@example.test', failures: 9, lastFailureAt: new Date(now.getTime() - 23 * hour) },
    ]);
    const oldDone = await enqueueJob(t.db, { type: 'test.record', payload: { n: 1 } }, now);
    const recentDone = await enqueueJob(t.db, { type: 'test.record', payload: { n: 2 } }, now);
    const oldDead = await enqueueJob(t.db, { type: 'test.record', payload: { n: 3 } }, now);
    await t.db.update(jobs).set({ status: 'done', finishedAt: new Date(now.getTime() - 15 * DAY) }).where(eq(jobs.id, oldDone));
    await t.db.update(jobs).set({ status: 'done', finishedAt: new Date(now.getTime() - 13 * DAY) }).where(eq(jobs.id, recentDone));
    await t.db.update(jobs).set({ status: 'dead', finishedAt: new Date(now.getTime() - 30 * DAY) }).where(eq(jobs.id, oldDead));

    const purgeId = await enqueueJob(t.db, { type: 'maintenance.purgeExpired', payload: {} }, now);
    const [claimed] = await claimJobs(t.db, 'w', 1, now, LEASE);
    expect(claimed!.id).toBe(purgeId);
    expect(await runJob(deps(now, jobRegistry), 'w', claimed!)).toBe('done');

    expect((await t.db.select({ id: sessions.id }).from(sessions)).map((r) => r.id)).toEqual(['s-valid']);
    expect((await t.db.select({ id: verifications.id }).from(verifications)).map((r) => r.id)).toEqual(['v-valid']);
    expect((await t.db.select({ id: rateLimits.id }).from(rateLimits)).map((r) => r.id)).toEqual(['r-recent']);
    expect((await t.db.select({ subject: signInFailures.subject }).from(signInFailures)).map((r) => r.subject)).toEqual([
      'remembered@example.test',
    ]);
    const left = (await t.db.select({ id: jobs.id }).from(jobs)).map((r) => r.id).sort((a, b) => a - b);
    expect(left).toEqual([recentDone, oldDead, purgeId].sort((a, b) => a - b));
    // Only the session went: its user stays.
    expect(await t.db.select({ id: users.id }).from(users).where(eq(users.id, user.id))).toHaveLength(1);
  });
});

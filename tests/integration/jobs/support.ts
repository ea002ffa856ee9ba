// Shared by the job tests: a registry of test-only job types and a way to wait for the database to agree.
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { jobs, type Job } from '../../../drizzle/schema';
import type { Db } from '../../../server/db';
import { createJobRegistry, defineJob } from '../../../server/jobs/jobDefinition';
import { createLogger } from '../../../server/lib/log';

export const silentLog = createLogger('silent');

export async function jobById(db: Db, id: number): Promise<Job> {
  const [row] = await db.select().from(jobs).where(eq(jobs.id, id));
  if (!row) throw new Error(`job ${id} not found`);
  return row;
}

/** Polls until `check` returns a value (not a timing assertion: it only bounds how long a broken test hangs). */
export async function eventually<T>(check: () => Promise<T | undefined | null | false>, what: string, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 15));
  }
}

/** Test job types whose behaviour each test steers through these variables. */
export const testJobs = {
  runs: new Map<number, number>(),
  failing: true,
  release: null as null | (() => void),
};

export const testRegistry = createJobRegistry([
  defineJob({
    type: 'test.record',
    payload: z.object({ n: z.number().int() }),
    async handle(ctx) {
      testJobs.runs.set(ctx.job.id, (testJobs.runs.get(ctx.job.id) ?? 0) + 1);
    },
  }),
  defineJob({
    type: 'test.flaky',
    payload: z.object({}),
    async handle() {
      if (testJobs.failing) throw new Error('the provider said 503');
    },
  }),
  defineJob({
    type: 'test.slow',
    payload: z.object({}),
    async handle(ctx) {
      // Finishes when the test releases it, or gives up when the worker aborts it at shutdown.
      await new Promise<void>((resolve) => {
        testJobs.release = resolve;
        ctx.signal.addEventListener('abort', () => resolve());
      });
      if (ctx.signal.aborted) throw new Error('aborted at shutdown');
    },
  }),
]);

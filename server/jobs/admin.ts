// What admins do with jobs: see them (failed ones above all) and re-run a dead one.
import { and, eq } from 'drizzle-orm';
import { jobs } from '../../drizzle/schema';
import type { JobList } from '../../shared/schemas/jobs';
import { type DbOrTx, inTransaction } from '../db';
import { assertAdmin } from '../lib/access';
import type { Actor } from '../lib/actor';
import { recordAudit } from '../lib/audit';
import { conflict, notFound } from '../lib/errors';
import { keysetAfter, keysetOrder, toPage } from '../lib/keyset';

const JOB_ADMINS = 'Only admins can see and re-run jobs';

/** Newest first by (createdAt, id), served by jobs_created_idx. */
export async function listJobs(db: DbOrTx, actor: Actor, params: JobList) {
  assertAdmin(actor, JOB_ADMINS);
  const rows = await db
    .select()
    .from(jobs)
    .where(
      and(
        params.status ? eq(jobs.status, params.status) : undefined,
        params.type ? eq(jobs.type, params.type) : undefined,
        keysetAfter(jobs.createdAt, jobs.id, 'desc', params.cursor),
      ),
    )
    .orderBy(...keysetOrder(jobs.createdAt, jobs.id, 'desc'))
    .limit(params.limit + 1);
  return toPage(rows, params.limit, (row) => row.createdAt);
}

/** Puts a dead job back in the queue with a fresh set of attempts, due now. */
export async function retryJob(db: DbOrTx, actor: Actor, { id }: { id: number }, now: Date) {
  assertAdmin(actor, JOB_ADMINS);
  return inTransaction(db, async (tx) => {
    const [job] = await tx.select().from(jobs).where(eq(jobs.id, id)).for('update');
    if (!job) throw notFound('Job');
    if (job.status !== 'dead') {
      throw conflict(`Only failed (dead) jobs can be retried; this one is ${job.status}`);
    }
    await tx
      .update(jobs)
      .set({ status: 'queued', attempts: 0, runAt: now, lockedBy: null, lockedUntil: null, finishedAt: null })
      .where(eq(jobs.id, id));
    await recordAudit(tx, {
      actor,
      action: 'update',
      entityType: 'job',
      entityId: id,
      changes: { status: [job.status, 'queued'], attempts: [job.attempts, 0] },
    });
    const [fresh] = await tx.select().from(jobs).where(eq(jobs.id, id));
    return fresh!;
  });
}

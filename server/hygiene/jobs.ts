// The hygiene scan jobs: the nightly (and "scan now") full scan, the incremental scan of one deal that
// every change to a deal, its activities, its people or its line items enqueues in its own transaction, and
// the same for a project (or its milestones) and a case.
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { jobs } from '../../drizzle/schema';
import type { Db, DbOrTx } from '../db';
import { enqueue } from '../jobs/enqueue';
import { defineJob } from '../jobs/jobDefinition';
import type { ScannedRecordType } from './facts';
import { purgeExpiredAnalyses } from './analyses';
import { runScan } from './scan';

/**
 * The dedupe key of a pending scan. A job gives its key up as it starts (releaseDedupeKey), so a burst of
 * edits before it runs gives one scan, and an edit made while it runs gives the next one.
 */
export const opportunityScanKey = (id: number) => `hygiene.scan:opportunity:${id}`;
export const recordScanKey = (recordType: ScannedRecordType, id: number) => `hygiene.scan:${recordType}:${id}`;
export const FULL_SCAN_NOW_KEY = 'hygiene.scan:all:now';

async function releaseDedupeKey(db: Db, jobId: number): Promise<void> {
  await db.update(jobs).set({ dedupeKey: null }).where(eq(jobs.id, jobId));
}

export const scanAllJob = defineJob({
  type: 'hygiene.scanAll',
  payload: z.object({}),
  async handle(ctx) {
    await releaseDedupeKey(ctx.db, ctx.job.id);
    const report = await runScan(ctx.db, { kind: 'all' }, ctx.clock.now());
    ctx.log.info('hygiene full scan', { ...report, scope: 'all' });
  },
});

export const scanOpportunityJob = defineJob({
  type: 'hygiene.scanOpportunity',
  payload: z.object({ opportunityId: z.number().int().positive() }),
  async handle(ctx, { opportunityId }) {
    await releaseDedupeKey(ctx.db, ctx.job.id);
    await runScan(ctx.db, { kind: 'opportunity', id: opportunityId }, ctx.clock.now());
  },
});

export const scanRecordJob = defineJob({
  type: 'hygiene.scanRecord',
  payload: z.object({ recordType: z.enum(['account', 'contact', 'project', 'case']), id: z.number().int().positive() }),
  async handle(ctx, { recordType, id }) {
    await releaseDedupeKey(ctx.db, ctx.job.id);
    await runScan(ctx.db, { kind: 'record', recordType, id }, ctx.clock.now());
  },
});

/** Enqueues the incremental scan of a project, case, account or contact, inside the change's transaction (deduplicated). */
export async function enqueueRecordScan(tx: DbOrTx, recordType: ScannedRecordType, id: number, now: Date): Promise<void> {
  await enqueue(tx, { type: 'hygiene.scanRecord', payload: { recordType, id }, dedupeKey: recordScanKey(recordType, id) }, now);
}

/** Enqueues the incremental scan of a deal, inside the transaction of the change (deduplicated). */
export async function enqueueOpportunityScan(tx: DbOrTx, opportunityId: number, now: Date): Promise<void> {
  await enqueue(tx, { type: 'hygiene.scanOpportunity', payload: { opportunityId }, dedupeKey: opportunityScanKey(opportunityId) }, now);
}

export async function enqueueFullScan(tx: DbOrTx, now: Date): Promise<number> {
  return enqueue(tx, { type: 'hygiene.scanAll', payload: {}, dedupeKey: FULL_SCAN_NOW_KEY }, now);
}

/** Nightly: file analyses past their 30 days are deleted with their results and stored files. */
export const purgeAnalysesJob = defineJob({
  type: 'hygiene.purgeAnalyses',
  payload: z.object({}),
  async handle(ctx) {
    const deleted = await purgeExpiredAnalyses(ctx.db, ctx.clock.now());
    if (deleted > 0) ctx.log.info('hygiene: expired file analyses deleted', { deleted });
  },
});

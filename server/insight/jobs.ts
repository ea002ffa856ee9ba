// Insight's jobs: the weekly forecast snapshot (scheduled Friday in server/jobs/schedule.ts), and lead
// scores: one lead's after its activities or details change, every open lead's nightly (decay moves daily);
// and the funnel's precomputed counts, rebuilt nightly (stageFlowAggregate.ts).
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { jobs } from '../../drizzle/schema';
import type { Db, DbOrTx } from '../db';
import { enqueue } from '../jobs/enqueue';
import { defineJob } from '../jobs/jobDefinition';
import { rescoreAllLeads, rescoreLeads } from './leadScores';
import { takeForecastSnapshot } from './snapshots';
import { refreshStageFlows } from './stageFlowAggregate';

export const forecastSnapshotJob = defineJob({
  type: 'insight.forecastSnapshot',
  payload: z.object({}),
  async handle(ctx) {
    const result = await takeForecastSnapshot(ctx.db, ctx.clock.now());
    ctx.log.info('forecast snapshot taken', { snapshotDate: result.snapshotDate, periods: result.periods.map((p) => p.label) });
  },
});

const leadScoreKey = (leadId: number) => `insight.scoreLead:${leadId}`;

/** A job gives its dedupe key up as it starts, so a change made while it runs queues the next one. */
async function releaseDedupeKey(db: Db, jobId: number): Promise<void> {
  await db.update(jobs).set({ dedupeKey: null }).where(eq(jobs.id, jobId));
}

export const scoreLeadJob = defineJob({
  type: 'insight.scoreLead',
  payload: z.object({ leadId: z.number().int().positive() }),
  async handle(ctx, { leadId }) {
    await releaseDedupeKey(ctx.db, ctx.job.id);
    await rescoreLeads(ctx.db, [leadId], ctx.clock.now());
  },
});

export const scoreLeadsJob = defineJob({
  type: 'insight.scoreLeads',
  payload: z.object({}),
  async handle(ctx) {
    const result = await rescoreAllLeads(ctx.db, ctx.clock.now());
    ctx.log.info('lead scores recomputed', result);
  },
});

/** The funnel's precomputed counts rebuilt for the windows around today (changes keep them current in between). */
export const stageFlowsJob = defineJob({
  type: 'insight.stageFlows',
  payload: z.object({}),
  async handle(ctx) {
    const result = await refreshStageFlows(ctx.db, ctx.clock.now());
    ctx.log.info('stage flows rebuilt', result);
  },
});

export const insightJobs = [forecastSnapshotJob, scoreLeadJob, scoreLeadsJob, stageFlowsJob] as const;

/** Queues a lead's rescore inside the transaction of the change (one pending job per lead). */
export async function enqueueLeadScore(tx: DbOrTx, leadId: number, now: Date): Promise<void> {
  await enqueue(tx, { type: 'insight.scoreLead', payload: { leadId }, dedupeKey: leadScoreKey(leadId) }, now);
}

// Reports' job types: the tick that finds due scheduled reports, and one scheduled run. Scheduled in server/jobs/schedule.ts.
import { z } from 'zod';
import { defineJob } from '../jobs/jobDefinition';
import { enqueueDueReports, runScheduledReport } from './scheduled';

/** Every 15 minutes: whose report slot has come, in its owner's zone (half-hour zones included). */
export const reportScheduleTickJob = defineJob({
  type: 'reports.scheduleTick',
  payload: z.object({}),
  async handle(ctx) {
    const offered = await enqueueDueReports(ctx.db, ctx.clock.now());
    if (offered > 0) ctx.log.info('scheduled reports queued', { offered });
  },
});

/** One slot of one scheduled report; a failed send throws, and the queue retries with backoff. */
export const runScheduledReportJob = defineJob({
  type: 'reports.runScheduled',
  payload: z.object({ reportId: z.number().int().positive(), slotKey: z.string().min(1).max(64), localDate: z.iso.date() }),
  async handle(ctx, payload) {
    const execution = await runScheduledReport(ctx.db, ctx.env, payload, ctx.clock.now());
    if (execution) ctx.log.info('scheduled report done', { reportId: payload.reportId, executionId: execution.id, rows: execution.rowCount, delivery: execution.delivery });
  },
});

export const reportJobs = [reportScheduleTickJob, runScheduledReportJob] as const;

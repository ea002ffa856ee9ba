// Delivery's job types: the alert sweeps and the inbox's retention. Scheduled in server/jobs/schedule.ts.
import { z } from 'zod';
import { defineJob } from '../jobs/jobDefinition';
import { digestKinds } from '../../shared/schemas/delivery';
import { runScan } from '../hygiene/scan';
import { deliverDigest, enqueueDueDigests } from './digests';
import { enqueueDueReviews, loadReview, reviewBuilder } from './pipelineReviews';
import { alertCasesNearSla, alertDeadJobs, alertReconnectNeeded, checkProjectHealth } from './alerts';
import { purgeOldNotifications } from './notifications';

/** Every few minutes: cases near their SLA, jobs that died, mailboxes that need reconnecting. */
export const alertSweepJob = defineJob({
  type: 'delivery.alertSweep',
  payload: z.object({}),
  async handle(ctx) {
    const now = ctx.clock.now();
    const caseSla = await alertCasesNearSla(ctx.db, now);
    const deadJobs = await alertDeadJobs(ctx.db, now);
    const reconnect = await alertReconnectNeeded(ctx.db, now);
    if (caseSla + deadJobs + reconnect > 0) ctx.log.info('alerts sent', { caseSla, deadJobs, reconnect });
  },
});

/** Hourly: the 08:00 project health check of every CSM whose local hour it is. */
export const projectHealthCheckJob = defineJob({
  type: 'delivery.projectHealthCheck',
  payload: z.object({}),
  async handle(ctx) {
    const alerts = await checkProjectHealth(ctx.db, ctx.clock.now());
    if (alerts > 0) ctx.log.info('project health alerts sent', { alerts });
  },
});

export const purgeNotificationsJob = defineJob({
  type: 'delivery.purgeNotifications',
  payload: z.object({}),
  async handle(ctx) {
    const deleted = await purgeOldNotifications(ctx.db, ctx.clock.now());
    if (deleted > 0) ctx.log.info('purged old notifications', { deleted });
  },
});

/** Every 15 minutes: whose digest slot has come, in their own zone (half-hour zones included). */
export const digestTickJob = defineJob({
  type: 'delivery.digestTick',
  payload: z.object({}),
  async handle(ctx) {
    const now = ctx.clock.now();
    const offered = await enqueueDueDigests(ctx.db, now);
    const reviews = await enqueueDueReviews(ctx.db, now);
    if (offered + reviews > 0) ctx.log.info('digests queued', { offered, reviews });
  },
});

/** One user's digest for one slot; a failed channel throws, and the queue retries with backoff. */
export const sendDigestJob = defineJob({
  type: 'delivery.sendDigest',
  payload: z.object({
    userId: z.string().min(1),
    kind: z.enum(digestKinds),
    periodKey: z.string().min(1).max(32),
    localDate: z.iso.date(),
  }),
  async handle(ctx, payload) {
    const digest = await deliverDigest(ctx.db, ctx.env, payload, ctx.clock.now());
    ctx.log.info('digest done', { digestId: digest.id, status: digest.status });
  },
});

/** One run of a pipeline review: a fresh hygiene scan, then the comparison, delivered like a digest. */
export const runPipelineReviewJob = defineJob({
  type: 'delivery.runPipelineReview',
  payload: z.object({ reviewId: z.number().int().positive(), periodKey: z.string().min(1).max(32), localDate: z.iso.date() }),
  async handle(ctx, payload) {
    const review = await loadReview(ctx.db, payload.reviewId);
    if (!review) return; // deleted since it was queued
    const now = ctx.clock.now();
    await runScan(ctx.db, { kind: 'all' }, now);
    const target = { userId: review.ownerId, kind: 'review' as const, periodKey: payload.periodKey, localDate: payload.localDate };
    const digest = await deliverDigest(ctx.db, ctx.env, target, now, reviewBuilder(review));
    ctx.log.info('pipeline review done', { reviewId: review.id, digestId: digest.id, status: digest.status });
  },
});

export const deliveryJobs = [alertSweepJob, projectHealthCheckJob, purgeNotificationsJob, digestTickJob, sendDigestJob, runPipelineReviewJob] as const;

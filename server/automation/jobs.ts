// Automation's job types: a web-to-lead post becoming a lead; one step of one playbook enrolment.
import { z } from 'zod';
import { defineJob } from '../jobs/jobDefinition';
import { playbookMailFor } from './emailSends';
import { sweepSegments } from './segments';
import { runPlaybookStep } from './steps';
import { stepJobType } from './triggers';
import { waitJobType } from './waits';
import { processWebToLeadEvent } from './webToLead';

export const webToLeadJob = defineJob({
  type: 'automation.webToLead',
  payload: z.object({ eventId: z.number().int().positive() }),
  async handle(ctx, { eventId }) {
    await processWebToLeadEvent(ctx.db, eventId, ctx.clock.now());
  },
});

/** Queued per (enrolment, step) by triggers.ts, due when the step is (dedupe key automation.playbookStep:<id>:<step>). */
export const playbookStepJob = defineJob({
  type: stepJobType,
  payload: z.object({ enrolmentId: z.number().int().positive(), stepIndex: z.number().int().min(0) }),
  async handle(ctx, payload) {
    await runPlaybookStep(ctx.db, payload, ctx.clock.now(), { lastAttempt: ctx.job.attempt >= ctx.job.maxAttempts, mail: playbookMailFor(ctx.env) });
  },
});

/** A wait-until step looked at again: at its timeout, or when a reply or stage move queued a check (waits.ts). */
export const playbookWaitJob = defineJob({
  type: waitJobType,
  payload: z.object({ enrolmentId: z.number().int().positive(), stepIndex: z.number().int().min(0) }),
  async handle(ctx, payload) {
    await runPlaybookStep(ctx.db, payload, ctx.clock.now(), { lastAttempt: ctx.job.attempt >= ctx.job.maxAttempts, mail: playbookMailFor(ctx.env) });
  },
});

/** Scheduled (server/jobs/schedule.ts): each switched-on segment playbook enrols the records that entered its view. */
export const segmentSweepJob = defineJob({
  type: 'automation.segmentSweep',
  payload: z.object({}),
  async handle(ctx) {
    await sweepSegments(ctx.db, ctx.clock.now(), ctx.log);
  },
});

export const automationJobs = [webToLeadJob, playbookStepJob, playbookWaitJob, segmentSweepJob] as const;

// Automation's job types: a web-to-lead post becoming a lead.
import { z } from 'zod';
import { defineJob } from '../jobs/jobDefinition';
import { processWebToLeadEvent } from './webToLead';

export const webToLeadJob = defineJob({
  type: 'automation.webToLead',
  payload: z.object({ eventId: z.number().int().positive() }),
  async handle(ctx, { eventId }) {
    await processWebToLeadEvent(ctx.db, eventId, ctx.clock.now());
  },
});

export const automationJobs = [webToLeadJob] as const;

// Capture's job types: a mailbox's sync (asked for by a notification, Sync now, or a catch-up).
import { z } from 'zod';
import { defineJob } from '../jobs/jobDefinition';
import { runMailboxSync } from './sync';

export const syncMailboxJob = defineJob({
  type: 'capture.syncMailbox',
  payload: z.object({ connectionId: z.number().int().positive() }),
  async handle(ctx, { connectionId }) {
    const outcome = await runMailboxSync(ctx, connectionId);
    if (!outcome.ran) ctx.log.debug('mailbox sync not run', { connectionId, why: outcome.why });
  },
});

export const captureJobs = [syncMailboxJob] as const;

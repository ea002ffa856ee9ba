// Capture's job types: a mailbox's sync (asked for by a notification, Sync now, or a catch-up), the catch-up
// of every mailbox every 15 minutes whether or not notifications came, and the daily renewal of Gmail watches.
import { eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import { emailConnections } from '../../drizzle/schema';
import { gmailApi, gmailFor, googleOAuthClient } from '../integrations/google/client';
import { toProviderError } from '../integrations/providerError';
import { defineJob, type JobContext } from '../jobs/jobDefinition';
import { googleCredentials, openTokens, requestSync } from './connections';
import { markNeedsReconnect, runMailboxSync } from './sync';

export const syncMailboxJob = defineJob({
  type: 'capture.syncMailbox',
  payload: z.object({ connectionId: z.number().int().positive() }),
  async handle(ctx, { connectionId }) {
    const outcome = await runMailboxSync(ctx, connectionId);
    if (!outcome.ran) ctx.log.debug('mailbox sync not run', { connectionId, why: outcome.why });
  },
});

/** Queues a sync of every mailbox that can sync: at most one waiting per mailbox (requestSync's key). */
export async function catchUpAll(ctx: Pick<JobContext, 'db' | 'clock'>): Promise<number> {
  const rows = await ctx.db
    .select({ id: emailConnections.id, syncGeneration: emailConnections.syncGeneration })
    .from(emailConnections)
    .where(inArray(emailConnections.status, ['active', 'error']));
  for (const row of rows) await requestSync(ctx.db, row, ctx.clock.now());
  return rows.length;
}

export const catchUpJob = defineJob({
  type: 'capture.catchUp',
  payload: z.object({}),
  async handle(ctx) {
    const queued = await catchUpAll(ctx);
    ctx.log.info('capture catch-up queued', { mailboxes: queued });
  },
});

/** Gmail watches last about 7 days and Google advises renewing daily: renew every Google mailbox with tokens. */
export async function renewWatches(ctx: Pick<JobContext, 'db' | 'clock' | 'env' | 'log'>): Promise<{ renewed: number; failed: number }> {
  const topic = ctx.env.google.pubsubTopic;
  if (!topic || !ctx.env.google.configured) return { renewed: 0, failed: 0 };
  const rows = await ctx.db.select().from(emailConnections).where(inArray(emailConnections.status, ['active', 'error']));
  let renewed = 0;
  let failed = 0;
  for (const c of rows) {
    if (c.provider !== 'google' || !c.refreshTokenEncrypted) continue;
    try {
      const watch = await gmailApi(gmailFor(ctx.env, googleOAuthClient(ctx.env, googleCredentials(openTokens(ctx.env, c))))).watch(topic);
      await ctx.db
        .update(emailConnections)
        .set({ expiresAt: watch.expiration ? new Date(Number(watch.expiration)) : null })
        .where(eq(emailConnections.id, c.id));
      renewed += 1;
    } catch (raw) {
      failed += 1;
      const error = toProviderError(raw);
      if (error.invalidGrant) await markNeedsReconnect(ctx, c);
      else ctx.log.warn('gmail watch renewal failed', { connectionId: c.id, status: error.status });
    }
  }
  return { renewed, failed };
}

export const renewWatchesJob = defineJob({
  type: 'capture.renewWatches',
  payload: z.object({}),
  async handle(ctx) {
    ctx.log.info('gmail watches renewed', await renewWatches(ctx));
  },
});

export const captureJobs = [syncMailboxJob, catchUpJob, renewWatchesJob] as const;

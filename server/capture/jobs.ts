// Capture's job types: a mailbox's sync (asked for by a notification, Sync now, or a catch-up), the catch-up
// of every mailbox every 15 minutes whether or not notifications came, the daily renewal of push channels (Gmail
// watches, Graph subscriptions, Calendar channels) and Graph's lifecycle events, and the nightly reconciliation.
import { and, eq, inArray, isNotNull } from 'drizzle-orm';
import { z } from 'zod';
import { captureSubscriptions, type CaptureSubscription, emailConnections, type EmailConnection } from '../../drizzle/schema';
import { gmailApi, gmailFor, googleOAuthClient } from '../integrations/google/client';
import { toProviderError } from '../integrations/providerError';
import { enqueue } from '../jobs/enqueue';
import { defineJob, type JobContext } from '../jobs/jobDefinition';
import { connectionById, googleCredentials, openTokens, requestSync } from './connections';
import { graphForConnection } from './outlookSync';
import { purgeSeenMessages } from './process';
import { renewGraphSubscription, startGoogleCalendarPush, startOutlookPush, subscriptionsDue } from './push';
import { reconcileMailbox } from './reconcile';
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

/**
 * The daily renewal: Gmail watches (about 7 days; Google advises renewing daily), and every Graph subscription
 * and Google Calendar channel expiring within two days.
 */
export async function renewWatches(ctx: Pick<JobContext, 'db' | 'clock' | 'env' | 'log'>): Promise<{ renewed: number; failed: number }> {
  let renewed = 0;
  let failed = 0;
  const fail = async (c: EmailConnection, raw: unknown, what: string) => {
    failed += 1;
    const error = toProviderError(raw);
    if (error.invalidGrant) await markNeedsReconnect(ctx, c);
    else ctx.log.warn(`${what} renewal failed`, { connectionId: c.id, status: error.status });
  };
  const topic = ctx.env.google.pubsubTopic;
  const rows = await ctx.db.select().from(emailConnections).where(inArray(emailConnections.status, ['active', 'error']));
  if (topic && ctx.env.google.configured) {
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
        await fail(c, raw, 'gmail watch');
      }
    }
  }
  const byId = new Map(rows.map((c) => [c.id, c]));
  for (const sub of await subscriptionsDue(ctx.db, ctx.clock.now())) {
    const c = byId.get(sub.connectionId);
    if (!c || !c.refreshTokenEncrypted) continue;
    try {
      await renewChannel(ctx, c, sub);
      renewed += 1;
    } catch (raw) {
      await fail(c, raw, `${sub.provider} ${sub.resource} push`);
    }
  }
  return { renewed, failed };
}

/** Renews one channel: a Graph subscription by PATCH (recreated when gone); a Google channel by a new watch. */
async function renewChannel(ctx: Pick<JobContext, 'db' | 'clock' | 'env' | 'log'>, c: EmailConnection, sub: CaptureSubscription): Promise<void> {
  if (sub.provider === 'microsoft') {
    await renewGraphSubscription(ctx, c, graphForConnection(ctx, c), sub);
  } else {
    // Google channels cannot be extended: a new one replaces the old (stopped), so notifications never lapse.
    await startGoogleCalendarPush(ctx, c, googleOAuthClient(ctx.env, googleCredentials(openTokens(ctx.env, c))));
  }
}

export const renewWatchesJob = defineJob({
  type: 'capture.renewWatches',
  payload: z.object({}),
  async handle(ctx) {
    ctx.log.info('push channels renewed', await renewWatches(ctx));
  },
});

/** Graph's lifecycle event reauthorizationRequired: renew that subscription now. */
export const renewSubscriptionJob = defineJob({
  type: 'capture.renewSubscription',
  payload: z.object({ subscriptionId: z.number().int().positive() }),
  async handle(ctx, { subscriptionId }) {
    const [sub] = await ctx.db.select().from(captureSubscriptions).where(eq(captureSubscriptions.id, subscriptionId));
    const c = sub ? await connectionById(ctx.db, sub.connectionId) : null;
    if (!sub || !c || !c.refreshTokenEncrypted) return;
    try {
      await renewChannel(ctx, c, sub);
    } catch (raw) {
      if (toProviderError(raw).invalidGrant) return void (await markNeedsReconnect(ctx, c));
      throw raw;
    }
  },
});

/** Graph's lifecycle event subscriptionRemoved: create the subscription again (the sync catches up). */
export const recreatePushJob = defineJob({
  type: 'capture.recreatePush',
  payload: z.object({ connectionId: z.number().int().positive(), resource: z.enum(['inbox', 'sentitems', 'calendar']) }),
  async handle(ctx, { connectionId, resource }) {
    const c = await connectionById(ctx.db, connectionId);
    if (!c || !c.refreshTokenEncrypted || (c.status !== 'active' && c.status !== 'error')) return;
    try {
      if (c.provider === 'microsoft') await startOutlookPush(ctx, c, graphForConnection(ctx, c), [resource]);
      else await startGoogleCalendarPush(ctx, c, googleOAuthClient(ctx.env, googleCredentials(openTokens(ctx.env, c))));
    } catch (raw) {
      if (toProviderError(raw).invalidGrant) return void (await markNeedsReconnect(ctx, c));
      throw raw;
    }
  },
});

/** Nightly: a reconciliation of every mailbox that can sync, and old handled-message notes dropped. */
export const reconcileAllJob = defineJob({
  type: 'capture.reconcile',
  payload: z.object({}),
  async handle(ctx) {
    const rows = await ctx.db
      .select({ id: emailConnections.id })
      .from(emailConnections)
      .where(and(inArray(emailConnections.status, ['active', 'error']), isNotNull(emailConnections.refreshTokenEncrypted)));
    const day = ctx.clock.now().toISOString().slice(0, 10);
    for (const row of rows) {
      await enqueue(ctx.db, { type: 'capture.reconcileMailbox', payload: { connectionId: row.id }, dedupeKey: `capture.reconcile:${row.id}:${day}`, maxAttempts: 6 }, ctx.clock.now());
    }
    await purgeSeenMessages(ctx.db, ctx.clock.now());
    ctx.log.info('capture reconciliation queued', { mailboxes: rows.length });
  },
});

export const reconcileMailboxJob = defineJob({
  type: 'capture.reconcileMailbox',
  payload: z.object({ connectionId: z.number().int().positive() }),
  async handle(ctx, { connectionId }) {
    let outcome;
    try {
      outcome = await reconcileMailbox(ctx, connectionId);
    } catch (raw) {
      const c = await connectionById(ctx.db, connectionId);
      if (c && toProviderError(raw).invalidGrant) return void (await markNeedsReconnect(ctx, c));
      throw raw;
    }
    // A sync holds the mailbox: the job's retry (with backoff) comes back after it.
    if (!outcome.ran && outcome.why === 'busy') throw new Error('the mailbox is syncing; reconciliation retries shortly');
    if (outcome.ran) ctx.log.info('mailbox reconciled', { connectionId, checked: outcome.checked, recovered: outcome.recovered });
  },
});

export const captureJobs = [syncMailboxJob, catchUpJob, renewWatchesJob, renewSubscriptionJob, recreatePushJob, reconcileAllJob, reconcileMailboxJob] as const;

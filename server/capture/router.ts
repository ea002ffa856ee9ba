// Capture's procedures: emailConnections.* (the Connections page) and blocklist.*.
import { blocklistAdd, blocklistRemove, captureFailureList, captureFailureRef, connectionRef, setSharingLevel } from '../../shared/schemas/capture';
import type { Env } from '../env';
import { adminProcedure, authedProcedure, router } from '../trpc';
import { listCaptureFailures, purgeFailedEvent, rerunDeadJob, rerunFailedEvent } from './failures';
import { pushReachable } from './push';
import { addBlocklistEntry, disconnect, listBlocklist, listConnections, removeBlocklistEntry, setSharingLevel as applySharingLevel, syncNow } from './manage';

export interface ProviderSetup {
  /** "Connect" works. */
  configured: boolean;
  /** Capture for this provider is built in this version. */
  available: boolean;
  /** What an admin sets to turn it on (named, never their values). */
  missing: string[];
  /** Push notifications are set up too (otherwise capture runs on the periodic catch-up). */
  push: boolean;
  startUrl: string;
}

export function providerSetup(env: Env): { google: ProviderSetup; microsoft: ProviderSetup } {
  const g = env.google;
  const m = env.microsoft;
  return {
    google: {
      configured: g.configured,
      available: true,
      missing: [...(g.clientId ? [] : ['GOOGLE_CLIENT_ID']), ...(g.clientSecret ? [] : ['GOOGLE_CLIENT_SECRET'])],
      push: Boolean(g.pubsubTopic && (g.pushAudience || g.pushToken)),
      startUrl: '/oauth/google/start',
    },
    microsoft: {
      configured: m.configured,
      available: true,
      missing: [...(m.clientId ? [] : ['MICROSOFT_CLIENT_ID']), ...(m.clientSecret ? [] : ['MICROSOFT_CLIENT_SECRET'])],
      // Graph delivers change notifications only to an https address it can reach.
      push: pushReachable(env),
      startUrl: '/oauth/microsoft/start',
    },
  };
}

export const emailConnectionsRouter = router({
  list: authedProcedure.query(({ ctx }) => listConnections(ctx.db, ctx.actor, ctx.clock.now(), ctx.env)),
  providers: authedProcedure.query(({ ctx }) => providerSetup(ctx.env)),
  syncNow: authedProcedure.input(connectionRef).mutation(({ ctx, input }) => syncNow(ctx.db, ctx.actor, input, ctx.clock.now())),
  disconnect: authedProcedure.input(connectionRef).mutation(({ ctx, input }) => disconnect(ctx, ctx.actor, input)),
  setSharingLevel: authedProcedure.input(setSharingLevel).mutation(({ ctx, input }) => applySharingLevel(ctx.db, ctx.actor, input)),
});

export const blocklistRouter = router({
  list: authedProcedure.query(({ ctx }) => listBlocklist(ctx.db, ctx.actor)),
  add: authedProcedure.input(blocklistAdd).mutation(({ ctx, input }) => addBlocklistEntry(ctx.db, ctx.actor, input, ctx.clock.now())),
  remove: authedProcedure.input(blocklistRemove).mutation(({ ctx, input }) => removeBlocklistEntry(ctx.db, ctx.actor, input)),
});

/** Admins: failed webhook deliveries and dead sync jobs, re-run or purged. */
export const captureFailuresRouter = router({
  list: adminProcedure.input(captureFailureList).query(({ ctx, input }) => listCaptureFailures(ctx.db, ctx.actor, input)),
  rerun: adminProcedure.input(captureFailureRef).mutation(({ ctx, input }) => rerunFailedEvent(ctx.db, ctx.actor, input, ctx.clock.now())),
  purge: adminProcedure.input(captureFailureRef).mutation(({ ctx, input }) => purgeFailedEvent(ctx.db, ctx.actor, input)),
  rerunJob: adminProcedure.input(captureFailureRef).mutation(({ ctx, input }) => rerunDeadJob(ctx.db, ctx.actor, input, ctx.clock.now())),
});

// Connecting a mailbox after the OAuth consent: who it is, tokens sealed, push (Gmail watch and Calendar
// channel, or Graph subscriptions), the first sync.
import { eq } from 'drizzle-orm';
import type { Credentials } from 'google-auth-library';
import { emailConnections, type EmailConnection } from '../../drizzle/schema';
import type { Db } from '../db';
import type { Env } from '../env';
import { gmailApi, gmailFor, googleOAuthClient } from '../integrations/google/client';
import { toProviderError } from '../integrations/providerError';
import { conflict, invalid } from '../lib/errors';
import type { Logger } from '../lib/log';
import { graphApi } from '../integrations/microsoft/graph';
import type { MicrosoftTokens } from '../integrations/microsoft/login';
import { connectionById, connectionByAddress, requestSync, sealTokens } from './connections';
import { startGoogleCalendarPush, startOutlookPush } from './push';

export interface ConnectDeps {
  db: Db;
  env: Env;
  log: Logger;
  now: Date;
}

/**
 * Stores the mailbox the user just granted (reconnecting one keeps its cursor and counters), starts its Gmail
 * watch when a Pub/Sub topic is configured, and queues its first sync (the last 30 days for a new mailbox).
 */
export async function connectGoogleMailbox(deps: ConnectDeps, userId: string, tokens: Credentials): Promise<EmailConnection> {
  const { db, env, now } = deps;
  if (!tokens.access_token) throw invalid('Google did not return an access token');
  const api = gmailApi(gmailFor(env, googleOAuthClient(env, tokens)));
  const profile = await api.profile();
  const emailAddress = profile.emailAddress?.toLowerCase();
  if (!emailAddress) throw invalid('Google did not say which mailbox this is');

  const existing = await connectionByAddress(db, 'google', emailAddress);
  if (existing && existing.userId !== userId && existing.status !== 'disconnected') {
    throw conflict(`${emailAddress} is already connected by another user`);
  }
  if (!tokens.refresh_token && !existing?.refreshTokenEncrypted) {
    throw invalid('Google did not grant offline access. Remove Tru-CRM from your Google account permissions and connect again.');
  }
  const sealed = sealTokens(env, { provider: 'google', emailAddress }, { accessToken: tokens.access_token, refreshToken: tokens.refresh_token });
  const values = {
    userId,
    status: 'active' as const,
    lastError: null,
    tokenExpiresAt: tokens.expiry_date ? new Date(tokens.expiry_date) : null,
    pausedUntil: null,
    ...sealed,
  };
  let id: number;
  if (existing) {
    id = existing.id;
    // A mailbox handed to someone else starts afresh; the same owner reconnecting resumes where it was.
    const reset = existing.userId !== userId ? { cursor: null, messagesSeen: 0, messagesStored: 0 } : {};
    await db.update(emailConnections).set({ ...values, ...reset }).where(eq(emailConnections.id, id));
  } else {
    const [row] = await db.insert(emailConnections).values({ provider: 'google', emailAddress, ...values }).$returningId();
    id = row!.id;
  }

  if (env.google.pubsubTopic) {
    try {
      const watch = await api.watch(env.google.pubsubTopic);
      await db
        .update(emailConnections)
        .set({ expiresAt: watch.expiration ? new Date(Number(watch.expiration)) : null })
        .where(eq(emailConnections.id, id));
    } catch (raw) {
      // Capture still works without push (the catch-up sync); the page shows why push is off.
      const error = toProviderError(raw);
      deps.log.warn('gmail watch failed', { connectionId: id, status: error.status });
      await db.update(emailConnections).set({ lastError: `Push notifications are off: ${error.message}` }).where(eq(emailConnections.id, id));
    }
  }
  const auth = googleOAuthClient(env, tokens);
  await startGoogleCalendarPush(pushDeps(deps), (await connectionById(db, id))!, auth);
  const connection = (await connectionById(db, id))!;
  await requestSync(db, connection, now);
  return connection;
}

const pushDeps = (deps: ConnectDeps) => ({ db: deps.db, env: deps.env, log: deps.log, clock: { now: () => deps.now } });

/**
 * The Outlook counterpart: who the mailbox is (Graph /me), tokens sealed, the Graph subscriptions (Graph
 * checks our notification URL while creating them), and the first sync.
 */
export async function connectMicrosoftMailbox(deps: ConnectDeps, userId: string, tokens: MicrosoftTokens): Promise<EmailConnection> {
  const { db, env, now } = deps;
  const graph = graphApi(env, { accessToken: async () => tokens.accessToken });
  const me = await graph.me();
  const emailAddress = (me.mail ?? me.userPrincipalName ?? '').toLowerCase();
  if (!emailAddress.includes('@')) throw invalid('Microsoft did not say which mailbox this is');

  const existing = await connectionByAddress(db, 'microsoft', emailAddress);
  if (existing && existing.userId !== userId && existing.status !== 'disconnected') {
    throw conflict(`${emailAddress} is already connected by another user`);
  }
  if (!tokens.refreshToken && !existing?.refreshTokenEncrypted) {
    throw invalid('Microsoft did not grant offline access (offline_access). Connect again and accept every permission asked.');
  }
  const sealed = sealTokens(env, { provider: 'microsoft', emailAddress }, { accessToken: tokens.accessToken, refreshToken: tokens.refreshToken });
  const values = { userId, status: 'active' as const, lastError: null, tokenExpiresAt: tokens.expiresAt, pausedUntil: null, ...sealed };
  let id: number;
  if (existing) {
    id = existing.id;
    const reset = existing.userId !== userId ? { cursor: null, calendarCursor: null, messagesSeen: 0, messagesStored: 0 } : {};
    await db.update(emailConnections).set({ ...values, ...reset }).where(eq(emailConnections.id, id));
  } else {
    const [row] = await db.insert(emailConnections).values({ provider: 'microsoft', emailAddress, ...values }).$returningId();
    id = row!.id;
  }
  await startOutlookPush(pushDeps(deps), (await connectionById(db, id))!, graph);
  const connection = (await connectionById(db, id))!;
  await requestSync(db, connection, now);
  return connection;
}

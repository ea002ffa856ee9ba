// Provider webhooks. POST /webhooks/gmail: a Pub/Sub push. Verified (OIDC token from the push service account, or the shared
// token), recorded once by its Pub/Sub message id, a sync of the mailbox queued in the same transaction,
// answered 204 at once. The notification's history id is not trusted: the sync reads from its own cursor.
import express, { type RequestHandler, type Router } from 'express';
import { timingSafeEqual } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { emailConnections, webhookEvents } from '../../drizzle/schema';
import type { AppDeps } from '../context';
import { pushTokenProblem, pushVerifier } from '../integrations/google/client';
import { enqueue } from '../jobs/enqueue';
import { mysqlErrorCode } from '../lib/errors';
import { connectionByAddress, requestSync } from './connections';
import { secretMatches, subscriptionByExternalId } from './push';

/** A push body is a few hundred bytes; anything far larger is not one. */
const PUSH_MAX_BYTES = 64 * 1024;

export interface GmailPush {
  messageId: string;
  emailAddress: string;
  historyId: string;
}

/** The push's ids, or null when the body is not a Gmail notification (historyId may be a number or a string). */
export function parseGmailPush(body: unknown): GmailPush | null {
  const message = (body as { message?: { data?: unknown; messageId?: unknown; message_id?: unknown } } | null)?.message;
  const messageId = message?.messageId ?? message?.message_id;
  if (typeof message?.data !== 'string' || (typeof messageId !== 'string' && typeof messageId !== 'number')) return null;
  try {
    const data = JSON.parse(Buffer.from(message.data, 'base64').toString('utf8')) as { emailAddress?: unknown; historyId?: unknown };
    if (typeof data.emailAddress !== 'string') return null;
    if (typeof data.historyId !== 'string' && typeof data.historyId !== 'number') return null;
    return { messageId: String(messageId).slice(0, 255), emailAddress: data.emailAddress.toLowerCase(), historyId: String(data.historyId) };
  } catch {
    return null;
  }
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function gmailWebhook(deps: AppDeps): RequestHandler {
  const verifier = pushVerifier(deps.env);
  const { google } = deps.env;
  const verify = async (authorization: string | undefined, token: unknown): Promise<string | null> => {
    if (google.pushAudience && authorization?.startsWith('Bearer ')) {
      return pushTokenProblem(deps.env, authorization.slice(7).trim(), verifier);
    }
    if (google.pushToken && typeof token === 'string') return sameSecret(token, google.pushToken) ? null : 'wrong token';
    if (!google.pushAudience && !google.pushToken) return 'push verification is not configured (GOOGLE_PUSH_AUDIENCE or GOOGLE_PUSH_TOKEN)';
    return 'no credentials';
  };
  return async (req, res, next) => {
    try {
      const problem = await verify(req.headers.authorization, req.query.token);
      if (problem) {
        deps.log.warn('gmail push refused', { reason: problem });
        return void res.status(403).json({ error: 'unverified sender' });
      }
      const push = parseGmailPush(req.body);
      // Not a Gmail notification: acknowledged, or Pub/Sub would retry it for a week.
      if (!push) return void res.status(204).end();
      const connection = await connectionByAddress(deps.db, 'google', push.emailAddress);
      if (!connection || connection.status === 'disconnected' || connection.status === 'needs_reconnect') {
        return void res.status(204).end();
      }
      const now = deps.clock.now();
      await deps.db.transaction(async (tx) => {
        try {
          await tx.insert(webhookEvents).values({
            provider: 'google',
            externalId: push.messageId,
            payload: { emailAddress: push.emailAddress, historyId: push.historyId },
            receivedAt: now,
            connectionId: connection.id,
          });
        } catch (error) {
          // A redelivery: already recorded, and its sync already asked for.
          if (mysqlErrorCode(error) === 'ER_DUP_ENTRY') return;
          throw error;
        }
        await requestSync(tx, connection, now);
      });
      res.status(204).end();
    } catch (error) {
      next(error);
    }
  };
}

/** One Graph change or lifecycle notification, as much of it as we read (ids, never content). */
interface GraphNotification {
  id?: string;
  subscriptionId?: string;
  clientState?: string;
  changeType?: string;
  lifecycleEvent?: 'reauthorizationRequired' | 'subscriptionRemoved' | 'missed' | string;
  resourceData?: { id?: string };
}

/**
 * POST /webhooks/outlook: Graph's change and lifecycle notifications. The validation handshake (on create and
 * renewal) echoes validationToken as text/plain. Each notification's clientState is checked in constant time
 * against its subscription's; each is recorded once and asks for a sync (lifecycle events: renew, recreate or
 * catch up). Answered 202 at once: Graph drops notifications to endpoints slower than about 3 seconds.
 */
export function outlookWebhook(deps: AppDeps): RequestHandler {
  return async (req, res, next) => {
    try {
      if (typeof req.query.validationToken === 'string') {
        return void res.status(200).type('text/plain').send(req.query.validationToken);
      }
      const value = (req.body as { value?: unknown } | null)?.value;
      if (!Array.isArray(value)) return void res.status(400).json({ error: 'not a Graph notification' });
      const now = deps.clock.now();
      let accepted = 0;
      let refused = 0;
      for (const n of value as GraphNotification[]) {
        const sub = typeof n.subscriptionId === 'string' ? await subscriptionByExternalId(deps.db, 'microsoft', n.subscriptionId) : null;
        if (!sub || !secretMatches(n.clientState, sub)) {
          refused += 1;
          continue;
        }
        accepted += 1;
        const change = n.lifecycleEvent ? `lifecycle:${n.lifecycleEvent}` : (n.changeType ?? 'changed');
        const externalId = (n.id ?? `${sub.externalId}:${change}:${n.resourceData?.id ?? ''}`).slice(0, 255);
        await deps.db.transaction(async (tx) => {
          const [connection] = await tx.select().from(emailConnections).where(eq(emailConnections.id, sub.connectionId));
          if (!connection || connection.status === 'disconnected' || connection.status === 'needs_reconnect') return;
          try {
            await tx.insert(webhookEvents).values({
              provider: 'microsoft',
              externalId,
              payload: { subscriptionId: sub.externalId, resource: sub.resource, change, id: n.resourceData?.id ?? null },
              receivedAt: now,
              connectionId: connection.id,
            });
          } catch (error) {
            if (mysqlErrorCode(error) !== 'ER_DUP_ENTRY') throw error;
            // A redelivery of a new message's notification: already recorded and its sync asked for. Updates
            // and lifecycle events reuse keys, so those still ask (the sync request collapses repeats).
            if (change === 'created') return;
          }
          if (n.lifecycleEvent === 'reauthorizationRequired') {
            await enqueue(tx, { type: 'capture.renewSubscription', payload: { subscriptionId: sub.id }, dedupeKey: `capture.renew:${sub.id}:${now.toISOString().slice(0, 13)}` }, now);
          } else if (n.lifecycleEvent === 'subscriptionRemoved') {
            await enqueue(tx, { type: 'capture.recreatePush', payload: { connectionId: connection.id, resource: sub.resource }, dedupeKey: `capture.recreate:${sub.id}` }, now);
          }
          // Every notification (a change, `missed`, a removal) ends in a sync from the stored cursor.
          await requestSync(tx, connection, now);
        });
      }
      if (accepted === 0 && refused > 0) {
        deps.log.warn('outlook notification refused', { refused });
        return void res.status(403).json({ error: 'unverified sender' });
      }
      res.status(202).end();
    } catch (error) {
      next(error);
    }
  };
}

/**
 * POST /webhooks/google-calendar: a Calendar watch channel's notification (headers only). The channel token is
 * checked against the channel's; `sync` (the channel's first message) needs nothing; a change asks for a sync.
 */
export function googleCalendarWebhook(deps: AppDeps): RequestHandler {
  return async (req, res, next) => {
    try {
      const channelId = req.header('x-goog-channel-id');
      const sub = channelId ? await subscriptionByExternalId(deps.db, 'google', channelId) : null;
      if (!sub || !secretMatches(req.header('x-goog-channel-token'), sub)) {
        deps.log.warn('google calendar notification refused', { known: Boolean(sub) });
        return void res.status(403).json({ error: 'unverified sender' });
      }
      const state = req.header('x-goog-resource-state');
      if (state === 'sync') return void res.status(200).end();
      const now = deps.clock.now();
      const number = (req.header('x-goog-message-number') ?? String(now.getTime())).slice(0, 32);
      await deps.db.transaction(async (tx) => {
        const [connection] = await tx.select().from(emailConnections).where(eq(emailConnections.id, sub.connectionId));
        if (!connection || connection.status === 'disconnected' || connection.status === 'needs_reconnect') return;
        try {
          await tx.insert(webhookEvents).values({
            provider: 'google',
            externalId: `calendar:${sub.externalId}:${number}`,
            payload: { channelId: sub.externalId, resource: 'calendar', state: state ?? null },
            receivedAt: now,
            connectionId: connection.id,
          });
        } catch (error) {
          if (mysqlErrorCode(error) === 'ER_DUP_ENTRY') return;
          throw error;
        }
        await requestSync(tx, connection, now);
      });
      res.status(200).end();
    } catch (error) {
      next(error);
    }
  };
}

type OAuthRoutes = Record<'google' | 'microsoft', { start: RequestHandler; callback: RequestHandler }>;

/** Capture's HTTP routes: the OAuth round trips and the provider webhooks. */
export function captureRoutes(deps: AppDeps, oauth: OAuthRoutes): Router {
  const routes = express.Router();
  for (const provider of ['google', 'microsoft'] as const) {
    routes.get(`/oauth/${provider}/start`, oauth[provider].start);
    routes.get(`/oauth/${provider}/callback`, oauth[provider].callback);
  }
  routes.post('/webhooks/gmail', express.json({ limit: PUSH_MAX_BYTES, type: () => true }), gmailWebhook(deps));
  // A Graph batch carries up to a few hundred notifications of ids: larger than a Pub/Sub push, still small.
  routes.post('/webhooks/outlook', express.json({ limit: 1024 * 1024, type: () => true }), outlookWebhook(deps));
  routes.post('/webhooks/google-calendar', googleCalendarWebhook(deps));
  return routes;
}

// POST /webhooks/gmail: a Pub/Sub push. Verified (OIDC token from the push service account, or the shared
// token), recorded once by its Pub/Sub message id, a sync of the mailbox queued in the same transaction,
// answered 204 at once. The notification's history id is not trusted: the sync reads from its own cursor.
import express, { type RequestHandler, type Router } from 'express';
import { timingSafeEqual } from 'node:crypto';
import { webhookEvents } from '../../drizzle/schema';
import type { AppDeps } from '../context';
import { pushTokenProblem, pushVerifier } from '../integrations/google/client';
import { mysqlErrorCode } from '../lib/errors';
import { connectionByAddress, requestSync } from './connections';

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

/** Capture's HTTP routes: the OAuth round trips and the provider webhooks. */
export function captureRoutes(deps: AppDeps, oauth: { start: RequestHandler; callback: RequestHandler }): Router {
  const routes = express.Router();
  routes.get('/oauth/google/start', oauth.start);
  routes.get('/oauth/google/callback', oauth.callback);
  routes.post('/webhooks/gmail', express.json({ limit: PUSH_MAX_BYTES, type: () => true }), gmailWebhook(deps));
  return routes;
}

// POST /webhooks/leads/<sourceId>: a lead from a website form or another system, signed with the source's
// secret (X-TruCRM-Signature, Stripe's scheme) and carrying an Idempotency-Key. Verified against the raw bytes,
// validated, stored once in webhook_events with its job in the same transaction, answered 202 { eventId }.
import { createHash } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import express, { type RequestHandler, type Router } from 'express';
import { z } from 'zod';
import { webhookEvents, webToLeadSources } from '../../drizzle/schema';
import { webToLeadPost } from '../../shared/schemas/webToLead';
import type { AppDeps } from '../context';
import { SIGNATURE_HEADER, verifySignature } from '../domain/webhookSignature';
import { enqueue } from '../jobs/enqueue';
import { secretsFor } from '../lib/secrets';
import { mysqlErrorCode } from '../lib/errors';
import { unsubscribeRoutes } from './unsubscribe';
import { eventExternalId, sourceByPublicId, verifyingSecrets, WEB_TO_LEAD_PROVIDER, type WebToLeadEventPayload } from './webToLead';

/** A form's lead is a few hundred bytes; 64 KiB leaves room for many extra fields. */
const LEAD_MAX_BYTES = 64 * 1024;
const IDEMPOTENCY_HEADER = 'idempotency-key';
/** Printable ASCII, as Stripe's keys (a UUID is 36). */
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

const refusedSignature = { error: 'Invalid signature: sign "<t>.<raw body>" with the source secret (X-TruCRM-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256>)' };
const staleSignature = { error: 'Signature timestamp is more than 5 minutes from now: sign each request when you send it' };

async function existingEvent(deps: AppDeps, externalId: string) {
  const [row] = await deps.db
    .select({ id: webhookEvents.id, payload: webhookEvents.payload })
    .from(webhookEvents)
    .where(and(eq(webhookEvents.provider, WEB_TO_LEAD_PROVIDER), eq(webhookEvents.externalId, externalId)));
  return row ?? null;
}

export function webToLeadWebhook(deps: AppDeps): RequestHandler {
  return async (req, res, next) => {
    try {
      const now = deps.clock.now();
      const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const source = await sourceByPublicId(deps.db, String(req.params.sourceId ?? ''));
      // An unknown source is refused as a bad signature would be: the answer does not tell which ids exist.
      if (!source) return void res.status(401).json(refusedSignature);
      const check = verifySignature(req.get(SIGNATURE_HEADER), raw, verifyingSecrets(source, secretsFor(deps.env), now), now);
      if (!check.ok) {
        await deps.db
          .update(webToLeadSources)
          .set({ rejectedCount: sql`${webToLeadSources.rejectedCount} + 1`, lastRejectedAt: now })
          .where(eq(webToLeadSources.id, source.id));
        deps.log.warn('web-to-lead post refused', { source: source.publicId, reason: check.reason });
        return void res.status(401).json(check.reason === 'stale' ? staleSignature : refusedSignature);
      }

      const key = req.get(IDEMPOTENCY_HEADER)?.trim() ?? '';
      if (!IDEMPOTENCY_KEY.test(key)) {
        const message = 'Send an Idempotency-Key header (1 to 200 printable characters, e.g. a UUID) that is the same when you retry';
        return void res.status(400).json({ error: message, fieldErrors: { 'Idempotency-Key': [message] } });
      }
      const externalId = eventExternalId(source.publicId, key);
      const bodyHash = createHash('sha256').update(raw).digest('hex');
      const replayAnswer = (event: { id: number; payload: unknown }) =>
        (event.payload as WebToLeadEventPayload).bodyHash === bodyHash
          ? res.status(202).json({ eventId: event.id })
          : res.status(409).json({ error: 'This Idempotency-Key was already used for a different lead: use a new key for a new lead' });
      const earlier = await existingEvent(deps, externalId);
      if (earlier) return void replayAnswer(earlier);

      let body: unknown;
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch {
        return void res.status(422).json({ error: 'The body is not JSON', fieldErrors: {} });
      }
      const parsed = webToLeadPost.safeParse(body);
      if (!parsed.success) {
        const flat = z.flattenError(parsed.error);
        const fieldErrors = flat.fieldErrors as Record<string, string[]>;
        const first = Object.values(fieldErrors)[0]?.[0] ?? flat.formErrors[0] ?? 'Invalid lead';
        return void res.status(422).json({ error: first, fieldErrors, formErrors: flat.formErrors });
      }

      const payload: WebToLeadEventPayload = { sourceId: source.id, bodyHash, lead: body };
      let eventId: number;
      try {
        eventId = await deps.db.transaction(async (tx) => {
          const [inserted] = await tx
            .insert(webhookEvents)
            .values({ provider: WEB_TO_LEAD_PROVIDER, externalId, payload, receivedAt: now })
            .$returningId();
          const id = inserted!.id;
          await tx
            .update(webToLeadSources)
            .set({ receivedCount: sql`${webToLeadSources.receivedCount} + 1`, lastReceivedAt: now })
            .where(eq(webToLeadSources.id, source.id));
          await enqueue(tx, { type: 'automation.webToLead', payload: { eventId: id }, dedupeKey: `automation.webToLead:${id}` }, now);
          return id;
        });
      } catch (error) {
        // The same key, sent twice at once: the other request stored it first.
        if (mysqlErrorCode(error) !== 'ER_DUP_ENTRY') throw error;
        const winner = await existingEvent(deps, externalId);
        if (!winner) throw error;
        return void replayAnswer(winner);
      }
      res.status(202).json({ eventId });
    } catch (error) {
      next(error);
    }
  };
}

export function automationRoutes(deps: AppDeps): Router {
  const routes = express.Router();
  // The raw bytes: the signature is over them exactly as sent.
  routes.post('/webhooks/leads/:sourceId', express.raw({ type: () => true, limit: LEAD_MAX_BYTES }), webToLeadWebhook(deps));
  // Playbook emails' unsubscribe links (unsubscribe.ts): public, the signed token is the permission.
  routes.use(unsubscribeRoutes(deps));
  return routes;
}

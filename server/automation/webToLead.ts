// Web-to-lead sources: created and rotated by admins, each with a secret shown once and sealed at rest.
// A source's leads arrive at POST /webhooks/leads/<publicId> (webhooks.ts) and become leads in a job (jobs.ts).
import { and, desc, eq, like, sql } from 'drizzle-orm';
import { randomBytes } from 'node:crypto';
import { leads, users, webhookEvents, webToLeadSources, type WebToLeadSource } from '../../drizzle/schema';
import type { WebToLeadSourceCreate, WebToLeadSourceRef } from '../../shared/schemas/webToLead';
import { splitWebToLeadPost, webToLeadPost } from '../../shared/schemas/webToLead';
import { type DbOrTx, inTransaction } from '../db';
import { type Actor, systemActor } from '../lib/actor';
import { recordAudit } from '../lib/audit';
import type { SecretBox } from '../lib/crypto';
import { conflictOnDuplicate, DomainError, forbidden, notFound } from '../lib/errors';
import { resolveOwner } from '../lib/owners';
import { createLead } from '../services/leads';
import { joinNamedCampaign } from './campaigns';

/** After a rotation the old secret keeps working this long, so senders can switch without losing a lead. */
export const ROTATION_OVERLAP_MS = 24 * 60 * 60 * 1000;
export const WEB_TO_LEAD_PROVIDER = 'web_to_lead' as const;
const webToLeadActor = (source: Pick<WebToLeadSource, 'name'>) => systemActor(`web-to-lead: ${source.name}`);

const newPublicId = () => `wls_${randomBytes(12).toString('base64url')}`;
const newSecret = () => `whsec_${randomBytes(32).toString('base64url')}`;
/** Both the current and the previous secret open only on their own source. */
const secretContext = (publicId: string) => `web_to_lead_sources:${publicId}:secret`;
/** webhook_events.externalId of a post: the source and the sender's Idempotency-Key. */
export const eventExternalId = (publicId: string, idempotencyKey: string) => `${publicId}:${idempotencyKey}`;

function assertAdmin(actor: Actor) {
  if (actor.role !== 'admin' && actor.role !== 'system') throw forbidden('Only admins manage web-to-lead sources');
}

export async function createSource(db: DbOrTx, actor: Actor, input: WebToLeadSourceCreate, now: Date, box: SecretBox) {
  assertAdmin(actor);
  return inTransaction(db, async (tx) => {
    const ownerId = await resolveOwner(tx, actor, input.ownerId);
    const publicId = newPublicId();
    const secret = newSecret();
    const [row] = await conflictOnDuplicate(
      tx
        .insert(webToLeadSources)
        .values({ publicId, name: input.name, ownerId, secretSealed: box.seal(secret, secretContext(publicId)), createdById: actor.id, createdAt: now, updatedAt: now })
        .$returningId(),
      'name',
      'A source with this name already exists',
    );
    await recordAudit(tx, { actor, action: 'create', entityType: 'web_to_lead_source', entityId: row!.id, changes: { publicId, name: input.name, ownerId } });
    return { sourceId: publicId, secret };
  });
}

/** A new secret, answered once; the one it replaces keeps working for ROTATION_OVERLAP_MS. */
export async function rotateSecret(db: DbOrTx, actor: Actor, input: WebToLeadSourceRef, now: Date, box: SecretBox) {
  assertAdmin(actor);
  return inTransaction(db, async (tx) => {
    const [source] = await tx.select().from(webToLeadSources).where(eq(webToLeadSources.publicId, input.sourceId)).for('update');
    if (!source) throw notFound('Web-to-lead source');
    const secret = newSecret();
    const previousSecretExpiresAt = new Date(now.getTime() + ROTATION_OVERLAP_MS);
    await tx
      .update(webToLeadSources)
      .set({
        secretSealed: box.seal(secret, secretContext(source.publicId)),
        previousSecretSealed: source.secretSealed,
        previousSecretExpiresAt,
        secretRotatedAt: now,
        updatedAt: now,
      })
      .where(eq(webToLeadSources.id, source.id));
    await recordAudit(tx, { actor, action: 'update', entityType: 'web_to_lead_source', entityId: source.id, changes: { secret: ['rotated', 'rotated'], previousSecretExpiresAt: [null, previousSecretExpiresAt] } });
    return { sourceId: source.publicId, secret, previousSecretExpiresAt };
  });
}

export async function listSources(db: DbOrTx, actor: Actor, now: Date) {
  assertAdmin(actor);
  const rows = await db
    .select({
      sourceId: webToLeadSources.publicId,
      name: webToLeadSources.name,
      ownerId: webToLeadSources.ownerId,
      ownerName: users.name,
      receivedCount: webToLeadSources.receivedCount,
      lastReceivedAt: webToLeadSources.lastReceivedAt,
      rejectedCount: webToLeadSources.rejectedCount,
      lastRejectedAt: webToLeadSources.lastRejectedAt,
      secretRotatedAt: webToLeadSources.secretRotatedAt,
      previousSecretExpiresAt: webToLeadSources.previousSecretExpiresAt,
      createdAt: webToLeadSources.createdAt,
      // Served by webhook_events' (provider, external_id) key: each source's events share its prefix.
      failedCount: sql<number>`(SELECT COUNT(*) FROM ${webhookEvents} WHERE ${webhookEvents.provider} = ${WEB_TO_LEAD_PROVIDER}
        AND ${webhookEvents.externalId} LIKE CONCAT(${webToLeadSources.publicId}, ':%') AND ${webhookEvents.status} = 'failed')`.mapWith(Number),
      leadCount: sql<number>`(SELECT COUNT(*) FROM ${leads} WHERE ${leads.leadSource} = ${webToLeadSources.name})`.mapWith(Number),
    })
    .from(webToLeadSources)
    .innerJoin(users, eq(users.id, webToLeadSources.ownerId))
    .orderBy(webToLeadSources.name);
  return rows.map((r) => ({
    ...r,
    previousSecretExpiresAt: r.previousSecretExpiresAt && r.previousSecretExpiresAt > now ? r.previousSecretExpiresAt : null,
  }));
}

/** The last posts of a source with their outcome (for the settings page). */
export async function recentEvents(db: DbOrTx, actor: Actor, input: WebToLeadSourceRef) {
  assertAdmin(actor);
  return db
    .select({ eventId: webhookEvents.id, receivedAt: webhookEvents.receivedAt, status: webhookEvents.status, error: webhookEvents.error, processedAt: webhookEvents.processedAt })
    .from(webhookEvents)
    .where(and(eq(webhookEvents.provider, WEB_TO_LEAD_PROVIDER), like(webhookEvents.externalId, `${input.sourceId}:%`)))
    .orderBy(desc(webhookEvents.receivedAt))
    .limit(20);
}

export async function sourceByPublicId(db: DbOrTx, publicId: string): Promise<WebToLeadSource | null> {
  const [row] = await db.select().from(webToLeadSources).where(eq(webToLeadSources.publicId, publicId));
  return row ?? null;
}

/** The secrets a post may be signed with now: the current one, and the previous one within its overlap. */
export function verifyingSecrets(source: WebToLeadSource, box: SecretBox, now: Date): string[] {
  const context = secretContext(source.publicId);
  const secrets = [box.open(source.secretSealed, context)];
  if (source.previousSecretSealed && source.previousSecretExpiresAt && source.previousSecretExpiresAt > now) {
    secrets.push(box.open(source.previousSecretSealed, context));
  }
  return secrets;
}

export interface WebToLeadEventPayload {
  sourceId: number;
  /** sha256 of the raw body: a replay of the key with another body is refused. */
  bodyHash: string;
  lead: unknown;
}

/**
 * Turns a stored post into a lead, once: the event row is locked and marked processed in the lead's
 * transaction. A refusal (the source's owner was deactivated) marks the event failed with the reason.
 */
export async function processWebToLeadEvent(db: DbOrTx, eventId: number, now: Date): Promise<{ leadId: number | null }> {
  try {
    return await inTransaction(db, async (tx) => {
      const [event] = await tx.select().from(webhookEvents).where(eq(webhookEvents.id, eventId)).for('update');
      if (!event || event.provider !== WEB_TO_LEAD_PROVIDER || event.status !== 'received') return { leadId: null };
      const payload = event.payload as WebToLeadEventPayload;
      const [source] = await tx.select().from(webToLeadSources).where(eq(webToLeadSources.id, payload.sourceId));
      if (!source) throw notFound('Web-to-lead source');
      const { lead, extra } = splitWebToLeadPost(webToLeadPost.parse(payload.lead));
      const created = await createLead(
        tx,
        webToLeadActor(source),
        { ...lead, leadSource: source.name, status: 'New', ownerId: source.ownerId },
        now,
        { extraFields: extra },
      );
      await joinNamedCampaign(tx, webToLeadActor(source), created.id, extra.campaign, now);
      await tx.update(webhookEvents).set({ status: 'processed', processedAt: now, updatedAt: now }).where(eq(webhookEvents.id, eventId));
      return { leadId: created.id };
    });
  } catch (error) {
    if (!(error instanceof DomainError) || error.kind === 'conflict') throw error;
    await db
      .update(webhookEvents)
      .set({ status: 'failed', error: error.message, processedAt: now, updatedAt: now })
      .where(and(eq(webhookEvents.id, eventId), eq(webhookEvents.status, 'received')));
    return { leadId: null };
  }
}

// What admins do about capture that went wrong: failed webhook deliveries (a notification whose sync failed,
// with the error) and sync jobs that used up their attempts. Re-run asks for a sync of the mailbox again (the
// sync reads from its cursor, so whatever the notification announced is read); purge drops the record.
import { and, desc, eq, inArray, like } from 'drizzle-orm';
import { emailConnections, jobs, webhookEvents } from '../../drizzle/schema';
import { emailProviders } from '../../shared/enums';
import type { CaptureFailureList } from '../../shared/schemas/capture';
import { type DbOrTx, inTransaction } from '../db';
import { retryJob } from '../jobs/admin';
import { assertAdmin } from '../lib/access';
import type { Actor } from '../lib/actor';
import { recordAudit } from '../lib/audit';
import { conflict, notFound } from '../lib/errors';
import { keysetAfter, keysetOrder, toPage } from '../lib/keyset';
import { requestSync } from './connections';

const ADMINS_ONLY = 'Only admins can see and re-run failed deliveries';
const DEAD_JOBS_SHOWN = 50;

export async function listCaptureFailures(db: DbOrTx, actor: Actor, params: CaptureFailureList) {
  assertAdmin(actor, ADMINS_ONLY);
  const [rows, dead] = await Promise.all([
    db
      .select({
        id: webhookEvents.id,
        provider: webhookEvents.provider,
        receivedAt: webhookEvents.receivedAt,
        error: webhookEvents.error,
        connectionId: webhookEvents.connectionId,
        emailAddress: emailConnections.emailAddress,
      })
      .from(webhookEvents)
      .leftJoin(emailConnections, eq(emailConnections.id, webhookEvents.connectionId))
      .where(
        and(
          inArray(webhookEvents.provider, [...emailProviders]),
          eq(webhookEvents.status, 'failed'),
          keysetAfter(webhookEvents.receivedAt, webhookEvents.id, 'desc', params.cursor),
        ),
      )
      .orderBy(...keysetOrder(webhookEvents.receivedAt, webhookEvents.id, 'desc'))
      .limit(params.limit + 1),
    db
      .select({ id: jobs.id, type: jobs.type, payload: jobs.payload, attempts: jobs.attempts, lastError: jobs.lastError, finishedAt: jobs.finishedAt })
      .from(jobs)
      .where(and(eq(jobs.status, 'dead'), like(jobs.type, 'capture.%')))
      .orderBy(desc(jobs.createdAt), desc(jobs.id))
      .limit(DEAD_JOBS_SHOWN),
  ]);
  const page = toPage(rows, params.limit, (r) => r.receivedAt);
  return {
    ...page,
    deadJobs: dead.map((j) => ({ ...j, connectionId: (j.payload as { connectionId?: number } | null)?.connectionId ?? null, payload: undefined })),
  };
}

/** Back to received, and a sync of its mailbox asked for; the sync marks it processed (or failed again). */
export async function rerunFailedEvent(db: DbOrTx, actor: Actor, { id }: { id: number }, now: Date) {
  assertAdmin(actor, ADMINS_ONLY);
  return inTransaction(db, async (tx) => {
    const [event] = await tx.select().from(webhookEvents).where(eq(webhookEvents.id, id)).for('update');
    if (!event || !(emailProviders as readonly string[]).includes(event.provider)) throw notFound('Failed delivery');
    if (event.status !== 'failed') throw conflict(`Only failed deliveries can be re-run; this one is ${event.status}`);
    const [connection] = event.connectionId ? await tx.select().from(emailConnections).where(eq(emailConnections.id, event.connectionId)) : [];
    if (!connection || connection.status === 'disconnected') throw conflict('Its mailbox is disconnected: there is nothing to re-run');
    if (connection.status === 'needs_reconnect') throw conflict(`${connection.emailAddress} must be reconnected by its owner first`);
    await tx.update(webhookEvents).set({ status: 'received', error: null, receivedAt: now }).where(eq(webhookEvents.id, id));
    await requestSync(tx, connection, now);
    await recordAudit(tx, { actor, action: 'update', entityType: 'webhook_event', entityId: id, changes: { status: ['failed', 'received'] } });
    return { id, queued: true as const };
  });
}

export async function purgeFailedEvent(db: DbOrTx, actor: Actor, { id }: { id: number }) {
  assertAdmin(actor, ADMINS_ONLY);
  return inTransaction(db, async (tx) => {
    const [event] = await tx.select().from(webhookEvents).where(eq(webhookEvents.id, id)).for('update');
    if (!event || !(emailProviders as readonly string[]).includes(event.provider)) throw notFound('Failed delivery');
    if (event.status !== 'failed') throw conflict(`Only failed deliveries can be purged; this one is ${event.status}`);
    await tx.delete(webhookEvents).where(eq(webhookEvents.id, id));
    await recordAudit(tx, { actor, action: 'delete', entityType: 'webhook_event', entityId: id, changes: { provider: event.provider, error: event.error } });
    return { id };
  });
}

/** A dead capture job back in the queue (the jobs module's retry, limited to capture's jobs here). */
export async function rerunDeadJob(db: DbOrTx, actor: Actor, { id }: { id: number }, now: Date) {
  assertAdmin(actor, ADMINS_ONLY);
  const [job] = await db.select({ type: jobs.type }).from(jobs).where(eq(jobs.id, id));
  if (!job || !job.type.startsWith('capture.')) throw notFound('Job');
  const fresh = await retryJob(db, actor, { id }, now);
  return { id: fresh.id, status: fresh.status };
}

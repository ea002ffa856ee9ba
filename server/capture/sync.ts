// Running a mailbox's sync as a job: one at a time per mailbox, paused while the provider asks us to wait,
// a revoked grant turning the connection to "needs reconnect" (no retry storm), and the outcome recorded.
import { and, eq, lte } from 'drizzle-orm';
import { emailConnections, type EmailConnection, webhookEvents } from '../../drizzle/schema';
import { enqueue } from '../jobs/enqueue';
import { ProviderError, toProviderError } from '../integrations/providerError';
import { acquireSyncLease, connectionById, releaseSyncLease } from './connections';
import { gmailForConnection, type SyncDeps, syncGmail, type SyncResult } from './gmailSync';
import { emptyCounts } from './store';

/** How long a sync waits for another one of the same mailbox to finish before trying again. */
export const BUSY_RETRY_MS = 15_000;
/** A 429 without Retry-After pauses the mailbox this long. */
export const DEFAULT_PAUSE_MS = 60_000;

export const NEEDS_RECONNECT_MESSAGE = 'Google no longer accepts the saved sign-in (it was revoked or expired). Reconnect the mailbox.';

/** A follow-up sync at a given time, one per (reason, moment): never a second job for the same wait. */
function syncLater(deps: SyncDeps, connectionId: number, reason: string, runAt: Date) {
  return enqueue(
    deps.db,
    { type: 'capture.syncMailbox', payload: { connectionId }, dedupeKey: `capture.sync:${connectionId}:${reason}:${runAt.getTime()}`, runAt, maxAttempts: 8 },
    deps.clock.now(),
  );
}

export type SyncOutcome = { ran: true; result: SyncResult } | { ran: false; why: 'gone' | 'inactive' | 'paused' | 'busy' | 'needs_reconnect' | 'throttled' };

export async function runMailboxSync(deps: SyncDeps, connectionId: number): Promise<SyncOutcome> {
  const { db, clock } = deps;
  const now = clock.now();
  const connection = await connectionById(db, connectionId);
  if (!connection) return { ran: false, why: 'gone' };
  if (connection.status === 'disconnected' || connection.status === 'needs_reconnect') return { ran: false, why: 'inactive' };
  if (connection.pausedUntil && connection.pausedUntil > now) {
    await syncLater(deps, connectionId, 'paused', connection.pausedUntil);
    return { ran: false, why: 'paused' };
  }
  if (!(await acquireSyncLease(db, connectionId, now))) {
    const slot = Math.ceil((now.getTime() + BUSY_RETRY_MS) / BUSY_RETRY_MS) * BUSY_RETRY_MS;
    await syncLater(deps, connectionId, 'busy', new Date(slot));
    return { ran: false, why: 'busy' };
  }
  const startedAt = now;
  try {
    const result = await syncConnection(deps, connection);
    await db
      .update(emailConnections)
      .set({ cursor: result.cursor, lastSyncedAt: clock.now(), lastError: null, status: 'active', pausedUntil: null })
      .where(eq(emailConnections.id, connectionId));
    await db
      .update(webhookEvents)
      .set({ status: 'processed', processedAt: clock.now() })
      .where(and(eq(webhookEvents.connectionId, connectionId), eq(webhookEvents.status, 'received'), lte(webhookEvents.receivedAt, startedAt)));
    deps.log.info('mailbox synced', { connectionId, ...result.counts, resynced: result.resynced });
    return { ran: true, result };
  } catch (raw) {
    const error = toProviderError(raw);
    if (error.invalidGrant) {
      await markNeedsReconnect(deps, connection);
      return { ran: false, why: 'needs_reconnect' };
    }
    if (error.rateLimited) {
      const pausedUntil = new Date(clock.now().getTime() + (error.retryAfterMs ?? DEFAULT_PAUSE_MS));
      await db
        .update(emailConnections)
        .set({ pausedUntil, lastError: `The provider asked us to slow down; resuming at ${pausedUntil.toISOString()}` })
        .where(eq(emailConnections.id, connectionId));
      await syncLater(deps, connectionId, 'paused', pausedUntil);
      return { ran: false, why: 'throttled' };
    }
    await db
      .update(emailConnections)
      .set({ status: 'error', lastError: describe(raw, error) })
      .where(eq(emailConnections.id, connectionId));
    // The job retries with backoff; the catch-up sync covers it after the last attempt.
    throw raw;
  } finally {
    await releaseSyncLease(db, connectionId);
  }
}

function describe(raw: unknown, error: ProviderError): string {
  const base = raw instanceof Error ? raw.message : String(raw);
  return (error.status ? `${base} (HTTP ${error.status})` : base).slice(0, 1000);
}

async function syncConnection(deps: SyncDeps, connection: EmailConnection): Promise<SyncResult> {
  // No tokens and still active: the demo's mailboxes, which have nothing to read.
  if (!connection.accessTokenEncrypted && !connection.refreshTokenEncrypted) {
    return { counts: emptyCounts(), cursor: connection.cursor, resynced: false };
  }
  if (connection.provider !== 'google') throw new ProviderError('Outlook sync is not available yet', { status: 0 });
  const { api, settled } = gmailForConnection(deps, connection);
  try {
    return await syncGmail(deps, connection, api);
  } finally {
    await settled();
  }
}

/**
 * The grant is gone: stop syncing and say so where its owner looks (the Connections page shows the status and
 * message; the owner is told there until they reconnect). Tokens are useless now, so they are dropped.
 */
export async function markNeedsReconnect(deps: SyncDeps, connection: Pick<EmailConnection, 'id' | 'userId'>): Promise<void> {
  await deps.db
    .update(emailConnections)
    .set({ status: 'needs_reconnect', lastError: NEEDS_RECONNECT_MESSAGE, accessTokenEncrypted: null, refreshTokenEncrypted: null, tokenExpiresAt: null })
    .where(eq(emailConnections.id, connection.id));
  deps.log.warn('mailbox needs reconnecting', { connectionId: connection.id, userId: connection.userId });
}

// Running a mailbox's sync as a job: one at a time per mailbox, paused while the provider asks us to wait,
// a revoked grant turning the connection to "needs reconnect" (no retry storm), and the outcome recorded.
import { and, eq, inArray, lte } from 'drizzle-orm';
import { emailConnections, type EmailConnection, webhookEvents } from '../../drizzle/schema';
import { enqueue } from '../jobs/enqueue';
import { MESSAGE_FIELDS } from '../integrations/microsoft/graph';
import { ProviderError, toProviderError } from '../integrations/providerError';
import { type CalendarResult, syncGoogleCalendar, syncOutlookCalendar } from './calendarSync';
import { graphForConnection, syncOutlookMail } from './outlookSync';
import { acquireSyncLease, connectionById, releaseSyncLease } from './connections';
import { gmailForConnection, type SyncDeps, syncGmail, type SyncResult } from './gmailSync';
import { emptyCounts } from './store';

/** How long a sync waits for another one of the same mailbox to finish before trying again. */
export const BUSY_RETRY_MS = 15_000;
/** A 429 without Retry-After pauses the mailbox this long. */
export const DEFAULT_PAUSE_MS = 60_000;

export const needsReconnectMessage = (c: Pick<EmailConnection, 'provider'>) =>
  `${providerLabel(c)} no longer accepts the saved sign-in (it was revoked or expired). Reconnect the mailbox.`;

/** A follow-up sync at a given time, one per (reason, moment): never a second job for the same wait. */
function syncLater(deps: SyncDeps, connectionId: number, reason: string, runAt: Date) {
  return enqueue(
    deps.db,
    { type: 'capture.syncMailbox', payload: { connectionId }, dedupeKey: `capture.sync:${connectionId}:${reason}:${runAt.getTime()}`, runAt, maxAttempts: 8 },
    deps.clock.now(),
  );
}

export type SyncOutcome = { ran: true; result: ConnectionSyncResult } | { ran: false; why: 'gone' | 'inactive' | 'paused' | 'busy' | 'needs_reconnect' | 'throttled' };

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
      .set({ lastSyncedAt: clock.now(), lastError: result.calendarProblem, status: 'active', pausedUntil: null })
      .where(eq(emailConnections.id, connectionId));
    // Whatever these notifications announced has been read (the sync reads from its cursor), failed ones included.
    await db
      .update(webhookEvents)
      .set({ status: 'processed', processedAt: clock.now(), error: null })
      .where(and(eq(webhookEvents.connectionId, connectionId), inArray(webhookEvents.status, ['received', 'failed']), lte(webhookEvents.receivedAt, startedAt)));
    deps.log.info('mailbox synced', { connectionId, ...result.counts, resynced: result.resynced, meetings: result.meetings });
    return { ran: true, result };
  } catch (raw) {
    const error = toProviderError(raw);
    if (error.invalidGrant) {
      await markNeedsReconnect(deps, connection);
      return { ran: false, why: 'needs_reconnect' };
    }
    // Throttled, or the provider down and saying when to come back: the mailbox waits exactly that long.
    if (error.rateLimited || (error.status >= 500 && error.retryAfterMs !== null)) {
      const pausedUntil = new Date(clock.now().getTime() + (error.retryAfterMs ?? DEFAULT_PAUSE_MS));
      await db
        .update(emailConnections)
        .set({ pausedUntil, lastError: `${providerLabel(connection)} asked us to wait (HTTP ${error.status}); resuming at ${pausedUntil.toISOString()}` })
        .where(eq(emailConnections.id, connectionId));
      await syncLater(deps, connectionId, 'paused', pausedUntil);
      return { ran: false, why: 'throttled' };
    }
    const message = describe(raw, error);
    await db.update(emailConnections).set({ status: 'error', lastError: message }).where(eq(emailConnections.id, connectionId));
    // The notifications this sync was to answer are failed until a later sync reads past them: admins see them.
    await db
      .update(webhookEvents)
      .set({ status: 'failed', error: message })
      .where(and(eq(webhookEvents.connectionId, connectionId), eq(webhookEvents.status, 'received'), lte(webhookEvents.receivedAt, startedAt)));
    // The job retries with backoff; the catch-up sync covers it after the last attempt.
    throw raw;
  } finally {
    await releaseSyncLease(db, connectionId);
  }
}

function providerLabel(c: Pick<EmailConnection, 'provider'>): string {
  return c.provider === 'google' ? 'Google' : 'Microsoft';
}

function describe(raw: unknown, error: ProviderError): string {
  const base = raw instanceof Error ? raw.message : String(raw);
  return (error.status ? `${base} (HTTP ${error.status})` : base).slice(0, 1000);
}

export interface ConnectionSyncResult extends SyncResult {
  meetings: CalendarResult['meetings'] | null;
  /** The calendar could not be read (mail was): shown on the connection, retried by the next sync. */
  calendarProblem: string | null;
}

/**
 * Mail, then the calendar. The mail cursor is stored before the calendar is read, so a calendar that keeps
 * failing (the API turned off for the organisation) never holds mail back; a revoked grant or throttling
 * stops both and is handled by the caller.
 */
async function syncConnection(deps: SyncDeps, connection: EmailConnection): Promise<ConnectionSyncResult> {
  // No tokens and still active: the demo's mailboxes, which have nothing to read.
  if (!connection.accessTokenEncrypted && !connection.refreshTokenEncrypted) {
    return { counts: emptyCounts(), cursor: connection.cursor, resynced: false, meetings: null, calendarProblem: null };
  }
  const saveCursor = (set: Partial<Pick<EmailConnection, 'cursor' | 'calendarCursor'>>) =>
    deps.db.update(emailConnections).set(set).where(eq(emailConnections.id, connection.id));
  const calendar = async (read: () => Promise<CalendarResult>) => {
    try {
      const result = await read();
      await saveCursor({ calendarCursor: result.cursor });
      return { meetings: result.meetings, calendarProblem: null };
    } catch (raw) {
      const error = toProviderError(raw);
      if (error.invalidGrant || error.rateLimited || (error.status >= 500 && error.retryAfterMs !== null)) throw raw;
      deps.log.warn('calendar sync failed', { connectionId: connection.id, status: error.status });
      return { meetings: null, calendarProblem: `Calendar not synced: ${describe(raw, error)}` };
    }
  };
  if (connection.provider === 'google') {
    const { api, auth, settled } = gmailForConnection(deps, connection);
    try {
      const mail = await syncGmail(deps, connection, api);
      await saveCursor({ cursor: mail.cursor });
      return { ...mail, ...(await calendar(() => syncGoogleCalendar(deps, connection, auth))) };
    } finally {
      await settled();
    }
  }
  const graph = graphForConnection(deps, connection);
  const mail = await syncOutlookMail(deps, connection, graph, MESSAGE_FIELDS);
  await saveCursor({ cursor: mail.cursor });
  return { ...mail, ...(await calendar(() => syncOutlookCalendar(deps, connection, graph))) };
}

/**
 * The grant is gone: stop syncing and say so where its owner looks (the Connections page shows the status and
 * message; the owner is told there until they reconnect). Tokens are useless now, so they are dropped.
 */
export async function markNeedsReconnect(deps: SyncDeps, connection: Pick<EmailConnection, 'id' | 'userId' | 'provider'>): Promise<void> {
  await deps.db
    .update(emailConnections)
    .set({ status: 'needs_reconnect', lastError: needsReconnectMessage(connection), accessTokenEncrypted: null, refreshTokenEncrypted: null, tokenExpiresAt: null })
    .where(eq(emailConnections.id, connection.id));
  deps.log.warn('mailbox needs reconnecting', { connectionId: connection.id, userId: connection.userId });
}

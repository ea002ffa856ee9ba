// The nightly reconciliation of one mailbox: the provider's message ids of the last 7 days compared with the
// ones its syncs handled; any gap (a notification that never came and a cursor that skipped, a message that
// failed) is read and captured now. Runs under the mailbox's sync lease, so it never overlaps a sync.
import { eq, sql } from 'drizzle-orm';
import { emailConnections, type EmailConnection } from '../../drizzle/schema';
import { MAIL_FOLDERS } from '../integrations/microsoft/graph';
import { ProviderError } from '../integrations/providerError';
import { acquireSyncLease, releaseSyncLease, renewSyncLease } from './connections';
import { type CapturedEmail, gmailToCapturedEmail, outlookToCapturedEmail } from '../domain/captureInput';
import { fetchMetadata, gmailForConnection, type SyncDeps } from './gmailSync';
import { graphForConnection } from './outlookSync';
import { alreadySeen, processMessage } from './process';
import { addCounts, captureScopeFor, emptyCounts, type SyncCounts } from './store';

export const RECONCILE_DAYS = 7;
const BATCH = 10;

export type ReconcileOutcome = { ran: true; checked: number; recovered: number; counts: SyncCounts } | { ran: false; why: 'gone' | 'inactive' | 'busy' };

async function providerIds(deps: SyncDeps, connection: EmailConnection, since: Date): Promise<{ ids: string[]; read: (ids: string[]) => Promise<CapturedEmail[]>; done: () => Promise<void> }> {
  const now = deps.clock.now();
  if (connection.provider === 'google') {
    const { api, settled } = gmailForConnection(deps, connection);
    const ids: string[] = [];
    let pageToken: string | undefined;
    do {
      const page = await api.list(`newer_than:${RECONCILE_DAYS}d`, pageToken);
      for (const m of page.messages ?? []) if (m.id) ids.push(m.id);
      pageToken = page.nextPageToken ?? undefined;
    } while (pageToken);
    return {
      ids,
      read: async (batch) => (await fetchMetadata(api, batch)).flatMap((m) => (m ? [gmailToCapturedEmail(m, connection.emailAddress, now)] : [])),
      done: settled,
    };
  }
  const graph = graphForConnection(deps, connection);
  const ids: string[] = [];
  for (const folder of MAIL_FOLDERS) {
    let link: string | null = null;
    do {
      const page = await graph.messageIdsSince(folder, since, link);
      for (const m of page.value) ids.push(m.id);
      link = page['@odata.nextLink'] ?? null;
    } while (link);
  }
  return {
    ids,
    read: async (batch) => {
      const messages = await Promise.all(
        batch.map((id) =>
          graph.message(id).catch((error: unknown) => {
            if (error instanceof ProviderError && error.status === 404) return null;
            throw error;
          }),
        ),
      );
      return messages.flatMap((m) => (m ? [outlookToCapturedEmail(m, connection.emailAddress, now)] : []));
    },
    done: async () => {},
  };
}

export async function reconcileMailbox(deps: SyncDeps, connectionId: number): Promise<ReconcileOutcome> {
  const { db, clock } = deps;
  const [connection] = await db.select().from(emailConnections).where(eq(emailConnections.id, connectionId));
  if (!connection) return { ran: false, why: 'gone' };
  if (connection.status !== 'active' && connection.status !== 'error') return { ran: false, why: 'inactive' };
  if (!connection.refreshTokenEncrypted && !connection.accessTokenEncrypted) return { ran: false, why: 'inactive' };
  if (!(await acquireSyncLease(db, connectionId, clock.now()))) return { ran: false, why: 'busy' };
  try {
    const since = new Date(clock.now().getTime() - RECONCILE_DAYS * 86_400_000);
    const source = await providerIds(deps, connection, since);
    try {
      const scope = await captureScopeFor(db, deps.env, connection);
      const counts = emptyCounts();
      let recovered = 0;
      for (let i = 0; i < source.ids.length; i += 500) {
        const chunk = source.ids.slice(i, i + 500);
        const seen = await alreadySeen(db, connectionId, chunk);
        const missing = chunk.filter((id) => !seen.has(id));
        for (let j = 0; j < missing.length; j += BATCH) {
          const emails = await source.read(missing.slice(j, j + BATCH));
          for (const email of emails) await processMessage(deps, connection, scope, email, counts, clock.now());
          recovered += emails.length;
          await renewSyncLease(db, connectionId, clock.now());
        }
      }
      await addCounts(db, connectionId, counts);
      await db
        .update(emailConnections)
        .set({ reconciledAt: clock.now(), messagesRecovered: sql`${emailConnections.messagesRecovered} + ${recovered}` })
        .where(eq(emailConnections.id, connectionId));
      if (recovered > 0) deps.log.warn('reconciliation found messages the syncs had missed', { connectionId, recovered });
      return { ran: true, checked: source.ids.length, recovered, counts };
    } finally {
      await source.done();
    }
  } finally {
    await releaseSyncLease(db, connectionId);
  }
}

// One Gmail mailbox's sync: what is new since the stored history id (never the id a notification carried),
// or, when that id is too old or there is none yet, a bounded resync of the last 30 days. The cursor moves
// only after every message up to it has been handled, so a crash mid-sync repeats work, never loses it;
// repeats are harmless because activities are unique by Message-ID.
import type { Credentials, OAuth2Client } from 'google-auth-library';
import type { EmailConnection } from '../../drizzle/schema';
import type { Db } from '../db';
import { gmailToCapturedEmail } from '../domain/captureInput';
import type { Env } from '../env';
import { type GmailApi, type GmailMessageMeta, gmailApi, gmailFor, googleOAuthClient } from '../integrations/google/client';
import { ProviderError } from '../integrations/providerError';
import type { Clock } from '../lib/clock';
import type { Logger } from '../lib/log';
import { googleCredentials, openTokens, renewSyncLease, storeTokens } from './connections';
import { alreadySeen, processMessage } from './process';
import { addCounts, captureScopeFor, emptyCounts, type SyncCounts } from './store';

export const RESYNC_WINDOW_DAYS = 30;
/** Messages fetched at once: Gmail allows far more, this keeps one mailbox from hogging a worker. */
const FETCH_BATCH = 10;

export interface SyncDeps {
  db: Db;
  env: Env;
  log: Logger;
  clock: Clock;
}

export interface SyncResult {
  counts: SyncCounts;
  cursor: string | null;
  resynced: boolean;
}

/** The Gmail API for a connection, storing every token the OAuth client refreshes. */
export function gmailForConnection(deps: SyncDeps, connection: EmailConnection): { api: GmailApi; auth: OAuth2Client; settled: () => Promise<void> } {
  const pending: Promise<void>[] = [];
  const onTokens = (t: Credentials) => {
    pending.push(
      storeTokens(deps.db, deps.env, connection, {
        accessToken: t.access_token ?? null,
        refreshToken: t.refresh_token ?? null,
        expiresAt: t.expiry_date ? new Date(t.expiry_date) : null,
      }).catch((error) => deps.log.warn('could not store refreshed tokens', { connectionId: connection.id, error })),
    );
  };
  const auth = googleOAuthClient(deps.env, googleCredentials(openTokens(deps.env, connection)), onTokens);
  return { api: gmailApi(gmailFor(deps.env, auth)), auth, settled: async () => void (await Promise.all(pending)) };
}

async function collectHistory(api: GmailApi, startHistoryId: string): Promise<{ ids: string[]; historyId: string }> {
  const ids = new Set<string>();
  let pageToken: string | undefined;
  let historyId = startHistoryId;
  do {
    const page = await api.history(startHistoryId, pageToken);
    for (const h of page.history ?? []) for (const added of h.messagesAdded ?? []) if (added.message?.id) ids.add(added.message.id);
    if (page.historyId) historyId = String(page.historyId);
    pageToken = page.nextPageToken ?? undefined;
  } while (pageToken);
  return { ids: [...ids], historyId };
}

async function collectWindow(api: GmailApi): Promise<{ ids: string[]; historyId: string }> {
  // The cursor is taken before listing: whatever arrives during the listing is read by the next sync.
  const profile = await api.profile();
  const ids: string[] = [];
  let pageToken: string | undefined;
  do {
    const page = await api.list(`newer_than:${RESYNC_WINDOW_DAYS}d`, pageToken);
    for (const m of page.messages ?? []) if (m.id) ids.push(m.id);
    pageToken = page.nextPageToken ?? undefined;
  } while (pageToken);
  return { ids, historyId: String(profile.historyId) };
}

/** Messages' metadata, null for one deleted or moved between the notification and the fetch. */
export function fetchMetadata(api: GmailApi, ids: readonly string[]): Promise<(GmailMessageMeta | null)[]> {
  return Promise.all(
    ids.map((id) =>
      api.metadata(id).catch((error: unknown) => {
        if (error instanceof ProviderError && error.status === 404) return null;
        throw error;
      }),
    ),
  );
}

export async function syncGmail(deps: SyncDeps, connection: EmailConnection, api: GmailApi): Promise<SyncResult> {
  const { db, clock } = deps;
  const scope = await captureScopeFor(db, deps.env, connection);
  let resynced = false;
  let batch: { ids: string[]; historyId: string };
  if (connection.cursor) {
    try {
      batch = await collectHistory(api, connection.cursor);
    } catch (error) {
      // Gmail keeps history for about a week: an older start id is a 404, answered by a bounded resync.
      if (!(error instanceof ProviderError) || error.status !== 404) throw error;
      deps.log.info('history id too old: resyncing the window', { connectionId: connection.id, days: RESYNC_WINDOW_DAYS });
      batch = await collectWindow(api);
      resynced = true;
    }
  } else {
    batch = await collectWindow(api);
    resynced = true;
  }

  const counts = emptyCounts();
  for (let i = 0; i < batch.ids.length; i += FETCH_BATCH) {
    const seen = await alreadySeen(db, connection.id, batch.ids.slice(i, i + FETCH_BATCH));
    const ids = batch.ids.slice(i, i + FETCH_BATCH).filter((id) => !seen.has(id));
    const metas = await fetchMetadata(api, ids);
    for (const meta of metas) {
      if (meta) await processMessage(deps, connection, scope, gmailToCapturedEmail(meta, connection.emailAddress, clock.now()), counts, clock.now());
    }
    await renewSyncLease(db, connection.id, clock.now());
  }
  await addCounts(db, connection.id, counts);
  return { counts, cursor: batch.historyId, resynced };
}

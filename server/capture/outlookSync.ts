// One Outlook mailbox's mail sync: a Graph delta round per folder (inbox, sent items) from the stored delta
// links. The links move only after every page up to them is handled, so a crash repeats work, never loses it.
// Delta also returns changed items (read, moved): those already handled are skipped by id, never counted twice.
import type { EmailConnection } from '../../drizzle/schema';
import { outlookToCapturedEmail } from '../domain/captureInput';
import { type GraphApi, graphApi, MAIL_FOLDERS, type MailFolder } from '../integrations/microsoft/graph';
import { refreshMicrosoftToken } from '../integrations/microsoft/login';
import { ProviderError } from '../integrations/providerError';
import { openTokens, renewSyncLease, storeTokens } from './connections';
import type { SyncDeps, SyncResult } from './gmailSync';
import { alreadySeen, processMessage } from './process';
import { addCounts, captureScopeFor, emptyCounts } from './store';

export const OUTLOOK_RESYNC_DAYS = 30;
/** Refresh the access token this long before it expires. */
const REFRESH_AHEAD_MS = 2 * 60_000;

export type OutlookCursor = Partial<Record<MailFolder, string>>;

export function parseOutlookCursor(cursor: string | null): OutlookCursor {
  if (!cursor) return {};
  try {
    const value = JSON.parse(cursor) as OutlookCursor;
    return typeof value === 'object' && value !== null ? value : {};
  } catch {
    return {};
  }
}

/**
 * Graph for a connection: the stored access token while it is fresh, else a refresh whose tokens (Microsoft
 * rotates the refresh token) are stored at once. A revoked grant surfaces as invalid_grant.
 */
export function graphForConnection(deps: SyncDeps, connection: EmailConnection): GraphApi {
  let tokens = openTokens(deps.env, connection);
  return graphApi(deps.env, {
    async accessToken(force) {
      const fresh = tokens.accessToken && tokens.expiresAt && tokens.expiresAt.getTime() - REFRESH_AHEAD_MS > deps.clock.now().getTime();
      if (fresh && !force) return tokens.accessToken!;
      if (!tokens.refreshToken) throw new ProviderError('No refresh token is stored for this mailbox', { status: 400, invalidGrant: true });
      const next = await refreshMicrosoftToken(deps.env, tokens.refreshToken, deps.clock.now().getTime());
      tokens = { accessToken: next.accessToken, refreshToken: next.refreshToken ?? tokens.refreshToken, expiresAt: next.expiresAt };
      await storeTokens(deps.db, deps.env, connection, { accessToken: next.accessToken, refreshToken: next.refreshToken, expiresAt: next.expiresAt });
      return next.accessToken;
    },
  });
}

/** The first request of a new round: only the window (messages delta accepts a receivedDateTime filter). */
function firstRoundLink(graphUrl: string, folder: MailFolder, since: Date, fields: string[]): string {
  const url = new URL(`${graphUrl}/v1.0/me/mailFolders/${folder}/messages/delta`);
  url.searchParams.set('$select', fields.join(','));
  url.searchParams.set('$filter', `receivedDateTime ge ${since.toISOString()}`);
  return url.toString();
}

export async function syncOutlookMail(deps: SyncDeps, connection: EmailConnection, api: GraphApi, fields: string[]): Promise<SyncResult> {
  const { db, clock } = deps;
  const scope = await captureScopeFor(db, deps.env, connection);
  const cursor = parseOutlookCursor(connection.cursor);
  const counts = emptyCounts();
  let resynced = false;
  for (const folder of MAIL_FOLDERS) {
    let link: string | null = cursor[folder] ?? null;
    if (!link) {
      resynced = true;
      link = firstRoundLink(deps.env.microsoft.graphUrl, folder, new Date(clock.now().getTime() - OUTLOOK_RESYNC_DAYS * 86_400_000), fields);
    }
    for (;;) {
      let page;
      try {
        page = await api.messageDelta(link);
      } catch (error) {
        // 410 Gone: the delta state expired; start the folder's round again over the window (no duplicates: ids seen).
        if (!(error instanceof ProviderError) || error.status !== 410 || !cursor[folder]) throw error;
        deps.log.info('delta link expired: resyncing the window', { connectionId: connection.id, folder });
        delete cursor[folder];
        resynced = true;
        link = firstRoundLink(deps.env.microsoft.graphUrl, folder, new Date(clock.now().getTime() - OUTLOOK_RESYNC_DAYS * 86_400_000), fields);
        continue;
      }
      const items = page.value.filter((m) => !m['@removed']);
      const seen = await alreadySeen(db, connection.id, items.map((m) => m.id));
      for (const m of items) {
        if (seen.has(m.id)) continue;
        await processMessage(deps, connection, scope, outlookToCapturedEmail(m, connection.emailAddress, clock.now()), counts, clock.now());
      }
      await renewSyncLease(db, connection.id, clock.now());
      if (page['@odata.nextLink']) {
        link = page['@odata.nextLink'];
        continue;
      }
      if (page['@odata.deltaLink']) cursor[folder] = page['@odata.deltaLink'];
      break;
    }
  }
  await addCounts(db, connection.id, counts);
  return { counts, cursor: JSON.stringify(cursor), resynced };
}

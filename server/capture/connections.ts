// Connected mailboxes: their tokens (sealed at rest), the one-sync-at-a-time lease, and asking for a sync.
import { and, eq, isNull, lt, or, sql } from 'drizzle-orm';
import type { Credentials } from 'google-auth-library';
import { emailConnections, type EmailConnection } from '../../drizzle/schema';
import type { EmailProvider } from '../../shared/enums';
import type { DbOrTx } from '../db';
import type { Env } from '../env';
import { enqueue } from '../jobs/enqueue';
import { secretsFor } from '../lib/secrets';

export { secretsFor };

/** A token is bound to its mailbox and its kind: copied into another row or column, it does not open. */
const tokenContext = (c: Pick<EmailConnection, 'provider' | 'emailAddress'>, kind: 'access' | 'refresh') =>
  `email_connections:${c.provider}:${c.emailAddress.toLowerCase()}:${kind}`;

export interface StoredTokens {
  accessToken: string | null;
  refreshToken: string | null;
  expiresAt: Date | null;
}

export function sealTokens(env: Env, c: Pick<EmailConnection, 'provider' | 'emailAddress'>, tokens: { accessToken?: string | null; refreshToken?: string | null }) {
  const box = secretsFor(env);
  return {
    ...(tokens.accessToken ? { accessTokenEncrypted: box.seal(tokens.accessToken, tokenContext(c, 'access')) } : {}),
    ...(tokens.refreshToken ? { refreshTokenEncrypted: box.seal(tokens.refreshToken, tokenContext(c, 'refresh')) } : {}),
  };
}

export function openTokens(env: Env, c: EmailConnection): StoredTokens {
  const box = secretsFor(env);
  return {
    accessToken: c.accessTokenEncrypted ? box.open(c.accessTokenEncrypted, tokenContext(c, 'access')) : null,
    refreshToken: c.refreshTokenEncrypted ? box.open(c.refreshTokenEncrypted, tokenContext(c, 'refresh')) : null,
    expiresAt: c.tokenExpiresAt,
  };
}

export const googleCredentials = (t: StoredTokens): Credentials => ({
  access_token: t.accessToken ?? undefined,
  refresh_token: t.refreshToken ?? undefined,
  expiry_date: t.expiresAt?.getTime(),
});

/** Stores tokens a provider handed out (a refresh, a rotated refresh token). */
export async function storeTokens(
  db: DbOrTx,
  env: Env,
  c: EmailConnection,
  tokens: { accessToken?: string | null; refreshToken?: string | null; expiresAt?: Date | null },
): Promise<void> {
  await db
    .update(emailConnections)
    .set({ ...sealTokens(env, c, tokens), ...(tokens.expiresAt !== undefined ? { tokenExpiresAt: tokens.expiresAt } : {}) })
    .where(eq(emailConnections.id, c.id));
}

export async function connectionById(db: DbOrTx, id: number): Promise<EmailConnection | null> {
  const [row] = await db.select().from(emailConnections).where(eq(emailConnections.id, id));
  return row ?? null;
}

export async function connectionByAddress(db: DbOrTx, provider: EmailProvider, emailAddress: string): Promise<EmailConnection | null> {
  const [row] = await db
    .select()
    .from(emailConnections)
    .where(and(eq(emailConnections.provider, provider), eq(emailConnections.emailAddress, emailAddress.toLowerCase())));
  return row ?? null;
}

/**
 * Asks for a sync of the mailbox: at most one waiting sync job per mailbox, however many notifications come
 * (the dedupe key names the mailbox's next sync generation; a sync that starts moves the generation on, so a
 * notification during it queues exactly one more). Call inside the transaction that records the reason.
 */
export async function requestSync(db: DbOrTx, connection: Pick<EmailConnection, 'id' | 'syncGeneration'>, now: Date, runAt?: Date): Promise<number> {
  return enqueue(
    db,
    {
      type: 'capture.syncMailbox',
      payload: { connectionId: connection.id },
      dedupeKey: `capture.sync:${connection.id}:${connection.syncGeneration}`,
      runAt,
      maxAttempts: 8,
    },
    now,
  );
}

/** How long a sync may hold its mailbox without renewing: a crashed worker's hold ends after this. */
export const SYNC_LEASE_MS = 5 * 60_000;

function affected(result: unknown): number {
  const header = Array.isArray(result) ? result[0] : result;
  return Number((header as { affectedRows?: number }).affectedRows ?? 0);
}

/**
 * Takes the mailbox for one sync, moving its generation on. False when another sync holds it: then the
 * caller backs off and tries again (the other sync may or may not have seen the newest changes).
 */
export async function acquireSyncLease(db: DbOrTx, connectionId: number, now: Date): Promise<boolean> {
  const result = await db
    .update(emailConnections)
    .set({ syncLockedUntil: new Date(now.getTime() + SYNC_LEASE_MS), syncGeneration: sql`${emailConnections.syncGeneration} + 1` })
    .where(and(eq(emailConnections.id, connectionId), or(isNull(emailConnections.syncLockedUntil), lt(emailConnections.syncLockedUntil, now))));
  return affected(result) === 1;
}

export async function renewSyncLease(db: DbOrTx, connectionId: number, now: Date): Promise<void> {
  await db
    .update(emailConnections)
    .set({ syncLockedUntil: new Date(now.getTime() + SYNC_LEASE_MS) })
    .where(eq(emailConnections.id, connectionId));
}

export async function releaseSyncLease(db: DbOrTx, connectionId: number): Promise<void> {
  await db.update(emailConnections).set({ syncLockedUntil: null }).where(eq(emailConnections.id, connectionId));
}

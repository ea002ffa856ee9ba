// What users do with their connections (list with health, sync now, disconnect, sharing level) and the
// blocklist (add, which removes what it covers; list; remove). Access is checked on each row loaded.
import { and, asc, eq, inArray, isNotNull, or, sql } from 'drizzle-orm';
import { activities, auditLog, captureBlocklist, emailConnections, type EmailConnection, users } from '../../drizzle/schema';
import type { BlocklistAdd, SetSharingLevel } from '../../shared/schemas/capture';
import { type Db, type DbOrTx, inTransaction } from '../db';
import { coverageOf } from '../domain/emailMatching';
import type { Env } from '../env';
import { gmailApi, gmailFor, googleOAuthClient, revokeGoogleToken } from '../integrations/google/client';
import type { Actor } from '../lib/actor';
import { recordAudit, recordUpdateAudit } from '../lib/audit';
import { conflictOnDuplicate, forbidden, invalid, notFound } from '../lib/errors';
import type { Clock } from '../lib/clock';
import type { Logger } from '../lib/log';
import { googleCredentials, openTokens, requestSync } from './connections';
import { graphForConnection } from './outlookSync';
import { pushOffReason, stopPush } from './push';

export type ConnectionState = 'active' | 'syncing' | 'error' | 'needs_reconnect' | 'disconnected';

export interface ConnectionItem {
  id: number;
  provider: EmailConnection['provider'];
  emailAddress: string;
  ownerId: string;
  ownerName: string;
  mine: boolean;
  state: ConnectionState;
  lastError: string | null;
  lastSyncedAt: Date | null;
  /** Push (Gmail watch / Graph subscription) runs until then; null when capture runs on catch-up only. */
  pushExpiresAt: Date | null;
  /** Why push is off by this server's configuration (Outlook on an http PUBLIC_URL), else null. */
  pushOff: string | null;
  pausedUntil: Date | null;
  sharingLevel: EmailConnection['sharingLevel'];
  counters: { seen: number; stored: number; skippedInternal: number; skippedBlocked: number; skippedUnmatched: number; failed: number };
  /** Meetings captured from the connection's calendar. */
  meetingsStored: number;
  /** The calendar has been read at least once (it has a cursor), or it is the demo's. */
  calendarSynced: boolean;
  reconciledAt: Date | null;
  messagesRecovered: number;
  /** Share of seen messages handled (stored or skipped for a reason), 0..1; null before any. */
  coverage: number | null;
}

function stateOf(c: EmailConnection, now: Date): ConnectionState {
  if (c.status === 'needs_reconnect' || c.status === 'disconnected' || c.status === 'error') return c.status;
  return c.syncLockedUntil && c.syncLockedUntil > now ? 'syncing' : 'active';
}

function toItem(c: EmailConnection, ownerName: string, actor: Actor, now: Date, env: Pick<Env, 'publicUrl'>): ConnectionItem {
  const pushOff = pushOffReason(env, c.provider);
  const counters = {
    seen: c.messagesSeen,
    stored: c.messagesStored,
    skippedInternal: c.skippedInternal,
    skippedBlocked: c.skippedBlocked,
    skippedUnmatched: c.skippedUnmatched,
    failed: c.messagesFailed,
  };
  return {
    id: c.id,
    provider: c.provider,
    emailAddress: c.emailAddress,
    ownerId: c.userId,
    ownerName,
    mine: c.userId === actor.id,
    state: stateOf(c, now),
    lastError: c.lastError,
    lastSyncedAt: c.lastSyncedAt,
    pushExpiresAt: pushOff ? null : c.expiresAt,
    pushOff,
    pausedUntil: c.pausedUntil && c.pausedUntil > now ? c.pausedUntil : null,
    sharingLevel: c.sharingLevel,
    counters,
    coverage: coverageOf(counters),
    meetingsStored: c.meetingsStored,
    calendarSynced: c.calendarCursor !== null || c.meetingsStored > 0,
    reconciledAt: c.reconciledAt,
    messagesRecovered: c.messagesRecovered,
  };
}

/** The caller's connections; an admin sees everyone's, to watch their health. */
export async function listConnections(db: DbOrTx, actor: Actor, now: Date, env: Pick<Env, 'publicUrl'>): Promise<ConnectionItem[]> {
  const rows = await db
    .select({ connection: emailConnections, ownerName: users.name })
    .from(emailConnections)
    .innerJoin(users, eq(users.id, emailConnections.userId))
    .where(actor.role === 'admin' || actor.role === 'system' ? undefined : eq(emailConnections.userId, actor.id))
    .orderBy(asc(users.name), asc(emailConnections.emailAddress));
  return rows.map((r) => toItem(r.connection, r.ownerName, actor, now, env));
}

async function loadConnectionForWrite(db: DbOrTx, actor: Actor, id: number, ownerOnly = false): Promise<EmailConnection> {
  const [row] = await db.select().from(emailConnections).where(eq(emailConnections.id, id)).for('update');
  if (!row) throw notFound('Connection');
  const admin = actor.role === 'admin' || actor.role === 'system';
  if (row.userId !== actor.id && (ownerOnly || !admin)) {
    throw forbidden(ownerOnly ? 'Only the mailbox\'s owner can choose this' : 'Only the mailbox\'s owner and admins can do that');
  }
  return row;
}

export async function syncNow(db: DbOrTx, actor: Actor, { id }: { id: number }, now: Date): Promise<{ queued: true }> {
  return inTransaction(db, async (tx) => {
    const c = await loadConnectionForWrite(tx, actor, id);
    if (c.status === 'disconnected') throw invalid('This mailbox is disconnected: connect it again to sync');
    if (c.status === 'needs_reconnect') throw invalid('Reconnect this mailbox first: its sign-in was revoked or expired');
    await requestSync(tx, c, now);
    return { queued: true as const };
  });
}

export async function setSharingLevel(db: DbOrTx, actor: Actor, input: SetSharingLevel): Promise<{ id: number; sharingLevel: SetSharingLevel['sharingLevel'] }> {
  return inTransaction(db, async (tx) => {
    const c = await loadConnectionForWrite(tx, actor, input.id, true);
    await tx.update(emailConnections).set({ sharingLevel: input.sharingLevel }).where(eq(emailConnections.id, c.id));
    await recordUpdateAudit(tx, { actor, entityType: 'email_connection', entityId: c.id, before: { sharingLevel: c.sharingLevel }, after: { sharingLevel: input.sharingLevel } });
    return { id: c.id, sharingLevel: input.sharingLevel };
  });
}

/**
 * Stops push, revokes the grant at the provider (best effort: a provider that is down must not keep a user
 * connected), deletes the tokens. Captured activities stay.
 */
export async function disconnect(deps: { db: Db; env: Env; log: Logger; clock: Clock }, actor: Actor, { id }: { id: number }): Promise<{ id: number }> {
  const { db, env, log } = deps;
  const [existing] = await db.select().from(emailConnections).where(eq(emailConnections.id, id));
  if (!existing) throw notFound('Connection');
  // Only the owner and admins may disconnect: checked before anything is stopped at the provider.
  if (existing.userId !== actor.id && actor.role !== 'admin' && actor.role !== 'system') throw forbidden('Only the mailbox\'s owner and admins can do that');
  const pushDeps = { db: deps.db as Db, env, log, clock: deps.clock };
  if (existing.provider === 'google' && existing.refreshTokenEncrypted && env.google.configured) {
    const tokens = openTokens(env, existing);
    const auth = googleOAuthClient(env, googleCredentials(tokens));
    try {
      if (existing.expiresAt) await gmailApi(gmailFor(env, auth)).stop();
    } catch (error) {
      log.warn('could not stop the gmail watch', { connectionId: id, error });
    }
    await stopPush(pushDeps, existing, { googleAuth: auth });
    try {
      await revokeGoogleToken(env, tokens.refreshToken ?? tokens.accessToken ?? '');
    } catch (error) {
      log.warn('could not revoke the google grant', { connectionId: id, error });
    }
  } else if (existing.provider === 'microsoft' && existing.refreshTokenEncrypted && env.microsoft.configured) {
    // Microsoft has no endpoint that revokes one app's refresh token: ending the subscriptions and deleting the
    // tokens is what disconnecting can do (the user removes the app at myapps.microsoft.com to revoke consent).
    await stopPush(pushDeps, existing, { graph: graphForConnection(pushDeps, existing) });
  }
  await stopPush(pushDeps, existing, {});
  return inTransaction(db, async (tx) => {
    const c = await loadConnectionForWrite(tx, actor, id);
    await tx
      .update(emailConnections)
      .set({
        status: 'disconnected',
        accessTokenEncrypted: null,
        refreshTokenEncrypted: null,
        tokenExpiresAt: null,
        cursor: null,
        calendarCursor: null,
        expiresAt: null,
        webhookSubscriptionId: null,
        syncLockedUntil: null,
        pausedUntil: null,
        lastError: null,
      })
      .where(eq(emailConnections.id, c.id));
    await recordUpdateAudit(tx, { actor, entityType: 'email_connection', entityId: c.id, before: { status: c.status }, after: { status: 'disconnected' } });
    return { id: c.id };
  });
}

export interface BlocklistEntry {
  id: number;
  scope: 'user' | 'org';
  value: string;
  createdAt: Date;
}

export async function listBlocklist(db: DbOrTx, actor: Actor): Promise<{ mine: BlocklistEntry[]; organisation: BlocklistEntry[] }> {
  const rows = await db
    .select({ id: captureBlocklist.id, scope: captureBlocklist.scope, value: captureBlocklist.value, createdAt: captureBlocklist.createdAt, userId: captureBlocklist.userId })
    .from(captureBlocklist)
    .where(or(eq(captureBlocklist.scope, 'org'), actor.id ? eq(captureBlocklist.userId, actor.id) : undefined))
    .orderBy(asc(captureBlocklist.value));
  const plain = ({ userId: _userId, ...entry }: (typeof rows)[number]) => entry;
  return { mine: rows.filter((r) => r.scope === 'user').map(plain), organisation: rows.filter((r) => r.scope === 'org').map(plain) };
}

/** JSON_SEARCH patterns (% and _ are wildcards, escaped in addresses) of the participant emails an entry covers. */
function participantPatterns(value: string): string[] {
  if (value.startsWith('@')) return [`%${value}`, `%.${value.slice(1)}`];
  return [value.replace(/[\\%_]/g, (ch) => `\\${ch}`)];
}

/**
 * Deletes captured activities the entry covers (any participant), with their links (cascade) and their audit rows,
 * which hold the same content: what a blocklist covers is not kept anywhere. The user's entry covers their own
 * mailboxes' captures; the organisation's, everyone's.
 */
async function removeCovered(tx: DbOrTx, value: string, userId: string | null): Promise<number> {
  const covered = or(...participantPatterns(value).map((p) => sql`JSON_SEARCH(${activities.participants}, 'one', ${p}, NULL, '$[*].email') IS NOT NULL`));
  const mailboxes = userId ? tx.select({ id: emailConnections.id }).from(emailConnections).where(eq(emailConnections.userId, userId)) : null;
  const rows = await tx
    .select({ id: activities.id })
    .from(activities)
    .where(and(isNotNull(activities.captureConnectionId), mailboxes ? inArray(activities.captureConnectionId, mailboxes) : undefined, covered));
  const ids = rows.map((r) => r.id);
  for (let i = 0; i < ids.length; i += 1000) {
    const chunk = ids.slice(i, i + 1000);
    await tx.delete(activities).where(inArray(activities.id, chunk));
    await tx.delete(auditLog).where(and(eq(auditLog.entityType, 'activity'), inArray(auditLog.entityId, chunk.map(String))));
  }
  return ids.length;
}

export async function addBlocklistEntry(db: DbOrTx, actor: Actor, input: BlocklistAdd, now: Date): Promise<{ entry: BlocklistEntry; removed: number }> {
  if (input.scope === 'org' && actor.role !== 'admin' && actor.role !== 'system') throw forbidden('Only admins can change the organisation\'s blocklist');
  if (input.scope === 'user' && !actor.id) throw invalid('The system has no blocklist of its own');
  return inTransaction(db, async (tx) => {
    const userId = input.scope === 'user' ? actor.id : null;
    const [inserted] = await conflictOnDuplicate(
      tx.insert(captureBlocklist).values({ scope: input.scope, userId, value: input.value, createdById: actor.id, createdAt: now, updatedAt: now }).$returningId(),
      'value',
      `${input.value} is already on this blocklist`,
    );
    const removed = await removeCovered(tx, input.value, userId);
    await recordAudit(tx, { actor, action: 'create', entityType: 'capture_blocklist', entityId: inserted!.id, changes: { scope: input.scope, value: input.value, removedActivities: removed } });
    return { entry: { id: inserted!.id, scope: input.scope, value: input.value, createdAt: now }, removed };
  });
}

export async function removeBlocklistEntry(db: DbOrTx, actor: Actor, { id }: { id: number }): Promise<{ id: number }> {
  return inTransaction(db, async (tx) => {
    const [row] = await tx.select().from(captureBlocklist).where(eq(captureBlocklist.id, id)).for('update');
    if (!row) throw notFound('Blocklist entry');
    const admin = actor.role === 'admin' || actor.role === 'system';
    if (row.scope === 'org' ? !admin : row.userId !== actor.id && !admin) throw forbidden('That entry is not yours to remove');
    await tx.delete(captureBlocklist).where(eq(captureBlocklist.id, id));
    await recordAudit(tx, { actor, action: 'delete', entityType: 'capture_blocklist', entityId: id, changes: { scope: row.scope, value: row.value } });
    return { id };
  });
}

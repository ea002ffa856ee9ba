// Push channels beyond the Gmail watch: Graph subscriptions for an Outlook mailbox (inbox, sent items,
// calendar) and a Google Calendar watch channel. Each has a fresh random secret (Graph clientState, Google
// channel token) that only the provider and this code see: it is stored as its SHA-256 and checked in
// constant time when a notification comes. Creating, renewing and stopping them, and the daily renewal.
import { and, eq, inArray, lt } from 'drizzle-orm';
import type { OAuth2Client } from 'google-auth-library';
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { captureSubscriptions, type CaptureSubscription, emailConnections, type EmailConnection } from '../../drizzle/schema';
import type { Db, DbOrTx } from '../db';
import type { Env } from '../env';
import { calendarApi, calendarFor } from '../integrations/google/calendar';
import type { GraphApi } from '../integrations/microsoft/graph';
import { ProviderError, toProviderError } from '../integrations/providerError';
import type { Clock } from '../lib/clock';
import type { Logger } from '../lib/log';

export interface PushDeps {
  db: Db;
  env: Env;
  log: Logger;
  clock: Clock;
}

/**
 * Graph keeps an Outlook message or event subscription for at most 10,080 minutes (7 days); we ask for 3 days
 * and renew daily, so a missed renewal day still leaves two. Google Calendar channels: 7 days, renewed daily.
 */
export const GRAPH_SUBSCRIPTION_DAYS = 3;
export const GOOGLE_CHANNEL_DAYS = 7;
/** Renewal takes every channel expiring within this. */
export const RENEW_AHEAD_MS = 2 * 86_400_000;

const GRAPH_RESOURCES: { resource: CaptureSubscription['resource']; path: string; changeType: string }[] = [
  { resource: 'inbox', path: "me/mailFolders('Inbox')/messages", changeType: 'created' },
  { resource: 'sentitems', path: "me/mailFolders('SentItems')/messages", changeType: 'created' },
  { resource: 'calendar', path: 'me/events', changeType: 'created,updated,deleted' },
];

export const secretHash = (secret: string) => createHash('sha256').update(secret, 'utf8').digest('hex');

/** Whether a notification's secret is the subscription's, in constant time. */
export function secretMatches(given: unknown, sub: Pick<CaptureSubscription, 'secretHash'>): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(secretHash(given), 'hex');
  const b = Buffer.from(sub.secretHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Graph delivers change notifications (and Google its Calendar channel notifications) only to an https address:
 * with an http PUBLIC_URL no subscription is asked for, and the Connections page says push is off.
 */
export const pushReachable = (env: Pick<Env, 'publicUrl'>) => env.publicUrl.startsWith('https://');

export const OUTLOOK_PUSH_OFF =
  'Push is off: Microsoft sends change notifications only to an https PUBLIC_URL, and this server\'s is http. New mail and meetings are read by the delta sync every 15 minutes.';

/** What the Connections page says when a connection's push is off by configuration (not a failure); null otherwise. */
export function pushOffReason(env: Pick<Env, 'publicUrl'>, provider: EmailConnection['provider']): string | null {
  return provider === 'microsoft' && !pushReachable(env) ? OUTLOOK_PUSH_OFF : null;
}

export const outlookWebhookUrl = (env: Env) => `${env.publicUrl}/webhooks/outlook`;
export const googleCalendarWebhookUrl = (env: Env) => `${env.publicUrl}/webhooks/google-calendar`;

export async function subscriptionByExternalId(db: DbOrTx, provider: 'google' | 'microsoft', externalId: string): Promise<CaptureSubscription | null> {
  const [row] = await db
    .select()
    .from(captureSubscriptions)
    .where(and(eq(captureSubscriptions.provider, provider), eq(captureSubscriptions.externalId, externalId)));
  return row ?? null;
}

/** The connection's push runs until its earliest channel expires (what the Connections page shows). */
async function refreshPushExpiry(db: DbOrTx, connectionId: number): Promise<void> {
  const rows = await db.select({ expiresAt: captureSubscriptions.expiresAt }).from(captureSubscriptions).where(eq(captureSubscriptions.connectionId, connectionId));
  const earliest = rows.reduce<Date | null>((min, r) => (!min || r.expiresAt < min ? r.expiresAt : min), null);
  await db.update(emailConnections).set({ expiresAt: earliest }).where(eq(emailConnections.id, connectionId));
}

async function createGraphSubscription(deps: PushDeps, connection: EmailConnection, graph: GraphApi, spec: (typeof GRAPH_RESOURCES)[number]) {
  const clientState = randomBytes(32).toString('base64url');
  const url = outlookWebhookUrl(deps.env);
  const created = await graph.createSubscription({
    resource: spec.path,
    changeType: spec.changeType,
    notificationUrl: url,
    lifecycleNotificationUrl: url,
    expirationDateTime: new Date(deps.clock.now().getTime() + GRAPH_SUBSCRIPTION_DAYS * 86_400_000),
    clientState,
  });
  await deps.db.insert(captureSubscriptions).values({
    connectionId: connection.id,
    provider: 'microsoft',
    resource: spec.resource,
    externalId: created.id,
    secretHash: secretHash(clientState),
    expiresAt: new Date(created.expirationDateTime),
  });
}

/**
 * (Re)creates the Outlook mailbox's subscriptions. Graph validates the notification URL while creating each
 * (our webhook answers its validationToken). A failure leaves capture on the 15-minute catch-up and says why.
 */
export async function startOutlookPush(deps: PushDeps, connection: EmailConnection, graph: GraphApi, only?: CaptureSubscription['resource'][]): Promise<string | null> {
  const specs = GRAPH_RESOURCES.filter((s) => !only || only.includes(s.resource));
  await stopPush(deps, connection, { graph, resources: specs.map((s) => s.resource) });
  if (!pushReachable(deps.env)) {
    // Graph would refuse the address (400 InvalidRequest): no subscription, capture runs on the delta catch-up.
    await refreshPushExpiry(deps.db, connection.id);
    deps.log.info('outlook push off: PUBLIC_URL is not https', { connectionId: connection.id });
    return OUTLOOK_PUSH_OFF;
  }
  const problems: string[] = [];
  for (const spec of specs) {
    try {
      await createGraphSubscription(deps, connection, graph, spec);
    } catch (raw) {
      const error = toProviderError(raw);
      if (error.invalidGrant) throw error;
      problems.push(`${spec.resource}: ${error.message}`);
    }
  }
  await refreshPushExpiry(deps.db, connection.id);
  if (problems.length === 0) return null;
  const message = `Push notifications are off (${problems.join('; ')}); new mail is picked up by the catch-up sync`.slice(0, 1000);
  deps.log.warn('graph subscription failed', { connectionId: connection.id, problems: problems.length });
  await deps.db.update(emailConnections).set({ lastError: message }).where(eq(emailConnections.id, connection.id));
  return message;
}

/** A Google Calendar watch channel for the primary calendar (Gmail's own push is the Pub/Sub watch). */
export async function startGoogleCalendarPush(deps: PushDeps, connection: EmailConnection, auth: OAuth2Client): Promise<string | null> {
  const api = calendarApi(calendarFor(deps.env, auth));
  await stopPush(deps, connection, { googleAuth: auth, resources: ['calendar'] });
  // Google's channels, too, deliver only to https; the catch-up sync reads the calendar meanwhile.
  if (!pushReachable(deps.env)) return 'Calendar push is off: Google delivers calendar notifications only to an https PUBLIC_URL';
  const token = randomBytes(32).toString('base64url');
  const id = randomUUID();
  try {
    const channel = await api.watch({
      id,
      address: googleCalendarWebhookUrl(deps.env),
      token,
      expiration: new Date(deps.clock.now().getTime() + GOOGLE_CHANNEL_DAYS * 86_400_000),
    });
    await deps.db.insert(captureSubscriptions).values({
      connectionId: connection.id,
      provider: 'google',
      resource: 'calendar',
      externalId: id,
      resourceId: channel.resourceId ?? null,
      secretHash: secretHash(token),
      expiresAt: new Date(Number(channel.expiration ?? deps.clock.now().getTime() + GOOGLE_CHANNEL_DAYS * 86_400_000)),
    });
    return null;
  } catch (raw) {
    const error = toProviderError(raw);
    if (error.invalidGrant) throw error;
    deps.log.warn('google calendar watch failed', { connectionId: connection.id, status: error.status });
    return `Calendar push is off: ${error.message}`.slice(0, 1000);
  }
}

/** Ends the connection's channels at the provider (best effort: one that is gone or down must not block) and here. */
export async function stopPush(
  deps: PushDeps,
  connection: Pick<EmailConnection, 'id'>,
  clients: { graph?: GraphApi; googleAuth?: OAuth2Client; resources?: CaptureSubscription['resource'][] },
): Promise<void> {
  const rows = await deps.db
    .select()
    .from(captureSubscriptions)
    .where(and(eq(captureSubscriptions.connectionId, connection.id), clients.resources ? inArray(captureSubscriptions.resource, clients.resources) : undefined));
  for (const row of rows) {
    try {
      if (row.provider === 'microsoft' && clients.graph) await clients.graph.deleteSubscription(row.externalId);
      if (row.provider === 'google' && clients.googleAuth && row.resourceId) {
        await calendarApi(calendarFor(deps.env, clients.googleAuth)).stop({ id: row.externalId, resourceId: row.resourceId });
      }
    } catch (error) {
      deps.log.warn('could not stop a push channel', { connectionId: connection.id, resource: row.resource, status: toProviderError(error).status });
    }
  }
  if (rows.length > 0) await deps.db.delete(captureSubscriptions).where(inArray(captureSubscriptions.id, rows.map((r) => r.id)));
}

/** Renews one Graph subscription; one Graph no longer knows (404) is created again. */
export async function renewGraphSubscription(deps: PushDeps, connection: EmailConnection, graph: GraphApi, sub: CaptureSubscription): Promise<void> {
  try {
    const renewed = await graph.renewSubscription(sub.externalId, new Date(deps.clock.now().getTime() + GRAPH_SUBSCRIPTION_DAYS * 86_400_000));
    await deps.db.update(captureSubscriptions).set({ expiresAt: new Date(renewed.expirationDateTime) }).where(eq(captureSubscriptions.id, sub.id));
    await refreshPushExpiry(deps.db, connection.id);
  } catch (raw) {
    const error = toProviderError(raw);
    if (!(error instanceof ProviderError) || error.status !== 404) throw error;
    await startOutlookPush(deps, connection, graph, [sub.resource]);
  }
}

/** The channels that expire within RENEW_AHEAD_MS (or already did). */
export async function subscriptionsDue(db: DbOrTx, now: Date): Promise<CaptureSubscription[]> {
  return db.select().from(captureSubscriptions).where(lt(captureSubscriptions.expiresAt, new Date(now.getTime() + RENEW_AHEAD_MS)));
}

// Outlook capture end to end against the fake Microsoft (https, through the Graph client): consent, Graph's
// validation handshake, clientState checks, lifecycle events, delta sync exactly once, token rotation and
// invalid_grant, Retry-After, expired delta links, calendar meetings and the nightly reconciliation.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activities, activityLinks, captureSeenMessages, captureSubscriptions, emailConnections, jobs, webhookEvents } from '../../../drizzle/schema';
import { renewWatches } from '../../../server/capture/jobs';
import { reconcileMailbox } from '../../../server/capture/reconcile';
import type { Env } from '../../../server/env';
import { systemClock } from '../../../server/lib/clock';
import { startFakeGoogle, type FakeGoogle } from '../../fakes/google';
import { startFakeMicrosoft, type FakeMicrosoft } from '../../fakes/microsoft';
import { makeAccount } from '../../helpers/factories/accounts';
import { makeContact } from '../../helpers/factories/contacts';
import { makeOpportunity } from '../../helpers/factories/opportunities';
import { makeUser, TEST_PASSWORD } from '../../helpers/factories/users';
import { startTestServer } from '../../helpers/http';
import { signInCookie } from '../../helpers/signIn';
import { useTestDatabase } from '../../helpers/testDatabase';
import { captureEnv, connectionRow, connectOutlook, runDueJobs, silent, syncJobs } from './support';

const t = useTestDatabase();
let google: FakeGoogle;
let microsoft: FakeMicrosoft;
let env: Env;
let server: Awaited<ReturnType<typeof startTestServer>>;
let n = 0;

beforeAll(async () => {
  google = await startFakeGoogle();
  microsoft = await startFakeMicrosoft();
  // An https PUBLIC_URL as Graph requires; the fake delivers its handshakes and notifications to the test server.
  env = captureEnv(t, google, { ...microsoft.env, PUBLIC_URL: 'https://crm.example.test' });
  server = await startTestServer(t, { env });
  microsoft.deliverNotificationsTo(server.baseUrl);
});
afterAll(async () => {
  await server?.close();
  await microsoft?.close();
  await google?.close();
});

async function scenario() {
  n += 1;
  const rep = await makeUser(t.db, { email: `outlook-rep${n}@corp.example` });
  const domain = `o-customer${n}.example`;
  const account = await makeAccount(t.db, { ownerId: rep.id, domain });
  const jane = await makeContact(t.db, { ownerId: rep.id, accountId: account.id, email: `jane@${domain}` });
  const deal = await makeOpportunity(t.db, { ownerId: rep.id, accountId: account.id, championContactId: jane.id });
  const connection = await connectOutlook(t, env, microsoft, rep.id, rep.email);
  await runDueJobs(t, env); // the first sync: an empty window, and the delta links stored
  return { rep, domain, account, jane, deal, connection };
}

const byMessageId = (id: string) => t.db.select().from(activities).where(eq(activities.emailMessageId, id));
const subscriptionFor = (email: string, resource: string) => microsoft.subscriptions(email).find((s) => s.resource === resource)!;
const mailSub = (email: string) => subscriptionFor(email, "me/mailFolders('Inbox')/messages");

describe('connecting Microsoft (OAuth round trip)', () => {
  it('runs consent with PKCE, stores the mailbox with sealed tokens and, on this http site, asks Graph for no subscription', async () => {
    // Signing in needs the site's own origin: a server on the default (http) PUBLIC_URL, as the auth is built for.
    const siteEnv = captureEnv(t, google, microsoft.env);
    const site = await startTestServer(t, { env: siteEnv });
    try {
      await oauthRoundTrip(site, siteEnv);
    } finally {
      await site.close();
    }
  });
});

async function oauthRoundTrip(server: Awaited<ReturnType<typeof startTestServer>>, env: Env) {
  {
    const rep = await makeUser(t.db, { email: `ms-oauth-${Date.now()}@corp.example` });
    const cookie = await signInCookie(server, rep.email, TEST_PASSWORD, '10.19.0.1');
    microsoft.consentAs(rep.email);
    const start = await fetch(`${server.baseUrl}/oauth/microsoft/start`, { headers: { cookie }, redirect: 'manual' });
    expect(start.status).toBe(303);
    const consent = new URL(start.headers.get('location')!);
    expect(consent.origin).toBe(microsoft.url);
    expect(consent.pathname).toBe('/common/oauth2/v2.0/authorize');
    expect(consent.searchParams.get('code_challenge_method')).toBe('S256');
    expect(consent.searchParams.get('scope')!.split(' ')).toEqual(expect.arrayContaining(['offline_access', 'Mail.Read', 'Calendars.Read', 'User.Read']));
    const stateCookie = start.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const atMicrosoft = await fetch(consent, { redirect: 'manual' });
    const callback = atMicrosoft.headers.get('location')!.replace(env.publicUrl, server.baseUrl);
    const done = await fetch(callback, { headers: { cookie: `${cookie}; ${stateCookie}` }, redirect: 'manual' });
    expect(done.headers.get('location')).toBe('/settings/connections?connected=microsoft');

    const [row] = await t.db.select().from(emailConnections).where(eq(emailConnections.userId, rep.id));
    expect(row).toMatchObject({ provider: 'microsoft', emailAddress: rep.email.toLowerCase(), status: 'active', lastError: null });
    expect(row!.refreshTokenEncrypted).toMatch(/^v1\./);
    expect(row!.refreshTokenEncrypted).not.toContain('M.R3_BAY');
    // Graph pushes only to https: on this http PUBLIC_URL no subscription is asked for (outlookPush.test.ts has both cases).
    expect(microsoft.subscriptions(rep.email)).toEqual([]);
    expect(await t.db.select().from(captureSubscriptions).where(eq(captureSubscriptions.connectionId, row!.id))).toEqual([]);
    expect(row!.expiresAt).toBeNull();
    expect((await syncJobs(t)).some((j) => (j.payload as { connectionId: number }).connectionId === row!.id)).toBe(true);
    // Every Graph call carried the token: the client sent it to the https fake (a custom host).
    expect(microsoft.requests.filter((r) => r.path.startsWith('/v1.0/')).every((r) => r.authorized)).toBe(true);
  }
}

describe('Graph notifications at /webhooks/outlook', () => {
  it('answer the validation handshake with the token as plain text', async () => {
    const token = 'Validation: Testing client application reachability for subscription Request-Id: 1234 & more';
    const res = await fetch(`${server.baseUrl}/webhooks/outlook?validationToken=${encodeURIComponent(token)}`, { method: 'POST' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await res.text()).toBe(token);
  });

  it('refuse a wrong clientState, storing nothing and queuing nothing', async () => {
    const s = await scenario();
    const msg = microsoft.deliver(s.rep.email, { from: `jane@${s.domain}`, to: s.rep.email, subject: 'Forged?' });
    const before = (await syncJobs(t)).length;
    const res = await microsoft.notify(mailSub(s.rep.email), msg.id, { clientState: 'not-the-secret' });
    expect(res.status).toBe(403);
    expect(await t.db.select().from(webhookEvents).where(eq(webhookEvents.connectionId, s.connection.id))).toHaveLength(0);
    expect((await syncJobs(t)).length).toBe(before);
    expect(await byMessageId(msg.internetMessageId)).toHaveLength(0);
  });

  it('with the right clientState are stored, answered 202 and synced: the message is captured once, though delta shows it again', async () => {
    const s = await scenario();
    const sent = new Date(Date.now() - 120_000);
    const msg = microsoft.deliver(s.rep.email, { from: `jane@${s.domain}`, to: s.rep.email, cc: 'colleague@corp.example', subject: 'Renewal terms', bodyPreview: 'Here are our comments', date: sent });
    const res = await microsoft.notify(mailSub(s.rep.email), msg.id);
    expect(res.status).toBe(202);
    // Redelivered: recognised, one event.
    expect((await microsoft.notify(mailSub(s.rep.email), msg.id)).status).toBe(202);
    const events = await t.db.select().from(webhookEvents).where(eq(webhookEvents.connectionId, s.connection.id));
    expect(events).toHaveLength(1);
    expect(JSON.stringify(events[0]!.payload)).not.toContain('Renewal');
    await runDueJobs(t, env);

    const [activity] = await byMessageId(msg.internetMessageId);
    expect(activity).toMatchObject({
      type: 'email',
      subject: 'Renewal terms',
      body: 'Here are our comments',
      direction: 'inbound',
      relatedToType: 'contact',
      relatedToId: s.jane.id,
      provider: 'microsoft',
      captureConnectionId: s.connection.id,
    });
    expect(activity!.occurredAt.getTime()).toBe(sent.getTime());
    const links = await t.db.select({ type: activityLinks.relatedToType, id: activityLinks.relatedToId }).from(activityLinks).where(eq(activityLinks.activityId, activity!.id));
    expect(links).toContainEqual({ type: 'opportunity', id: s.deal.id });
    const [event] = await t.db.select().from(webhookEvents).where(eq(webhookEvents.connectionId, s.connection.id));
    expect(event!.status).toBe('processed');

    // Read in Outlook: delta returns the message again. Not a second activity, not counted twice.
    microsoft.markRead(s.rep.email, msg.id);
    const sent2 = microsoft.deliver(s.rep.email, { from: s.rep.email, to: `jane@${s.domain}`, subject: 'Re: Renewal terms', folder: 'sentitems' });
    await microsoft.notify(subscriptionFor(s.rep.email, "me/mailFolders('SentItems')/messages"), sent2.id);
    await runDueJobs(t, env);
    expect(await byMessageId(msg.internetMessageId)).toHaveLength(1);
    const [reply] = await byMessageId(sent2.internetMessageId);
    expect(reply).toMatchObject({ direction: 'outbound', relatedToId: s.jane.id });
    const row = await connectionRow(t, s.connection.id);
    expect(row).toMatchObject({ messagesSeen: 2, messagesStored: 2, status: 'active' });
  });

  it('handle lifecycle events: reauthorizationRequired renews, subscriptionRemoved recreates, missed catches up', async () => {
    const s = await scenario();
    const sub = mailSub(s.rep.email);
    expect((await microsoft.lifecycle(sub, 'reauthorizationRequired')).status).toBe(202);
    await runDueJobs(t, env);
    expect(mailSub(s.rep.email).id).toBe(sub.id);
    expect(microsoft.requests.some((r) => r.method === 'PATCH' && r.path === `/v1.0/subscriptions/${sub.id}`)).toBe(true);

    expect((await microsoft.lifecycle(sub, 'subscriptionRemoved')).status).toBe(202);
    await runDueJobs(t, env);
    const recreated = mailSub(s.rep.email);
    expect(recreated.id).not.toBe(sub.id);
    const rows = await t.db.select().from(captureSubscriptions).where(eq(captureSubscriptions.connectionId, s.connection.id));
    expect(rows.map((r) => r.externalId)).toContain(recreated.id);
    expect(rows.map((r) => r.externalId)).not.toContain(sub.id);

    const msg = microsoft.deliver(s.rep.email, { from: `jane@${s.domain}`, to: s.rep.email, subject: 'Sent while notifications were missed' });
    expect((await microsoft.lifecycle(recreated, 'missed')).status).toBe(202);
    await runDueJobs(t, env);
    expect(await byMessageId(msg.internetMessageId)).toHaveLength(1);
  });
});

describe('an Outlook mailbox sync', () => {
  it('refreshes an expired token, storing the rotated refresh token; a revoked grant means needs reconnect', async () => {
    const s = await scenario();
    const before = await connectionRow(t, s.connection.id);
    await t.db.update(emailConnections).set({ tokenExpiresAt: new Date(Date.now() - 1000) }).where(eq(emailConnections.id, s.connection.id));
    const msg = microsoft.deliver(s.rep.email, { from: `jane@${s.domain}`, to: s.rep.email, subject: 'After the token expired' });
    await t.db.update(emailConnections).set({ syncLockedUntil: null }).where(eq(emailConnections.id, s.connection.id));
    await import('../../../server/capture/sync').then(({ runMailboxSync }) => runMailboxSync({ db: t.db, env, log: silent, clock: systemClock }, s.connection.id));
    expect(await byMessageId(msg.internetMessageId)).toHaveLength(1);
    const after = await connectionRow(t, s.connection.id);
    expect(after.refreshTokenEncrypted).not.toBe(before.refreshTokenEncrypted);
    expect(after.tokenExpiresAt!.getTime()).toBeGreaterThan(Date.now());

    microsoft.revoke(s.rep.email);
    await t.db.update(emailConnections).set({ tokenExpiresAt: new Date(Date.now() - 1000) }).where(eq(emailConnections.id, s.connection.id));
    const { runMailboxSync } = await import('../../../server/capture/sync');
    const outcome = await runMailboxSync({ db: t.db, env, log: silent, clock: systemClock }, s.connection.id);
    expect(outcome).toEqual({ ran: false, why: 'needs_reconnect' });
    const gone = await connectionRow(t, s.connection.id);
    expect(gone).toMatchObject({ status: 'needs_reconnect', refreshTokenEncrypted: null });
    expect(gone.lastError).toMatch(/Microsoft no longer accepts/);
  });

  it('honours Retry-After on a 429 and on a 503: the mailbox waits exactly that long, then captures', async () => {
    const { runMailboxSync } = await import('../../../server/capture/sync');
    const s = await scenario();
    const msg = microsoft.deliver(s.rep.email, { from: `jane@${s.domain}`, to: s.rep.email, subject: 'Throttled' });
    for (const failure of [
      { status: 429, headers: { 'retry-after': '120' } },
      { status: 503, headers: { 'retry-after': '30' } },
    ]) {
      microsoft.failNext('/messages/delta', failure);
      const at = new Date();
      const outcome = await runMailboxSync({ db: t.db, env, log: silent, clock: { now: () => at } }, s.connection.id);
      expect(outcome).toEqual({ ran: false, why: 'throttled' });
      const row = await connectionRow(t, s.connection.id);
      const waitSeconds = Number(failure.headers['retry-after']);
      expect(row.pausedUntil!.getTime()).toBe(at.getTime() + waitSeconds * 1000);
      expect(row.lastError).toContain(`HTTP ${failure.status}`);
      const [later] = await t.db
        .select()
        .from(jobs)
        .where(and(eq(jobs.type, 'capture.syncMailbox'), eq(jobs.dedupeKey, `capture.sync:${s.connection.id}:paused:${row.pausedUntil!.getTime()}`)));
      expect(later!.runAt.getTime()).toBe(row.pausedUntil!.getTime());
      // While paused, a sync does not call Microsoft.
      const calls = microsoft.requests.length;
      expect(await runMailboxSync({ db: t.db, env, log: silent, clock: { now: () => new Date(at.getTime() + 1000) } }, s.connection.id)).toEqual({ ran: false, why: 'paused' });
      expect(microsoft.requests.length).toBe(calls);
      await t.db.update(emailConnections).set({ pausedUntil: null }).where(eq(emailConnections.id, s.connection.id));
    }
    expect(await byMessageId(msg.internetMessageId)).toHaveLength(0);
    await runMailboxSync({ db: t.db, env, log: silent, clock: systemClock }, s.connection.id);
    expect(await byMessageId(msg.internetMessageId)).toHaveLength(1);
    expect((await connectionRow(t, s.connection.id)).pausedUntil).toBeNull();
  });

  it('with an expired delta link reads the window again without duplicates', async () => {
    const s = await scenario();
    const first = microsoft.deliver(s.rep.email, { from: `jane@${s.domain}`, to: s.rep.email, subject: 'Before expiry' });
    await microsoft.notify(mailSub(s.rep.email), first.id);
    await runDueJobs(t, env);
    microsoft.expireDeltaTokens();
    const second = microsoft.deliver(s.rep.email, { from: `jane@${s.domain}`, to: s.rep.email, subject: 'After expiry' });
    await microsoft.notify(mailSub(s.rep.email), second.id);
    await runDueJobs(t, env);
    expect(await byMessageId(first.internetMessageId)).toHaveLength(1);
    expect(await byMessageId(second.internetMessageId)).toHaveLength(1);
    expect(await connectionRow(t, s.connection.id)).toMatchObject({ messagesSeen: 2, messagesStored: 2, status: 'active' });
  });

  it('captures Outlook meetings with a matched attendee, moves them and removes them when cancelled or deleted', async () => {
    const s = await scenario();
    const start = new Date(Date.now() + 2 * 86_400_000);
    start.setUTCMilliseconds(0);
    const event = microsoft.addEvent(s.rep.email, { subject: 'Quarterly review', organizer: s.rep.email, attendees: [`jane@${s.domain}`, 'colleague@corp.example'], start });
    const internal = microsoft.addEvent(s.rep.email, { subject: 'Team stand-up', organizer: s.rep.email, attendees: ['colleague@corp.example'], start });
    await microsoft.notify(subscriptionFor(s.rep.email, 'me/events'), event.id, { changeType: 'created' });
    await runDueJobs(t, env);
    const meetings = () => t.db.select().from(activities).where(and(eq(activities.type, 'meeting'), eq(activities.captureConnectionId, s.connection.id)));
    const [meeting] = await meetings();
    expect(await meetings()).toHaveLength(1);
    expect(meeting).toMatchObject({ subject: 'Quarterly review', relatedToType: 'contact', relatedToId: s.jane.id, calendarEventKey: `ical:${event.iCalUId}`, provider: 'microsoft' });
    expect(meeting!.occurredAt.getTime()).toBe(start.getTime());
    expect(meeting!.participants!.map((p) => [p.email, p.role])).toEqual([
      [s.rep.email.toLowerCase(), 'organizer'],
      [`jane@${s.domain}`, 'attendee'],
      ['colleague@corp.example', 'attendee'],
    ]);
    // The internal-only stand-up is not stored anywhere.
    expect(await t.db.select().from(activities).where(eq(activities.calendarEventKey, `ical:${internal.iCalUId}`))).toHaveLength(0);
    expect((await connectionRow(t, s.connection.id)).meetingsStored).toBe(1);

    const moved = new Date(start.getTime() + 86_400_000);
    microsoft.moveEvent(s.rep.email, event.id, moved);
    await microsoft.notify(subscriptionFor(s.rep.email, 'me/events'), event.id, { changeType: 'updated' });
    await runDueJobs(t, env);
    const [after] = await meetings();
    expect(after!.id).toBe(meeting!.id);
    expect(after!.occurredAt.getTime()).toBe(moved.getTime());
    const [link] = await t.db.select().from(activityLinks).where(and(eq(activityLinks.activityId, meeting!.id), eq(activityLinks.relatedToType, 'opportunity')));
    expect(link!.occurredAt.getTime()).toBe(moved.getTime());

    microsoft.cancelEvent(s.rep.email, event.id);
    await microsoft.notify(subscriptionFor(s.rep.email, 'me/events'), event.id, { changeType: 'updated' });
    await runDueJobs(t, env);
    expect(await meetings()).toHaveLength(0);

    const other = microsoft.addEvent(s.rep.email, { subject: 'Demo', organizer: `jane@${s.domain}`, attendees: [s.rep.email], start });
    await microsoft.notify(subscriptionFor(s.rep.email, 'me/events'), other.id);
    await runDueJobs(t, env);
    expect(await meetings()).toHaveLength(1);
    microsoft.deleteEvent(s.rep.email, other.id);
    await microsoft.notify(subscriptionFor(s.rep.email, 'me/events'), other.id, { changeType: 'deleted' });
    await runDueJobs(t, env);
    expect(await meetings()).toHaveLength(0);
  });

  it('is reconciled nightly: a message the delta never showed is found and captured, once', async () => {
    const s = await scenario();
    const missed = microsoft.deliver(s.rep.email, { from: `jane@${s.domain}`, to: s.rep.email, subject: 'Lost in transit' });
    // The stored delta links already point past it (as if a delta round had skipped it).
    microsoft.deliver(s.rep.email, { from: 'someone@elsewhere.example', to: s.rep.email, subject: 'filler' });
    const cursor = JSON.parse((await connectionRow(t, s.connection.id)).cursor!) as Record<string, string>;
    const skipTo = (link: string) => link.replace(/deltatoken=\d+/, `deltatoken=${Number.MAX_SAFE_INTEGER}`);
    await t.db.update(emailConnections).set({ cursor: JSON.stringify({ inbox: skipTo(cursor.inbox!), sentitems: skipTo(cursor.sentitems!) }) }).where(eq(emailConnections.id, s.connection.id));
    const { runMailboxSync } = await import('../../../server/capture/sync');
    await runMailboxSync({ db: t.db, env, log: silent, clock: systemClock }, s.connection.id);
    expect(await byMessageId(missed.internetMessageId)).toHaveLength(0);

    const outcome = await reconcileMailbox({ db: t.db, env, log: silent, clock: systemClock }, s.connection.id);
    expect(outcome).toMatchObject({ ran: true, recovered: 2 });
    expect(await byMessageId(missed.internetMessageId)).toHaveLength(1);
    const again = await reconcileMailbox({ db: t.db, env, log: silent, clock: systemClock }, s.connection.id);
    expect(again).toMatchObject({ ran: true, recovered: 0 });
    const row = await connectionRow(t, s.connection.id);
    expect(row).toMatchObject({ messagesRecovered: 2, messagesStored: 1, skippedUnmatched: 1 });
    expect(row.reconciledAt).not.toBeNull();
    // Only ids and outcomes are kept of what was handled.
    const seen = await t.db.select().from(captureSeenMessages).where(eq(captureSeenMessages.connectionId, s.connection.id));
    expect(seen.map((r) => r.outcome).sort()).toEqual(['stored', 'unmatched']);
  });

  it('renews subscriptions that expire within two days in the daily renewal', async () => {
    const s = await scenario();
    const soon = new Date(Date.now() + 3_600_000);
    await t.db.update(captureSubscriptions).set({ expiresAt: soon }).where(eq(captureSubscriptions.connectionId, s.connection.id));
    const result = await renewWatches({ db: t.db, env, log: silent, clock: systemClock });
    expect(result.failed).toBe(0);
    const rows = await t.db.select().from(captureSubscriptions).where(eq(captureSubscriptions.connectionId, s.connection.id));
    expect(rows).toHaveLength(3);
    for (const r of rows) expect(r.expiresAt.getTime()).toBeGreaterThan(Date.now() + 2 * 86_400_000);
  });
});

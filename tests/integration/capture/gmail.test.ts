import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  accounts,
  activities,
  activityLinks,
  captureBlocklist,
  contacts,
  emailConnections,
  jobs,
  opportunities,
  opportunityContacts,
  webhookEvents,
} from '../../../drizzle/schema';
import type { Env } from '../../../server/env';
import { accountTimeline, listActivitiesByRelated } from '../../../server/services/activities';
import { userActor } from '../../../server/lib/actor';
import { parseInput } from '../../../server/lib/parse';
import { convertLead } from '../../../server/services/leadConversion';
import { leadConvert } from '../../../shared/schemas/leads';
import { gmailPushBody, startFakeGoogle, type FakeGoogle } from '../../fakes/google';
import { makeAccount } from '../../helpers/factories/accounts';
import { makeContact } from '../../helpers/factories/contacts';
import { makeLead } from '../../helpers/factories/leads';
import { makeOpportunity } from '../../helpers/factories/opportunities';
import { makeUser, TEST_PASSWORD } from '../../helpers/factories/users';
import { startTestServer } from '../../helpers/http';
import { signInCookie } from '../../helpers/signIn';
import { useTestDatabase } from '../../helpers/testDatabase';
import { catchUpAll, renewWatches } from '../../../server/capture/jobs';
import { systemClock } from '../../../server/lib/clock';
import { captureEnv, connectMailbox, connectionRow, PUSH_ACCOUNT, PUSH_AUDIENCE, PUSH_TOKEN, runDueJobs, silent, syncJobs } from './support';

const t = useTestDatabase();
let google: FakeGoogle;
let env: Env;
let server: Awaited<ReturnType<typeof startTestServer>>;
let n = 0;

beforeAll(async () => {
  google = await startFakeGoogle();
  env = captureEnv(t, google);
  server = await startTestServer(t, { env });
});
afterAll(async () => {
  await server?.close();
  await google?.close();
});

/** A rep with a connected mailbox, a customer account with a contact who champions an open deal. */
async function scenario() {
  n += 1;
  const rep = await makeUser(t.db, { email: `rep${n}@corp.example` });
  const domain = `customer${n}.example`;
  const account = await makeAccount(t.db, { ownerId: rep.id, domain });
  const jane = await makeContact(t.db, { ownerId: rep.id, accountId: account.id, email: `jane@${domain}` });
  const omar = await makeContact(t.db, { ownerId: rep.id, accountId: account.id, email: `omar@${domain}` });
  const deal = await makeOpportunity(t.db, { ownerId: rep.id, accountId: account.id, championContactId: jane.id });
  const otherDeal = await makeOpportunity(t.db, { ownerId: rep.id, accountId: account.id });
  await t.db.insert(opportunityContacts).values({ opportunityId: otherDeal.id, contactId: omar.id, role: 'Influencer' });
  const closedDeal = await makeOpportunity(t.db, { ownerId: rep.id, accountId: account.id, stage: 'Closed Lost', championContactId: jane.id });
  const connection = await connectMailbox(t, env, google, rep.id, rep.email);
  await runDueJobs(t, env); // the first sync (empty window) sets the cursor
  return { rep, account, jane, omar, deal, otherDeal, closedDeal, connection, domain };
}

const pushAs = (claims: Record<string, unknown> = {}) =>
  google.signIdToken({ aud: PUSH_AUDIENCE, email: PUSH_ACCOUNT, email_verified: true, ...claims });

async function push(emailAddress: string, historyId: number | string, messageId: string, auth: { bearer?: string; token?: string } = { bearer: pushAs() }) {
  return fetch(`${server.baseUrl}/webhooks/gmail${auth.token ? `?token=${encodeURIComponent(auth.token)}` : ''}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(auth.bearer ? { authorization: `Bearer ${auth.bearer}` } : {}) },
    body: JSON.stringify(gmailPushBody(emailAddress, historyId, messageId)),
  });
}

const capturedBy = (messageId: string) => t.db.select().from(activities).where(eq(activities.emailMessageId, messageId));
const linksOf = (activityId: number) =>
  t.db.select({ type: activityLinks.relatedToType, id: activityLinks.relatedToId }).from(activityLinks).where(eq(activityLinks.activityId, activityId));

describe('connecting Google (OAuth round trip)', () => {
  it('runs consent with PKCE and offline access, stores the mailbox with sealed tokens and queues its first sync', async () => {
    const rep = await makeUser(t.db, { email: `oauth-rep-${Date.now()}@corp.example` });
    const cookie = await signInCookie(server, rep.email, TEST_PASSWORD, '10.9.0.1');
    google.consentAs(rep.email);

    const start = await fetch(`${server.baseUrl}/oauth/google/start`, { headers: { cookie }, redirect: 'manual' });
    expect(start.status).toBe(303);
    const consent = new URL(start.headers.get('location')!);
    expect(consent.origin).toBe(google.url);
    expect(consent.searchParams.get('code_challenge_method')).toBe('S256');
    expect(consent.searchParams.get('access_type')).toBe('offline');
    expect(consent.searchParams.get('prompt')).toBe('consent');
    expect(consent.searchParams.get('scope')).toContain('gmail.readonly');
    const stateCookie = start.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');

    const atGoogle = await fetch(consent, { redirect: 'manual' });
    const callback = atGoogle.headers.get('location')!;
    expect(callback).toContain('/oauth/google/callback');

    // The callback from another session (the state cookie without its user) is refused.
    const other = await makeUser(t.db, { email: `oauth-other-${Date.now()}@corp.example` });
    const otherCookie = await signInCookie(server, other.email, TEST_PASSWORD, '10.9.0.2');
    const stolen = await fetch(callback.replace(env.publicUrl, server.baseUrl), { headers: { cookie: `${otherCookie}; ${stateCookie}` }, redirect: 'manual' });
    expect(stolen.headers.get('location')).toBe('/settings/connections?error=state_mismatch');

    // The real round trip needs a fresh consent (the code above was not spent, but the state cookie is one-shot per browser).
    const again = await fetch(`${server.baseUrl}/oauth/google/start`, { headers: { cookie }, redirect: 'manual' });
    const againCookie = again.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const atGoogle2 = await fetch(again.headers.get('location')!, { redirect: 'manual' });
    const done = await fetch(atGoogle2.headers.get('location')!.replace(env.publicUrl, server.baseUrl), {
      headers: { cookie: `${cookie}; ${againCookie}` },
      redirect: 'manual',
    });
    expect(done.headers.get('location')).toBe('/settings/connections?connected=google');

    const [row] = await t.db.select().from(emailConnections).where(eq(emailConnections.userId, rep.id));
    expect(row).toMatchObject({ provider: 'google', emailAddress: rep.email.toLowerCase(), status: 'active' });
    expect(row!.refreshTokenEncrypted).toMatch(/^v1\./);
    expect(row!.accessTokenEncrypted).not.toContain('ya29.');
    expect((await syncJobs(t)).some((j) => (j.payload as { connectionId: number }).connectionId === row!.id)).toBe(true);
    const [otherRow] = await t.db.select().from(emailConnections).where(eq(emailConnections.userId, other.id));
    expect(otherRow).toBeUndefined();
  });

  it('refuses a callback whose state does not match, storing nothing', async () => {
    const rep = await makeUser(t.db, { email: `oauth-bad-${Date.now()}@corp.example` });
    const cookie = await signInCookie(server, rep.email, TEST_PASSWORD, '10.9.0.3');
    const res = await fetch(`${server.baseUrl}/oauth/google/callback?code=abc&state=forged`, { headers: { cookie }, redirect: 'manual' });
    expect(res.headers.get('location')).toBe('/settings/connections?error=state_mismatch');
    expect(await t.db.select().from(emailConnections).where(eq(emailConnections.userId, rep.id))).toHaveLength(0);
  });
});

describe('a Gmail push', () => {
  it('becomes one email activity on the contact, its account and the open deals the contact is on', async () => {
    const s = await scenario();
    const sent = new Date(Date.now() - 60_000);
    const msg = google.deliver(s.rep.email, {
      from: `"Jane Doe" <jane@${s.domain}>`,
      to: `${s.rep.name} <${s.rep.email}>`,
      cc: `omar@${s.domain}, colleague@corp.example`,
      subject: 'Pricing question',
      snippet: 'Could you send the updated quote?',
      date: sent,
    });
    const res = await push(s.rep.email, msg.historyId, `push-${n}-1`);
    expect(res.status).toBe(204);
    await runDueJobs(t, env);

    const messageId = msg.headers.find((h) => h.name === 'Message-ID')!.value;
    const [activity] = await capturedBy(messageId);
    expect(activity).toMatchObject({
      type: 'email',
      subject: 'Pricing question',
      body: 'Could you send the updated quote?',
      direction: 'inbound',
      relatedToType: 'contact',
      relatedToId: s.jane.id,
      accountId: s.account.id,
      ownerId: s.rep.id,
      provider: 'google',
      captureConnectionId: s.connection.id,
    });
    expect(activity!.participants!.map((p) => p.email)).toEqual([`jane@${s.domain}`, s.rep.email.toLowerCase(), `omar@${s.domain}`, 'colleague@corp.example']);
    const links = await linksOf(activity!.id);
    expect(links).toEqual(
      expect.arrayContaining([
        { type: 'contact', id: s.omar.id },
        { type: 'opportunity', id: s.deal.id },
        { type: 'opportunity', id: s.otherDeal.id },
      ]),
    );
    expect(links).not.toContainEqual({ type: 'opportunity', id: s.closedDeal.id });

    // Each of those records' timelines shows it, and their lastActivityAt moved to the email's time.
    const actor = userActor(s.rep);
    for (const ref of [
      { relatedToType: 'contact', relatedToId: s.jane.id },
      { relatedToType: 'contact', relatedToId: s.omar.id },
      { relatedToType: 'opportunity', relatedToId: s.deal.id },
      { relatedToType: 'opportunity', relatedToId: s.otherDeal.id },
    ] as const) {
      const page = await listActivitiesByRelated(t.db, actor, { ...ref, limit: 20 });
      expect(page.items.map((i) => i.id)).toContain(activity!.id);
    }
    const timeline = await accountTimeline(t.db, actor, { accountId: s.account.id, limit: 20 });
    expect(timeline.items.map((i) => i.id)).toEqual([activity!.id]);
    const [deal] = await t.db.select().from(opportunities).where(eq(opportunities.id, s.deal.id));
    const [account] = await t.db.select().from(accounts).where(eq(accounts.id, s.account.id));
    const [omar] = await t.db.select().from(contacts).where(eq(contacts.id, s.omar.id));
    expect(deal!.lastActivityAt?.getTime()).toBe(sent.getTime());
    expect(account!.lastActivityAt?.getTime()).toBe(sent.getTime());
    expect(omar!.lastActivityAt?.getTime()).toBe(sent.getTime());

    const connection = await connectionRow(t, s.connection.id);
    expect(connection).toMatchObject({ messagesSeen: 1, messagesStored: 1, cursor: String(msg.historyId), status: 'active' });
    const [event] = await t.db.select().from(webhookEvents).where(eq(webhookEvents.externalId, `push-${n}-1`));
    expect(event).toMatchObject({ status: 'processed', connectionId: s.connection.id, payload: { emailAddress: s.rep.email.toLowerCase(), historyId: String(msg.historyId) } });
  });

  it('delivered 5 times and out of order gives one activity, one stored event per push and one sync', async () => {
    const s = await scenario();
    const first = google.deliver(s.rep.email, { from: `jane@${s.domain}`, to: s.rep.email, subject: 'One' });
    const second = google.deliver(s.rep.email, { from: s.rep.email, to: `jane@${s.domain}`, subject: 'Two' });
    const pushes = [
      [second.historyId, 'b'],
      [first.historyId, 'a'],
      [second.historyId, 'b'],
      [first.historyId, 'a'],
      [second.historyId, 'b'],
    ] as const;
    for (const [historyId, id] of pushes) expect((await push(s.rep.email, historyId, `dup-${n}-${id}`)).status).toBe(204);
    const queued = (await syncJobs(t)).filter((j) => (j.payload as { connectionId: number }).connectionId === s.connection.id && j.status === 'queued');
    expect(queued).toHaveLength(1);
    expect(await t.db.select().from(webhookEvents).where(eq(webhookEvents.connectionId, s.connection.id))).toHaveLength(2);
    await runDueJobs(t, env);
    await runDueJobs(t, env);

    const ids = [first, second].map((m) => m.headers.find((h) => h.name === 'Message-ID')!.value);
    const rows = await t.db.select().from(activities).where(inArray(activities.emailMessageId, ids));
    expect(rows.map((r) => [r.subject, r.direction]).sort()).toEqual([
      ['One', 'inbound'],
      ['Two', 'outbound'],
    ]);
  });

  it('of one email in two reps\' mailboxes gives one activity', async () => {
    const s = await scenario();
    const colleague = await makeUser(t.db, { email: `second${n}@corp.example` });
    const colleagueConnection = await connectMailbox(t, env, google, colleague.id, colleague.email);
    await runDueJobs(t, env);
    const messageId = `<shared-${n}@${s.domain}>`;
    const a = google.deliver(s.rep.email, { from: `jane@${s.domain}`, to: `${s.rep.email}, ${colleague.email}`, subject: 'To you both', messageId });
    const b = google.deliver(colleague.email, { from: `jane@${s.domain}`, to: `${s.rep.email}, ${colleague.email}`, subject: 'To you both', messageId });
    await push(s.rep.email, a.historyId, `two-${n}-a`);
    await push(colleague.email, b.historyId, `two-${n}-b`);
    await runDueJobs(t, env);
    const rows = await capturedBy(messageId);
    expect(rows).toHaveLength(1);
    expect((await connectionRow(t, colleagueConnection.id)).messagesStored).toBe(1);
  });

  it('with a history id that is too old resyncs the last 30 days without duplicates', async () => {
    const s = await scenario();
    const old = google.deliver(s.rep.email, { from: `jane@${s.domain}`, to: s.rep.email, subject: 'Before' });
    await push(s.rep.email, old.historyId, `old-${n}-1`);
    await runDueJobs(t, env);
    const older = google.deliver(s.rep.email, { from: `jane@${s.domain}`, to: s.rep.email, subject: 'Long ago', date: new Date(Date.now() - 40 * 86_400_000) });
    const fresh = google.deliver(s.rep.email, { from: `omar@${s.domain}`, to: s.rep.email, subject: 'After' });
    google.expireHistory(s.rep.email);
    await push(s.rep.email, fresh.historyId, `old-${n}-2`);
    await runDueJobs(t, env);

    const subjects = (await t.db.select().from(activities).where(eq(activities.captureConnectionId, s.connection.id))).map((a) => a.subject).sort();
    expect(subjects).toEqual(['After', 'Before']);
    expect(older).toBeTruthy();
    expect((await connectionRow(t, s.connection.id)).cursor).toBe(String(google.mailbox(s.rep.email).historyId));
  });

  it('that cannot be verified is refused and nothing is stored', async () => {
    const s = await scenario();
    const msg = google.deliver(s.rep.email, { from: `jane@${s.domain}`, to: s.rep.email, subject: 'Spoofed' });
    const attempts = [
      await push(s.rep.email, msg.historyId, `bad-${n}-1`, {}),
      await push(s.rep.email, msg.historyId, `bad-${n}-2`, { token: 'not-the-shared-token-at-all' }),
      await push(s.rep.email, msg.historyId, `bad-${n}-3`, { bearer: pushAs({ aud: 'https://elsewhere.example' }) }),
      await push(s.rep.email, msg.historyId, `bad-${n}-4`, { bearer: pushAs({ email: 'attacker@evil.example' }) }),
      await push(s.rep.email, msg.historyId, `bad-${n}-5`, { bearer: pushAs({ email_verified: false }) }),
      await push(s.rep.email, msg.historyId, `bad-${n}-6`, { bearer: `${pushAs().slice(0, -4)}AAAA` }),
    ];
    expect(attempts.map((r) => r.status)).toEqual([403, 403, 403, 403, 403, 403]);
    expect(await t.db.select().from(webhookEvents).where(eq(webhookEvents.connectionId, s.connection.id))).toHaveLength(0);
    expect((await syncJobs(t)).filter((j) => j.status === 'queued')).toHaveLength(0);

    // The shared token Google documents as the alternative is accepted.
    expect((await push(s.rep.email, msg.historyId, `bad-${n}-7`, { token: PUSH_TOKEN })).status).toBe(204);
  });
});

describe('what is never captured', () => {
  it('skips internal-only, unmatched and blocklisted email, storing none of it, and counts each', async () => {
    const s = await scenario();
    await t.db.insert(captureBlocklist).values({ scope: 'user', userId: s.rep.id, value: `@private-${n}.example` });
    await t.db.insert(captureBlocklist).values({ scope: 'org', userId: null, value: `omar@${s.domain}` });
    const mails = [
      google.deliver(s.rep.email, { from: 'boss@corp.example', to: s.rep.email, subject: 'Internal only' }),
      google.deliver(s.rep.email, { from: 'stranger@nowhere.example', to: s.rep.email, subject: 'Unmatched' }),
      google.deliver(s.rep.email, { from: `jane@${s.domain}`, to: `${s.rep.email}, doctor@private-${n}.example`, subject: 'Blocked by the user' }),
      google.deliver(s.rep.email, { from: `omar@${s.domain}`, to: s.rep.email, subject: 'Blocked by the org' }),
      google.deliver(s.rep.email, { from: `jane@${s.domain}`, to: s.rep.email, subject: 'Kept', headerCase: 'lower' }),
    ];
    await push(s.rep.email, mails.at(-1)!.historyId, `skip-${n}`);
    await runDueJobs(t, env);
    const stored = await t.db.select().from(activities).where(eq(activities.captureConnectionId, s.connection.id));
    expect(stored.map((a) => a.subject)).toEqual(['Kept']);
    expect(await connectionRow(t, s.connection.id)).toMatchObject({
      messagesSeen: 5,
      messagesStored: 1,
      skippedInternal: 1,
      skippedUnmatched: 1,
      skippedBlocked: 2,
    });
    // Events and jobs carry ids, never content.
    const events = await t.db.select().from(webhookEvents).where(eq(webhookEvents.connectionId, s.connection.id));
    const jobRows = await t.db.select().from(jobs);
    expect(JSON.stringify([events, jobRows])).not.toMatch(/Unmatched|stranger|Internal only|Blocked/);
  });

  it('captures mail with a lead, and skips a message deleted before it was fetched', async () => {
    const s = await scenario();
    const lead = await makeLead(t.db, { ownerId: s.rep.id, email: `lead${n}@startup${n}.example` });
    const gone = google.deliver(s.rep.email, { from: lead.email!, to: s.rep.email, subject: 'Deleted' });
    google.mailbox(s.rep.email).messages = google.mailbox(s.rep.email).messages.filter((m) => m.id !== gone.id);
    google.mailbox(s.rep.email).messages.push({ ...gone, id: 'missing-id' });
    const kept = google.deliver(s.rep.email, { from: s.rep.email, to: lead.email!, subject: 'Intro call' });
    google.failNext('/messages/missing-id', { status: 404 });
    await push(s.rep.email, kept.historyId, `lead-${n}`);
    await runDueJobs(t, env);
    const stored = await t.db.select().from(activities).where(eq(activities.captureConnectionId, s.connection.id));
    expect(stored.map((a) => [a.subject, a.relatedToType, a.relatedToId, a.direction])).toEqual([['Intro call', 'lead', lead.id, 'outbound']]);
  });
});

describe('a revoked grant', () => {
  it('marks the connection Needs reconnect and stops, without retrying', async () => {
    const s = await scenario();
    const msg = google.deliver(s.rep.email, { from: `jane@${s.domain}`, to: s.rep.email, subject: 'After revoke' });
    google.revoke(s.rep.email);
    await push(s.rep.email, msg.historyId, `revoked-${n}`);
    await runDueJobs(t, env);
    const connection = await connectionRow(t, s.connection.id);
    expect(connection.status).toBe('needs_reconnect');
    expect(connection.lastError).toMatch(/Reconnect/);
    expect(connection.refreshTokenEncrypted).toBeNull();
    const mine = (await syncJobs(t)).filter((j) => (j.payload as { connectionId: number }).connectionId === s.connection.id);
    expect(mine.every((j) => j.status === 'done')).toBe(true);
    // Later pushes for it are acknowledged and ignored.
    expect((await push(s.rep.email, msg.historyId + 1, `revoked-${n}-2`)).status).toBe(204);
    expect(await t.db.select().from(jobs).where(and(eq(jobs.type, 'capture.syncMailbox'), eq(jobs.status, 'queued')))).toHaveLength(0);
  });
});

describe('throttling and one sync at a time', () => {
  it('pauses the mailbox for Retry-After on a 429 and syncs again then', async () => {
    const s = await scenario();
    const msg = google.deliver(s.rep.email, { from: `jane@${s.domain}`, to: s.rep.email, subject: 'Throttled' });
    google.failNext('/history', { status: 429, headers: { 'retry-after': '120' } });
    await push(s.rep.email, msg.historyId, `throttle-${n}`);
    const before = Date.now();
    await runDueJobs(t, env);
    const connection = await connectionRow(t, s.connection.id);
    expect(connection.pausedUntil!.getTime()).toBeGreaterThanOrEqual(before + 119_000);
    const later = (await syncJobs(t)).filter((j) => j.status === 'queued' && (j.payload as { connectionId: number }).connectionId === s.connection.id);
    expect(later).toHaveLength(1);
    expect(later[0]!.runAt.getTime()).toBe(connection.pausedUntil!.getTime());
    expect(await capturedBy(msg.headers.find((h) => h.name === 'Message-ID')!.value)).toHaveLength(0);
  });

  it('defers a sync while another holds the mailbox, then runs it', async () => {
    const s = await scenario();
    await t.db.update(emailConnections).set({ syncLockedUntil: new Date(Date.now() + 60_000) }).where(eq(emailConnections.id, s.connection.id));
    const msg = google.deliver(s.rep.email, { from: `jane@${s.domain}`, to: s.rep.email, subject: 'Waited' });
    await push(s.rep.email, msg.historyId, `busy-${n}`);
    await runDueJobs(t, env);
    expect(await capturedBy(msg.headers.find((h) => h.name === 'Message-ID')!.value)).toHaveLength(0);
    const deferred = (await syncJobs(t)).filter((j) => j.status === 'queued' && (j.payload as { connectionId: number }).connectionId === s.connection.id);
    expect(deferred).toHaveLength(1);
    expect(deferred[0]!.dedupeKey).toMatch(/:busy:/);
    // The other sync ended (or crashed and its lease ran out): the deferred one runs.
    await t.db.update(emailConnections).set({ syncLockedUntil: null }).where(eq(emailConnections.id, s.connection.id));
    await t.db.update(jobs).set({ runAt: new Date() }).where(eq(jobs.id, deferred[0]!.id));
    await runDueJobs(t, env);
    expect(await capturedBy(msg.headers.find((h) => h.name === 'Message-ID')!.value)).toHaveLength(1);
  });
});

describe('nothing silently lost', () => {
  it('the 15-minute catch-up captures mail whose notification never came', async () => {
    const s = await scenario();
    const msg = google.deliver(s.rep.email, { from: `jane@${s.domain}`, to: s.rep.email, subject: 'No push for this one' });
    expect(await catchUpAll({ db: t.db, clock: systemClock })).toBeGreaterThan(0);
    await runDueJobs(t, env);
    expect(await capturedBy(msg.headers.find((h) => h.name === 'Message-ID')!.value)).toHaveLength(1);
  });

  it('a storm of 1,000 notifications for one mailbox collapses into one sync', async () => {
    const s = await scenario();
    const mails = Array.from({ length: 20 }, (_, i) => google.deliver(s.rep.email, { from: `jane@${s.domain}`, to: s.rep.email, subject: `Storm ${i}` }));
    const ids = Array.from({ length: 1000 }, (_, i) => i);
    for (let i = 0; i < ids.length; i += 50) {
      const answers = await Promise.all(ids.slice(i, i + 50).map((k) => push(s.rep.email, mails[k % 20]!.historyId, `storm-${n}-${k}`)));
      expect(answers.every((r) => r.status === 204)).toBe(true);
    }
    const mine = (await syncJobs(t)).filter((j) => (j.payload as { connectionId: number }).connectionId === s.connection.id && j.status === 'queued');
    expect(mine).toHaveLength(1);
    expect(await t.db.select().from(webhookEvents).where(eq(webhookEvents.connectionId, s.connection.id))).toHaveLength(1000);
    await runDueJobs(t, env);
    const stored = await t.db.select().from(activities).where(eq(activities.captureConnectionId, s.connection.id));
    expect(stored).toHaveLength(20);
    const processed = await t.db.select().from(webhookEvents).where(and(eq(webhookEvents.connectionId, s.connection.id), eq(webhookEvents.status, 'processed')));
    expect(processed).toHaveLength(1000);
  }, 60_000);

  it('watches Gmail at connect and renews the watch daily', async () => {
    const withTopic = captureEnv(t, google, { GOOGLE_PUBSUB_TOPIC: 'projects/test/topics/gmail' });
    const rep = await makeUser(t.db, { email: `watch${Date.now()}@corp.example` });
    const connection = await connectMailbox(t, withTopic, google, rep.id, rep.email);
    expect(google.mailbox(rep.email).watchCalls).toBe(1);
    expect((await connectionRow(t, connection.id)).expiresAt!.getTime()).toBeGreaterThan(Date.now() + 6 * 86_400_000);
    const result = await renewWatches({ db: t.db, clock: systemClock, env: withTopic, log: silent });
    expect(result.renewed).toBeGreaterThanOrEqual(1);
    expect(google.mailbox(rep.email).watchCalls).toBe(2);
  });
});

describe('lead conversion', () => {
  it('carries the lead\'s captured email to the new contact, account and deal', async () => {
    const s = await scenario();
    const lead = await makeLead(t.db, { ownerId: s.rep.id, email: `convert${n}@newco${n}.example`, company: `NewCo ${n}` });
    const msg = google.deliver(s.rep.email, { from: lead.email!, to: s.rep.email, subject: 'Interested in a demo' });
    await push(s.rep.email, msg.historyId, `convert-${n}`);
    await runDueJobs(t, env);
    const [activity] = await capturedBy(msg.headers.find((h) => h.name === 'Message-ID')!.value);
    expect(activity).toMatchObject({ relatedToType: 'lead', relatedToId: lead.id });

    const converted = await convertLead(
      t.db,
      userActor(s.rep),
      parseInput(leadConvert, { id: lead.id, version: lead.version, createOpportunity: { opportunityName: `NewCo ${n} pilot` } }),
      new Date(),
    );
    const actor = userActor(s.rep);
    const onContact = await listActivitiesByRelated(t.db, actor, { relatedToType: 'contact', relatedToId: converted.convertedContactId!, limit: 10 });
    const onDeal = await listActivitiesByRelated(t.db, actor, { relatedToType: 'opportunity', relatedToId: converted.convertedOpportunityId!, limit: 10 });
    const onAccount = await accountTimeline(t.db, actor, { accountId: converted.convertedAccountId!, limit: 10 });
    const onLead = await listActivitiesByRelated(t.db, actor, { relatedToType: 'lead', relatedToId: lead.id, limit: 10 });
    for (const page of [onContact, onDeal, onAccount, onLead]) expect(page.items.map((i) => i.id)).toContain(activity!.id);
    const [deal] = await t.db.select().from(opportunities).where(eq(opportunities.id, converted.convertedOpportunityId!));
    expect(deal!.lastActivityAt?.getTime()).toBe(activity!.occurredAt.getTime());
  });
});

describe('a sync that dies half-way', () => {
  it('loses nothing and duplicates nothing when it runs again', async () => {
    const s = await scenario();
    const mails = Array.from({ length: 5 }, (_, i) => google.deliver(s.rep.email, { from: `jane@${s.domain}`, to: s.rep.email, subject: `Half ${i}` }));
    // The provider fails on the fourth message: the sync stops, and its cursor stays where it was.
    google.failNext(`/messages/${mails[3]!.id}`, { status: 500 });
    await push(s.rep.email, mails.at(-1)!.historyId, `crash-${n}`);
    await runDueJobs(t, env);
    const cursorBefore = (await connectionRow(t, s.connection.id)).cursor;
    expect(Number(cursorBefore)).toBeLessThan(mails[0]!.historyId);
    expect((await connectionRow(t, s.connection.id)).status).toBe('error');
    // The worker retries it (its backoff, brought forward here).
    await t.db.update(jobs).set({ runAt: new Date() }).where(eq(jobs.status, 'queued'));
    await runDueJobs(t, env);
    const stored = await t.db.select().from(activities).where(eq(activities.captureConnectionId, s.connection.id));
    expect(stored.map((a) => a.subject).sort()).toEqual(['Half 0', 'Half 1', 'Half 2', 'Half 3', 'Half 4']);
    expect(await connectionRow(t, s.connection.id)).toMatchObject({ status: 'active', lastError: null, cursor: String(mails.at(-1)!.historyId) });
  });
});

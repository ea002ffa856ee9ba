// Google Calendar capture against the fake Google (through @googleapis/calendar): the watch channel made at
// connect and its verified notifications, events with a matched attendee as meetings on the right records,
// moved and cancelled meetings, the same meeting in two calendars, and an expired sync token.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activities, activityLinks, captureSubscriptions, opportunities, webhookEvents } from '../../../drizzle/schema';
import type { Env } from '../../../server/env';
import { userActor } from '../../../server/lib/actor';
import { listActivitiesByRelated } from '../../../server/services/activities';
import { startFakeGoogle, type FakeGoogle } from '../../fakes/google';
import { makeAccount } from '../../helpers/factories/accounts';
import { makeContact } from '../../helpers/factories/contacts';
import { makeOpportunity } from '../../helpers/factories/opportunities';
import { makeUser } from '../../helpers/factories/users';
import { startTestServer } from '../../helpers/http';
import { useTestDatabase } from '../../helpers/testDatabase';
import { captureEnv, connectionRow, connectMailbox, runDueJobs, syncJobs } from './support';

const t = useTestDatabase();
let google: FakeGoogle;
let env: Env;
let server: Awaited<ReturnType<typeof startTestServer>>;
let n = 0;

beforeAll(async () => {
  google = await startFakeGoogle();
  env = captureEnv(t, google, { PUBLIC_URL: 'https://crm.example.test' });
  server = await startTestServer(t, { env });
});
afterAll(async () => {
  await server?.close();
  await google?.close();
});

async function scenario() {
  n += 1;
  const rep = await makeUser(t.db, { email: `cal-rep${n}@corp.example` });
  const domain = `cal-customer${n}.example`;
  const account = await makeAccount(t.db, { ownerId: rep.id, domain });
  const jane = await makeContact(t.db, { ownerId: rep.id, accountId: account.id, email: `jane@${domain}` });
  const deal = await makeOpportunity(t.db, { ownerId: rep.id, accountId: account.id, economicBuyerContactId: jane.id });
  const connection = await connectMailbox(t, env, google, rep.id, rep.email);
  await runDueJobs(t, env);
  return { rep, domain, account, jane, deal, connection };
}

const meetingsOf = (connectionId: number) =>
  t.db.select().from(activities).where(and(eq(activities.type, 'meeting'), eq(activities.captureConnectionId, connectionId)));
const webhook = `${'https://crm.example.test'}/webhooks/google-calendar`;

describe('Google Calendar capture', () => {
  it('watches the calendar at connect; a notification with the channel token asks for a sync, a wrong token is refused', async () => {
    const s = await scenario();
    const [channel] = google.calendarChannels(s.rep.email);
    expect(channel!.address).toBe(webhook);
    const [stored] = await t.db.select().from(captureSubscriptions).where(eq(captureSubscriptions.connectionId, s.connection.id));
    expect(stored).toMatchObject({ provider: 'google', resource: 'calendar', externalId: channel!.id, resourceId: channel!.resourceId });
    expect(stored!.secretHash).not.toBe(channel!.token);

    const target = `${server.baseUrl}/webhooks/google-calendar`;
    expect((await google.notifyCalendar(channel!, target, { token: 'forged-token' })).status).toBe(403);
    expect((await google.notifyCalendar(channel!, target, { state: 'sync', messageNumber: 1 })).status).toBe(200);
    expect(await t.db.select().from(webhookEvents).where(eq(webhookEvents.connectionId, s.connection.id))).toHaveLength(0);

    const start = new Date(Date.now() + 86_400_000);
    start.setUTCMilliseconds(0);
    const event = google.addCalendarEvent(s.rep.email, { summary: 'Security review', organizer: s.rep.email, attendees: [s.rep.email, `jane@${s.domain}`, 'room@resource.calendar.google.com'], start, description: '<p>Agenda: <b>SOC 2</b></p>' });
    const queuedBefore = (await syncJobs(t)).filter((j) => j.status === 'queued').length;
    expect((await google.notifyCalendar(channel!, target, { messageNumber: 2 })).status).toBe(200);
    expect((await google.notifyCalendar(channel!, target, { messageNumber: 2 })).status).toBe(200); // redelivered
    expect(await t.db.select().from(webhookEvents).where(eq(webhookEvents.connectionId, s.connection.id))).toHaveLength(1);
    expect((await syncJobs(t)).filter((j) => j.status === 'queued').length).toBe(queuedBefore + 1);
    await runDueJobs(t, env);

    const [meeting] = await meetingsOf(s.connection.id);
    expect(meeting).toMatchObject({
      type: 'meeting',
      subject: 'Security review',
      body: 'Agenda: SOC 2',
      relatedToType: 'contact',
      relatedToId: s.jane.id,
      accountId: s.account.id,
      calendarEventKey: `ical:${event.iCalUID}`,
      provider: 'google',
      ownerId: s.rep.id,
    });
    expect(meeting!.occurredAt.getTime()).toBe(start.getTime());
    expect(meeting!.participants!.map((p) => p.email)).toEqual([s.rep.email.toLowerCase(), `jane@${s.domain}`, 'room@resource.calendar.google.com']);
    const [dealLink] = await t.db.select().from(activityLinks).where(and(eq(activityLinks.activityId, meeting!.id), eq(activityLinks.relatedToType, 'opportunity')));
    expect(dealLink!.relatedToId).toBe(s.deal.id);
    const page = await listActivitiesByRelated(t.db, userActor(s.rep), { relatedToType: 'opportunity', relatedToId: s.deal.id, limit: 10 });
    expect(page.items.map((i) => i.id)).toContain(meeting!.id);
    // A meeting next week counts as customer activity as of now, never in the future.
    const [deal] = await t.db.select().from(opportunities).where(eq(opportunities.id, s.deal.id));
    expect(deal!.lastActivityAt!.getTime()).toBeLessThanOrEqual(Date.now());
    expect((await connectionRow(t, s.connection.id)).meetingsStored).toBe(1);
  });

  it('skips internal-only and unmatched events, moves a moved meeting and removes a cancelled one', async () => {
    const s = await scenario();
    const start = new Date(Date.now() + 3 * 86_400_000);
    start.setUTCMilliseconds(0);
    google.addCalendarEvent(s.rep.email, { summary: '1:1', organizer: s.rep.email, attendees: ['boss@corp.example'], start });
    google.addCalendarEvent(s.rep.email, { summary: 'Dentist', organizer: s.rep.email, attendees: ['front-desk@dentist.example'], start });
    const demo = google.addCalendarEvent(s.rep.email, { summary: 'Product demo', organizer: `jane@${s.domain}`, attendees: [s.rep.email], start });
    await runDueJobs(t, env);
    const { catchUpAll } = await import('../../../server/capture/jobs');
    await catchUpAll({ db: t.db, clock: { now: () => new Date() } });
    await runDueJobs(t, env);
    let meetings = await meetingsOf(s.connection.id);
    expect(meetings.map((m) => m.subject)).toEqual(['Product demo']);

    const moved = new Date(start.getTime() + 2 * 3_600_000);
    google.moveCalendarEvent(s.rep.email, demo.id, moved);
    await catchUpAll({ db: t.db, clock: { now: () => new Date() } });
    await runDueJobs(t, env);
    meetings = await meetingsOf(s.connection.id);
    expect(meetings).toHaveLength(1);
    expect(meetings[0]!.occurredAt.getTime()).toBe(moved.getTime());

    google.cancelCalendarEvent(s.rep.email, demo.id);
    await catchUpAll({ db: t.db, clock: { now: () => new Date() } });
    await runDueJobs(t, env);
    expect(await meetingsOf(s.connection.id)).toHaveLength(0);
  });

  it('gives one activity for a meeting in two reps\' calendars, and survives an expired sync token without duplicates', async () => {
    const a = await scenario();
    const b = await makeUser(t.db, { email: `cal-second-${n}@corp.example` });
    const bConnection = await connectMailbox(t, env, google, b.id, b.email);
    await runDueJobs(t, env);
    const start = new Date(Date.now() + 5 * 86_400_000);
    start.setUTCMilliseconds(0);
    const iCalUID = `shared-${n}@google.com`;
    google.addCalendarEvent(a.rep.email, { summary: 'Kick-off', organizer: a.rep.email, attendees: [b.email, `jane@${a.domain}`], start, iCalUID });
    google.addCalendarEvent(b.email, { summary: 'Kick-off', organizer: a.rep.email, attendees: [b.email, `jane@${a.domain}`], start, iCalUID });
    const { catchUpAll } = await import('../../../server/capture/jobs');
    await catchUpAll({ db: t.db, clock: { now: () => new Date() } });
    await runDueJobs(t, env);
    const byKey = () => t.db.select().from(activities).where(eq(activities.calendarEventKey, `ical:${iCalUID}`));
    expect(await byKey()).toHaveLength(1);

    google.expireSyncTokens();
    const later = google.addCalendarEvent(a.rep.email, { summary: 'Follow-up', organizer: a.rep.email, attendees: [`jane@${a.domain}`], start });
    await catchUpAll({ db: t.db, clock: { now: () => new Date() } });
    await runDueJobs(t, env);
    expect(await byKey()).toHaveLength(1);
    expect(await t.db.select().from(activities).where(eq(activities.calendarEventKey, `ical:${later.iCalUID}`))).toHaveLength(1);
    expect((await connectionRow(t, a.connection.id)).status).toBe('active');
    expect((await connectionRow(t, bConnection.id)).status).toBe('active');
  });
});

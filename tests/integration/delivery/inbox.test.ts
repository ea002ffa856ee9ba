// The in-app inbox: assignment notifications from the services, the alert sweeps, listing and marking read.
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { emailConnections, jobs, notifications, users } from '../../../drizzle/schema';
import { alertCasesNearSla, alertDeadJobs, alertReconnectNeeded, checkProjectHealth } from '../../../server/delivery/alerts';
import { purgeOldNotifications } from '../../../server/delivery/notifications';
import type { SessionUser } from '../../../server/lib/actor';
import { fixedClock } from '../../../server/lib/clock';
import { callerFor } from '../../helpers/context';
import { clientError } from '../../helpers/errorShape';
import { makeAccount } from '../../helpers/factories/accounts';
import { makeCase } from '../../helpers/factories/cases';
import { insertRow } from '../../helpers/factories/insertRow';
import { makeOpportunity } from '../../helpers/factories/opportunities';
import { makeProject } from '../../helpers/factories/projects';
import { makeUser } from '../../helpers/factories/users';
import { walkPages } from '../../helpers/paging';
import { useTestDatabase } from '../../helpers/testDatabase';

const t = useTestDatabase();
const clock = fixedClock(new Date('2026-11-23T10:00:00.000Z'));
const HOUR = 3_600_000;

let manager: SessionUser;
let rep: SessionUser;
let otherRep: SessionUser;
let csm: SessionUser;
let admin: SessionUser;
let account: { id: number };

const as = (user: SessionUser) => callerFor(t, user, clock);
const inboxOf = async (user: SessionUser) => (await as(user).notifications.list({ limit: 100 })).items;

beforeAll(async () => {
  manager = await makeUser(t.db, { role: 'manager', name: 'Dana Whitfield' });
  rep = await makeUser(t.db, { role: 'rep', name: 'Priya Natarajan' });
  otherRep = await makeUser(t.db, { role: 'rep' });
  csm = await makeUser(t.db, { role: 'csm', name: 'Grace Okafor' });
  admin = await makeUser(t.db, { role: 'admin' });
  account = await makeAccount(t.db, { ownerId: manager.id, accountName: 'Acme' });
});

describe('assignment notifications', () => {
  it('tells the new owner who gave them a deal, linking to it, in the same change', async () => {
    const deal = await makeOpportunity(t.db, { ownerId: manager.id, accountId: account.id, opportunityName: 'Acme renewal' });
    await as(manager).opportunities.update({ id: deal.id, version: deal.version, ownerId: rep.id });
    const [note] = await inboxOf(rep);
    expect(note).toMatchObject({
      kind: 'assignment',
      title: 'Dana Whitfield assigned you Acme renewal',
      recordType: 'opportunity',
      recordId: deal.id,
      readAt: null,
    });
  });

  it('says nothing when the owner stays, or when someone takes a record for themselves', async () => {
    const before = (await inboxOf(manager)).length;
    const deal = await makeOpportunity(t.db, { ownerId: rep.id, accountId: account.id });
    await as(manager).opportunities.update({ id: deal.id, version: deal.version, ownerId: manager.id });
    await as(manager).opportunities.update({ id: deal.id, version: deal.version + 1, nextStep: 'Call back' });
    expect((await inboxOf(manager)).length).toBe(before);
  });

  it('covers every record a manager can hand over, created or reassigned', async () => {
    const c = await as(manager).cases.create({ accountId: account.id, subject: 'Login fails', priority: 'High', ownerId: csm.id });
    const project = await as(manager).projects.create({ projectName: 'Acme rollout', accountId: account.id, ownerId: csm.id });
    const lead = await as(manager).leads.create({ firstName: 'Lee', lastName: 'Ward', company: 'Initech', ownerId: rep.id });
    const contact = await as(manager).contacts.create({ firstName: 'Ada', lastName: 'Byron', accountId: account.id });
    await as(manager).contacts.update({ id: contact.id, version: contact.version, ownerId: rep.id });
    const other = await as(manager).accounts.create({ accountName: 'Globex', ownerId: rep.id });

    const csmTitles = (await inboxOf(csm)).map((n) => [n.recordType, n.recordId, n.title]);
    expect(csmTitles).toEqual(
      expect.arrayContaining([
        ['case', c.id, `Dana Whitfield assigned you ${c.caseNumber} Login fails`],
        ['project', project.id, 'Dana Whitfield assigned you Acme rollout'],
      ]),
    );
    const repTitles = (await inboxOf(rep)).map((n) => [n.recordType, n.recordId, n.title]);
    expect(repTitles).toEqual(
      expect.arrayContaining([
        ['lead', lead.id, 'Dana Whitfield assigned you Lee Ward'],
        ['contact', contact.id, 'Dana Whitfield assigned you Ada Byron'],
        ['account', other.id, 'Dana Whitfield assigned you Globex'],
      ]),
    );
  });

  it('is rolled back with a change that fails', async () => {
    const deal = await makeOpportunity(t.db, { ownerId: manager.id, accountId: account.id, opportunityName: 'Stale deal' });
    const error = await clientError(as(manager).opportunities.update({ id: deal.id, version: deal.version + 5, ownerId: otherRep.id }));
    expect(error.code).toBe('CONFLICT');
    expect(await inboxOf(otherRep)).toEqual([]);
  });
});

describe('notifications.list, unreadCount and markRead', () => {
  it('pages newest first, counts unread, and marks one or all read', async () => {
    const reader = await makeUser(t.db, { role: 'rep' });
    const base = clock.now().getTime();
    for (let i = 0; i < 7; i += 1) {
      await insertRow(t.db, notifications, {
        userId: reader.id,
        kind: 'assignment',
        title: `Note ${i}`,
        createdAt: new Date(base - i * 60_000),
      });
    }
    const walked = await walkPages((cursor) => as(reader).notifications.list({ limit: 3, cursor }));
    expect(walked.items.map((n) => n.title)).toEqual(['Note 0', 'Note 1', 'Note 2', 'Note 3', 'Note 4', 'Note 5', 'Note 6']);
    expect(walked.pages).toBe(3);
    expect(await as(reader).notifications.unreadCount()).toEqual({ unread: 7 });

    const first = walked.items[0]!;
    expect(await as(reader).notifications.markRead({ id: first.id })).toEqual({ marked: 1 });
    expect(await as(reader).notifications.markRead({ id: first.id })).toEqual({ marked: 0 });
    expect(await as(reader).notifications.unreadCount()).toEqual({ unread: 6 });
    const unread = await as(reader).notifications.list({ unreadOnly: true });
    expect(unread.items.map((n) => n.title)).not.toContain('Note 0');

    expect(await as(reader).notifications.markRead({ all: true })).toEqual({ marked: 6 });
    expect(await as(reader).notifications.unreadCount()).toEqual({ unread: 0 });
  });

  it("keeps each inbox private: another user's notification is not found, an admin's included", async () => {
    const [note] = await inboxOf(rep);
    expect((await clientError(as(admin).notifications.markRead({ id: note!.id }))).code).toBe('NOT_FOUND');
    expect((await inboxOf(admin)).find((n) => n.id === note!.id)).toBeUndefined();
    expect((await clientError(callerFor(t, null).notifications.unreadCount())).code).toBe('UNAUTHORIZED');
  });

  it('drops notifications older than 90 days', async () => {
    const keeper = await makeUser(t.db, { role: 'rep' });
    const now = clock.now();
    await insertRow(t.db, notifications, { userId: keeper.id, kind: 'assignment', title: 'old', createdAt: new Date(now.getTime() - 91 * 24 * HOUR) });
    await insertRow(t.db, notifications, { userId: keeper.id, kind: 'assignment', title: 'recent', createdAt: new Date(now.getTime() - 89 * 24 * HOUR) });
    expect(await purgeOldNotifications(t.db, now)).toBeGreaterThanOrEqual(1);
    expect((await inboxOf(keeper)).map((n) => n.title)).toEqual(['recent']);
  });
});

describe('project health alerts', () => {
  it('alert the CSM at once when someone else turns a project At Risk or Critical, once a day per state', async () => {
    const project = await makeProject(t.db, { ownerId: csm.id, accountId: account.id, projectName: 'Falcon rollout' });
    await as(manager).projects.update({ id: project.id, version: project.version, healthStatus: 'At Risk' });
    let alerts = (await inboxOf(csm)).filter((n) => n.kind === 'projectHealth' && n.recordId === project.id);
    expect(alerts.map((n) => n.title)).toEqual(['Falcon rollout turned At Risk']);

    // The 08:00 check of the same local day does not repeat it; turning Critical is news again.
    await t.db.update(users).set({ timeZone: 'Europe/Berlin' }).where(eq(users.id, csm.id));
    expect(await checkProjectHealth(t.db, new Date('2026-11-23T07:00:00.000Z'))).toBe(0);
    await as(manager).projects.update({ id: project.id, version: project.version + 1, healthStatus: 'Critical' });
    alerts = (await inboxOf(csm)).filter((n) => n.kind === 'projectHealth' && n.recordId === project.id);
    expect(alerts.map((n) => n.title)).toEqual(['Falcon rollout turned Critical', 'Falcon rollout turned At Risk']);
  });

  it('remind each CSM at 08:00 in their own zone, and only then', async () => {
    const tokyo = await makeUser(t.db, { role: 'csm' });
    await t.db.update(users).set({ timeZone: 'Asia/Tokyo' }).where(eq(users.id, tokyo.id));
    await makeProject(t.db, { ownerId: tokyo.id, accountId: account.id, projectName: 'Kestrel', healthStatus: 'Critical' });
    await makeProject(t.db, { ownerId: tokyo.id, accountId: account.id, projectName: 'Done one', healthStatus: 'Critical', status: 'Completed' });
    await makeProject(t.db, { ownerId: tokyo.id, accountId: account.id, projectName: 'Fine one', healthStatus: 'Healthy' });

    await checkProjectHealth(t.db, new Date('2026-11-24T22:00:00.000Z')); // 07:00 in Tokyo
    expect(await inboxOf(tokyo)).toEqual([]);
    await checkProjectHealth(t.db, new Date('2026-11-24T23:00:00.000Z')); // 08:00 in Tokyo
    await checkProjectHealth(t.db, new Date('2026-11-24T23:00:00.000Z')); // a second scheduler, same slot
    expect((await inboxOf(tokyo)).map((n) => n.title)).toEqual(['Kestrel is Critical']);
  });
});

describe('the alert sweep', () => {
  it('alerts a case owner once when the case enters the last 20% of its SLA, and not before', async () => {
    const owner = await makeUser(t.db, { role: 'csm' });
    const opened = new Date('2026-11-23T00:00:00.000Z');
    const c = await makeCase(t.db, {
      ownerId: owner.id,
      accountId: account.id,
      caseNumber: 'CS-900001',
      subject: 'Export broken',
      createdAt: opened,
      slaDueAt: new Date(opened.getTime() + 10 * HOUR),
    });
    await alertCasesNearSla(t.db, new Date(opened.getTime() + 7.9 * HOUR));
    expect(await inboxOf(owner)).toEqual([]);
    await alertCasesNearSla(t.db, new Date(opened.getTime() + 8.1 * HOUR));
    await alertCasesNearSla(t.db, new Date(opened.getTime() + 8.2 * HOUR));
    await alertCasesNearSla(t.db, new Date(opened.getTime() + 11 * HOUR)); // breached now: the same due time
    const alerts = await inboxOf(owner);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({
      kind: 'caseSla',
      title: 'Case CS-900001 is close to its SLA: Export broken',
      body: 'Due 23 Nov, 10:00 (UTC)',
      recordType: 'case',
      recordId: c.id,
    });
  });

  it('leaves closed cases alone', async () => {
    const owner = await makeUser(t.db, { role: 'csm' });
    const opened = new Date('2026-11-23T00:00:00.000Z');
    await makeCase(t.db, { ownerId: owner.id, accountId: account.id, status: 'Closed', createdAt: opened, slaDueAt: new Date(opened.getTime() + HOUR) });
    await alertCasesNearSla(t.db, new Date(opened.getTime() + 2 * HOUR));
    expect(await inboxOf(owner)).toEqual([]);
  });

  it('tells every admin about a job that died, once per death', async () => {
    const now = clock.now();
    const [job] = await t.db
      .insert(jobs)
      .values({ type: 'maintenance.purgeExpired', payload: {}, status: 'dead', runAt: now, attempts: 5, lastError: 'ETIMEDOUT', finishedAt: now })
      .$returningId();
    expect(await alertDeadJobs(t.db, now)).toBeGreaterThanOrEqual(1);
    expect(await alertDeadJobs(t.db, now)).toBe(0);
    const alerts = (await inboxOf(admin)).filter((n) => n.kind === 'deadJob');
    expect(alerts).toMatchObject([{ title: `Job maintenance.purgeExpired (#${job!.id}) failed for the last time`, body: 'ETIMEDOUT' }]);
    expect((await inboxOf(manager)).filter((n) => n.kind === 'deadJob')).toEqual([]);
  });

  it('tells a mailbox owner it needs reconnecting, once a day', async () => {
    await t.db.insert(emailConnections).values({ userId: otherRep.id, provider: 'google', emailAddress: 'o@acme.test', status: 'needs_reconnect' });
    const now = clock.now();
    await alertReconnectNeeded(t.db, now);
    await alertReconnectNeeded(t.db, new Date(now.getTime() + HOUR));
    const alerts = (await inboxOf(otherRep)).filter((n) => n.kind === 'emailConnection');
    expect(alerts.map((n) => n.title)).toEqual(['Reconnect o@acme.test: email capture has stopped']);
  });
});

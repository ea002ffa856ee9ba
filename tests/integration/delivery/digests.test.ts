// Digests end to end against real MySQL, our own SMTP server and a stand-in for Slack: preferences, content
// by role on a known dataset, Skipped, the schedule in each user's zone across a daylight-saving change,
// one digest per slot however many schedulers, and SMTP down then up delivering once through the job queue.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { digests, forecastSnapshots, jobs, milestones, notifications, ruleResults, userPreferences, users } from '../../../drizzle/schema';
import { deliverDigest, enqueueDueDigests } from '../../../server/delivery/digests';
import type { Env } from '../../../server/env';
import { claimJobs } from '../../../server/jobs/queue';
import { jobRegistry } from '../../../server/jobs/registry';
import { runJob } from '../../../server/jobs/worker';
import type { SessionUser } from '../../../server/lib/actor';
import { fixedClock } from '../../../server/lib/clock';
import { createLogger } from '../../../server/lib/log';
import { appRouter } from '../../../server/routers';
import { createCallerFactory } from '../../../server/trpc';
import type { DigestContent } from '../../../shared/schemas/delivery';
import { ctxFor } from '../../helpers/context';
import { clientError } from '../../helpers/errorShape';
import { makeAccount } from '../../helpers/factories/accounts';
import { makeCase } from '../../helpers/factories/cases';
import { makeOpportunity } from '../../helpers/factories/opportunities';
import { makeProject } from '../../helpers/factories/projects';
import { makeUser } from '../../helpers/factories/users';
import { useTestDatabase } from '../../helpers/testDatabase';
import { type FakeSmtp, readMail, startFakeSmtp } from '../../fakes/smtp';
import { type FakeSlack, startFakeSlack } from '../../fakes/slack';

const t = useTestDatabase();
const NOW = new Date('2026-11-24T15:00:00.000Z'); // a Tuesday, 10:00 in New York
const clock = fixedClock(NOW);
const DAY = 86_400_000;
const createCaller = createCallerFactory(appRouter);

let smtp: FakeSmtp;
let slack: FakeSlack;
let env: Env;
let rep: SessionUser;
let otherRep: SessionUser;
let manager: SessionUser;
let csm: SessionUser;
let farRep: SessionUser;

const as = (user: SessionUser) => createCaller({ ...ctxFor(t, user, clock), env });
const setZone = (user: SessionUser, timeZone: string) => t.db.update(users).set({ timeZone }).where(eq(users.id, user.id));
const contentOf = async (id: number) => (await t.db.select().from(digests).where(eq(digests.id, id)))[0]!.content as DigestContent;
const sectionRows = (content: DigestContent, key: string) => content.sections.find((s) => s.key === key)!.rows.map((r) => r.cells[0]);
const mailTo = (user: SessionUser) => smtp.received.filter((m) => m.to.includes(user.email));

async function breakDeal(opportunityId: number, owner: SessionUser, rules: string[]) {
  for (const ruleId of rules) {
    await t.db.insert(ruleResults).values({
      ruleId,
      recordType: 'opportunity',
      recordId: opportunityId,
      severity: 'critical',
      message: `Rule ${ruleId} holds`,
      firstSeenAt: NOW,
      lastSeenAt: NOW,
      ownerId: owner.id,
    });
  }
}

beforeAll(async () => {
  smtp = await startFakeSmtp();
  slack = await startFakeSlack();
  env = { ...t.env, mail: { smtpUrl: smtp.url, from: 'Tru-CRM <crm@example.test>' }, slack: { webhookBase: slack.base } };
  // Dana's team is Priya and Otto; Sam's is Elena, whose deals never reach Dana.
  manager = await makeUser(t.db, { role: 'manager', name: 'Dana Manager' });
  rep = await makeUser(t.db, { role: 'rep', name: 'Priya Rep', managerId: manager.id });
  otherRep = await makeUser(t.db, { role: 'rep', name: 'Otto Rep', managerId: manager.id });
  const otherManager = await makeUser(t.db, { role: 'manager', name: 'Sam Manager' });
  farRep = await makeUser(t.db, { role: 'rep', name: 'Elena Far', managerId: otherManager.id });
  csm = await makeUser(t.db, { role: 'csm', name: 'Grace Csm' });
  for (const u of [rep, otherRep, manager, csm]) await setZone(u, 'America/New_York');

  // The rep's book: one deal at risk, one closing without a next step, one healthy; a quiet account.
  const acme = await makeAccount(t.db, { ownerId: rep.id, accountName: 'Acme', lastActivityAt: new Date(NOW.getTime() - 2 * DAY) });
  await makeAccount(t.db, { ownerId: rep.id, accountName: 'Quietco', lastActivityAt: new Date(NOW.getTime() - 45 * DAY), createdAt: new Date(NOW.getTime() - 90 * DAY) });
  const risky = await makeOpportunity(t.db, { ownerId: rep.id, accountId: acme.id, opportunityName: 'Acme renewal', amount: '50000.00', stage: 'Proposal', nextStep: 'Send terms' });
  await breakDeal(risky.id, rep, ['no_activity_14d', 'close_date_past', 'missing_economic_buyer']);
  await makeOpportunity(t.db, { ownerId: rep.id, accountId: acme.id, opportunityName: 'Acme add-on', amount: '8000.00', closeDate: '2026-12-01', nextStep: null });
  await makeOpportunity(t.db, { ownerId: rep.id, accountId: acme.id, opportunityName: 'Acme fine deal', amount: '9000.00', closeDate: '2027-03-01', nextStep: 'Demo' });
  await makeOpportunity(t.db, { ownerId: rep.id, accountId: acme.id, opportunityName: 'Acme commit', amount: '12000.00', stage: 'Negotiation', forecastCategory: 'Commit', closeDate: '2026-12-15', nextStep: 'Sign' });

  // Another rep's deal, at risk and closing soon: never in Priya's digest.
  const globex = await makeAccount(t.db, { ownerId: otherRep.id, accountName: 'Globex', lastActivityAt: NOW });
  const secret = await makeOpportunity(t.db, { ownerId: otherRep.id, accountId: globex.id, opportunityName: 'Globex secret deal', amount: '90000.00', closeDate: '2026-11-30' });
  await breakDeal(secret.id, otherRep, ['no_activity_14d', 'close_date_past', 'missing_economic_buyer']);

  // Another team's large deal at risk: in Sam's and the admin's digests, never in Dana's.
  const umbrella = await makeAccount(t.db, { ownerId: farRep.id, accountName: 'Umbrella', lastActivityAt: NOW });
  const far = await makeOpportunity(t.db, { ownerId: farRep.id, accountId: umbrella.id, opportunityName: 'Umbrella big deal', amount: '250000.00', closeDate: '2027-01-15' });
  await breakDeal(far.id, farRep, ['no_activity_14d', 'close_date_past', 'missing_economic_buyer']);

  // The CSM's customers: a project whose health a manager changes, an overdue milestone, a case near its SLA.
  const customer = await makeAccount(t.db, { ownerId: csm.id, accountName: 'Initech', lastActivityAt: new Date(NOW.getTime() - 40 * DAY) });
  const project = await makeProject(t.db, { ownerId: csm.id, accountId: customer.id, projectName: 'Initech rollout', status: 'In Progress' });
  await t.db.insert(milestones).values({ projectId: project.id, title: 'Admin training', dueDate: '2026-11-20', status: 'In Progress' });
  await createCaller(ctxFor(t, manager, fixedClock(new Date(NOW.getTime() - 3_600_000)))).projects.update({ id: project.id, version: project.version, healthStatus: 'Critical' });
  await makeCase(t.db, { ownerId: csm.id, accountId: customer.id, caseNumber: 'CS-000777', subject: 'Sync stalls', createdAt: new Date(NOW.getTime() - 9 * 3_600_000), slaDueAt: new Date(NOW.getTime() + 3_600_000) });
});

afterAll(async () => {
  await smtp?.close();
  await slack?.close();
});

describe('preferences', () => {
  it('default from the user: managers weekly, others daily, at 09:00 in their zone, by email and in the app', async () => {
    expect(await as(manager).preferences.get()).toMatchObject({
      digestEnabled: true,
      frequency: 'weekly',
      hour: 9,
      timeZone: 'America/New_York',
      channels: { email: true, inApp: true, slack: false },
      mail: { configured: true },
      slack: { allowed: true, configured: false, hint: null },
      nextDigestAt: new Date('2026-11-30T14:00:00.000Z'),
    });
    expect(await as(rep).preferences.get()).toMatchObject({ frequency: 'daily', slack: { allowed: false } });
  });

  it('refuse what cannot work, each beside its field', async () => {
    expect((await clientError(as(rep).preferences.update({ hour: 24 }))).fieldErrors).toEqual({ hour: ['Choose an hour from 0 to 23'] });
    expect((await clientError(as(rep).preferences.update({ timeZone: 'Mars/Olympus' }))).fieldErrors).toMatchObject({ timeZone: [expect.stringContaining('valid time zone')] });
    expect((await clientError(as(rep).preferences.update({ slackWebhookUrl: `${slack.base}T1/B2/c3` }))).fieldErrors).toEqual({
      slackWebhookUrl: ['Slack delivery is for managers and admins'],
    });
    expect((await clientError(as(manager).preferences.update({ slackWebhookUrl: 'https://evil.example/hook' }))).fieldErrors).toEqual({
      slackWebhookUrl: [`Paste the incoming-webhook URL Slack gave you: it starts with ${slack.base}`],
    });
    expect((await clientError(as(manager).preferences.update({ channels: { slack: true } }))).fieldErrors).toEqual({
      channels: ['Paste a Slack incoming-webhook URL first'],
    });
    expect((await clientError(as(rep).preferences.update({ channels: { email: false, inApp: false } }))).fieldErrors).toEqual({
      channels: ['Choose at least one way to receive the digest, or turn the digest off'],
    });
  });

  it('keep the Slack webhook URL sealed at rest and show only a hint', async () => {
    const url = `${slack.base}T000/B000/secret-token-1234`;
    const saved = await as(manager).preferences.update({ slackWebhookUrl: url, channels: { slack: true }, hour: 8, frequency: 'daily' });
    expect(saved).toMatchObject({ hour: 8, frequency: 'daily', channels: { slack: true }, slack: { configured: true, hint: `${new URL(slack.base).host}/…1234` } });
    const [row] = await t.db.select().from(userPreferences).where(and(eq(userPreferences.userId, manager.id), eq(userPreferences.key, 'delivery')));
    expect(JSON.stringify(row!.value)).not.toContain('secret-token');
    await as(manager).preferences.update({ hour: 9, frequency: 'weekly' });
  });
});

describe('content by role', () => {
  const target = (user: SessionUser, periodKey: string) => ({ userId: user.id, kind: 'daily' as const, periodKey, localDate: '2026-11-24' });

  it("gives a rep their at-risk deals with the top issue, deals closing without a next step, quiet accounts and the forecast call, and no one else's deal", async () => {
    const digest = await deliverDigest(t.db, env, target(rep, 'content-rep'), NOW);
    expect(digest.status).toBe('Sent');
    const content = await contentOf(digest.id);
    expect(content.audience).toBe('rep');
    expect(content.sections.find((s) => s.key === 'atRisk')!.rows).toEqual([
      { link: { type: 'opportunity', id: expect.any(Number) }, cells: ['Acme renewal', 'Acme', '$50,000', '25', 'Rule no_activity_14d holds'] },
    ]);
    expect(sectionRows(content, 'closingWithoutNextStep')).toEqual(['Acme add-on']);
    expect(sectionRows(content, 'quietAccounts')).toEqual(['Quietco']);
    // Acme renewal (Proposal) and Acme commit count as Commit this quarter.
    expect(content.forecast).toEqual({ label: 'Q4 2026', call: '62000.00', previousCall: null });
    expect(JSON.stringify(content)).not.toContain('Globex');

    const [mail] = mailTo(rep);
    const { subject, body } = readMail(mail!);
    expect(subject).toBe('Your pipeline — Tuesday 24 November 2026');
    expect(body).toContain('Acme renewal');
    expect(body).toContain(`${env.publicUrl}/opportunities/`);
    expect(body).not.toContain('Globex');
  });

  it("gives a manager their team's per-rep table, the team call against last week and the largest at-risk deals, and their Slack channel the same", async () => {
    // Last Friday's snapshot of the organisation's Q4: $50,000 called.
    await t.db.insert(forecastSnapshots).values({
      takenAt: new Date(NOW.getTime() - 4 * DAY),
      snapshotDate: '2026-11-20',
      periodKind: 'quarter',
      periodStart: '2026-10-01',
      periodEnd: '2026-12-31',
      userId: null,
      closedAmount: '10000.00',
      commitAmount: '40000.00',
    });
    await t.db.insert(forecastSnapshots).values({
      takenAt: new Date(NOW.getTime() - 11 * DAY),
      snapshotDate: '2026-11-13',
      periodKind: 'quarter',
      periodStart: '2026-10-01',
      periodEnd: '2026-12-31',
      userId: null,
      closedAmount: '0.00',
      commitAmount: '70000.00',
    });
    // That day's snapshots of Dana's reps: $45,000 called by her team; Elena's $25,000 is Sam's.
    const snapshotOf = (userId: string, commitAmount: string) => ({
      takenAt: new Date(NOW.getTime() - 11 * DAY),
      snapshotDate: '2026-11-13',
      periodKind: 'quarter' as const,
      periodStart: '2026-10-01',
      periodEnd: '2026-12-31',
      userId,
      closedAmount: '0.00',
      commitAmount,
    });
    await t.db.insert(forecastSnapshots).values([snapshotOf(rep.id, '30000.00'), snapshotOf(otherRep.id, '15000.00'), snapshotOf(farRep.id, '25000.00')]);
    // Q4 quotas: Priya's set for the quarter; Otto's the sum of his October and November quotas.
    await as(manager).quotas.set({ userId: rep.id, period: 'quarter', start: '2026-10-01', amount: '140000.00' });
    await as(manager).quotas.set({ userId: otherRep.id, period: 'month', start: '2026-10-01', amount: '30000.00' });
    await as(manager).quotas.set({ userId: otherRep.id, period: 'month', start: '2026-11-01', amount: '30000.00' });
    const digest = await deliverDigest(t.db, env, { ...target(manager, 'content-manager'), kind: 'weekly' }, NOW);
    const content = await contentOf(digest.id);
    expect(content.audience).toBe('manager');
    // The snapshot of at least 6 days ago (13 November), not the one of 4 days ago.
    expect(content.forecast).toEqual({ label: 'Q4 2026', call: '62000.00', previousCall: '45000.00' });
    const repsSection = content.sections.find((s) => s.key === 'reps')!;
    expect(repsSection.columns).toEqual(['Rep', 'Pipeline (deals)', 'Commit call Q4 2026', 'Coverage Q4 2026', 'Pipeline health', 'At risk', 'Slipped this week']);
    // Coverage: Otto's $90,000 closing in Q4 over $60,000 to go; Priya's $70,000 (Acme fine deal closes in Q1) over $140,000.
    expect(repsSection.rows.map((r) => r.cells)).toEqual([
      ['Otto Rep', '$90,000 (1)', '$0', '1.5×', '25', '1', '0'],
      ['Priya Rep', '$79,000 (4)', '$62,000', '0.5×', '53', '1', '0'],
    ]);
    // The same numbers as the manager dashboard's.
    const dashboard = await as(manager).analytics.dashboard({ scope: 'team', period: 'quarter' });
    if (dashboard.view !== 'manager') throw new Error('expected the manager dashboard');
    const dashboardCoverage = (id: string) => dashboard.manager.reps.find((r) => r.userId === id)!.coverage;
    expect([dashboardCoverage(otherRep.id), dashboardCoverage(rep.id)]).toEqual([1.5, 0.5]);
    expect(readMail(mailTo(manager).at(-1)!).body).toContain('Otto Rep · $90,000 (1) · $0 · 1.5× · 25 · 1 · 0');
    expect(sectionRows(content, 'largestAtRisk')).toEqual(['Globex secret deal', 'Acme renewal']);
    expect(JSON.stringify(content)).not.toContain('Umbrella');
    expect(JSON.stringify(content)).not.toContain('Elena');
    expect(digest.deliveredChannels).toEqual(['inApp', 'email', 'slack']);
    expect(slack.received.at(-1)!.path).toBe('/services/T000/B000/secret-token-1234');
    expect(slack.received.at(-1)!.body.text).toContain('<http://localhost:3000/opportunities/');
  });

  it("gives an admin every rep's row and the organisation's call against last week", async () => {
    const admin = await makeUser(t.db, { role: 'admin', name: 'Ada Admin' });
    await setZone(admin, 'America/New_York');
    const content = await contentOf((await deliverDigest(t.db, env, { ...target(admin, 'content-admin'), kind: 'weekly' }, NOW)).id);
    expect(content.sections.find((s) => s.key === 'reps')!.rows.map((r) => r.cells[0])).toEqual(['Elena Far', 'Otto Rep', 'Priya Rep']);
    expect(content.forecast).toEqual({ label: 'Q4 2026', call: '62000.00', previousCall: '70000.00' });
    expect(sectionRows(content, 'largestAtRisk')).toEqual(['Umbrella big deal', 'Globex secret deal', 'Acme renewal']);
  });

  it('skips a manager whose team is empty', async () => {
    const alone = await makeUser(t.db, { role: 'manager', name: 'Nobody Reports' });
    expect((await deliverDigest(t.db, env, { ...target(alone, 'content-alone'), kind: 'weekly' }, NOW)).status).toBe('Skipped');
  });

  it('gives a CSM the projects that changed health, overdue milestones, cases near SLA and quiet customers', async () => {
    const digest = await deliverDigest(t.db, env, target(csm, 'content-csm'), NOW);
    const content = await contentOf(digest.id);
    expect(content.sections.find((s) => s.key === 'projectHealth')!.rows.map((r) => r.cells)).toEqual([['Initech rollout', 'Initech', 'Healthy → Critical']]);
    expect(sectionRows(content, 'overdueMilestones')).toEqual(['Admin training']);
    expect(sectionRows(content, 'casesNearSla')).toEqual(['CS-000777']);
    expect(sectionRows(content, 'quietCustomers')).toEqual(['Initech']);
  });

  it('skips a digest with nothing to say, and says so in the app', async () => {
    const idle = await makeUser(t.db, { role: 'rep' });
    const before = smtp.received.length;
    const digest = await deliverDigest(t.db, env, target(idle, 'content-idle'), NOW);
    expect(digest.status).toBe('Skipped');
    expect(smtp.received.length).toBe(before);
    const listed = await as(idle).digests.list();
    expect(listed.items.map((d) => d.status)).toEqual(['Skipped']);
  });
});

describe('the schedule', () => {
  it('sends each daily digest at 09:00 New York time through a daylight-saving change, once with two schedulers', async () => {
    const early = await makeUser(t.db, { role: 'rep' });
    await setZone(early, 'America/New_York');
    const firstSeen = new Map<string, string>();
    // DST ends in New York on Sunday 1 November 2026: 09:00 is 13:00 UTC before, 14:00 UTC after.
    for (let at = Date.parse('2026-10-29T00:00:00Z'); at < Date.parse('2026-11-05T00:00:00Z'); at += 15 * 60_000) {
      const now = new Date(at);
      await Promise.all([enqueueDueDigests(t.db, now), enqueueDueDigests(t.db, now)]);
      const queued = await t.db.select({ payload: jobs.payload }).from(jobs).where(eq(jobs.type, 'delivery.sendDigest'));
      for (const q of queued) {
        const p = q.payload as { userId: string; periodKey: string };
        if (p.userId === early.id && !firstSeen.has(p.periodKey)) firstSeen.set(p.periodKey, now.toISOString());
      }
    }
    expect([...firstSeen]).toEqual([
      ['2026-10-29', '2026-10-29T13:00:00.000Z'],
      ['2026-10-30', '2026-10-30T13:00:00.000Z'],
      ['2026-10-31', '2026-10-31T13:00:00.000Z'],
      ['2026-11-01', '2026-11-01T14:00:00.000Z'],
      ['2026-11-02', '2026-11-02T14:00:00.000Z'],
      ['2026-11-03', '2026-11-03T14:00:00.000Z'],
      ['2026-11-04', '2026-11-04T14:00:00.000Z'],
    ]);
  });

  it('delivers once when SMTP refuses and then recovers, the retry going through the job queue', async () => {
    const late = await makeUser(t.db, { role: 'rep', name: 'Lena Late' });
    await makeAccount(t.db, { ownerId: late.id, accountName: 'Hooli', lastActivityAt: new Date(NOW.getTime() - 60 * DAY) });
    const now = new Date('2026-11-24T09:05:00.000Z'); // 09:05 UTC: her zone is UTC
    await enqueueDueDigests(t.db, now);
    await enqueueDueDigests(t.db, now);
    const deps = (at: Date) => ({ db: t.db, env, log: createLogger('silent'), clock: fixedClock(at), registry: jobRegistry });
    const mine = async () =>
      (await t.db.select().from(jobs).where(eq(jobs.type, 'delivery.sendDigest'))).filter((j) => (j.payload as { userId: string }).userId === late.id);
    expect(await mine()).toHaveLength(1);

    smtp.refusing = true;
    const [first] = (await claimJobs(t.db, 'w1', 500, now, 60_000)).filter((j) => (j.payload as { userId: string }).userId === late.id);
    expect(await runJob(deps(now), 'w1', first!)).toBe('retry');
    const [failed] = await t.db.select().from(digests).where(eq(digests.userId, late.id));
    expect(failed).toMatchObject({ status: 'Failed', deliveredChannels: ['inApp'] });
    expect(failed!.error).toMatch(/^Email: /);

    smtp.refusing = false;
    const [job] = await mine();
    const [second] = (await claimJobs(t.db, 'w2', 500, job!.runAt, 60_000)).filter((j) => j.id === job!.id);
    expect(await runJob(deps(job!.runAt), 'w2', second!)).toBe('done');
    const [sent] = await t.db.select().from(digests).where(eq(digests.userId, late.id));
    expect(sent).toMatchObject({ status: 'Sent', deliveredChannels: ['inApp', 'email'], error: null });
    expect(mailTo(late)).toHaveLength(1);
    const inbox = await t.db.select().from(notifications).where(and(eq(notifications.userId, late.id), eq(notifications.kind, 'digest')));
    expect(inbox).toHaveLength(1);
    // A replayed job finds it Sent and sends nothing more.
    await deliverDigest(t.db, env, job!.payload as never, job!.runAt);
    expect(mailTo(late)).toHaveLength(1);
  });
});

describe('digests.sendPreview', () => {
  it('sends a preview now, to the inbox and by email, readable in the app afterwards', async () => {
    const preview = await as(rep).digests.sendPreview();
    expect(preview).toMatchObject({ status: 'Sent', deliveredChannels: ['inApp', 'email'], error: null });
    const [note] = (await as(rep).notifications.list()).items;
    expect(note).toMatchObject({ kind: 'digest', recordType: 'digest', recordId: preview.id, title: 'Preview: Your pipeline — Tuesday 24 November 2026' });
    const shown = await as(rep).digests.get({ id: preview.id });
    expect(shown.content!.sections.find((s) => s.key === 'atRisk')!.rows).toHaveLength(1);
    expect((await clientError(as(otherRep).digests.get({ id: preview.id }))).code).toBe('NOT_FOUND');
  });

  it('keeps mail in the app when SMTP is not configured', async () => {
    const noMail = { ...env, mail: { smtpUrl: null, from: env.mail.from } };
    const caller = createCaller({ ...ctxFor(t, csm, clock), env: noMail });
    expect(await caller.preferences.get()).toMatchObject({ mail: { configured: false } });
    expect(await caller.digests.sendPreview()).toMatchObject({ status: 'Sent', deliveredChannels: ['inApp'] });
  });
});

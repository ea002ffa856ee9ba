// Scheduled reports end to end against real MySQL and our own SMTP server: due in the owner's zone, one job
// per slot however many schedulers tick, run through the job queue as the owner, the CSV attached (a link when
// too large, the inbox without SMTP), one reportExecutions row per slot, and SMTP down then up delivering once.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobs, notifications, reportExecutions, users } from '../../../drizzle/schema';
import type { Env } from '../../../server/env';
import { claimJobs } from '../../../server/jobs/queue';
import { jobRegistry } from '../../../server/jobs/registry';
import { runJob } from '../../../server/jobs/worker';
import { type SessionUser, userActor } from '../../../server/lib/actor';
import { fixedClock } from '../../../server/lib/clock';
import { createLogger } from '../../../server/lib/log';
import { saveReport } from '../../../server/reports/savedReports';
import { enqueueDueReports, runScheduledReport } from '../../../server/reports/scheduled';
import { callerFor } from '../../helpers/context';
import { clientError } from '../../helpers/errorShape';
import { makeAccount } from '../../helpers/factories/accounts';
import { makeOpportunity } from '../../helpers/factories/opportunities';
import { makeUser } from '../../helpers/factories/users';
import { useTestDatabase } from '../../helpers/testDatabase';
import { type FakeSmtp, type ReceivedMail, readMail, startFakeSmtp } from '../../fakes/smtp';

const t = useTestDatabase();
// Monday 30 November 2026, 08:05 in New York (EST, UTC-5).
const MONDAY_0805 = new Date('2026-11-30T13:05:00.000Z');
let smtp: FakeSmtp;
let env: Env;
let owner: SessionUser;
let other: SessionUser;

const deps = (at: Date, withEnv: Env = env) => ({ db: t.db, env: withEnv, log: createLogger('silent'), clock: fixedClock(at), registry: jobRegistry });
const mailTo = (user: SessionUser) => smtp.received.filter((m) => m.to.includes(user.email));
const executionsOf = (reportId: number) => t.db.select().from(reportExecutions).where(eq(reportExecutions.reportId, reportId));

/** The attachment parts of a message nodemailer wrote: file name and decoded text. */
function attachments(mail: ReceivedMail): { filename: string; text: string }[] {
  const parts = mail.raw.split(/\r?\n--[^\r\n]+\r?\n/);
  return parts
    .filter((p) => /Content-Disposition: attachment/i.test(p))
    .map((p) => {
      const [head = '', ...body] = p.split(/\r?\n\r?\n/);
      const filename = /filename="?([^";\r\n]+)"?/i.exec(head.replace(/\r?\n[ \t]+/g, ' '))?.[1] ?? '';
      const raw = body.join('\n\n').replace(/\r?\n--[^\r\n]*--\s*$/, '');
      const text = /base64/i.test(head) ? Buffer.from(raw.replace(/\s/g, ''), 'base64').toString('utf8') : raw;
      return { filename, text };
    });
}

beforeAll(async () => {
  smtp = await startFakeSmtp();
  env = { ...t.env, mail: { smtpUrl: smtp.url, from: 'Tru-CRM <crm@example.test>' } };
  owner = await makeUser(t.db, { role: 'manager', name: 'Sched Owner' });
  other = await makeUser(t.db, { role: 'rep', name: 'Sched Other' });
  await t.db.update(users).set({ timeZone: 'America/New_York' }).where(eq(users.id, owner.id));
  const account = await makeAccount(t.db, { ownerId: owner.id, accountName: 'Sched Account' });
  await makeOpportunity(t.db, { ownerId: owner.id, accountId: account.id, opportunityName: 'Sched one', stage: 'Proposal', amount: '1200.00' });
  await makeOpportunity(t.db, { ownerId: other.id, accountId: account.id, opportunityName: '=Sched two', stage: 'Proposal', amount: '800.50' });
  await makeOpportunity(t.db, { ownerId: other.id, accountId: account.id, opportunityName: 'Sched three', stage: 'Discovery', amount: '99.99' });
});
afterAll(async () => {
  await smtp?.close();
});

const byStage = { entity: 'opportunities' as const, filters: [{ field: 'accountName', op: 'eq' as const, value: 'Sched Account' }], groupBy: [{ field: 'stage' }], aggregates: [{ fn: 'count' as const }, { fn: 'sum' as const, field: 'amount' }] };

describe('scheduled reports', () => {
  it('runs weekly at its hour in the owner’s zone, once per slot, and emails the CSV attached', async () => {
    const report = await saveReport(t.db, userActor(owner), { name: 'Sched by stage', definition: byStage, schedule: { frequency: 'weekly', weekday: 1, hour: 8 } }, MONDAY_0805);
    expect(report.scheduleLabel).toBe('Weekly on Monday at 08:00 (America/New_York)');
    expect(report.nextRunAt).toEqual(new Date('2026-12-07T13:00:00.000Z'));

    // 07:30 in New York: not yet. 08:05: due; two schedulers ticking give one job.
    expect(await enqueueDueReports(t.db, new Date('2026-11-30T12:30:00.000Z'))).toBe(0);
    await enqueueDueReports(t.db, MONDAY_0805);
    await enqueueDueReports(t.db, new Date(MONDAY_0805.getTime() + 15 * 60_000));
    const queued = await t.db.select().from(jobs).where(eq(jobs.dedupeKey, `report:r${report.id}:2026-W49`));
    expect(queued).toHaveLength(1);
    expect(queued[0]).toMatchObject({ type: 'reports.runScheduled', payload: { reportId: report.id, slotKey: `r${report.id}:2026-W49`, localDate: '2026-11-30' } });

    const [job] = (await claimJobs(t.db, 'w1', 50, MONDAY_0805, 60_000)).filter((j) => j.id === queued[0]!.id);
    expect(await runJob(deps(MONDAY_0805), 'w1', job!)).toBe('done');

    const mails = mailTo(owner);
    expect(mails).toHaveLength(1);
    const { subject, body } = readMail(mails[0]!);
    expect(subject).toBe('Sched by stage: 2 rows (2026-11-30)');
    expect(body).toContain('The CSV is attached (sched-by-stage-2026-11-30.csv).');
    expect(body).toContain(`/reports/${report.id}`);
    const [file] = attachments(mails[0]!);
    expect(file!.filename).toBe('sched-by-stage-2026-11-30.csv');
    expect(file!.text.replace(/^\ufeff/, '').split('\r\n')).toEqual(['Stage,Count,Sum of Amount', 'Discovery,1,99.99', 'Proposal,2,2000.50', '']);

    const [execution] = await executionsOf(report.id);
    expect(execution).toMatchObject({ trigger: 'schedule', status: 'succeeded', rowCount: 2, delivery: 'attachment', error: null, slotKey: `r${report.id}:2026-W49`, runById: owner.id });
    expect(execution!.durationMs).toBeGreaterThanOrEqual(0);
    expect((await callerFor(t, owner).reports.get({ id: report.id })).runs[0]).toMatchObject({ trigger: 'schedule', status: 'succeeded', rowCount: 2, delivery: 'attachment' });

    // The slot is done: another tick queues nothing, a replayed run sends nothing.
    expect(await enqueueDueReports(t.db, new Date(MONDAY_0805.getTime() + 30 * 60_000))).toBe(0);
    await runScheduledReport(t.db, env, { reportId: report.id, slotKey: `r${report.id}:2026-W49`, localDate: '2026-11-30' }, MONDAY_0805);
    expect(mailTo(owner)).toHaveLength(1);
    expect(await executionsOf(report.id)).toHaveLength(1);
  });

  it('records a failed send, retries through the queue, and delivers once when SMTP is back', async () => {
    const report = await saveReport(t.db, userActor(owner), { name: 'Sched daily deals', definition: { entity: 'opportunities', columns: ['opportunityName', 'amount'], filters: byStage.filters }, schedule: { frequency: 'daily', hour: 8 } }, MONDAY_0805);
    const before = mailTo(owner).length;
    await enqueueDueReports(t.db, MONDAY_0805);
    const [queued] = await t.db.select().from(jobs).where(eq(jobs.dedupeKey, `report:r${report.id}:2026-11-30`));

    smtp.refusing = true;
    const [first] = (await claimJobs(t.db, 'w1', 50, MONDAY_0805, 60_000)).filter((j) => j.id === queued!.id);
    expect(await runJob(deps(MONDAY_0805), 'w1', first!)).toBe('retry');
    const [failed] = await executionsOf(report.id);
    expect(failed).toMatchObject({ status: 'failed', rowCount: 3 });
    expect(failed!.error).toMatch(/^Could not send the email: /);

    smtp.refusing = false;
    const [retry] = await t.db.select().from(jobs).where(eq(jobs.id, queued!.id));
    const [second] = (await claimJobs(t.db, 'w2', 50, retry!.runAt, 60_000)).filter((j) => j.id === queued!.id);
    expect(await runJob(deps(retry!.runAt), 'w2', second!)).toBe('done');
    expect(mailTo(owner).length - before).toBe(1);
    const runs = await executionsOf(report.id);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ status: 'succeeded', error: null, rowCount: 3, delivery: 'attachment' });
    // The owner's CSV, as the owner may see it, with the formula defused.
    expect(attachments(mailTo(owner).at(-1)!)[0]!.text).toContain(`'=Sched two,800.50`);
  });

  it('sends a link when the CSV is too large to attach, and keeps it in the inbox without SMTP', async () => {
    const report = await saveReport(t.db, userActor(owner), { name: 'Sched monthly', definition: { entity: 'opportunities', columns: ['opportunityName'], filters: byStage.filters }, schedule: { frequency: 'monthly', dayOfMonth: 30, hour: 8 } }, MONDAY_0805);
    const tiny = { ...env, reportAttachmentMaxBytes: 20 };
    const run = await runScheduledReport(t.db, tiny, { reportId: report.id, slotKey: `r${report.id}:2026-11`, localDate: '2026-11-30' }, MONDAY_0805);
    expect(run).toMatchObject({ status: 'succeeded', delivery: 'link', rowCount: 3 });
    const mail = mailTo(owner).at(-1)!;
    expect(attachments(mail)).toEqual([]);
    expect(readMail(mail).body).toContain(`too large to attach. Download it (signed in): ${env.publicUrl}/api/reports/${report.id}/export.csv`);

    const noMail = { ...env, mail: { smtpUrl: null, from: env.mail.from } };
    const sent = smtp.received.length;
    const inApp = await runScheduledReport(t.db, noMail, { reportId: report.id, slotKey: `r${report.id}:2026-12`, localDate: '2026-12-30' }, new Date('2026-12-30T13:05:00.000Z'));
    expect(inApp).toMatchObject({ status: 'succeeded', delivery: 'inApp', rowCount: 3 });
    expect(smtp.received.length).toBe(sent);
    const [note] = await t.db.select().from(notifications).where(and(eq(notifications.userId, owner.id), eq(notifications.kind, 'report')));
    expect(note).toMatchObject({ title: 'Sched monthly: 3 rows (2026-12-30)', recordType: 'report', recordId: report.id });
  });

  it('does nothing for a report unscheduled since, and refuses a bad schedule field by field', async () => {
    const report = await saveReport(t.db, userActor(owner), { name: 'Sched gone', definition: byStage, schedule: { frequency: 'daily', hour: 8 } }, MONDAY_0805);
    await callerFor(t, owner).reports.update({ id: report.id, schedule: null });
    expect(await runScheduledReport(t.db, env, { reportId: report.id, slotKey: `r${report.id}:2026-11-30`, localDate: '2026-11-30' }, MONDAY_0805)).toBeNull();
    expect(await executionsOf(report.id)).toEqual([]);
    const bad = await clientError(callerFor(t, owner).reports.update({ id: report.id, schedule: { frequency: 'weekly', hour: 24 } as never }));
    expect(bad.code).toBe('BAD_REQUEST');
    expect(Object.keys(bad.fieldErrors ?? {})).toEqual(['schedule']);
  });
});

describe('scheduled reports with recipients', () => {
  const myDeals = {
    entity: 'opportunities' as const,
    columns: ['opportunityName', 'amount'],
    filters: [...byStage.filters, { field: 'owner', op: 'eq' as const, value: 'me' }],
  };
  const csvRows = (mail: ReceivedMail) => attachments(mail)[0]!.text.replace(/^\ufeff/, '').split('\r\n').slice(1, -1);
  const runSlot = async (queuedId: number, at: Date) => {
    const [job] = (await claimJobs(t.db, 'w1', 50, at, 60_000)).filter((j) => j.id === queuedId);
    return runJob(deps(at), 'w1', job!);
  };

  it('runs the report as each recipient and sends each their own CSV, with a row per copy on the execution', async () => {
    const saved = await callerFor(t, owner).reports.save({ name: 'Sched my deals', definition: myDeals, shared: true, schedule: { frequency: 'daily', hour: 8 }, recipientIds: [other.id, owner.id] });
    expect(saved.recipients).toEqual([{ id: other.id, name: 'Sched Other', active: true }]);
    const [ownerBefore, otherBefore] = [mailTo(owner).length, mailTo(other).length];
    await enqueueDueReports(t.db, MONDAY_0805);
    const [queued] = await t.db.select().from(jobs).where(eq(jobs.dedupeKey, `report:r${saved.id}:2026-11-30`));
    expect(await runSlot(queued!.id, MONDAY_0805)).toBe('done');

    expect(mailTo(owner)).toHaveLength(ownerBefore + 1);
    expect(mailTo(other)).toHaveLength(otherBefore + 1);
    // "Me" is whoever gets the copy: the owner's deal for the owner, the rep's two for the rep.
    expect(csvRows(mailTo(owner).at(-1)!)).toEqual(['Sched one,1200.00']);
    expect(csvRows(mailTo(other).at(-1)!)).toEqual([`'=Sched two,800.50`, 'Sched three,99.99']);
    expect(readMail(mailTo(other).at(-1)!).body).toContain('Sched Owner’s scheduled report "Sched my deals" ran for 2026-11-30: 2 rows, as you may see them.');

    const [execution] = await executionsOf(saved.id);
    expect(execution).toMatchObject({ status: 'succeeded', rowCount: 1, delivery: 'attachment', error: null });
    expect(execution!.deliveries).toEqual([
      { userId: owner.id, status: 'sent', delivery: 'attachment', rowCount: 1, error: null },
      { userId: other.id, status: 'sent', delivery: 'attachment', rowCount: 2, error: null },
    ]);
    expect((await callerFor(t, owner).reports.get({ id: saved.id })).runs[0]!.deliveries.map((d) => [d.name, d.status])).toEqual([
      ['Sched Owner', 'sent'],
      ['Sched Other', 'sent'],
    ]);
  });

  it('retries only the copy that failed', async () => {
    const saved = await callerFor(t, owner).reports.save({ name: 'Sched retry mine', definition: myDeals, shared: true, schedule: { frequency: 'daily', hour: 8 }, recipientIds: [other.id] });
    const [ownerBefore, otherBefore] = [mailTo(owner).length, mailTo(other).length];
    await enqueueDueReports(t.db, MONDAY_0805);
    const [queued] = await t.db.select().from(jobs).where(eq(jobs.dedupeKey, `report:r${saved.id}:2026-11-30`));

    smtp.refusingRecipients.add(other.email);
    expect(await runSlot(queued!.id, MONDAY_0805)).toBe('retry');
    expect(mailTo(owner)).toHaveLength(ownerBefore + 1);
    const [failed] = await executionsOf(saved.id);
    expect(failed).toMatchObject({ status: 'failed', delivery: 'attachment', rowCount: 1 });
    expect(failed!.error).toMatch(/^Sched Other: Could not send the email: /);
    expect(failed!.deliveries!.map((d) => [d.userId, d.status])).toEqual([
      [owner.id, 'sent'],
      [other.id, 'failed'],
    ]);

    smtp.refusingRecipients.clear();
    const [retry] = await t.db.select().from(jobs).where(eq(jobs.id, queued!.id));
    expect(await runSlot(queued!.id, retry!.runAt)).toBe('done');
    expect(mailTo(owner)).toHaveLength(ownerBefore + 1);
    expect(mailTo(other)).toHaveLength(otherBefore + 1);
    expect(csvRows(mailTo(other).at(-1)!)).toEqual([`'=Sched two,800.50`, 'Sched three,99.99']);
    const runs = await executionsOf(saved.id);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ status: 'succeeded', error: null });
    expect(runs[0]!.deliveries!.map((d) => d.status)).toEqual(['sent', 'sent']);
  });

  it('takes only active users who may read the report, each refusal beside its field', async () => {
    const gone = await makeUser(t.db, { role: 'rep', name: 'Sched Gone' });
    await t.db.update(users).set({ active: false }).where(eq(users.id, gone.id));
    const as = callerFor(t, owner);
    const base = { name: 'Sched private', definition: myDeals, schedule: { frequency: 'daily' as const, hour: 8 } };
    expect((await clientError(as.reports.save({ ...base, recipientIds: [other.id] }))).fieldErrors).toEqual({
      recipientIds: ['Only you can get a private report: share it to send it to others'],
    });
    expect((await clientError(as.reports.save({ ...base, shared: true, recipientIds: [gone.id] }))).fieldErrors).toEqual({
      recipientIds: ['Sched Gone is deactivated and cannot get the report'],
    });
    expect((await clientError(as.reports.save({ ...base, shared: true, recipientIds: ['no-such-user'] }))).fieldErrors).toEqual({
      recipientIds: ['One of the people chosen is not a user any more'],
    });
    const saved = await as.reports.save({ ...base, shared: true, recipientIds: [other.id] });
    expect((await clientError(as.reports.update({ id: saved.id, shared: false }))).fieldErrors).toEqual({
      shared: ['Others get this report on its schedule: take them off it (Schedule → Also send to) before making it private'],
    });
    expect((await as.reports.update({ id: saved.id, shared: false, recipientIds: [] })).recipients).toEqual([]);
    // Only the owner changes who gets it.
    expect((await clientError(callerFor(t, other).reports.update({ id: saved.id, recipientIds: [other.id] }))).code).toBe('NOT_FOUND');
  });

  it('offers active users and, for "Add my team", the manager’s reps', async () => {
    const mine = await makeUser(t.db, { role: 'rep', name: 'Sched Teammate', managerId: owner.id });
    const options = await callerFor(t, owner).reports.recipientOptions();
    expect(options.teamIds).toEqual([mine.id]);
    expect(options.users.map((u) => u.name)).toContain('Sched Other');
    expect(options.users.map((u) => u.name)).not.toContain('Sched Gone');
    expect((await callerFor(t, other).reports.recipientOptions()).teamIds).toEqual([]);
  });
});

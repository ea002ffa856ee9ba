// Playbook email steps through the local SMTP server: sent as the owner with an unsubscribe link that is honoured
// afterwards, the daily per-sender limit deferring to the next day, bounces and temporary failures, and A/B splits.
import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activities, emailSends, leads as leadsTable, emailSuppressions, playbookEnrolments, users } from '../../../drizzle/schema';
import { playbookMailFor } from '../../../server/automation/emailSends';
import { runPlaybookStep } from '../../../server/automation/steps';
import { abVariant } from '../../../server/domain/playbookEmail';
import type { Env } from '../../../server/env';
import type { SessionUser } from '../../../server/lib/actor';
import { fixedClock } from '../../../server/lib/clock';
import type { PlaybookSave, PlaybookStep } from '../../../shared/schemas/playbooks';
import { type FakeSmtp, readMail, startFakeSmtp } from '../../fakes/smtp';
import { callerFor } from '../../helpers/context';
import { clientError } from '../../helpers/errorShape';
import { makeAccount } from '../../helpers/factories/accounts';
import { makeLead } from '../../helpers/factories/leads';
import { makeOpportunity } from '../../helpers/factories/opportunities';
import { makeUser } from '../../helpers/factories/users';
import { startTestServer } from '../../helpers/http';
import { useTestDatabase } from '../../helpers/testDatabase';
import { runDueJobs } from './support';

const t = useTestDatabase();
let smtp: FakeSmtp;
let mailEnv: Env;
let admin: SessionUser;
let rep: SessionUser;
let outsider: SessionUser;
let sourceN = 0;

// Wednesday 2 December 2026, 10:00 UTC.
const start = new Date('2026-12-02T10:00:00.000Z');
const HOUR = 3_600_000;

beforeAll(async () => {
  smtp = await startFakeSmtp();
  mailEnv = { ...t.env, mail: { smtpUrl: smtp.url, from: 'Tru-CRM <crm@example.test>' } };
  admin = await makeUser(t.db, { role: 'admin', name: 'Ada Admin' });
  rep = await makeUser(t.db, { role: 'rep', name: 'Rob Rep', email: `rob-${Date.now()}@example.test` });
  // An owner whose address the organisation's SMTP server cannot send as.
  outsider = await makeUser(t.db, { role: 'rep', name: 'Olga Outside', email: `olga-${Date.now()}@elsewhere.example` });
});
afterAll(async () => {
  await smtp.close();
});

const emailStep = (action: Partial<Extract<PlaybookStep['action'], { type: 'sendEmail' }>> = {}): PlaybookStep => ({
  delay: { amount: 0, unit: 'hours' },
  action: { type: 'sendEmail', subject: 'Hello {{lead.firstName}}', body: 'Hi {{lead.firstName}},\n\nShall we talk? {{owner.name}}', ...action },
});
const taskStep: PlaybookStep = { delay: { amount: 0, unit: 'hours' }, action: { type: 'createTask', subject: 'Call {{lead.firstName}}', dueInDays: 0 } };

/** A lead playbook on a source of its own (so only its own leads are its audience), switched on: enrols them. */
async function playbookFor(source: string, steps: PlaybookStep[], clock = fixedClock(start)) {
  const input: PlaybookSave = { name: `Emails ${source}`, description: null, trigger: { type: 'leadArrives', source, campaign: null }, steps };
  const playbook = await callerFor(t, admin, clock).playbooks.save(input);
  await callerFor(t, admin, clock).playbooks.setEnabled({ id: playbook.id, enabled: true });
  return playbook;
}

async function leadsOn(count: number, owner: SessionUser, email?: (i: number) => string) {
  sourceN += 1;
  const source = `src-${sourceN}-${Date.now()}`;
  const made = [];
  for (let i = 0; i < count; i++) made.push(await makeLead(t.db, { ownerId: owner.id, leadSource: source, firstName: `Lee${i}`, ...(email ? { email: email(i) } : {}) }));
  return { source, leads: made };
}

const sendsOf = (playbookId: number) =>
  t.db.select({ send: emailSends, recordId: playbookEnrolments.recordId, state: playbookEnrolments.state, reason: playbookEnrolments.reason })
    .from(emailSends).innerJoin(playbookEnrolments, eq(playbookEnrolments.id, emailSends.enrolmentId))
    .where(eq(playbookEnrolments.playbookId, playbookId)).orderBy(emailSends.id);
const enrolmentsIn = (playbookId: number) => t.db.select().from(playbookEnrolments).where(eq(playbookEnrolments.playbookId, playbookId)).orderBy(playbookEnrolments.id);
const mailsTo = (address: string) => smtp.received.filter((m) => m.to.includes(address.toLowerCase()));
/** A header of the raw message, unfolded (nodemailer folds a long one onto the next line). */
const header = (raw: string, name: string) => new RegExp(`^${name}:(.*(?:\\r?\\n[ \\t].*)*)`, 'im').exec(raw.split(/\r?\n\r?\n/)[0]!)?.[1]?.replace(/\r?\n[ \t]+/g, ' ').trim() ?? null;

describe('playbook email sends', { timeout: 120_000 }, () => {
  it('sends as the owner with an unsubscribe link; once used, later sends to the address are skipped and the enrolment goes on', async () => {
    const clock = fixedClock(start);
    const { source, leads } = await leadsOn(1, rep);
    const lead = leads[0]!;
    const playbook = await playbookFor(source, [emailStep()], clock);
    await runDueJobs(t, mailEnv, clock);

    const [mail] = mailsTo(lead.email!);
    expect(mail).toBeDefined();
    expect(header(mail!.raw, 'From')).toBe(`Rob Rep <${rep.email}>`);
    expect(header(mail!.raw, 'Reply-To')).toBeNull();
    // Bounces return to the system address, whatever the From says.
    expect(mail!.from).toBe('crm@example.test');
    const { subject, body } = readMail(mail!);
    expect(subject).toBe('Hello Lee0');
    const link = /(http:\/\/\S+\/unsubscribe\/[A-Za-z0-9_.-]+)/.exec(body)?.[1];
    expect(link).toBeDefined();
    expect(header(mail!.raw, 'List-Unsubscribe')).toBe(`<${link}>`);
    expect(header(mail!.raw, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');

    const [row] = await sendsOf(playbook.id);
    expect(row!.send).toMatchObject({ status: 'sent', recipient: lead.email!.toLowerCase(), variant: 'A', senderId: rep.id, sentAt: start, error: null });
    expect(row!.send.messageId).toBeTruthy();
    const [filed] = await t.db.select().from(activities).where(eq(activities.id, row!.send.activityId!));
    expect(filed).toMatchObject({ type: 'email', direction: 'outbound', relatedToType: 'lead', relatedToId: lead.id, emailMessageId: row!.send.messageId });
    const listed = await callerFor(t, rep).enrolments.list({ playbookId: playbook.id });
    expect(listed[0]).toMatchObject({ state: 'completed', emailStatus: 'sent', emailRecipient: lead.email!.toLowerCase() });

    // The link, opened: a page asking to confirm (a mail scanner's GET unsubscribes nobody); the button's POST does.
    const server = await startTestServer(t, { env: mailEnv });
    try {
      const path = new URL(link!).pathname;
      const shown = await fetch(`${server.baseUrl}${path}`);
      expect(shown.status).toBe(200);
      expect(await shown.text()).toContain('<form method="post">');
      expect(await t.db.select().from(emailSuppressions).where(eq(emailSuppressions.email, lead.email!.toLowerCase()))).toHaveLength(0);
      const tampered = await fetch(`${server.baseUrl}${path.slice(0, -2)}xx`, { method: 'POST' });
      expect(tampered.status).toBe(404);
      const done = await fetch(`${server.baseUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
      expect(done.status).toBe(200);
      expect(await done.text()).toContain('You are unsubscribed');
    } finally {
      await server.close();
    }
    const [suppressed] = await t.db.select().from(emailSuppressions).where(eq(emailSuppressions.email, lead.email!.toLowerCase()));
    expect(suppressed).toMatchObject({ reason: 'unsubscribe' });

    // A later playbook writing to the same address skips the email and goes on to its task.
    const again = await leadsOn(1, rep, () => lead.email!.toUpperCase());
    const later = await playbookFor(again.source, [emailStep(), taskStep], clock);
    const before = smtp.received.length;
    await runDueJobs(t, mailEnv, clock);
    expect(smtp.received.length).toBe(before);
    const [skipped] = await sendsOf(later.id);
    expect(skipped!.send).toMatchObject({ status: 'suppressed', error: 'Not sent: it unsubscribed', sentAt: null });
    const [enrolment] = await enrolmentsIn(later.id);
    expect(enrolment).toMatchObject({ state: 'completed', currentStep: 2 });
    const tasks = await t.db.select().from(activities).where(and(eq(activities.relatedToType, 'lead'), eq(activities.relatedToId, again.leads[0]!.id), eq(activities.type, 'task')));
    expect(tasks.map((x) => x.subject)).toEqual(['Call Lee0']);
  });

  it("sends from MAIL_FROM's address under the owner's name, Reply-To the owner, when their domain is another", async () => {
    const clock = fixedClock(start);
    const { source, leads } = await leadsOn(1, outsider);
    await playbookFor(source, [emailStep()], clock);
    await runDueJobs(t, mailEnv, clock);
    const [mail] = mailsTo(leads[0]!.email!);
    expect(header(mail!.raw, 'From')).toBe('Olga Outside <crm@example.test>');
    expect(header(mail!.raw, 'Reply-To')).toBe(`Olga Outside <${outsider.email}>`);
  });

  it('defers sends past the daily per-sender limit to the next day in the sender\'s zone, then sends them', async () => {
    const sender = await makeUser(t.db, { role: 'rep', name: 'Lim Ited', email: `lim-${Date.now()}@example.test` });
    await t.db.update(users).set({ timeZone: 'America/New_York' }).where(eq(users.id, sender.id));
    await callerFor(t, admin).settings.update({ playbookEmailDailyLimit: 2 });
    try {
      const clock = fixedClock(start);
      const { source } = await leadsOn(3, sender);
      const playbook = await playbookFor(source, [emailStep(), taskStep], clock);
      await runDueJobs(t, mailEnv, clock);
      let sends = await sendsOf(playbook.id);
      expect(sends.map((s) => s.send.status).sort()).toEqual(['limited', 'sent', 'sent']);
      const limited = sends.find((s) => s.send.status === 'limited')!;
      // 10:00 UTC is 05:00 in New York: its next day begins at 05:00 UTC on the 3rd.
      const nextDay = new Date('2026-12-03T05:00:00.000Z');
      expect(limited.send).toMatchObject({ deferredUntil: nextDay, error: 'Lim Ited reached the daily limit of 2 playbook emails', sentAt: null });
      const waiting = (await enrolmentsIn(playbook.id)).find((e) => e.recordId === limited.recordId)!;
      expect(waiting).toMatchObject({ state: 'active', currentStep: 0, nextStepDueAt: nextDay });
      expect((await callerFor(t, sender).enrolments.list({ playbookId: playbook.id })).find((e) => e.id === waiting.id)).toMatchObject({ emailStatus: 'limited' });

      clock.set(new Date(nextDay.getTime() - 60_000));
      await runDueJobs(t, mailEnv, clock);
      expect((await sendsOf(playbook.id)).filter((s) => s.send.status === 'sent')).toHaveLength(2);
      clock.set(nextDay);
      await runDueJobs(t, mailEnv, clock);
      sends = await sendsOf(playbook.id);
      expect(sends.map((s) => s.send.status)).toEqual(['sent', 'sent', 'sent']);
      expect(sends.find((s) => s.recordId === limited.recordId)!.send).toMatchObject({ sentAt: nextDay, deferredUntil: null, error: null });
      expect((await enrolmentsIn(playbook.id)).map((e) => e.state)).toEqual(['completed', 'completed', 'completed']);
    } finally {
      await callerFor(t, admin).settings.update({ playbookEmailDailyLimit: 200 });
    }
  });

  it('records a bounce (5xx) with the server\'s answer and suppresses the address; a temporary refusal retries, then fails the enrolment', async () => {
    const clock = fixedClock(start);
    const { source, leads } = await leadsOn(2, rep);
    const [bouncing, busy] = [leads[0]!.email!.toLowerCase(), leads[1]!.email!.toLowerCase()];
    smtp.bouncingRecipients.add(bouncing);
    smtp.refusingRecipients.add(busy);
    try {
      const playbook = await playbookFor(source, [emailStep(), taskStep], clock);
      const mail = playbookMailFor(mailEnv);
      const [toBounce, toRetry] = await enrolmentsIn(playbook.id);
      await runPlaybookStep(t.db, { enrolmentId: toBounce!.id, stepIndex: 0 }, clock.now(), { mail, lastAttempt: false });
      const [bounced] = (await sendsOf(playbook.id)).filter((s) => s.send.recipient === bouncing);
      expect(bounced!.send.status).toBe('bounced');
      expect(bounced!.send.error).toMatch(/^550 .*No such user/);
      const [entry] = await t.db.select().from(emailSuppressions).where(eq(emailSuppressions.email, bouncing));
      expect(entry).toMatchObject({ reason: 'bounce', sendId: bounced!.send.id });
      expect((await enrolmentsIn(playbook.id))[0]).toMatchObject({ state: 'active', currentStep: 1 });

      await expect(runPlaybookStep(t.db, { enrolmentId: toRetry!.id, stepIndex: 0 }, clock.now(), { mail, lastAttempt: false })).rejects.toThrow(/450/);
      let [retrying] = (await sendsOf(playbook.id)).filter((s) => s.send.recipient === busy);
      expect(retrying!.send.status).toBe('queued');
      expect(retrying!.send.error).toMatch(/^Retrying: 450 /);
      await expect(runPlaybookStep(t.db, { enrolmentId: toRetry!.id, stepIndex: 0 }, clock.now(), { mail, lastAttempt: true })).rejects.toThrow(/450/);
      [retrying] = (await sendsOf(playbook.id)).filter((s) => s.send.recipient === busy);
      expect(retrying!.send.status).toBe('failed');
      expect(retrying!.state).toBe('failed');
      expect(retrying!.reason).toMatch(/^Step 1 failed: 450 /);
      const listed = await callerFor(t, rep).enrolments.list({ playbookId: playbook.id });
      expect(listed.find((e) => e.id === toRetry!.id)).toMatchObject({ state: 'failed', emailStatus: 'failed' });
      expect(listed.find((e) => e.id === toBounce!.id)).toMatchObject({ emailStatus: 'bounced', emailError: bounced!.send.error });
    } finally {
      smtp.bouncingRecipients.delete(bouncing);
      smtp.refusingRecipients.delete(busy);
    }
  });

  it('splits 100 enrolments between two variants by their hash, and counts sends, replies and deals won per variant', async () => {
    const clock = fixedClock(start);
    const { source, leads } = await leadsOn(100, rep);
    const playbook = await playbookFor(source, [emailStep({ variantB: { subject: 'Quick question, {{lead.firstName}}', body: 'Hi {{lead.firstName}}, a short one.' }, percentB: 30 })], clock);
    await runDueJobs(t, mailEnv, clock);
    const sends = await sendsOf(playbook.id);
    expect(sends).toHaveLength(100);
    const b = sends.filter((s) => s.send.variant === 'B');
    expect(b.length).toBe(sends.filter((s) => abVariant(s.send.enrolmentId, 0, 30) === 'B').length);
    expect(b.length).toBeGreaterThan(15);
    expect(b.length).toBeLessThan(45);
    for (const s of sends) {
      const lead = leads.find((l) => l.id === s.recordId)!;
      const { subject } = readMail(mailsTo(lead.email!)[0]!);
      expect(subject).toBe(s.send.variant === 'B' ? `Quick question, ${lead.firstName}` : `Hello ${lead.firstName}`);
    }

    // Replies after the send: two on B leads, one on an A lead (and one on an A lead from before the send, not counted).
    const a = sends.filter((s) => s.send.variant === 'A');
    const inbound = (recordId: number, at: Date) => ({ type: 'email' as const, direction: 'inbound' as const, subject: 'Re: hello', occurredAt: at, relatedToType: 'lead' as const, relatedToId: recordId, ownerId: rep.id });
    await t.db.insert(activities).values([
      inbound(b[0]!.recordId, new Date(start.getTime() + HOUR)),
      inbound(b[1]!.recordId, new Date(start.getTime() + 2 * HOUR)),
      inbound(a[0]!.recordId, new Date(start.getTime() + HOUR)),
      inbound(a[1]!.recordId, new Date(start.getTime() - HOUR)),
    ]);
    // A B lead became a deal that was won after the email.
    const account = await makeAccount(t.db, { ownerId: rep.id, accountName: 'Split Co' });
    const won = await makeOpportunity(t.db, { ownerId: rep.id, accountId: account.id, stage: 'Closed Won', closedAt: new Date(start.getTime() + 24 * HOUR) });
    await t.db.update(leadsTable).set({ status: 'Converted', convertedOpportunityId: won.id }).where(inArray(leadsTable.id, [b[2]!.recordId]));

    const stats = await callerFor(t, rep).playbooks.emailStats({ id: playbook.id });
    expect(stats.map((s) => [s.stepIndex, s.variant, s.sent, s.replies, s.won])).toEqual([
      [0, 'A', a.length, 1, 0],
      [0, 'B', b.length, 2, 1],
    ]);
  });

  it("checks variant B's templates when saved, naming its field", async () => {
    const input: PlaybookSave = { name: 'Broken B', description: null, trigger: { type: 'leadArrives', source: 'nowhere', campaign: null }, steps: [emailStep({ variantB: { subject: 'Hi {{lead.nickname}}', body: 'Hello' }, percentB: 20 })] };
    const error = await clientError(callerFor(t, admin).playbooks.save(input));
    expect(Object.keys(error.fieldErrors ?? {})).toEqual(['steps.0.variantB.subject']);
    const outOfRange = await clientError(callerFor(t, admin).playbooks.save({ ...input, steps: [emailStep({ variantB: { subject: 'Hi', body: 'Hello' }, percentB: 100 })] }));
    expect(outOfRange).toMatchObject({ message: 'steps.0.action.percentB: At most 99%', fieldErrors: { steps: ['At most 99%'] } });
  });

  it('without SMTP gives the owner a task and tracks it as one', async () => {
    const clock = fixedClock(start);
    const { source, leads } = await leadsOn(1, rep);
    const playbook = await playbookFor(source, [emailStep()], clock);
    await runDueJobs(t, t.env, clock);
    const [row] = await sendsOf(playbook.id);
    expect(row!.send).toMatchObject({ status: 'task', recipient: leads[0]!.email!.toLowerCase(), error: 'Given to the owner as a task: email sending is not set up' });
    const [task] = await t.db.select().from(activities).where(eq(activities.id, row!.send.activityId!));
    expect(task!.subject).toBe('Send this email: Hello Lee0');
  });
});

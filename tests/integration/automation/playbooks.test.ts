import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { activities, activityLinks, jobs, notifications, opportunities, playbookEnrolments, playbookStepRuns } from '../../../drizzle/schema';
import { runPlaybookStep } from '../../../server/automation/steps';
import { stepDedupeKey } from '../../../server/automation/triggers';
import { claimJobs } from '../../../server/jobs/queue';
import { jobRegistry } from '../../../server/jobs/registry';
import { runJob } from '../../../server/jobs/worker';
import type { SessionUser } from '../../../server/lib/actor';
import { fixedClock } from '../../../server/lib/clock';
import type { PlaybookSave } from '../../../shared/schemas/playbooks';
import { callerFor } from '../../helpers/context';
import { clientError } from '../../helpers/errorShape';
import { makeAccount } from '../../helpers/factories/accounts';
import { makeOpportunity } from '../../helpers/factories/opportunities';
import { makeUser } from '../../helpers/factories/users';
import { useTestDatabase } from '../../helpers/testDatabase';
import { makeContact } from '../../helpers/factories/contacts';
import { readMail, startFakeSmtp } from '../../fakes/smtp';
import { runDueJobs, silent } from './support';

const t = useTestDatabase();
let manager: SessionUser;
let rep: SessionUser;
let accountId: number;
let n = 0;

const HOUR = 3_600_000;
// Wednesday 2 December 2026, 10:00 UTC.
const start = new Date('2026-12-02T10:00:00.000Z');

beforeAll(async () => {
  manager = await makeUser(t.db, { role: 'manager', name: 'Mia Manager' });
  rep = await makeUser(t.db, { role: 'rep', name: 'Rob Rep' });
  accountId = (await makeAccount(t.db, { ownerId: rep.id, accountName: 'Acme' })).id;
});

function proposalPlaybook(name: string): PlaybookSave {
  return {
    name,
    description: null,
    trigger: { type: 'dealEntersStage', stage: 'Proposal' },
    steps: [
      { delay: { amount: 0, unit: 'hours' }, action: { type: 'createTask', subject: 'Confirm the economic buyer for {{opportunity.opportunityName}}', dueInDays: 2 } },
      { delay: { amount: 1, unit: 'days' }, action: { type: 'createTask', subject: 'Map the paper process at {{account.accountName}}', dueInDays: 0 } },
      { delay: { amount: 3, unit: 'businessDays' }, action: { type: 'notifyOwner', message: '{{owner.name}}: security review for {{opportunity.opportunityName}}?' } },
    ],
  };
}

async function switchedOn(name: string, clock = fixedClock(start)) {
  const playbook = await callerFor(t, manager, clock).playbooks.save(proposalPlaybook(name));
  await callerFor(t, manager, clock).playbooks.setEnabled({ id: playbook.id, enabled: true });
  return playbook;
}

async function dealIn(stage: 'Discovery' | 'Proposal' = 'Discovery') {
  n += 1;
  return makeOpportunity(t.db, { ownerId: rep.id, accountId, stage, opportunityName: `Acme deal ${n}` });
}

const moveTo = (clock: ReturnType<typeof fixedClock>, id: number, stage: 'Proposal' | 'Negotiation' | 'Closed Lost' | 'Discovery') =>
  callerFor(t, rep, clock).opportunities.update({ id, stage, ...(stage === 'Closed Lost' ? { lossReason: 'Price' } : {}) } as never);

const tasksOf = (dealId: number) =>
  t.db.select().from(activities).where(and(eq(activities.relatedToType, 'opportunity'), eq(activities.relatedToId, dealId), eq(activities.type, 'task'))).orderBy(activities.id);
const enrolmentsOf = (dealId: number) => t.db.select().from(playbookEnrolments).where(eq(playbookEnrolments.recordId, dealId));

describe('playbooks', { timeout: 60_000 }, () => {
  it('refuses unknown template variables with the step field that holds them, and non-managers', async () => {
    const bad = proposalPlaybook('Broken');
    bad.steps[1] = { delay: { amount: 0, unit: 'hours' }, action: { type: 'createTask', subject: 'Call {{contact.phone}}', dueInDays: 0 } };
    const error = await clientError(callerFor(t, manager).playbooks.save(bad));
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.fieldErrors?.['steps.1.subject']?.[0]).toMatch(/^Unknown variable \{\{contact.phone\}\}/);
    expect((await clientError(callerFor(t, rep).playbooks.save(proposalPlaybook('Mine')))).code).toBe('FORBIDDEN');
    expect((await clientError(callerFor(t, manager).playbooks.save({ ...proposalPlaybook('Empty'), steps: [] }))).fieldErrors).toEqual({ steps: ['Add at least one step'] });
  });

  it('enrols a deal entering Proposal once and creates its tasks at the right offsets', async () => {
    const clock = fixedClock(start);
    const playbook = await switchedOn('Proposal checklist A', clock);
    const deal = await dealIn();
    await moveTo(clock, deal.id, 'Proposal');
    const [enrolment] = await enrolmentsOf(deal.id);
    expect(enrolment).toMatchObject({ playbookId: playbook.id, playbookVersion: 1, state: 'active', currentStep: 0, ownerId: rep.id });

    await runDueJobs(t, t.env, clock);
    let tasks = await tasksOf(deal.id);
    // Due in 2 days: by the end of Friday in the owner's zone (UTC), not at 10:00 on Friday.
    expect(tasks.map((x) => [x.subject, x.dueAt, x.ownerId])).toEqual([[`Confirm the economic buyer for ${deal.opportunityName}`, new Date('2026-12-04T23:59:59.999Z'), rep.id]]);
    expect((await enrolmentsOf(deal.id))[0]).toMatchObject({ currentStep: 1, nextStepDueAt: new Date(start.getTime() + 24 * HOUR) });

    // Moving out of Proposal and back while enrolled does not enrol it twice.
    await moveTo(clock, deal.id, 'Negotiation');
    await moveTo(clock, deal.id, 'Proposal');
    expect(await enrolmentsOf(deal.id)).toHaveLength(1);

    // Nothing more is due until a day has passed.
    clock.advance(23 * HOUR);
    await runDueJobs(t, t.env, clock);
    expect(await tasksOf(deal.id)).toHaveLength(1);
    clock.advance(HOUR);
    await runDueJobs(t, t.env, clock);
    tasks = await tasksOf(deal.id);
    expect(tasks.map((x) => x.subject)).toEqual([`Confirm the economic buyer for ${deal.opportunityName}`, 'Map the paper process at Acme']);
    // T+3 business days from Wednesday 10:00 is Monday 10:00.
    expect((await enrolmentsOf(deal.id))[0]!.nextStepDueAt).toEqual(new Date('2026-12-07T10:00:00.000Z'));

    clock.set(new Date('2026-12-07T10:00:00.000Z'));
    await runDueJobs(t, t.env, clock);
    const [note] = await t.db.select().from(notifications).where(and(eq(notifications.userId, rep.id), eq(notifications.kind, 'playbook')));
    expect(note).toMatchObject({ title: `Rob Rep: security review for ${deal.opportunityName}?`, recordType: 'opportunity', recordId: deal.id });
    expect((await enrolmentsOf(deal.id))[0]).toMatchObject({ state: 'completed', currentStep: 3, activeKey: null });
    const listed = await callerFor(t, rep).enrolments.list({ recordType: 'opportunity', recordId: deal.id });
    expect(listed[0]).toMatchObject({ playbookName: 'Proposal checklist A', state: 'completed', stepsRun: 3, stepCount: 3 });
    // Completed, it may be enrolled again the next time the deal enters Proposal.
    await moveTo(clock, deal.id, 'Negotiation');
    await moveTo(clock, deal.id, 'Proposal');
    expect(await enrolmentsOf(deal.id)).toHaveLength(2);
    await callerFor(t, manager).playbooks.setEnabled({ id: playbook.id, enabled: false });
  });

  it('previews the audience now in the stage and enrols it when switched on', async () => {
    const clock = fixedClock(start);
    const inProposal = [await dealIn('Proposal'), await dealIn('Proposal')];
    const playbook = await callerFor(t, manager, clock).playbooks.save(proposalPlaybook('Proposal checklist B'));
    const preview = await callerFor(t, rep).playbooks.previewAudience({ trigger: playbook.trigger, playbookId: playbook.id });
    const [inStage] = await t.db.select({ n: opportunities.id }).from(opportunities).where(eq(opportunities.stage, 'Proposal'));
    expect(inStage).toBeDefined();
    expect(preview.count).toBeGreaterThanOrEqual(2);
    const switched = await callerFor(t, manager, clock).playbooks.setEnabled({ id: playbook.id, enabled: true });
    expect(switched.enrolled).toBe(preview.count);
    for (const deal of inProposal) expect((await enrolmentsOf(deal.id)).filter((e) => e.playbookId === playbook.id)).toHaveLength(1);
    expect((await callerFor(t, rep).playbooks.previewAudience({ trigger: playbook.trigger, playbookId: playbook.id })).count).toBe(0);
    await callerFor(t, manager).playbooks.setEnabled({ id: playbook.id, enabled: false });
  });

  it('exits when the deal closes or its owner removes it, and later steps never run', async () => {
    const clock = fixedClock(start);
    const playbook = await switchedOn('Proposal checklist C', clock);
    const closing = await dealIn();
    const removed = await dealIn();
    await moveTo(clock, closing.id, 'Proposal');
    await moveTo(clock, removed.id, 'Proposal');
    await runDueJobs(t, t.env, clock);
    await moveTo(clock, closing.id, 'Closed Lost');
    const [exited] = (await enrolmentsOf(closing.id)).filter((e) => e.playbookId === playbook.id);
    expect(exited).toMatchObject({ state: 'exited', reason: 'The deal closed (Closed Lost)', activeKey: null });
    const [enrolment] = (await enrolmentsOf(removed.id)).filter((e) => e.playbookId === playbook.id);
    expect((await clientError(callerFor(t, await makeUser(t.db, { role: 'rep' })).enrolments.remove({ id: enrolment!.id }))).code).toBe('FORBIDDEN');
    await callerFor(t, rep, clock).enrolments.remove({ id: enrolment!.id });
    clock.advance(10 * 24 * HOUR);
    await runDueJobs(t, t.env, clock);
    expect(await tasksOf(closing.id)).toHaveLength(1);
    expect(await tasksOf(removed.id)).toHaveLength(1);
    expect((await enrolmentsOf(removed.id))[0]).toMatchObject({ state: 'exited', reason: 'Removed by Rob Rep' });
    await callerFor(t, manager).playbooks.setEnabled({ id: playbook.id, enabled: false });
  });

  it('exits when a reply is captured on the deal: an inbound email linked to it', async () => {
    const clock = fixedClock(start);
    const playbook = await switchedOn('Proposal checklist R', clock);
    const deal = await dealIn();
    const outboundOnly = await dealIn();
    await moveTo(clock, deal.id, 'Proposal');
    await moveTo(clock, outboundOnly.id, 'Proposal');
    await runDueJobs(t, t.env, clock);
    // Capture files the customer's answer on the contact and links it to the deal; our own email does not count.
    clock.advance(2 * HOUR);
    const mail = (direction: 'inbound' | 'outbound', messageId: string) => ({
      type: 'email' as const, subject: 'Re: proposal', direction, occurredAt: clock.now(), relatedToType: 'account' as const, relatedToId: accountId, accountId, ownerId: rep.id, emailMessageId: messageId,
    });
    const [reply] = await t.db.insert(activities).values(mail('inbound', `<reply-${deal.id}@customer.example>`)).$returningId();
    await t.db.insert(activityLinks).values({ activityId: reply!.id, relatedToType: 'opportunity', relatedToId: deal.id, occurredAt: clock.now() });
    const [ours] = await t.db.insert(activities).values(mail('outbound', `<ours-${outboundOnly.id}@corp.example>`)).$returningId();
    await t.db.insert(activityLinks).values({ activityId: ours!.id, relatedToType: 'opportunity', relatedToId: outboundOnly.id, occurredAt: clock.now() });

    clock.advance(24 * HOUR);
    await runDueJobs(t, t.env, clock);
    const [exited] = (await enrolmentsOf(deal.id)).filter((e) => e.playbookId === playbook.id);
    expect(exited).toMatchObject({ state: 'exited', reason: 'A reply arrived (an inbound email on the deal)', currentStep: 1 });
    expect(await tasksOf(deal.id)).toHaveLength(1);
    const [going] = (await enrolmentsOf(outboundOnly.id)).filter((e) => e.playbookId === playbook.id);
    expect(going).toMatchObject({ state: 'active', currentStep: 2 });
    expect(await tasksOf(outboundOnly.id)).toHaveLength(2);
    await callerFor(t, manager).playbooks.setEnabled({ id: playbook.id, enabled: false });
  });

  it('emails the champion through SMTP, and without SMTP gives the owner a task carrying the rendered email', async () => {
    const smtp = await startFakeSmtp();
    try {
      const clock = fixedClock(start);
      const emailing: PlaybookSave = {
        name: 'Proposal email',
        description: null,
        trigger: { type: 'dealEntersStage', stage: 'Proposal' },
        steps: [{ delay: { amount: 0, unit: 'hours' }, action: { type: 'sendEmail', subject: 'Your proposal for {{opportunity.opportunityName}}', body: 'Hi {{contact.firstName}},\n\nThe proposal is attached. {{owner.name}}' } }],
      };
      const playbook = await callerFor(t, manager, clock).playbooks.save(emailing);
      await callerFor(t, manager, clock).playbooks.setEnabled({ id: playbook.id, enabled: true });
      const champion = await makeContact(t.db, { ownerId: rep.id, accountId, firstName: 'Cleo', email: `cleo-${Date.now()}@acme.example` });
      const withSmtp = await dealIn();
      await t.db.update(opportunities).set({ championContactId: champion.id }).where(eq(opportunities.id, withSmtp.id));
      await moveTo(clock, withSmtp.id, 'Proposal');
      await runDueJobs(t, { ...t.env, mail: { smtpUrl: smtp.url, from: 'Tru-CRM <crm@example.test>' } }, clock);
      expect(smtp.received).toHaveLength(1);
      expect(smtp.received[0]!.to).toEqual([champion.email]);
      const mail = readMail(smtp.received[0]!);
      expect(mail.subject).toBe(`Your proposal for ${withSmtp.opportunityName}`);
      expect(mail.body).toContain('Hi Cleo,');
      const [sent] = await t.db.select().from(activities).where(and(eq(activities.relatedToId, withSmtp.id), eq(activities.type, 'email')));
      expect(sent).toMatchObject({ direction: 'outbound', subject: `Your proposal for ${withSmtp.opportunityName}`, ownerId: rep.id });
      expect((await enrolmentsOf(withSmtp.id)).find((e) => e.playbookId === playbook.id)?.state).toBe('completed');

      const withoutSmtp = await dealIn();
      await t.db.update(opportunities).set({ championContactId: champion.id }).where(eq(opportunities.id, withoutSmtp.id));
      await moveTo(clock, withoutSmtp.id, 'Proposal');
      await runDueJobs(t, t.env, clock);
      expect(smtp.received).toHaveLength(1);
      const [task] = await tasksOf(withoutSmtp.id);
      expect(task).toMatchObject({ subject: `Send this email: Your proposal for ${withoutSmtp.opportunityName}`, ownerId: rep.id });
      expect(task!.body).toContain(`To: ${champion.email}`);
      expect(task!.body).toContain('Hi Cleo,\n\nThe proposal is attached. Rob Rep');
      await callerFor(t, manager).playbooks.setEnabled({ id: playbook.id, enabled: false });
    } finally {
      await smtp.close();
    }
  });

  it('runs each step once when a worker dies between steps, or two workers get the same step', async () => {
    const clock = fixedClock(start);
    const playbook = await switchedOn('Proposal checklist D', clock);
    const deal = await dealIn();
    await moveTo(clock, deal.id, 'Proposal');
    const [enrolment] = (await enrolmentsOf(deal.id)).filter((e) => e.playbookId === playbook.id);
    const stepJob = async (step: number) => (await t.db.select().from(jobs).where(eq(jobs.dedupeKey, stepDedupeKey(enrolment!.id, step))))[0]!;

    // Worker A claims step 1's job, commits the step, and dies before marking the job done.
    const claimedByA = await claimJobs(t.db, 'worker-a', 50, clock.now(), 60_000);
    expect(claimedByA.map((j) => j.id)).toContain((await stepJob(0)).id);
    await runPlaybookStep(t.db, { enrolmentId: enrolment!.id, stepIndex: 0 }, clock.now());
    // Its lease expires; worker B (after a restart) takes the job over and runs it: nothing happens twice.
    clock.advance(2 * 60_000);
    const claimedByB = await claimJobs(t.db, 'worker-b', 50, clock.now(), 60_000);
    const retried = claimedByB.find((j) => j.id === claimedByA.find((a) => a.type === 'automation.playbookStep' && (a.payload as { enrolmentId: number }).enrolmentId === enrolment!.id)!.id)!;
    expect(retried).toBeDefined();
    await runJob({ db: t.db, env: t.env, log: silent, clock, registry: jobRegistry }, 'worker-b', retried);
    expect(await tasksOf(deal.id)).toHaveLength(1);
    expect((await stepJob(0)).status).toBe('done');

    // Step 2 delivered to two workers at once: one runs it.
    clock.advance(24 * HOUR);
    const outcomes = await Promise.all([
      runPlaybookStep(t.db, { enrolmentId: enrolment!.id, stepIndex: 1 }, clock.now()),
      runPlaybookStep(t.db, { enrolmentId: enrolment!.id, stepIndex: 1 }, clock.now()),
    ]);
    expect(outcomes.sort()).toEqual(['ran', 'skipped']);
    await runDueJobs(t, t.env, clock);
    expect(await tasksOf(deal.id)).toHaveLength(2);
    const runs = await t.db.select().from(playbookStepRuns).where(eq(playbookStepRuns.enrolmentId, enrolment!.id));
    expect(runs.map((r) => r.stepIndex).sort()).toEqual([0, 1]);
    await callerFor(t, manager).playbooks.setEnabled({ id: playbook.id, enabled: false });
  });

  it('keeps running enrolments on the version they started with', async () => {
    const clock = fixedClock(start);
    const playbook = await switchedOn('Proposal checklist E', clock);
    const early = await dealIn();
    await moveTo(clock, early.id, 'Proposal');
    const changed = proposalPlaybook('Proposal checklist E');
    changed.steps[0] = { delay: { amount: 0, unit: 'hours' }, action: { type: 'createTask', subject: 'New first task for {{opportunity.opportunityName}}', dueInDays: 1 } };
    const saved = await callerFor(t, manager, clock).playbooks.save({ ...changed, id: playbook.id });
    expect(saved.currentVersion).toBe(2);
    const late = await dealIn();
    await moveTo(clock, late.id, 'Proposal');
    await runDueJobs(t, t.env, clock);
    expect((await tasksOf(early.id))[0]!.subject).toBe(`Confirm the economic buyer for ${early.opportunityName}`);
    expect((await tasksOf(late.id))[0]!.subject).toBe(`New first task for ${late.opportunityName}`);
    await callerFor(t, manager).playbooks.setEnabled({ id: playbook.id, enabled: false });
  });
});

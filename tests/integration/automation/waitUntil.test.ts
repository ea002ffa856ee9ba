// Wait-until steps through the job queue with an injected clock: a reply captured before the timeout goes on at
// once (a check queued in the capture's transaction), the timeout goes on or ends, a stage move ends the wait,
// and every step runs exactly once whatever the queue redelivers.
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { activities, jobs, playbookEnrolments, playbookStepRuns } from '../../../drizzle/schema';
import { linkActivity } from '../../../server/capture/store';
import { runPlaybookStep } from '../../../server/automation/steps';
import { inTransaction } from '../../../server/db';
import { type SessionUser, systemActor } from '../../../server/lib/actor';
import { fixedClock } from '../../../server/lib/clock';
import { insertCapturedActivity } from '../../../server/services/activities';
import type { PlaybookSave, PlaybookStep } from '../../../shared/schemas/playbooks';
import { callerFor } from '../../helpers/context';
import { clientError } from '../../helpers/errorShape';
import { makeAccount } from '../../helpers/factories/accounts';
import { makeOpportunity } from '../../helpers/factories/opportunities';
import { makeUser } from '../../helpers/factories/users';
import { useTestDatabase } from '../../helpers/testDatabase';
import { runDueJobs } from './support';

const t = useTestDatabase();
let manager: SessionUser;
let rep: SessionUser;
let accountId: number;
let n = 0;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
// Wednesday 2 December 2026, 10:00 UTC.
const start = new Date('2026-12-02T10:00:00.000Z');

beforeAll(async () => {
  manager = await makeUser(t.db, { role: 'manager', name: 'Mia Manager' });
  rep = await makeUser(t.db, { role: 'rep', name: 'Rob Rep' });
  accountId = (await makeAccount(t.db, { ownerId: rep.id, accountName: 'Acme' })).id;
});

const wait = (condition: 'reply' | 'stageMoves', onTimeout: 'continue' | 'exit'): PlaybookStep => ({
  delay: { amount: 0, unit: 'hours' },
  action: { type: 'waitUntil', condition, timeout: { amount: 3, unit: 'days' }, onTimeout },
});
function sequence(name: string, waitStep: PlaybookStep, trigger: PlaybookSave['trigger'] = { type: 'dealEntersStage', stage: 'Proposal' }): PlaybookSave {
  return {
    name,
    description: null,
    trigger,
    steps: [
      { delay: { amount: 0, unit: 'hours' }, action: { type: 'notifyOwner', message: 'Sent the proposal' } },
      waitStep,
      { delay: { amount: 2, unit: 'hours' }, action: { type: 'createTask', subject: 'Follow up', dueInDays: 0 } },
    ],
  };
}
async function switchedOn(p: PlaybookSave, clock: ReturnType<typeof fixedClock>) {
  const saved = await callerFor(t, manager, clock).playbooks.save(p);
  await callerFor(t, manager, clock).playbooks.setEnabled({ id: saved.id, enabled: true });
  return saved;
}
async function dealEntering(clock: ReturnType<typeof fixedClock>) {
  n += 1;
  const deal = await makeOpportunity(t.db, { ownerId: rep.id, accountId, stage: 'Discovery', opportunityName: `Wait deal ${n}` });
  await callerFor(t, rep, clock).opportunities.update({ id: deal.id, stage: 'Proposal' } as never);
  return deal;
}
const enrolmentOf = async (playbookId: number, recordId: number) =>
  (await t.db.select().from(playbookEnrolments).where(and(eq(playbookEnrolments.playbookId, playbookId), eq(playbookEnrolments.recordId, recordId))))[0]!;
const runsOf = (enrolmentId: number) => t.db.select().from(playbookStepRuns).where(eq(playbookStepRuns.enrolmentId, enrolmentId)).orderBy(playbookStepRuns.stepIndex);
const tasksOn = (type: 'opportunity' | 'lead', id: number) =>
  t.db.select().from(activities).where(and(eq(activities.relatedToType, type), eq(activities.relatedToId, id), eq(activities.type, 'task')));

/** A reply as capture stores it: filed on the account, linked to the deal (capture's own functions). */
async function captureReplyOnDeal(dealId: number, at: Date, direction: 'inbound' | 'outbound' = 'inbound') {
  return inTransaction(t.db, async (tx) => {
    const { id } = await insertCapturedActivity(tx, systemActor('capture'), { subject: 'Re: proposal', occurredAt: at, direction, relatedTo: { type: 'account', id: accountId }, emailMessageId: `<r-${dealId}-${at.getTime()}-${direction}@customer.example>`, ownerId: rep.id }, at);
    await linkActivity(tx, id, at, [{ type: 'opportunity', id: dealId }], at);
    return id;
  });
}

describe('wait-until steps', { timeout: 60_000 }, () => {
  it('refuses a stage wait on a lead playbook', async () => {
    const error = await clientError(callerFor(t, manager).playbooks.save(sequence('Lead stage wait', wait('stageMoves', 'continue'), { type: 'leadQualified', level: 'MQL' })));
    expect(error.fieldErrors?.['steps.1.condition']?.[0]).toMatch(/Only deals have a stage/);
  });

  it('a reply captured before the timeout goes on at once; the timeout job later finds nothing to do', async () => {
    const clock = fixedClock(start);
    const p = await switchedOn(sequence('Wait for reply', wait('reply', 'exit')), clock);
    const deal = await dealEntering(clock);
    await runDueJobs(t, t.env, clock);
    let e = await enrolmentOf(p.id, deal.id);
    expect(e).toMatchObject({ state: 'active', currentStep: 1, waitStartedAt: start, waitTimeoutAt: new Date(start.getTime() + 3 * DAY), nextStepDueAt: new Date(start.getTime() + 3 * DAY) });
    // One job at the timeout, no polling.
    const timeoutJob = (await t.db.select().from(jobs).where(eq(jobs.dedupeKey, `automation.playbookWait:${e.id}:1:timeout`)))[0];
    expect(timeoutJob).toMatchObject({ status: 'queued', runAt: new Date(start.getTime() + 3 * DAY) });
    // Our own email is not a reply: the check it queues finds the wait still waiting.
    clock.advance(HOUR);
    await captureReplyOnDeal(deal.id, clock.now(), 'outbound');
    await runDueJobs(t, t.env, clock);
    expect(await enrolmentOf(p.id, deal.id)).toMatchObject({ currentStep: 1, state: 'active' });

    clock.advance(5 * HOUR);
    const replyId = await captureReplyOnDeal(deal.id, clock.now());
    const check = (await t.db.select().from(jobs).where(eq(jobs.dedupeKey, `automation.playbookWait:${e.id}:1:activity:${replyId}`)))[0];
    expect(check).toMatchObject({ status: 'queued', runAt: clock.now() });
    await runDueJobs(t, t.env, clock);
    e = await enrolmentOf(p.id, deal.id);
    // Went on when the reply came, and the next step counts its 2 hours from then (not from the enrolment).
    expect(e).toMatchObject({ state: 'active', currentStep: 2, waitStartedAt: null, anchorAt: clock.now(), nextStepDueAt: new Date(clock.now().getTime() + 2 * HOUR) });
    expect((await runsOf(e.id)).map((r) => r.outcome)).toEqual(['Owner notified', 'A reply arrived: went on']);
    clock.advance(2 * HOUR);
    await runDueJobs(t, t.env, clock);
    expect(await tasksOn('opportunity', deal.id)).toHaveLength(1);
    // The reply did not end the enrolment: this playbook waits for replies itself.
    expect(await enrolmentOf(p.id, deal.id)).toMatchObject({ state: 'completed', currentStep: 3 });

    // The timeout job comes due and runs: the step is past, nothing happens twice.
    clock.set(new Date(start.getTime() + 3 * DAY));
    await runDueJobs(t, t.env, clock);
    expect((await t.db.select().from(jobs).where(eq(jobs.id, timeoutJob!.id)))[0]!.status).toBe('done');
    expect(await runsOf(e.id)).toHaveLength(3);
    await callerFor(t, manager).playbooks.setEnabled({ id: p.id, enabled: false });
  });

  it('on timeout goes on (continue) or ends the enrolment (exit)', async () => {
    const clock = fixedClock(start);
    const goOn = await switchedOn(sequence('Timeout continue', wait('reply', 'continue')), clock);
    const end = await switchedOn(sequence('Timeout exit', wait('reply', 'exit')), clock);
    const deal = await dealEntering(clock);
    await runDueJobs(t, t.env, clock);
    clock.advance(3 * DAY - 1);
    await runDueJobs(t, t.env, clock);
    expect((await enrolmentOf(goOn.id, deal.id)).currentStep).toBe(1);
    clock.advance(1);
    await runDueJobs(t, t.env, clock);
    const continued = await enrolmentOf(goOn.id, deal.id);
    expect(continued).toMatchObject({ state: 'active', currentStep: 2, nextStepDueAt: new Date(start.getTime() + 3 * DAY + 2 * HOUR) });
    expect((await runsOf(continued.id)).map((r) => r.outcome)).toEqual(['Owner notified', 'Timed out: went on']);
    const ended = await enrolmentOf(end.id, deal.id);
    expect(ended).toMatchObject({ state: 'exited', reason: 'Step 2 timed out: no reply arrived', currentStep: 1 });
    clock.advance(2 * HOUR);
    await runDueJobs(t, t.env, clock);
    // Only the continuing playbook created its task.
    expect(await tasksOn('opportunity', deal.id)).toHaveLength(1);
    for (const p of [goOn, end]) await callerFor(t, manager).playbooks.setEnabled({ id: p.id, enabled: false });
  });

  it("the deal's stage moving ends a stage wait at once; a redelivered check or a second worker runs nothing twice", async () => {
    const clock = fixedClock(start);
    const p = await switchedOn(sequence('Wait for the stage', wait('stageMoves', 'exit')), clock);
    const deal = await dealEntering(clock);
    await runDueJobs(t, t.env, clock);
    const e = await enrolmentOf(p.id, deal.id);
    expect(e.waitStartedAt).toEqual(start);
    clock.advance(DAY);
    await callerFor(t, rep, clock).opportunities.update({ id: deal.id, stage: 'Negotiation' } as never);
    // Two workers get the check at once (a redelivery after a restart looks the same): one resolves the wait.
    const outcomes = await Promise.all([
      runPlaybookStep(t.db, { enrolmentId: e.id, stepIndex: 1 }, clock.now()),
      runPlaybookStep(t.db, { enrolmentId: e.id, stepIndex: 1 }, clock.now()),
    ]);
    expect(outcomes.sort()).toEqual(['ran', 'skipped']);
    await runDueJobs(t, t.env, clock);
    expect((await runsOf(e.id)).map((r) => r.outcome)).toEqual(['Owner notified', "The deal's stage moved: went on"]);
    expect(await enrolmentOf(p.id, deal.id)).toMatchObject({ currentStep: 2, nextStepDueAt: new Date(clock.now().getTime() + 2 * HOUR) });
    await callerFor(t, manager).playbooks.setEnabled({ id: p.id, enabled: false });
  });

  it('a lead waiting for a reply goes on when an inbound email is filed on it', async () => {
    const clock = fixedClock(start);
    const p = await switchedOn(sequence('Lead reply wait', wait('reply', 'exit'), { type: 'leadArrives', source: 'Referral', campaign: null }), clock);
    const lead = await callerFor(t, rep, clock).leads.create({ firstName: 'Ada', lastName: 'Reply', company: 'Lovelace Ltd', email: 'ada@lovelace.example', leadSource: 'Referral', status: 'New' } as never);
    await runDueJobs(t, t.env, clock);
    expect((await enrolmentOf(p.id, lead.id)).currentStep).toBe(1);
    clock.advance(DAY);
    await callerFor(t, rep, clock).activities.create({ type: 'email', direction: 'inbound', subject: 'Re: intro', relatedToType: 'lead', relatedToId: lead.id } as never);
    await runDueJobs(t, t.env, clock);
    expect(await enrolmentOf(p.id, lead.id)).toMatchObject({ state: 'active', currentStep: 2 });
    clock.advance(2 * HOUR);
    await runDueJobs(t, t.env, clock);
    expect(await tasksOn('lead', lead.id)).toHaveLength(1);
  });
});

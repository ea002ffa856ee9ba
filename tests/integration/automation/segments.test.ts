// Segment playbooks (a record enters a shared saved view, found by the periodic job) and the set-a-field step.
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { activities, leads, playbookEnrolments, projects } from '../../../drizzle/schema';
import { sweepSegments } from '../../../server/automation/segments';
import { enqueueJob } from '../../../server/jobs/queue';
import type { SessionUser } from '../../../server/lib/actor';
import { fixedClock } from '../../../server/lib/clock';
import type { PlaybookSave, PlaybookStep, PlaybookTrigger } from '../../../shared/schemas/playbooks';
import { auditTrail } from '../../helpers/audit';
import { callerFor } from '../../helpers/context';
import { clientError } from '../../helpers/errorShape';
import { makeAccount } from '../../helpers/factories/accounts';
import { makeLead } from '../../helpers/factories/leads';
import { makeProject } from '../../helpers/factories/projects';
import { makeUser } from '../../helpers/factories/users';
import { useTestDatabase } from '../../helpers/testDatabase';
import { runDueJobs } from './support';

const t = useTestDatabase();
let manager: SessionUser;
let rep: SessionUser;
const MINUTE = 60_000;
// Wednesday 2 December 2026, 10:00 UTC.
const start = new Date('2026-12-02T10:00:00.000Z');

beforeAll(async () => {
  manager = await makeUser(t.db, { role: 'manager', name: 'Mia Manager' });
  rep = await makeUser(t.db, { role: 'rep', name: 'Rob Rep' });
});

const taskStep: PlaybookStep = { delay: { amount: 0, unit: 'hours' }, action: { type: 'createTask', subject: 'Call {{lead.firstName}} from {{lead.company}}', dueInDays: 0 } };
const playbook = (name: string, trigger: PlaybookTrigger, steps: PlaybookStep[] = [taskStep]): PlaybookSave => ({ name, description: null, trigger, steps });

/** A shared view of new leads from one source, saved by the manager as the Leads list would. */
async function sharedLeadView(source: string, shared = true) {
  return callerFor(t, manager).views.save({ list: 'leads', name: `New from ${source}`, params: { status: 'New', leadSource: source, sort: 'createdAt' }, shared });
}
const enrolmentsOf = (playbookId: number) => t.db.select().from(playbookEnrolments).where(eq(playbookEnrolments.playbookId, playbookId)).orderBy(playbookEnrolments.id);

describe('segment playbooks', { timeout: 60_000 }, () => {
  it('offers only shared views of the list, naming the field', async () => {
    const mine = await sharedLeadView('Private fair', false);
    const refused = await clientError(callerFor(t, manager).playbooks.save(playbook('Private segment', { type: 'entersSegment', list: 'leads', viewId: mine.id, viewName: null })));
    expect(refused.fieldErrors?.['trigger.viewId']?.[0]).toMatch(/shared saved view/);
    const shared = await sharedLeadView('Fair');
    const wrongList = await clientError(callerFor(t, manager).playbooks.save(playbook('Wrong list', { type: 'entersSegment', list: 'cases', viewId: shared.id, viewName: null }, [{ ...taskStep, action: { type: 'createTask', subject: 'Look', dueInDays: 0 } }])));
    expect(wrongList.fieldErrors?.['trigger.viewId']?.[0]).toMatch(/leads list/);
    const preview = await clientError(callerFor(t, rep).playbooks.previewAudience({ trigger: { type: 'entersSegment', list: 'leads', viewId: mine.id, viewName: null } }));
    expect(preview.fieldErrors?.['trigger.viewId']).toBeDefined();
  });

  it('previews who is in the view, enrols them when switched on, then enrols each newcomer once from the periodic job', async () => {
    const clock = fixedClock(start);
    const view = await sharedLeadView('Web');
    const inView = [await makeLead(t.db, { ownerId: rep.id, leadSource: 'Web', status: 'New' }), await makeLead(t.db, { ownerId: rep.id, leadSource: 'Web', status: 'New' })];
    await makeLead(t.db, { ownerId: rep.id, leadSource: 'Web', status: 'Working' });
    await makeLead(t.db, { ownerId: rep.id, leadSource: 'Fair', status: 'New' });
    const trigger: PlaybookTrigger = { type: 'entersSegment', list: 'leads', viewId: view.id, viewName: null };

    // The preview reads the view through the Leads list's own filters: the same leads the list shows.
    const preview = await callerFor(t, rep, clock).playbooks.previewAudience({ trigger });
    const listed = await callerFor(t, rep).leads.list({ status: 'New', leadSource: 'Web' });
    expect(preview).toMatchObject({ recordType: 'lead', count: 2 });
    expect(preview.sample.map((s) => s.id).sort()).toEqual(listed.items.map((l) => l.id).sort());
    expect(preview.sample.map((s) => s.id).sort()).toEqual(inView.map((l) => l.id).sort());

    const saved = await callerFor(t, manager, clock).playbooks.save(playbook('Web newcomers', trigger));
    expect(saved.trigger).toMatchObject({ viewId: view.id, viewName: 'New from Web' });
    expect((await callerFor(t, manager, clock).playbooks.setEnabled({ id: saved.id, enabled: true })).enrolled).toBe(2);

    // Nothing new: the sweep enrols nobody more.
    clock.advance(10 * MINUTE);
    expect(await sweepSegments(t.db, clock.now())).toContainEqual({ playbookId: saved.id, enrolled: 0 });

    // A lead enters the view (arrives, or is set back to New): the next sweep enrols it, once.
    const newcomer = await makeLead(t.db, { ownerId: rep.id, leadSource: 'Web', status: 'Working' });
    clock.advance(10 * MINUTE);
    expect(await sweepSegments(t.db, clock.now())).toContainEqual({ playbookId: saved.id, enrolled: 0 });
    await t.db.update(leads).set({ status: 'New' }).where(eq(leads.id, newcomer.id));
    const again = await callerFor(t, rep, clock).playbooks.previewAudience({ trigger, playbookId: saved.id });
    expect(again.sample.map((s) => s.id)).toEqual([newcomer.id]);
    clock.advance(10 * MINUTE);
    expect(await sweepSegments(t.db, clock.now())).toContainEqual({ playbookId: saved.id, enrolled: 1 });
    clock.advance(10 * MINUTE);
    expect(await sweepSegments(t.db, clock.now())).toContainEqual({ playbookId: saved.id, enrolled: 0 });
    const mine = (await enrolmentsOf(saved.id)).filter((e) => e.recordId === newcomer.id);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ state: 'active', recordType: 'lead', ownerId: rep.id });

    // Its task is made by the step job, due by the end of the owner's day.
    await runDueJobs(t, t.env, clock);
    const [task] = await t.db.select().from(activities).where(and(eq(activities.relatedToType, 'lead'), eq(activities.relatedToId, newcomer.id), eq(activities.type, 'task')));
    expect(task).toMatchObject({ subject: `Call Lee from ${newcomer.company}`, dueAt: new Date('2026-12-02T23:59:59.999Z') });

    // Leaving and coming back is entering again; it completed, so it is enrolled a second time.
    await t.db.update(leads).set({ status: 'Working' }).where(eq(leads.id, newcomer.id));
    clock.advance(10 * MINUTE);
    await sweepSegments(t.db, clock.now());
    await t.db.update(leads).set({ status: 'New' }).where(eq(leads.id, newcomer.id));
    clock.advance(10 * MINUTE);
    expect(await sweepSegments(t.db, clock.now())).toContainEqual({ playbookId: saved.id, enrolled: 1 });
    expect((await enrolmentsOf(saved.id)).filter((e) => e.recordId === newcomer.id).map((e) => e.state)).toEqual(['completed', 'active']);

    // The scheduled job runs the same sweep.
    const late = await makeLead(t.db, { ownerId: rep.id, leadSource: 'Web', status: 'New' });
    await enqueueJob(t.db, { type: 'automation.segmentSweep', payload: {}, dedupeKey: `test:${clock.now().getTime()}`, runAt: clock.now() }, clock.now());
    await runDueJobs(t, t.env, clock);
    expect((await enrolmentsOf(saved.id)).filter((e) => e.recordId === late.id)).toHaveLength(1);
    await callerFor(t, manager).playbooks.setEnabled({ id: saved.id, enabled: false });
  });
});

describe('segment playbooks of other lists', { timeout: 60_000 }, () => {
  it('a project a view enrolled is not ended by being healthy, only by finishing', async () => {
    const clock = fixedClock(start);
    const accountId = (await makeAccount(t.db, { ownerId: rep.id, accountName: 'Initech' })).id;
    const view = await callerFor(t, manager).views.save({ list: 'projects', name: 'Rollouts in progress', params: { q: 'Rollout', status: 'In Progress' }, shared: true });
    const project = await makeProject(t.db, { ownerId: rep.id, accountId, projectName: 'Initech Rollout', healthStatus: 'Healthy', status: 'In Progress' });
    await makeProject(t.db, { ownerId: rep.id, accountId, projectName: 'Initech Rollout 2', healthStatus: 'Healthy', status: 'Not Started' });
    const trigger: PlaybookTrigger = { type: 'entersSegment', list: 'projects', viewId: view.id, viewName: null };
    expect(await callerFor(t, rep).playbooks.previewAudience({ trigger })).toMatchObject({ recordType: 'project', count: 1, sample: [{ id: project.id, name: 'Initech Rollout' }] });
    const saved = await callerFor(t, manager, clock).playbooks.save(
      playbook('Rollout check-ins', trigger, [
        { delay: { amount: 0, unit: 'hours' }, action: { type: 'notifyOwner', message: 'Check in on {{project.projectName}}' } },
        { delay: { amount: 2, unit: 'days' }, action: { type: 'notifyOwner', message: 'Again' } },
      ]),
    );
    expect((await callerFor(t, manager, clock).playbooks.setEnabled({ id: saved.id, enabled: true })).enrolled).toBe(1);
    await runDueJobs(t, t.env, clock);
    await callerFor(t, rep, clock).projects.update({ id: project.id, activeUsers: 5 });
    expect((await enrolmentsOf(saved.id))[0]).toMatchObject({ state: 'active', currentStep: 1 });
    await callerFor(t, rep, clock).projects.update({ id: project.id, status: 'Completed' });
    expect((await enrolmentsOf(saved.id))[0]).toMatchObject({ state: 'exited', reason: 'The project closed (Completed)' });
  });
});

describe('the set-a-field step', { timeout: 60_000 }, () => {
  it('refuses a value the field does not take, naming the step field', async () => {
    const trigger: PlaybookTrigger = { type: 'leadArrives', source: 'Set field bad', campaign: null };
    const badStatus = await clientError(
      callerFor(t, manager).playbooks.save(playbook('Bad status', trigger, [{ delay: { amount: 0, unit: 'hours' }, action: { type: 'setField', field: 'status', value: 'Hot' } }])),
    );
    expect(badStatus.fieldErrors?.['steps.0.value']?.[0]).toMatch(/"Hot" is not a lead status/);
    const noHealth = await clientError(
      callerFor(t, manager).playbooks.save(playbook('No health', trigger, [{ delay: { amount: 0, unit: 'hours' }, action: { type: 'setField', field: 'healthStatus', value: 'Healthy' } }])),
    );
    expect(noHealth.fieldErrors?.['steps.0.field']?.[0]).toMatch(/A lead has no field/);
    const noOwner = await clientError(
      callerFor(t, manager).playbooks.save(playbook('No owner', trigger, [{ delay: { amount: 0, unit: 'hours' }, action: { type: 'setField', field: 'ownerId', value: 'nobody' } }])),
    );
    expect(noOwner.fieldErrors?.['steps.0.value']?.[0]).toMatch(/active user/);
  });

  it("sets the lead's status through the lead service, audited, in the step", async () => {
    const clock = fixedClock(start);
    const trigger: PlaybookTrigger = { type: 'leadArrives', source: 'Set field web', campaign: null };
    const saved = await callerFor(t, manager, clock).playbooks.save(
      playbook('Mark working', trigger, [
        { delay: { amount: 0, unit: 'hours' }, action: { type: 'setField', field: 'status', value: 'Working' } },
        { delay: { amount: 0, unit: 'hours' }, action: { type: 'setField', field: 'ownerId', value: manager.id } },
      ]),
    );
    await callerFor(t, manager, clock).playbooks.setEnabled({ id: saved.id, enabled: true });
    const lead = await callerFor(t, rep, clock).leads.create({ firstName: 'Ada', lastName: 'Lovelace', company: 'Engines', leadSource: 'Set field web' });
    await runDueJobs(t, t.env, clock);
    const [after] = await t.db.select().from(leads).where(eq(leads.id, lead.id));
    expect(after).toMatchObject({ status: 'Working', ownerId: manager.id });
    const trail = await auditTrail(t.db, 'lead', lead.id);
    expect(trail.map((a) => [a.action, a.changes])).toEqual([
      ['create', expect.anything()],
      ['update', expect.objectContaining({ status: ['New', 'Working'] })],
      ['update', expect.objectContaining({ ownerId: [rep.id, manager.id] })],
    ]);
    const [enrolment] = await enrolmentsOf(saved.id);
    expect(enrolment).toMatchObject({ state: 'completed', ownerId: manager.id });
  });

  it('a project set Healthy leaves its at-risk playbook at that step', async () => {
    const clock = fixedClock(start);
    const accountId = (await makeAccount(t.db, { ownerId: rep.id, accountName: 'Globex' })).id;
    const saved = await callerFor(t, manager, clock).playbooks.save(
      playbook('Recover', { type: 'projectAtRisk', health: 'Critical' }, [
        { delay: { amount: 0, unit: 'hours' }, action: { type: 'setField', field: 'healthStatus', value: 'Healthy' } },
        { delay: { amount: 0, unit: 'hours' }, action: { type: 'notifyOwner', message: 'Never sent' } },
      ]),
    );
    const project = await makeProject(t.db, { ownerId: rep.id, accountId, healthStatus: 'Critical', status: 'In Progress' });
    await callerFor(t, manager, clock).playbooks.setEnabled({ id: saved.id, enabled: true });
    await runDueJobs(t, t.env, clock);
    const [p] = await t.db.select().from(projects).where(eq(projects.id, project.id));
    expect(p!.healthStatus).toBe('Healthy');
    const [enrolment] = (await enrolmentsOf(saved.id)).filter((e) => e.recordId === project.id);
    expect(enrolment).toMatchObject({ state: 'exited', reason: 'The project is healthy again' });
  });
});

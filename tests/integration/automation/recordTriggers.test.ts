// Lead, project and case triggers: each evaluated in the change's transaction, and the audience preview agreeing.
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { activities, leads, notifications, playbookEnrolments } from '../../../drizzle/schema';
import { alertCasesNearSla } from '../../../server/delivery/alerts';
import { rescoreLeads } from '../../../server/insight/leadScores';
import { type SessionUser, systemActor } from '../../../server/lib/actor';
import { createLead } from '../../../server/services/leads';
import { fixedClock } from '../../../server/lib/clock';
import type { PlaybookSave, PlaybookTrigger } from '../../../shared/schemas/playbooks';
import { callerFor } from '../../helpers/context';
import { clientError } from '../../helpers/errorShape';
import { makeAccount } from '../../helpers/factories/accounts';
import { makeCase } from '../../helpers/factories/cases';
import { makeLead } from '../../helpers/factories/leads';
import { makeProject } from '../../helpers/factories/projects';
import { makeUser } from '../../helpers/factories/users';
import { useTestDatabase } from '../../helpers/testDatabase';
import { runDueJobs } from './support';

const t = useTestDatabase();
let manager: SessionUser;
let rep: SessionUser;
let accountId: number;
const HOUR = 3_600_000;
const start = new Date('2026-12-02T10:00:00.000Z');

beforeAll(async () => {
  manager = await makeUser(t.db, { role: 'manager', name: 'Mia Manager' });
  rep = await makeUser(t.db, { role: 'rep', name: 'Rob Rep' });
  accountId = (await makeAccount(t.db, { ownerId: rep.id, accountName: 'Acme' })).id;
});

function playbook(name: string, trigger: PlaybookTrigger, subject: string): PlaybookSave {
  return { name, description: null, trigger, steps: [{ delay: { amount: 0, unit: 'hours' }, action: { type: 'createTask', subject, dueInDays: 1 } }, { delay: { amount: 1, unit: 'days' }, action: { type: 'notifyOwner', message: `${name}: day two` } }] };
}
async function switchedOn(p: PlaybookSave, clock = fixedClock(start)) {
  const saved = await callerFor(t, manager, clock).playbooks.save(p);
  const on = await callerFor(t, manager, clock).playbooks.setEnabled({ id: saved.id, enabled: true });
  return { ...saved, enrolled: on.enrolled };
}
const enrolments = (playbookId: number) => t.db.select().from(playbookEnrolments).where(eq(playbookEnrolments.playbookId, playbookId)).orderBy(playbookEnrolments.id);
const tasksOn = (type: 'lead' | 'project' | 'case', id: number) =>
  t.db.select().from(activities).where(and(eq(activities.relatedToType, type), eq(activities.relatedToId, id), eq(activities.type, 'task')));

describe('lead, project and case triggers', { timeout: 60_000 }, () => {
  it('checks templates against the record type and refuses a next step on a lead', async () => {
    const bad = playbook('Lead bad', { type: 'leadQualified', level: 'MQL' }, 'Call {{opportunity.opportunityName}}');
    expect((await clientError(callerFor(t, manager).playbooks.save(bad))).fieldErrors?.['steps.0.subject']?.[0]).toMatch(/Unknown variable/);
    const nextStep: PlaybookSave = { ...bad, steps: [{ delay: { amount: 0, unit: 'hours' }, action: { type: 'setNextStep', nextStep: 'Call' } }] };
    expect((await clientError(callerFor(t, manager).playbooks.save(nextStep))).fieldErrors?.['steps.0.type']?.[0]).toMatch(/Only deals/);
  });

  it('a lead created from a source and campaign enrols in its transaction; the preview counts the same leads; conversion exits', async () => {
    const clock = fixedClock(start);
    const before = await makeLead(t.db, { ownerId: rep.id, leadSource: 'Website form', status: 'New', extraFields: { campaign: 'Winter webinar' } });
    await makeLead(t.db, { ownerId: rep.id, leadSource: 'Website form', status: 'New', extraFields: { campaign: 'Other' } });
    await makeLead(t.db, { ownerId: rep.id, leadSource: 'Website form', status: 'Working', extraFields: { campaign: 'Winter webinar' } });
    const trigger: PlaybookTrigger = { type: 'leadArrives', source: 'Website form', campaign: 'winter webinar' };
    const preview = await callerFor(t, rep, clock).playbooks.previewAudience({ trigger });
    expect(preview).toMatchObject({ recordType: 'lead', count: 1, sample: [{ id: before.id }] });
    const p = await switchedOn(playbook('Webinar follow-up', trigger, 'Call {{lead.firstName}} at {{lead.company}}'), clock);
    expect(p.enrolled).toBe(1);

    const lead = await callerFor(t, rep, clock).leads.create({ firstName: 'Noor', lastName: 'Haddad', company: 'Brightline', email: 'noor@brightline.example', leadSource: 'Website form', status: 'New' } as never);
    expect(await enrolments(p.id)).toHaveLength(1); // no campaign: not this playbook's
    // As web-to-lead creates it: the campaign kept with the extra fields.
    const fromCampaign = await createLead(t.db, systemActor('web-to-lead: Website form'), { firstName: 'Felix', lastName: 'Lind', company: 'Nordhavn', email: 'felix@nordhavn.example', leadSource: 'Website form', status: 'New', ownerId: rep.id } as never, start, { extraFields: { campaign: 'Winter webinar' } });
    expect((await enrolments(p.id)).map((e) => [e.recordType, e.recordId])).toEqual([['lead', before.id], ['lead', fromCampaign.id]]);
    expect(lead.id).not.toBe(fromCampaign.id);

    await runDueJobs(t, t.env, clock);
    expect((await tasksOn('lead', fromCampaign.id)).map((x) => x.subject)).toEqual(['Call Felix at Nordhavn']);
    const listed = await callerFor(t, rep).enrolments.list({ recordType: 'lead', recordId: fromCampaign.id });
    expect(listed[0]).toMatchObject({ recordName: 'Felix Lind', recordType: 'lead', stepsRun: 1 });

    await callerFor(t, rep, clock).leads.convert({ id: fromCampaign.id, accountId: null, accountName: 'Nordhavn' } as never);
    const [, converted] = await enrolments(p.id);
    expect(converted).toMatchObject({ state: 'exited', reason: 'The lead converted' });
    await callerFor(t, manager).playbooks.setEnabled({ id: p.id, enabled: false });
  });

  it('a lead whose score crosses MQL enrols in the MQL playbook, not the SQL one, when the score is written', async () => {
    const clock = fixedClock(start);
    const mql = await switchedOn(playbook('MQL nurture', { type: 'leadQualified', level: 'MQL' }, 'Qualify {{lead.firstName}}'), clock);
    const sql = await switchedOn(playbook('SQL handoff', { type: 'leadQualified', level: 'SQL' }, 'Book a call with {{lead.firstName}}'), clock);
    const lead = await makeLead(t.db, { ownerId: rep.id, title: 'VP Sales', employees: 200, status: 'Working' });
    for (const at of [start, new Date(start.getTime() - HOUR)]) {
      await t.db.insert(activities).values({ type: 'meeting', subject: 'Demo', occurredAt: at, relatedToType: 'lead', relatedToId: lead.id, ownerId: rep.id });
    }
    // fit 25 (size, VP) + engagement 30 (two meetings, this week) = 55: MQL.
    await rescoreLeads(t.db, [lead.id], start);
    expect((await t.db.select({ score: leads.score }).from(leads).where(eq(leads.id, lead.id)))[0]!.score).toBe(55);
    expect((await enrolments(mql.id)).map((e) => e.recordId)).toContain(lead.id);
    expect((await enrolments(sql.id)).map((e) => e.recordId)).not.toContain(lead.id);
    // Scored again at the same score: no crossing, no second enrolment.
    await t.db.update(leads).set({ score: 54 }).where(eq(leads.id, lead.id));
    await rescoreLeads(t.db, [lead.id], start);
    expect((await enrolments(mql.id)).filter((e) => e.recordId === lead.id)).toHaveLength(1);
    // The preview of each holds the lead by the same thresholds.
    expect((await callerFor(t, rep).playbooks.previewAudience({ trigger: { type: 'leadQualified', level: 'MQL' } })).sample.map((s) => s.id)).toContain(lead.id);
    expect((await callerFor(t, rep).playbooks.previewAudience({ trigger: { type: 'leadQualified', level: 'SQL' } })).sample.map((s) => s.id)).not.toContain(lead.id);
    // A reply (an inbound email on the lead) exits it before its next step.
    await runDueJobs(t, t.env, clock);
    await t.db.insert(activities).values({ type: 'email', direction: 'inbound', subject: 'Re: hello', occurredAt: start, relatedToType: 'lead', relatedToId: lead.id, ownerId: rep.id });
    clock.advance(24 * HOUR);
    await runDueJobs(t, t.env, clock);
    expect((await enrolments(mql.id)).find((e) => e.recordId === lead.id)).toMatchObject({ state: 'exited', reason: 'A reply arrived (an inbound email on the lead)' });
    for (const p of [mql, sql]) await callerFor(t, manager).playbooks.setEnabled({ id: p.id, enabled: false });
  });

  it('a project turning At Risk enrols; back to Healthy exits; Critical-only playbooks wait for Critical', async () => {
    const clock = fixedClock(start);
    const already = await makeProject(t.db, { ownerId: rep.id, accountId, healthStatus: 'Critical', status: 'In Progress' });
    const atRisk = await switchedOn(playbook('Recovery', { type: 'projectAtRisk', health: 'At Risk' }, 'Call the sponsor of {{project.projectName}}'), clock);
    const critical = await switchedOn(playbook('Escalation', { type: 'projectAtRisk', health: 'Critical' }, 'Escalate {{project.projectName}}'), clock);
    expect(atRisk.enrolled).toBe(1);
    expect(critical.enrolled).toBe(1);
    const project = await makeProject(t.db, { ownerId: rep.id, accountId, healthStatus: 'Healthy', status: 'In Progress' });
    await callerFor(t, rep, clock).projects.update({ id: project.id, healthStatus: 'At Risk' } as never);
    expect((await enrolments(atRisk.id)).map((e) => e.recordId)).toEqual([already.id, project.id]);
    expect((await enrolments(critical.id)).map((e) => e.recordId)).toEqual([already.id]);
    await runDueJobs(t, t.env, clock);
    expect((await tasksOn('project', project.id)).map((x) => x.subject)).toEqual([`Call the sponsor of ${project.projectName}`]);
    await callerFor(t, rep, clock).projects.update({ id: project.id, healthStatus: 'Healthy' } as never);
    expect((await enrolments(atRisk.id)).find((e) => e.recordId === project.id)).toMatchObject({ state: 'exited', reason: 'The project is healthy again' });
    await callerFor(t, rep, clock).projects.update({ id: already.id, status: 'Completed' } as never);
    expect((await enrolments(critical.id))[0]).toMatchObject({ state: 'exited', reason: 'The project closed (Completed)' });
    for (const p of [atRisk, critical]) await callerFor(t, manager).playbooks.setEnabled({ id: p.id, enabled: false });
  });

  it('a case entering the last 20% of its SLA enrols from the SLA sweep, once; closing it exits', async () => {
    const clock = fixedClock(start);
    const p = await switchedOn(playbook('SLA rescue', { type: 'caseNearsSla' }, 'Answer {{case.caseNumber}} now'), clock);
    expect(p.enrolled).toBe(0);
    // Opened 10 hours before start, due 10 hours after: the last 20% begins 4 hours after start.
    const c = await makeCase(t.db, { ownerId: rep.id, accountId, createdAt: new Date(start.getTime() - 10 * HOUR), slaDueAt: new Date(start.getTime() + 10 * HOUR) });
    expect((await callerFor(t, rep, clock).playbooks.previewAudience({ trigger: { type: 'caseNearsSla' } })).count).toBe(0);
    await alertCasesNearSla(t.db, clock.now());
    expect(await enrolments(p.id)).toHaveLength(0);
    clock.advance(6 * HOUR + 1);
    expect((await callerFor(t, rep, clock).playbooks.previewAudience({ trigger: { type: 'caseNearsSla' } })).sample.map((s) => s.id)).toEqual([c.id]);
    await alertCasesNearSla(t.db, clock.now());
    await alertCasesNearSla(t.db, clock.now());
    expect((await enrolments(p.id)).map((e) => e.recordId)).toEqual([c.id]);
    expect(await t.db.select().from(notifications).where(and(eq(notifications.kind, 'caseSla'), eq(notifications.recordId, c.id)))).toHaveLength(1);
    await runDueJobs(t, t.env, clock);
    expect((await tasksOn('case', c.id)).map((x) => x.subject)).toEqual([`Answer ${c.caseNumber} now`]);
    await callerFor(t, rep, clock).cases.update({ id: c.id, status: 'Closed' } as never);
    expect((await enrolments(p.id))[0]).toMatchObject({ state: 'exited', reason: 'The case closed' });
  });
});

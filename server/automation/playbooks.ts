// Playbooks: list, read, save (a new version each time), switch on (enrolling the audience now in the trigger's
// stage) and off; enrolments: list and remove. Managers and admins edit; everyone sees what runs on their records.
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { cases, contacts, leads, opportunities, playbookEnrolments, playbooks, playbookStepRuns, playbookVersions, projects, users } from '../../drizzle/schema';
import { setFieldProblem } from '../../shared/playbookFields';
import {
  type EnrolmentList,
  type PlaybookRecordType,
  recordTypeLabels,
  recordTypeOf,
  templateVariablesFor,
  type PlaybookSave,
  type PlaybookStep,
  type PlaybookTrigger,
} from '../../shared/schemas/playbooks';
import { type DbOrTx, inTransaction } from '../db';
import { checkTemplate } from '../domain/templates';
import type { Actor } from '../lib/actor';
import { recordAudit, recordUpdateAudit } from '../lib/audit';
import { conflictOnDuplicate, forbidden, invalidFields, notFound } from '../lib/errors';
import { assertCanWrite } from '../lib/access';
import { audienceOf } from './audience';
import { latestSendColumns } from './emailStats';
import { loadSegmentView, resetSegmentMembers, segmentMatches } from './segments';
import { enrolRecords, triggerKeyOf } from './triggers';

const canEdit = (actor: Actor) => actor.role === 'manager' || actor.role === 'admin' || actor.role === 'system';
function assertEditor(actor: Actor) {
  if (!canEdit(actor)) throw forbidden('Only managers and admins change playbooks');
}

/** Each template of each step, against the variables its record offers: `steps.<i>.<field>` names the field. */
export function checkSteps(steps: PlaybookStep[], recordType: PlaybookRecordType = 'opportunity') {
  const errors: Record<string, string[]> = {};
  const variables = templateVariablesFor[recordType];
  steps.forEach((step, i) => {
    const a = step.action;
    if (a.type === 'setNextStep' && recordType !== 'opportunity') {
      errors[`steps.${i}.type`] = [`Only deals have a next step: choose another action for a ${recordTypeLabels[recordType][0]}`];
      return;
    }
    if (a.type === 'setField') {
      const problem = setFieldProblem(recordType, a.field, a.value);
      if (problem) errors[`steps.${i}.${problem.on}`] = [problem.message];
      return;
    }
    if (a.type === 'waitUntil' && a.condition === 'stageMoves' && recordType !== 'opportunity') {
      errors[`steps.${i}.condition`] = [`Only deals have a stage: wait for a reply on a ${recordTypeLabels[recordType][0]}`];
      return;
    }
    const templates: [string, string][] =
      a.type === 'createTask'
        ? [['subject', a.subject]]
        : a.type === 'sendEmail'
          ? [['subject', a.subject], ['body', a.body], ...(a.variantB ? ([['variantB.subject', a.variantB.subject], ['variantB.body', a.variantB.body]] as [string, string][]) : [])]
          : a.type === 'notifyOwner'
            ? [['message', a.message]]
            : a.type === 'setNextStep'
              ? [['nextStep', a.nextStep]]
              : [];
    for (const [field, template] of templates) {
      const problems = checkTemplate(template, variables);
      if (problems.length > 0) errors[`steps.${i}.${field}`] = problems;
    }
  });
  if (Object.keys(errors).length > 0) throw invalidFields(errors);
}

/** A set-owner step names an active user: `steps.<i>.value` otherwise. */
async function checkStepOwners(db: DbOrTx, steps: PlaybookStep[]) {
  const owners = steps.flatMap((s, i) => (s.action.type === 'setField' && s.action.field === 'ownerId' ? [{ i, id: s.action.value }] : []));
  if (owners.length === 0) return;
  const active = new Set(
    (await db.select({ id: users.id }).from(users).where(and(inArray(users.id, owners.map((o) => o.id)), eq(users.active, true)))).map((u) => u.id),
  );
  const errors = Object.fromEntries(owners.filter((o) => !active.has(o.id)).map((o) => [`steps.${o.i}.value`, ['Choose an active user as the new owner']]));
  if (Object.keys(errors).length > 0) throw invalidFields(errors);
}

/** The enrolled record's name, whichever kind it is. */
const recordNameOf = sql<string>`CASE ${playbookEnrolments.recordType}
  WHEN 'opportunity' THEN (SELECT ${opportunities.opportunityName} FROM ${opportunities} WHERE ${opportunities.id} = ${playbookEnrolments.recordId})
  WHEN 'lead' THEN (SELECT CONCAT(${leads.firstName}, ' ', ${leads.lastName}) FROM ${leads} WHERE ${leads.id} = ${playbookEnrolments.recordId})
  WHEN 'project' THEN (SELECT ${projects.projectName} FROM ${projects} WHERE ${projects.id} = ${playbookEnrolments.recordId})
  WHEN 'case' THEN (SELECT CONCAT(${cases.caseNumber}, ' ', ${cases.subject}) FROM ${cases} WHERE ${cases.id} = ${playbookEnrolments.recordId})
  WHEN 'contact' THEN (SELECT CONCAT(${contacts.firstName}, ' ', ${contacts.lastName}) FROM ${contacts} WHERE ${contacts.id} = ${playbookEnrolments.recordId})
END`;

async function currentOwnerOf(tx: DbOrTx, recordType: string, id: number): Promise<string | null> {
  const table = recordType === 'lead' ? leads : recordType === 'project' ? projects : recordType === 'case' ? cases : recordType === 'contact' ? contacts : opportunities;
  const [row] = await tx.select({ ownerId: table.ownerId }).from(table).where(eq(table.id, id));
  return row?.ownerId ?? null;
}

const currentVersion = and(eq(playbookVersions.playbookId, playbooks.id), eq(playbookVersions.version, playbooks.currentVersion));
const enrolmentCount = (state: string) =>
  sql<number>`(SELECT COUNT(*) FROM ${playbookEnrolments} WHERE ${playbookEnrolments.playbookId} = ${playbooks.id} AND ${playbookEnrolments.state} = ${state})`.mapWith(Number);

export async function listPlaybooks(db: DbOrTx, _actor: Actor) {
  const rows = await db
    .select({
      id: playbooks.id,
      name: playbooks.name,
      description: playbooks.description,
      enabled: playbooks.enabled,
      currentVersion: playbooks.currentVersion,
      trigger: playbookVersions.trigger,
      steps: playbookVersions.steps,
      updatedAt: playbooks.updatedAt,
      active: enrolmentCount('active'),
      completed: enrolmentCount('completed'),
    })
    .from(playbooks)
    .innerJoin(playbookVersions, currentVersion)
    .orderBy(playbooks.name);
  return rows.map((r) => ({ ...r, trigger: r.trigger as PlaybookTrigger, steps: r.steps as PlaybookStep[] }));
}

export async function getPlaybook(db: DbOrTx, _actor: Actor, { id }: { id: number }) {
  const [row] = await db
    .select({ playbook: playbooks, trigger: playbookVersions.trigger, steps: playbookVersions.steps, updatedByName: users.name })
    .from(playbooks)
    .innerJoin(playbookVersions, currentVersion)
    .leftJoin(users, eq(users.id, playbooks.updatedById))
    .where(eq(playbooks.id, id));
  if (!row) throw notFound('Playbook');
  return { ...row.playbook, trigger: row.trigger as PlaybookTrigger, steps: row.steps as PlaybookStep[], updatedByName: row.updatedByName };
}

async function insertVersion(tx: DbOrTx, playbookId: number, version: number, input: PlaybookSave, actor: Actor, now: Date) {
  await tx.insert(playbookVersions).values({
    playbookId,
    version,
    trigger: input.trigger,
    triggerType: input.trigger.type,
    triggerStage: triggerKeyOf(input.trigger),
    steps: input.steps,
    createdById: actor.id,
    createdAt: now,
  });
}

/** A new playbook (version 1), or a new version of one: running enrolments keep theirs. */
export async function savePlaybook(db: DbOrTx, actor: Actor, input: PlaybookSave, now: Date, options: { defaultKey?: string; enabled?: boolean } = {}) {
  assertEditor(actor);
  checkSteps(input.steps, recordTypeOf(input.trigger));
  await checkStepOwners(db, input.steps);
  if (input.trigger.type === 'entersSegment') {
    // Only a shared view of the trigger's list; its name is kept with the trigger for the screens.
    const view = await loadSegmentView(db, input.trigger);
    input = { ...input, trigger: { ...input.trigger, viewName: view.name } };
  }
  return inTransaction(db, async (tx) => {
    const nameTaken = 'A playbook with this name already exists';
    if (input.id === undefined) {
      const [created] = await conflictOnDuplicate(
        tx
          .insert(playbooks)
          .values({ name: input.name, description: input.description, enabled: options.enabled ?? false, defaultKey: options.defaultKey, createdById: actor.id, updatedById: actor.id, createdAt: now, updatedAt: now })
          .$returningId(),
        'name',
        nameTaken,
      );
      await insertVersion(tx, created!.id, 1, input, actor, now);
      await recordAudit(tx, { actor, action: 'create', entityType: 'playbook', entityId: created!.id, changes: { name: input.name, trigger: input.trigger, steps: input.steps } });
      return getPlaybook(tx, actor, { id: created!.id });
    }
    const [before] = await tx.select().from(playbooks).where(eq(playbooks.id, input.id)).for('update');
    if (!before) throw notFound('Playbook');
    const version = before.currentVersion + 1;
    await insertVersion(tx, before.id, version, input, actor, now);
    await conflictOnDuplicate(
      tx
        .update(playbooks)
        .set({ name: input.name, description: input.description, currentVersion: version, updatedById: actor.id, version: before.version + 1, updatedAt: now })
        .where(eq(playbooks.id, before.id)),
      'name',
      nameTaken,
    );
    await recordUpdateAudit(tx, { actor, entityType: 'playbook', entityId: before.id, before: before as unknown as Record<string, unknown>, after: { name: input.name, description: input.description, currentVersion: version } });
    return getPlaybook(tx, actor, { id: before.id });
  });
}

/** How many records a trigger would enrol if switched on now, and a few of them by name (the same evaluation). */
export async function previewAudience(db: DbOrTx, _actor: Actor, { trigger, playbookId }: { trigger: PlaybookTrigger; playbookId?: number }, now: Date) {
  const audience = await audienceOf(db, trigger, playbookId, now);
  return { recordType: recordTypeOf(trigger), count: audience.length, sample: audience.slice(0, 5) };
}

/** Switching on enrols the audience now in the trigger's stage (the preview's deals); off stops new enrolments. */
export async function setPlaybookEnabled(db: DbOrTx, actor: Actor, input: { id: number; enabled: boolean }, now: Date) {
  assertEditor(actor);
  return inTransaction(db, async (tx) => {
    const [before] = await tx.select().from(playbooks).where(eq(playbooks.id, input.id)).for('update');
    if (!before) throw notFound('Playbook');
    let enrolled = 0;
    if (before.enabled !== input.enabled) {
      await tx.update(playbooks).set({ enabled: input.enabled, updatedById: actor.id, updatedAt: now }).where(eq(playbooks.id, before.id));
      await recordUpdateAudit(tx, { actor, entityType: 'playbook', entityId: before.id, before: { enabled: before.enabled }, after: { enabled: input.enabled } });
      if (input.enabled) {
        const { trigger } = await getPlaybook(tx, actor, { id: before.id });
        const audience = await audienceOf(tx, trigger, before.id, now);
        enrolled = await enrolRecords(tx, before.id, audience.map((d) => d.id), now);
        // Those in the segment now are its members: the segment job enrols only who enters it from here on.
        if (trigger.type === 'entersSegment') {
          const view = await loadSegmentView(tx, trigger);
          await resetSegmentMembers(tx, before.id, view.id, (await segmentMatches(tx, view, now)).map((m) => m.id), now);
        }
      }
    }
    return { id: before.id, enabled: input.enabled, enrolled };
  });
}

export async function listEnrolments(db: DbOrTx, _actor: Actor, input: EnrolmentList) {
  const rows = await db
    .select({
      id: playbookEnrolments.id,
      playbookId: playbookEnrolments.playbookId,
      playbookName: playbooks.name,
      playbookVersion: playbookEnrolments.playbookVersion,
      recordType: playbookEnrolments.recordType,
      recordId: playbookEnrolments.recordId,
      recordName: recordNameOf,
      ownerId: playbookEnrolments.ownerId,
      ownerName: users.name,
      state: playbookEnrolments.state,
      currentStep: playbookEnrolments.currentStep,
      steps: playbookVersions.steps,
      nextStepDueAt: playbookEnrolments.nextStepDueAt,
      enrolledAt: playbookEnrolments.enrolledAt,
      finishedAt: playbookEnrolments.finishedAt,
      reason: playbookEnrolments.reason,
      stepsRun: sql<number>`(SELECT COUNT(*) FROM ${playbookStepRuns} WHERE ${playbookStepRuns.enrolmentId} = ${playbookEnrolments.id})`.mapWith(Number),
      ...latestSendColumns,
    })
    .from(playbookEnrolments)
    .innerJoin(playbooks, eq(playbooks.id, playbookEnrolments.playbookId))
    .innerJoin(playbookVersions, and(eq(playbookVersions.playbookId, playbookEnrolments.playbookId), eq(playbookVersions.version, playbookEnrolments.playbookVersion)))
    .innerJoin(users, eq(users.id, playbookEnrolments.ownerId))
    .where(
      and(
        input.playbookId ? eq(playbookEnrolments.playbookId, input.playbookId) : undefined,
        input.recordId ? and(eq(playbookEnrolments.recordType, input.recordType ?? 'opportunity'), eq(playbookEnrolments.recordId, input.recordId)) : undefined,
      ),
    )
    .orderBy(desc(playbookEnrolments.enrolledAt), desc(playbookEnrolments.id))
    .limit(200);
  return rows.map(({ steps, ...r }) => ({ ...r, stepCount: (steps as PlaybookStep[]).length }));
}

/** The record's owner, a manager or an admin takes a record out of a playbook; its later steps never run. */
export async function removeEnrolment(db: DbOrTx, actor: Actor, { id }: { id: number }, now: Date) {
  return inTransaction(db, async (tx) => {
    const [row] = await tx.select().from(playbookEnrolments).where(eq(playbookEnrolments.id, id)).for('update');
    if (!row) throw notFound('Enrolment');
    assertCanWrite(actor, (await currentOwnerOf(tx, row.recordType, row.recordId)) ?? row.ownerId, row.recordType);
    if (row.state !== 'active') return { id, state: row.state };
    const reason = `Removed by ${actor.name}`;
    await tx.update(playbookEnrolments).set({ state: 'exited', reason, finishedAt: now, nextStepDueAt: null, activeKey: null, updatedAt: now }).where(eq(playbookEnrolments.id, id));
    await recordAudit(tx, { actor, action: 'update', entityType: 'playbook_enrolment', entityId: id, changes: { state: ['active', 'exited'], reason: [null, reason] } });
    return { id, state: 'exited' as const };
  });
}

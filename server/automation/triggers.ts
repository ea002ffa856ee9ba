// Playbook triggers and exits, evaluated where the change happens: the deal's own transaction enrols it in every
// switched-on playbook whose trigger matches and queues the first step; closing or deleting the deal ends its
// enrolments. Leads, projects and cases go through recordTriggers.ts into the same enrolRecords. Enrolling a whole
// audience (switching a playbook on, audience.ts) is the same, set-based.
import { and, eq, inArray, isNull, notInArray, sql } from 'drizzle-orm';
import { cases, contacts, jobs, leads, opportunities, playbookEnrolments, playbooks, playbookVersions, projects, users } from '../../drizzle/schema';
import { type PlaybookRecordType, type PlaybookStep, type PlaybookTrigger, recordTypeOf } from '../../shared/schemas/playbooks';
import { closedStages, type Stage } from '../../shared/stages';
import type { DbOrTx } from '../db';
import { addDelay } from '../domain/playbookDelays';
import { recheckWaits } from './waits';

export const stepJobType = 'automation.playbookStep' as const;
export const stepDedupeKey = (enrolmentId: number, stepIndex: number) => `${stepJobType}:${enrolmentId}:${stepIndex}`;
export const activeKeyOf = (playbookId: number, recordType: string, recordId: number) => `${playbookId}:${recordType}:${recordId}`;
const isClosed = (stage: string) => (closedStages as readonly string[]).includes(stage);

/** Queues one job per (enrolment, step), due when the step is; a second offer of the same step changes nothing. */
export async function queueSteps(db: DbOrTx, due: { enrolmentId: number; stepIndex: number; runAt: Date }[], now: Date): Promise<void> {
  if (due.length === 0) return;
  await db
    .insert(jobs)
    .values(
      due.map((d) => ({
        type: stepJobType,
        payload: { enrolmentId: d.enrolmentId, stepIndex: d.stepIndex },
        dedupeKey: stepDedupeKey(d.enrolmentId, d.stepIndex),
        status: 'queued' as const,
        runAt: d.runAt > now ? d.runAt : now,
        maxAttempts: 5,
      })),
    )
    .onDuplicateKeyUpdate({ set: { id: sql`${jobs.id}` } });
}

/** Each live record's owner and the owner's zone (the delays count in it). */
async function ownersOf(db: DbOrTx, recordType: PlaybookRecordType, ids: number[]) {
  const tz = { timeZone: users.timeZone };
  switch (recordType) {
    case 'opportunity':
      return db.select({ id: opportunities.id, ownerId: opportunities.ownerId, ...tz }).from(opportunities).innerJoin(users, eq(users.id, opportunities.ownerId))
        .where(and(inArray(opportunities.id, ids), isNull(opportunities.deletedAt)));
    case 'lead':
      return db.select({ id: leads.id, ownerId: leads.ownerId, ...tz }).from(leads).innerJoin(users, eq(users.id, leads.ownerId)).where(inArray(leads.id, ids));
    case 'project':
      return db.select({ id: projects.id, ownerId: projects.ownerId, ...tz }).from(projects).innerJoin(users, eq(users.id, projects.ownerId))
        .where(and(inArray(projects.id, ids), isNull(projects.deletedAt)));
    case 'case':
      return db.select({ id: cases.id, ownerId: cases.ownerId, ...tz }).from(cases).innerJoin(users, eq(users.id, cases.ownerId)).where(inArray(cases.id, ids));
    case 'contact':
      return db.select({ id: contacts.id, ownerId: contacts.ownerId, ...tz }).from(contacts).innerJoin(users, eq(users.id, contacts.ownerId)).where(inArray(contacts.id, ids));
  }
}

/**
 * Enrols records (of the playbook's trigger's type) in a playbook at its current version unless already active in
 * it, and queues each one's first step. Returns how many were enrolled.
 */
export async function enrolRecords(db: DbOrTx, playbookId: number, ids: number[], now: Date): Promise<number> {
  if (ids.length === 0) return 0;
  const [playbook] = await db
    .select({ currentVersion: playbooks.currentVersion, steps: playbookVersions.steps, trigger: playbookVersions.trigger })
    .from(playbooks)
    .innerJoin(playbookVersions, and(eq(playbookVersions.playbookId, playbooks.id), eq(playbookVersions.version, playbooks.currentVersion)))
    .where(eq(playbooks.id, playbookId));
  if (!playbook) return 0;
  const recordType = recordTypeOf(playbook.trigger as PlaybookTrigger);
  const records = await ownersOf(db, recordType, ids);
  if (records.length === 0) return 0;
  const [first] = playbook.steps as PlaybookStep[];
  const rows = records.map((d) => ({
    playbookId,
    playbookVersion: playbook.currentVersion,
    recordType,
    recordId: d.id,
    ownerId: d.ownerId,
    state: 'active' as const,
    currentStep: 0,
    nextStepDueAt: first ? addDelay(now, first.delay, d.timeZone) : null,
    enrolledAt: now,
    activeKey: activeKeyOf(playbookId, recordType, d.id),
    createdAt: now,
    updatedAt: now,
  }));
  // The unique active key refuses a second active enrolment of a record: those rows are skipped.
  await db.insert(playbookEnrolments).ignore().values(rows);
  const enrolled = await db
    .select({ id: playbookEnrolments.id, nextStepDueAt: playbookEnrolments.nextStepDueAt })
    .from(playbookEnrolments)
    .where(
      and(
        eq(playbookEnrolments.playbookId, playbookId),
        eq(playbookEnrolments.recordType, recordType),
        eq(playbookEnrolments.enrolledAt, now),
        eq(playbookEnrolments.state, 'active'),
        eq(playbookEnrolments.currentStep, 0),
        inArray(playbookEnrolments.recordId, records.map((d) => d.id)),
      ),
    );
  await queueSteps(db, enrolled.map((e) => ({ enrolmentId: e.id, stepIndex: 0, runAt: e.nextStepDueAt ?? now })), now);
  return enrolled.length;
}

/** Switched-on playbooks of a trigger type (and key: the stage, level or health), with their current trigger. */
export async function enabledPlaybooks(db: DbOrTx, type: PlaybookTrigger['type'], key?: string) {
  const rows = await db
    .select({ id: playbooks.id, trigger: playbookVersions.trigger })
    .from(playbooks)
    .innerJoin(playbookVersions, and(eq(playbookVersions.playbookId, playbooks.id), eq(playbookVersions.version, playbooks.currentVersion)))
    .where(and(eq(playbooks.enabled, true), eq(playbookVersions.triggerType, type), key === undefined ? undefined : eq(playbookVersions.triggerStage, key)));
  return rows.map((r) => ({ id: r.id, trigger: r.trigger as PlaybookTrigger }));
}

/** The indexed key of a trigger (playbook_versions.trigger_stage): its stage, level or health. */
export function triggerKeyOf(trigger: PlaybookTrigger): string | null {
  switch (trigger.type) {
    case 'dealEntersStage':
      return trigger.stage;
    case 'leadQualified':
      return trigger.level;
    case 'projectAtRisk':
      return trigger.health;
    default:
      return null;
  }
}

/** The switched-on playbooks a deal entering `stage` starts. */
const playbooksForStage = (db: DbOrTx, stage: Stage) => enabledPlaybooks(db, 'dealEntersStage', stage);

/** A deal entered a stage (created in it, or moved to it), in the transaction of that change. */
export async function onDealEnteredStage(tx: DbOrTx, deal: { id: number; stage: Stage }, now: Date): Promise<void> {
  // Its enrolments waiting for the stage to move look again (a check job, in this transaction).
  await recheckWaits(tx, [{ type: 'opportunity', id: deal.id }], `stage:${now.getTime()}`, now);
  if (isClosed(deal.stage)) await exitDealEnrolments(tx, deal.id, `The deal closed (${deal.stage})`, now);
  for (const playbook of await playbooksForStage(tx, deal.stage)) await enrolRecords(tx, playbook.id, [deal.id], now);
}

/**
 * Ends the deal's active enrolments (it closed or was deleted). A playbook started by a closed stage (onboarding
 * after Closed Won) is not ended by the deal being closed, only by its deletion.
 */
export async function exitDealEnrolments(tx: DbOrTx, dealId: number, reason: string, now: Date, options: { deleted?: boolean } = {}): Promise<void> {
  const started = await tx
    .select({ id: playbookEnrolments.id, stage: playbookVersions.triggerStage })
    .from(playbookEnrolments)
    .innerJoin(playbookVersions, and(eq(playbookVersions.playbookId, playbookEnrolments.playbookId), eq(playbookVersions.version, playbookEnrolments.playbookVersion)))
    .where(and(eq(playbookEnrolments.recordType, 'opportunity'), eq(playbookEnrolments.recordId, dealId), eq(playbookEnrolments.state, 'active')));
  const ending = started.filter((e) => options.deleted || !e.stage || !isClosed(e.stage)).map((e) => e.id);
  if (ending.length === 0) return;
  await tx
    .update(playbookEnrolments)
    .set({ state: 'exited', reason, finishedAt: now, nextStepDueAt: null, activeKey: null, updatedAt: now })
    .where(inArray(playbookEnrolments.id, ending));
}

/**
 * Ends a lead's, project's or case's active enrolments (it converted, turned healthy, closed), with the reason.
 * `onlyTrigger`: only those of playbooks started that way (a project healthy again leaves its at-risk playbooks,
 * not one that a saved view started).
 */
export async function exitRecordEnrolments(
  tx: DbOrTx,
  recordType: PlaybookRecordType,
  recordId: number,
  reason: string,
  now: Date,
  onlyTrigger?: PlaybookTrigger['type'],
): Promise<void> {
  const active = and(eq(playbookEnrolments.recordType, recordType), eq(playbookEnrolments.recordId, recordId), eq(playbookEnrolments.state, 'active'));
  let where = active;
  if (onlyTrigger) {
    const ids = (
      await tx
        .select({ id: playbookEnrolments.id })
        .from(playbookEnrolments)
        .innerJoin(playbookVersions, and(eq(playbookVersions.playbookId, playbookEnrolments.playbookId), eq(playbookVersions.version, playbookEnrolments.playbookVersion)))
        .where(and(active, eq(playbookVersions.triggerType, onlyTrigger)))
    ).map((r) => r.id);
    if (ids.length === 0) return;
    where = inArray(playbookEnrolments.id, ids);
  }
  await tx
    .update(playbookEnrolments)
    .set({ state: 'exited', reason, finishedAt: now, nextStepDueAt: null, activeKey: null, updatedAt: now })
    .where(where);
}

/** Live deals now in the stage and not active in the playbook: whom switching it on enrols. Closed stages: nobody. */
export function audienceCondition(stage: Stage, playbookId?: number) {
  if (isClosed(stage)) return sql`FALSE`;
  return and(
    eq(opportunities.stage, stage),
    isNull(opportunities.deletedAt),
    playbookId === undefined
      ? undefined
      : notInArray(
          opportunities.id,
          sql`(SELECT ${playbookEnrolments.recordId} FROM ${playbookEnrolments} WHERE ${playbookEnrolments.playbookId} = ${playbookId}
            AND ${playbookEnrolments.recordType} = 'opportunity' AND ${playbookEnrolments.state} = 'active')`,
        ),
  );
}

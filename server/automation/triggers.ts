// Playbook triggers and exits, evaluated where the change happens: the deal's own transaction enrols it in every
// switched-on playbook whose trigger matches and queues the first step; closing or deleting the deal ends its
// enrolments. Enrolling a whole audience (switching a playbook on) is the same, set-based.
import { and, eq, inArray, isNull, notInArray, sql } from 'drizzle-orm';
import { jobs, opportunities, playbookEnrolments, playbooks, playbookVersions, users } from '../../drizzle/schema';
import type { PlaybookStep } from '../../shared/schemas/playbooks';
import { closedStages, type Stage } from '../../shared/stages';
import type { DbOrTx } from '../db';
import { addDelay } from '../domain/playbookDelays';

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

/**
 * Enrols deals in a playbook (at its current version) unless already active in it, and queues each one's first
 * step. Returns how many were enrolled.
 */
export async function enrolDeals(db: DbOrTx, playbookId: number, dealIds: number[], now: Date): Promise<number> {
  if (dealIds.length === 0) return 0;
  const [playbook] = await db
    .select({ currentVersion: playbooks.currentVersion, steps: playbookVersions.steps })
    .from(playbooks)
    .innerJoin(playbookVersions, and(eq(playbookVersions.playbookId, playbooks.id), eq(playbookVersions.version, playbooks.currentVersion)))
    .where(eq(playbooks.id, playbookId));
  if (!playbook) return 0;
  const deals = await db
    .select({ id: opportunities.id, ownerId: opportunities.ownerId, timeZone: users.timeZone })
    .from(opportunities)
    .innerJoin(users, eq(users.id, opportunities.ownerId))
    .where(and(inArray(opportunities.id, dealIds), isNull(opportunities.deletedAt)));
  if (deals.length === 0) return 0;
  const [first] = playbook.steps as PlaybookStep[];
  const rows = deals.map((d) => ({
    playbookId,
    playbookVersion: playbook.currentVersion,
    recordType: 'opportunity',
    recordId: d.id,
    ownerId: d.ownerId,
    state: 'active' as const,
    currentStep: 0,
    nextStepDueAt: first ? addDelay(now, first.delay, d.timeZone) : null,
    enrolledAt: now,
    activeKey: activeKeyOf(playbookId, 'opportunity', d.id),
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
        eq(playbookEnrolments.enrolledAt, now),
        eq(playbookEnrolments.state, 'active'),
        eq(playbookEnrolments.currentStep, 0),
        inArray(playbookEnrolments.recordId, deals.map((d) => d.id)),
      ),
    );
  await queueSteps(db, enrolled.map((e) => ({ enrolmentId: e.id, stepIndex: 0, runAt: e.nextStepDueAt ?? now })), now);
  return enrolled.length;
}

/** The switched-on playbooks a deal entering `stage` starts. */
async function playbooksForStage(db: DbOrTx, stage: Stage) {
  return db
    .select({ id: playbooks.id })
    .from(playbooks)
    .innerJoin(playbookVersions, and(eq(playbookVersions.playbookId, playbooks.id), eq(playbookVersions.version, playbooks.currentVersion)))
    .where(and(eq(playbooks.enabled, true), eq(playbookVersions.triggerType, 'dealEntersStage'), eq(playbookVersions.triggerStage, stage)));
}

/** A deal entered a stage (created in it, or moved to it), in the transaction of that change. */
export async function onDealEnteredStage(tx: DbOrTx, deal: { id: number; stage: Stage }, now: Date): Promise<void> {
  if (isClosed(deal.stage)) await exitDealEnrolments(tx, deal.id, `The deal closed (${deal.stage})`, now);
  for (const playbook of await playbooksForStage(tx, deal.stage)) await enrolDeals(tx, playbook.id, [deal.id], now);
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

// Wait-until steps (server/domain/README.md, "Playbooks"): no polling. Reaching the step starts the wait and queues
// one job at its timeout; a reply captured on the record or a move of the deal's stage queues a check job in the
// transaction of that change. Each job re-runs the step, which resolves the wait once (the step's run row and the
// enrolment's row lock, as for every step) or finds it still waiting.
import { and, eq, gt, isNotNull, sql } from 'drizzle-orm';
import { jobs, opportunityStageHistory, playbookEnrolments } from '../../drizzle/schema';
import type { PlaybookAction, PlaybookRecordType, PlaybookStep } from '../../shared/schemas/playbooks';
import type { DbOrTx } from '../db';
import { replyArrived } from './records';

export const waitJobType = 'automation.playbookWait' as const;
type WaitAction = Extract<PlaybookAction, { type: 'waitUntil' }>;

/** A playbook that waits for replies handles them itself: a reply does not end its enrolments. */
export const waitsForReply = (steps: PlaybookStep[]) => steps.some((s) => s.action.type === 'waitUntil' && s.action.condition === 'reply');

/** Queues one re-check of an enrolment's wait step; `reason` keeps each cause's job apart (dedupe key). */
export async function queueWaitChecks(db: DbOrTx, checks: { enrolmentId: number; stepIndex: number; reason: string; runAt: Date }[], now: Date) {
  if (checks.length === 0) return;
  await db
    .insert(jobs)
    .values(
      checks.map((c) => ({
        type: waitJobType,
        payload: { enrolmentId: c.enrolmentId, stepIndex: c.stepIndex },
        dedupeKey: `${waitJobType}:${c.enrolmentId}:${c.stepIndex}:${c.reason}`,
        status: 'queued' as const,
        runAt: c.runAt > now ? c.runAt : now,
        maxAttempts: 5,
      })),
    )
    .onDuplicateKeyUpdate({ set: { id: sql`${jobs.id}` } });
}

/**
 * Something happened on records (an inbound email filed or captured on them, a deal's stage moved): each of their
 * enrolments now waiting gets a check, due at once, in the caller's transaction.
 */
export async function recheckWaits(tx: DbOrTx, records: { type: string; id: number }[], cause: string, now: Date) {
  const refs = records.filter((r) => ['opportunity', 'lead', 'project', 'case'].includes(r.type));
  if (refs.length === 0) return;
  const waiting = await tx
    .select({ id: playbookEnrolments.id, step: playbookEnrolments.currentStep })
    .from(playbookEnrolments)
    .where(
      and(
        eq(playbookEnrolments.state, 'active'),
        isNotNull(playbookEnrolments.waitStartedAt),
        sql`(${sql.join(refs.map((r) => sql`(${playbookEnrolments.recordType} = ${r.type} AND ${playbookEnrolments.recordId} = ${r.id})`), sql` OR `)})`,
      ),
    );
  await queueWaitChecks(tx, waiting.map((w) => ({ enrolmentId: w.id, stepIndex: w.step, reason: cause, runAt: now })), now);
}

/** An inbound email on records: the reply that wait steps look for. */
export async function onInboundEmail(tx: DbOrTx, activity: { id: number; type: string; direction: string | null }, records: { type: string; id: number }[], now: Date) {
  if (activity.type !== 'email' || activity.direction !== 'inbound') return;
  await recheckWaits(tx, records, `activity:${activity.id}`, now);
}

/** Whether the wait's condition holds: a reply at or after the wait began, a stage move after it (not the move that enrolled the deal). */
export async function waitConditionMet(tx: DbOrTx, action: WaitAction, recordType: PlaybookRecordType, recordId: number, since: Date): Promise<boolean> {
  if (action.condition === 'reply') return replyArrived(tx, recordType, recordId, since);
  if (recordType !== 'opportunity') return false;
  const [moved] = await tx
    .select({ id: opportunityStageHistory.id })
    .from(opportunityStageHistory)
    .where(and(eq(opportunityStageHistory.opportunityId, recordId), isNotNull(opportunityStageHistory.fromStage), gt(opportunityStageHistory.changedAt, since)))
    .limit(1);
  return Boolean(moved);
}

export const waitMetText = (action: WaitAction) => (action.condition === 'reply' ? 'A reply arrived' : "The deal's stage moved");


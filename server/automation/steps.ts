// Running one step of one enrolment, exactly once: the enrolment row is locked, the step must be the one it is on,
// the step's run row (unique per enrolment and step), its effect and the move to the next step commit together.
// A redelivered or duplicated job finds the enrolment past that step and does nothing.
import { and, eq } from 'drizzle-orm';
import { playbookEnrolments, playbooks, playbookStepRuns, playbookVersions, users } from '../../drizzle/schema';
import { type PlaybookRecordType, type PlaybookStep, type PlaybookTrigger, recordTypeLabels } from '../../shared/schemas/playbooks';
import { type DbOrTx, inTransaction } from '../db';
import { notify } from '../delivery/notifications';
import { addDelay, taskDueAt } from '../domain/playbookDelays';
import { renderTemplate } from '../domain/templates';
import { systemActor } from '../lib/actor';
import { DomainError } from '../lib/errors';
import { createActivity } from '../services/activities';
import { updateOpportunity } from '../services/opportunities';
import { EmailSendError, type PlaybookMail, recordSendFailure, runEmailStep } from './emailSends';
import { exitsOnReply, loadEnrolledRecord, replyArrived } from './records';
import { applySetField } from './setField';
import { exitDealEnrolments, exitRecordEnrolments, queueSteps } from './triggers';
import { queueWaitChecks, waitConditionMet, waitMetText, waitsForReply } from './waits';

/**
 * `waiting`: a wait-until step whose condition and timeout have not come yet, or an email step deferred by the
 * sender's daily limit (their jobs will look again).
 */
export type StepOutcome = 'ran' | 'skipped' | 'exited' | 'failed' | 'waiting';

async function finish(tx: DbOrTx, enrolmentId: number, state: 'exited' | 'failed', reason: string, now: Date) {
  await tx
    .update(playbookEnrolments)
    .set({ state, reason, finishedAt: now, nextStepDueAt: null, activeKey: null, updatedAt: now })
    .where(and(eq(playbookEnrolments.id, enrolmentId), eq(playbookEnrolments.state, 'active')));
}

export async function runPlaybookStep(
  db: DbOrTx,
  { enrolmentId, stepIndex }: { enrolmentId: number; stepIndex: number },
  now: Date,
  options: { lastAttempt?: boolean; mail?: PlaybookMail | null } = {},
): Promise<StepOutcome> {
  const lastAttempt = options.lastAttempt ?? true;
  try {
    return await inTransaction(db, async (tx) => {
      const [enrolment] = await tx.select().from(playbookEnrolments).where(eq(playbookEnrolments.id, enrolmentId)).for('update');
      if (!enrolment || enrolment.state !== 'active' || enrolment.currentStep !== stepIndex) return 'skipped';
      const [definition] = await tx
        .select({ name: playbooks.name, trigger: playbookVersions.trigger, steps: playbookVersions.steps })
        .from(playbookVersions)
        .innerJoin(playbooks, eq(playbooks.id, playbookVersions.playbookId))
        .where(and(eq(playbookVersions.playbookId, enrolment.playbookId), eq(playbookVersions.version, enrolment.playbookVersion)));
      const steps = (definition?.steps ?? []) as PlaybookStep[];
      const step = steps[stepIndex];
      if (!definition || !step) {
        await finish(tx, enrolmentId, 'failed', 'The playbook version it runs on is missing a step', now);
        return 'failed';
      }
      const trigger = definition.trigger as PlaybookTrigger;
      const recordType = enrolment.recordType as PlaybookRecordType;
      const [owner] = await tx.select({ id: users.id, name: users.name, timeZone: users.timeZone }).from(users).where(eq(users.id, enrolment.ownerId));
      const record = await loadEnrolledRecord(tx, recordType, enrolment.recordId, trigger, owner?.name);
      if (record.exit !== null) {
        if (recordType === 'opportunity') await exitDealEnrolments(tx, enrolment.recordId, record.exit, now, { deleted: record.deleted });
        else await exitRecordEnrolments(tx, recordType, enrolment.recordId, record.exit, now);
        return 'exited';
      }
      if (exitsOnReply(recordType) && !waitsForReply(steps) && (await replyArrived(tx, recordType, record.id, enrolment.enrolledAt))) {
        await finish(tx, enrolmentId, 'exited', `A reply arrived (an inbound email on the ${recordTypeLabels[recordType][0]})`, now);
        return 'exited';
      }
      const contact = record.recipient;
      const values = record.values;
      const related = { relatedToType: recordType, relatedToId: record.id };
      const actor = systemActor(`playbook: ${definition.name}`);
      const timeZone = owner?.timeZone ?? 'UTC';
      let outcome: string;
      let activityId: number | null = null;
      /** Set when a wait ended: later steps count from then. */
      let anchor: Date | null = null;
      const action = step.action;
      if (action.type === 'createTask') {
        const dueAt = taskDueAt(now, action.dueInDays, timeZone);
        const task = await createActivity(
          tx,
          actor,
          { type: 'task', subject: renderTemplate(action.subject, values), body: `From the playbook "${definition.name}"`, dueAt, ...related },
          now,
          { ownerId: enrolment.ownerId },
        );
        activityId = task.id;
        outcome = 'Task created';
      } else if (action.type === 'sendEmail') {
        // Variants, suppressions, the daily limit and the send's tracking row: emailSends.ts.
        const email = await runEmailStep(tx, { enrolmentId, stepIndex, ownerId: enrolment.ownerId, action, values, recipient: contact, recordType, recordId: record.id, accountId: record.accountId, actor, now, mail: options.mail ?? null });
        if (email.deferred) return 'waiting';
        ({ outcome, activityId } = email);
      } else if (action.type === 'notifyOwner') {
        await notify(
          tx,
          [{ userId: enrolment.ownerId, kind: 'playbook', title: renderTemplate(action.message, values), body: `From the playbook "${definition.name}"`, recordType, recordId: record.id, dedupeKey: `playbook:${enrolmentId}:${stepIndex}` }],
          now,
        );
        outcome = 'Owner notified';
      } else if (action.type === 'waitUntil') {
        const started = enrolment.waitStartedAt ?? now;
        const timeoutAt = enrolment.waitTimeoutAt ?? addDelay(started, action.timeout, timeZone);
        if (await waitConditionMet(tx, action, recordType, record.id, started)) {
          outcome = `${waitMetText(action)}: went on`;
        } else if (now >= timeoutAt) {
          if (action.onTimeout === 'exit') {
            await tx.insert(playbookStepRuns).values({ enrolmentId, stepIndex, ranAt: now, outcome: 'Timed out: ended', activityId: null });
            await finish(tx, enrolmentId, 'exited', `Step ${stepIndex + 1} timed out: ${action.condition === 'reply' ? 'no reply arrived' : "the deal's stage did not move"}`, now);
            return 'exited';
          }
          outcome = 'Timed out: went on';
        } else {
          if (!enrolment.waitStartedAt) {
            // The wait begins: one job at its timeout; replies and stage moves queue their own checks.
            await tx.update(playbookEnrolments).set({ waitStartedAt: started, waitTimeoutAt: timeoutAt, nextStepDueAt: timeoutAt, updatedAt: now }).where(eq(playbookEnrolments.id, enrolmentId));
            await queueWaitChecks(tx, [{ enrolmentId, stepIndex, reason: 'timeout', runAt: timeoutAt }], now);
          }
          return 'waiting';
        }
        anchor = now;
      } else if (action.type === 'setField') {
        outcome = await applySetField(tx, actor, recordType, record.id, action, now);
        // The record's new owner gets the later steps' tasks and notifications.
        if (action.field === 'ownerId') await tx.update(playbookEnrolments).set({ ownerId: action.value, updatedAt: now }).where(eq(playbookEnrolments.id, enrolmentId));
        // The change itself may end the enrolment (a case closed, a project healthy again): then it goes no further.
        const [after] = await tx.select({ state: playbookEnrolments.state }).from(playbookEnrolments).where(eq(playbookEnrolments.id, enrolmentId));
        if (after?.state !== 'active') {
          await tx.insert(playbookStepRuns).values({ enrolmentId, stepIndex, ranAt: now, outcome, activityId: null });
          return 'exited';
        }
      } else {
        // Saving refuses a next step on anything but a deal.
        if (recordType !== 'opportunity') throw new DomainError('invalid', 'Only deals have a next step');
        await updateOpportunity(tx, actor, { id: record.id, nextStep: renderTemplate(action.nextStep, values) }, now);
        outcome = 'Next step set';
      }
      await tx.insert(playbookStepRuns).values({ enrolmentId, stepIndex, ranAt: now, outcome, activityId });

      const next = stepIndex + 1;
      const nextStep = steps[next];
      if (!nextStep) {
        await tx
          .update(playbookEnrolments)
          .set({ state: 'completed', currentStep: next, nextStepDueAt: null, finishedAt: now, activeKey: null, waitStartedAt: null, waitTimeoutAt: null, updatedAt: now })
          .where(eq(playbookEnrolments.id, enrolmentId));
        return 'ran';
      }
      const from = anchor ?? enrolment.anchorAt ?? enrolment.enrolledAt;
      const due = addDelay(from, nextStep.delay, timeZone);
      const runAt = due > now ? due : now;
      await tx
        .update(playbookEnrolments)
        .set({ currentStep: next, nextStepDueAt: runAt, anchorAt: from, waitStartedAt: null, waitTimeoutAt: null, updatedAt: now })
        .where(eq(playbookEnrolments.id, enrolmentId));
      await queueSteps(tx, [{ enrolmentId, stepIndex: next, runAt }], now);
      return 'ran';
    });
  } catch (error) {
    // The step rolled back; the email step's row says it is being retried, or failed with the server's answer.
    if (error instanceof EmailSendError) await recordSendFailure(db, error, lastAttempt, now);
    const refused = error instanceof DomainError && error.kind !== 'conflict';
    if (refused || lastAttempt) {
      const message = error instanceof Error ? error.message : String(error);
      await finish(db, enrolmentId, 'failed', `Step ${stepIndex + 1} failed: ${message}`, now);
    }
    if (refused) return 'failed';
    throw error;
  }
}

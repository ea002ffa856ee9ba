// Running one step of one enrolment, exactly once: the enrolment row is locked, the step must be the one it is on,
// the step's run row (unique per enrolment and step), its effect and the move to the next step commit together.
// A redelivered or duplicated job finds the enrolment past that step and does nothing.
import { and, asc, eq, gte, isNotNull } from 'drizzle-orm';
import { accounts, activities, activityLinks, contacts, opportunities, opportunityContacts, playbookEnrolments, playbooks, playbookStepRuns, playbookVersions, users } from '../../drizzle/schema';
import type { PlaybookStep, PlaybookTrigger } from '../../shared/schemas/playbooks';
import { closedStages } from '../../shared/stages';
import { type DbOrTx, inTransaction } from '../db';
import { notify } from '../delivery/notifications';
import { addDelay } from '../domain/playbookDelays';
import { renderTemplate, type TemplateValues } from '../domain/templates';
import { systemActor } from '../lib/actor';
import { DomainError } from '../lib/errors';
import type { Mailer } from '../integrations/mailer';
import { insertAudited } from '../lib/audit';
import { createActivity } from '../services/activities';
import { updateOpportunity } from '../services/opportunities';
import { exitDealEnrolments, queueSteps } from './triggers';

export type StepOutcome = 'ran' | 'skipped' | 'exited' | 'failed';

async function finish(tx: DbOrTx, enrolmentId: number, state: 'exited' | 'failed', reason: string, now: Date) {
  await tx
    .update(playbookEnrolments)
    .set({ state, reason, finishedAt: now, nextStepDueAt: null, activeKey: null, updatedAt: now })
    .where(and(eq(playbookEnrolments.id, enrolmentId), eq(playbookEnrolments.state, 'active')));
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const htmlOf = (text: string) => text.split(/\n{2,}/).map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`).join('\n');

/** Whom an email step writes to: the champion, else the economic buyer, else the deal's first contact with an email. */
async function recipientOf(tx: DbOrTx, deal: { id: number; championContactId: number | null; economicBuyerContactId: number | null }) {
  const person = { firstName: contacts.firstName, lastName: contacts.lastName, email: contacts.email };
  for (const id of [deal.championContactId, deal.economicBuyerContactId]) {
    if (id === null) continue;
    const [row] = await tx.select(person).from(contacts).where(eq(contacts.id, id));
    if (row?.email) return row;
  }
  const [first] = await tx
    .select(person)
    .from(opportunityContacts)
    .innerJoin(contacts, eq(contacts.id, opportunityContacts.contactId))
    .where(and(eq(opportunityContacts.opportunityId, deal.id), isNotNull(contacts.email)))
    .orderBy(asc(opportunityContacts.id))
    .limit(1);
  return first ?? null;
}

/** An inbound email on the deal since the enrolment: filed on it, or captured and linked to it (activity_links). */
async function replyArrived(tx: DbOrTx, dealId: number, since: Date): Promise<boolean> {
  const inbound = and(eq(activities.type, 'email'), eq(activities.direction, 'inbound'), gte(activities.occurredAt, since));
  const [filed] = await tx
    .select({ id: activities.id })
    .from(activities)
    .where(and(eq(activities.relatedToType, 'opportunity'), eq(activities.relatedToId, dealId), inbound))
    .limit(1);
  if (filed) return true;
  const [linked] = await tx
    .select({ id: activities.id })
    .from(activityLinks)
    .innerJoin(activities, eq(activities.id, activityLinks.activityId))
    .where(and(eq(activityLinks.relatedToType, 'opportunity'), eq(activityLinks.relatedToId, dealId), gte(activityLinks.occurredAt, since), inbound))
    .limit(1);
  return Boolean(linked);
}

export async function runPlaybookStep(
  db: DbOrTx,
  { enrolmentId, stepIndex }: { enrolmentId: number; stepIndex: number },
  now: Date,
  options: { lastAttempt?: boolean; mailer?: Mailer | null } = {},
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
      const [deal] = await tx
        .select({
          id: opportunities.id,
          opportunityName: opportunities.opportunityName,
          stage: opportunities.stage,
          deletedAt: opportunities.deletedAt,
          accountId: opportunities.accountId,
          championContactId: opportunities.championContactId,
          economicBuyerContactId: opportunities.economicBuyerContactId,
          accountName: accounts.accountName,
        })
        .from(opportunities)
        .leftJoin(accounts, eq(accounts.id, opportunities.accountId))
        .where(eq(opportunities.id, enrolment.recordId));
      if (!deal || deal.deletedAt) {
        await exitDealEnrolments(tx, enrolment.recordId, 'The deal was deleted', now, { deleted: true });
        return 'exited';
      }
      const trigger = definition.trigger as PlaybookTrigger;
      if (closedStages.includes(deal.stage) && !closedStages.includes(trigger.stage)) {
        await exitDealEnrolments(tx, deal.id, `The deal closed (${deal.stage})`, now);
        return 'exited';
      }
      if (await replyArrived(tx, deal.id, enrolment.enrolledAt)) {
        await finish(tx, enrolmentId, 'exited', 'A reply arrived (an inbound email on the deal)', now);
        return 'exited';
      }
      const [owner] = await tx.select({ id: users.id, name: users.name, timeZone: users.timeZone }).from(users).where(eq(users.id, enrolment.ownerId));
      const contact = await recipientOf(tx, deal);
      const values: TemplateValues = {
        'contact.firstName': contact?.firstName,
        'contact.lastName': contact?.lastName,
        'opportunity.opportunityName': deal.opportunityName,
        'opportunity.stage': deal.stage,
        'account.accountName': deal.accountName,
        'owner.name': owner?.name,
      };
      const actor = systemActor(`playbook: ${definition.name}`);
      const timeZone = owner?.timeZone ?? 'UTC';
      let outcome: string;
      let activityId: number | null = null;
      const action = step.action;
      if (action.type === 'createTask') {
        const dueAt = addDelay(now, { amount: action.dueInDays, unit: 'days' }, timeZone);
        const task = await createActivity(
          tx,
          actor,
          { type: 'task', subject: renderTemplate(action.subject, values), body: `From the playbook "${definition.name}"`, dueAt, relatedToType: 'opportunity', relatedToId: deal.id },
          now,
          { ownerId: enrolment.ownerId },
        );
        activityId = task.id;
        outcome = 'Task created';
      } else if (action.type === 'sendEmail') {
        const subject = renderTemplate(action.subject, values);
        const text = renderTemplate(action.body, values);
        if (options.mailer && contact?.email) {
          // Sent under the enrolment's lock: a second worker waits, then finds the step done. A crash after the
          // server accepted it and before the commit sends it again on the retry (at least once, never lost).
          const sent = await options.mailer.send({ to: contact.email, subject, text, html: htmlOf(text) });
          activityId = await insertAudited(
            tx,
            activities,
            { type: 'email', subject, body: text, occurredAt: now, direction: 'outbound', relatedToType: 'opportunity', relatedToId: deal.id, accountId: deal.accountId, ownerId: enrolment.ownerId, emailMessageId: sent.messageId },
            { actor, entityType: 'activity', now },
          );
          outcome = `Email sent to ${contact.email}`;
        } else {
          // No SMTP, or nobody to write to: the owner gets the email to send as a task.
          const why = !options.mailer ? 'email sending is not set up' : 'the deal has no contact with an email address';
          const task = await createActivity(
            tx,
            actor,
            { type: 'task', subject: `Send this email: ${subject}`, body: `${contact?.email ? `To: ${contact.email}\n` : ''}Subject: ${subject}\n\n${text}`, dueAt: now, relatedToType: 'opportunity', relatedToId: deal.id },
            now,
            { ownerId: enrolment.ownerId },
          );
          activityId = task.id;
          outcome = `Task to send the email (${why})`;
        }
      } else if (action.type === 'notifyOwner') {
        await notify(
          tx,
          [{ userId: enrolment.ownerId, kind: 'playbook', title: renderTemplate(action.message, values), body: `From the playbook "${definition.name}"`, recordType: 'opportunity', recordId: deal.id, dedupeKey: `playbook:${enrolmentId}:${stepIndex}` }],
          now,
        );
        outcome = 'Owner notified';
      } else {
        await updateOpportunity(tx, actor, { id: deal.id, nextStep: renderTemplate(action.nextStep, values) }, now);
        outcome = 'Next step set';
      }
      await tx.insert(playbookStepRuns).values({ enrolmentId, stepIndex, ranAt: now, outcome, activityId });

      const next = stepIndex + 1;
      const nextStep = steps[next];
      if (!nextStep) {
        await tx
          .update(playbookEnrolments)
          .set({ state: 'completed', currentStep: next, nextStepDueAt: null, finishedAt: now, activeKey: null, updatedAt: now })
          .where(eq(playbookEnrolments.id, enrolmentId));
        return 'ran';
      }
      const due = addDelay(enrolment.enrolledAt, nextStep.delay, timeZone);
      const runAt = due > now ? due : now;
      await tx.update(playbookEnrolments).set({ currentStep: next, nextStepDueAt: runAt, updatedAt: now }).where(eq(playbookEnrolments.id, enrolmentId));
      await queueSteps(tx, [{ enrolmentId, stepIndex: next, runAt }], now);
      return 'ran';
    });
  } catch (error) {
    const refused = error instanceof DomainError && error.kind !== 'conflict';
    if (refused || lastAttempt) {
      const message = error instanceof Error ? error.message : String(error);
      await finish(db, enrolmentId, 'failed', `Step ${stepIndex + 1} failed: ${message}`, now);
    }
    if (refused) return 'failed';
    throw error;
  }
}

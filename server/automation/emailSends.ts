// One email step of one enrolment, tracked in email_sends (one row per enrolment and step, whatever became of
// it): the A/B variant, the suppression list, the sender's daily limit, the send through the organisation's SMTP
// as the record's owner with an unsubscribe link, and what the SMTP server answered. Runs inside the step's
// transaction (steps.ts), under the enrolment's lock.
import { and, eq, gte, inArray, lt, sql } from 'drizzle-orm';
import { activities, emailSends, type EmailSendStatus, playbookEnrolments, users } from '../../drizzle/schema';
import { type PlaybookAction, type PlaybookRecordType, recordTypeLabels } from '../../shared/schemas/playbooks';
import type { DbOrTx } from '../db';
import { abVariant, dailyLimitDecision, isPermanentRejection, playbookSender, senderDay, smtpAnswer, type Variant } from '../domain/playbookEmail';
import { renderTemplate, type TemplateValues } from '../domain/templates';
import type { Env } from '../env';
import { type Mailer, mailerFor } from '../integrations/mailer';
import type { SystemActor } from '../lib/actor';
import { insertAudited } from '../lib/audit';
import { createActivity } from '../services/activities';
import { getOrganisationSettings } from '../services/settings';
import { suppress, suppressionOf } from './suppression';
import { unsubscribeKeyFor, unsubscribeUrl } from './unsubscribe';
import { queueWaitChecks } from './waits';

type SendEmailAction = Extract<PlaybookAction, { type: 'sendEmail' }>;

/** What sending needs beyond the mailer: MAIL_FROM (the system address), where links point, the links' key. */
export interface PlaybookMail {
  mailer: Mailer;
  from: string;
  publicUrl: string;
  unsubscribeKey: Buffer;
}

export function playbookMailFor(env: Pick<Env, 'mail' | 'publicUrl' | 'encryptionKey'>): PlaybookMail | null {
  const mailer = mailerFor(env);
  return mailer ? { mailer, from: env.mail.from, publicUrl: env.publicUrl, unsubscribeKey: unsubscribeKeyFor(env) } : null;
}

export interface EmailStepInput {
  enrolmentId: number;
  stepIndex: number;
  ownerId: string;
  action: SendEmailAction;
  values: TemplateValues;
  recipient: { email: string | null } | null;
  recordType: PlaybookRecordType;
  recordId: number;
  accountId: number | null;
  actor: SystemActor;
  now: Date;
  mail: PlaybookMail | null;
}

export type EmailStepResult = { deferred: true } | { deferred: false; outcome: string; activityId: number | null };

/** The send a temporary SMTP failure interrupted: steps.ts records it after the step's transaction rolled back. */
export class EmailSendError extends Error {
  constructor(
    readonly send: { enrolmentId: number; stepIndex: number; variant: Variant; recipient: string; senderId: string },
    readonly answer: string,
  ) {
    super(answer);
    this.name = 'EmailSendError';
  }
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const htmlOf = (text: string) => text.split(/\n{2,}/).map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`).join('\n');

type SendRow = { status: EmailSendStatus; recipient: string | null; error?: string | null; messageId?: string | null; activityId?: number | null; deferredUntil?: Date | null; sentAt?: Date | null };

/** Writes the step's one row (a deferred or retried step updates it) and answers its id. */
export async function recordSend(db: DbOrTx, key: { enrolmentId: number; stepIndex: number; variant: Variant; senderId: string }, row: SendRow, now: Date): Promise<number> {
  const values = { error: null, messageId: null, activityId: null, deferredUntil: null, sentAt: null, ...row };
  await db
    .insert(emailSends)
    .values({ ...key, ...values, createdAt: now, updatedAt: now })
    .onDuplicateKeyUpdate({ set: { ...values, variant: key.variant, updatedAt: now } });
  const [saved] = await db.select({ id: emailSends.id }).from(emailSends).where(and(eq(emailSends.enrolmentId, key.enrolmentId), eq(emailSends.stepIndex, key.stepIndex)));
  return saved!.id;
}

/**
 * What a sender has sent today (what reached an SMTP server's answer: sent, or refused as a bounce). Read without a
 * lock: two workers sending for the same owner at the same moment may both see one left, so the limit can be
 * passed by one per extra worker; locking the owner's row instead would hold up every write naming them for as
 * long as an SMTP server takes to answer.
 */
async function sentToday(tx: DbOrTx, senderId: string, day: { start: Date; end: Date }): Promise<number> {
  const [row] = await tx
    .select({ n: sql<number>`COUNT(*)`.mapWith(Number) })
    .from(emailSends)
    .where(and(eq(emailSends.senderId, senderId), inArray(emailSends.status, ['sent', 'bounced']), gte(emailSends.sentAt, day.start), lt(emailSends.sentAt, day.end)));
  return row?.n ?? 0;
}

export async function runEmailStep(tx: DbOrTx, input: EmailStepInput): Promise<EmailStepResult> {
  const { action, values, now, mail } = input;
  const variant: Variant = action.variantB ? abVariant(input.enrolmentId, input.stepIndex, action.percentB ?? 50) : 'A';
  const content = variant === 'B' && action.variantB ? action.variantB : action;
  const subject = renderTemplate(content.subject, values);
  const text = renderTemplate(content.body, values);
  const key = { enrolmentId: input.enrolmentId, stepIndex: input.stepIndex, variant, senderId: input.ownerId };
  const email = input.recipient?.email?.trim().toLowerCase() || null;
  const related = { relatedToType: input.recordType, relatedToId: input.recordId };

  if (email) {
    const suppressed = await suppressionOf(tx, email);
    if (suppressed) {
      const why = suppressed.reason === 'bounce' ? 'an earlier email to it bounced' : 'it unsubscribed';
      await recordSend(tx, key, { status: 'suppressed', recipient: email, error: `Not sent: ${why}` }, now);
      return { deferred: false, outcome: `Email skipped: ${email} is on the suppression list (${why})`, activityId: null };
    }
  }

  if (!mail || !email) {
    // No SMTP, or nobody to write to: the owner gets the email to send as a task.
    const why = !mail ? 'email sending is not set up' : `the ${recordTypeLabels[input.recordType][0]} has no contact with an email address`;
    const task = await createActivity(
      tx,
      input.actor,
      { type: 'task', subject: `Send this email: ${subject}`, body: `${email ? `To: ${email}\n` : ''}Subject: ${subject}\n\n${text}`, dueAt: now, ...related },
      now,
      { ownerId: input.ownerId },
    );
    await recordSend(tx, key, { status: 'task', recipient: email, error: `Given to the owner as a task: ${why}`, activityId: task.id }, now);
    return { deferred: false, outcome: `Task to send the email (${why})`, activityId: task.id };
  }

  const [owner] = await tx.select({ name: users.name, email: users.email, timeZone: users.timeZone }).from(users).where(eq(users.id, input.ownerId));
  const timeZone = owner?.timeZone ?? 'UTC';
  const { playbookEmailDailyLimit: limit } = await getOrganisationSettings(tx, input.actor);
  const decision = dailyLimitDecision(await sentToday(tx, input.ownerId, senderDay(now, timeZone)), limit, now, timeZone);
  if (!decision.send) {
    // Not lost and not failed: the step runs again when the sender's next day begins (a re-check job, waits.ts).
    await recordSend(tx, key, { status: 'limited', recipient: email, error: `${owner?.name ?? 'The owner'} reached the daily limit of ${limit} playbook emails`, deferredUntil: decision.until }, now);
    await tx.update(playbookEnrolments).set({ nextStepDueAt: decision.until, updatedAt: now }).where(eq(playbookEnrolments.id, input.enrolmentId));
    await queueWaitChecks(tx, [{ enrolmentId: input.enrolmentId, stepIndex: input.stepIndex, reason: `limit:${decision.until.toISOString()}`, runAt: decision.until }], now);
    return { deferred: true };
  }

  const link = unsubscribeUrl(mail.publicUrl, mail.unsubscribeKey, email);
  const sender = playbookSender({ name: owner?.name ?? 'Tru-CRM', email: owner?.email ?? '' }, mail.from);
  let messageId: string;
  try {
    // Sent under the enrolment's lock: a second worker waits, then finds the step done. A crash after the server
    // accepted it and before the commit sends it again on the retry (at least once, never lost).
    const sent = await mail.mailer.send({
      to: email,
      subject,
      text: `${text}\n\n-- \nTo stop these emails: ${link}`,
      html: `${htmlOf(text)}\n<p style="font-size:small;color:#666"><a href="${escapeHtml(link)}">Unsubscribe</a> from these emails.</p>`,
      ...sender,
      headers: { 'List-Unsubscribe': `<${link}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
    });
    messageId = sent.messageId;
  } catch (error) {
    const answer = smtpAnswer(error);
    if (!isPermanentRejection(error)) throw new EmailSendError({ ...key, recipient: email }, answer);
    // Refused for good (5xx): no retry would change it. Recorded, the address suppressed, the enrolment goes on.
    const sendId = await recordSend(tx, key, { status: 'bounced', recipient: email, error: answer, sentAt: now }, now);
    await suppress(tx, { email, reason: 'bounce', detail: answer, sendId }, now);
    return { deferred: false, outcome: `Email to ${email} bounced: ${answer}`.slice(0, 255), activityId: null };
  }
  const activityId = await insertAudited(
    tx,
    activities,
    { type: 'email', subject, body: text, occurredAt: now, direction: 'outbound', ...related, accountId: input.accountId, ownerId: input.ownerId, emailMessageId: messageId },
    { actor: input.actor, entityType: 'activity', now },
  );
  await recordSend(tx, key, { status: 'sent', recipient: email, messageId, activityId, sentAt: now }, now);
  return { deferred: false, outcome: `Email sent to ${email}${action.variantB ? ` (variant ${variant})` : ''}`, activityId };
}

/** After a temporary failure rolled the step back: retrying (queued, with why) or, on the last attempt, failed. */
export async function recordSendFailure(db: DbOrTx, error: EmailSendError, lastAttempt: boolean, now: Date) {
  const { recipient, ...key } = error.send;
  await recordSend(db, key, { status: lastAttempt ? 'failed' : 'queued', recipient, error: lastAttempt ? error.answer : `Retrying: ${error.answer}` }, now);
}

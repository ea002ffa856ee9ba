// Playbook email sends (one row per email step of an enrolment, whatever became of it) and the addresses no
// playbook email goes to any more (unsubscribed, or bounced for good).
import { datetime, index, int, mysqlTable, text, uniqueIndex, varchar } from 'drizzle-orm/mysql-core';
import { users } from './auth';
import { playbookEnrolments } from './automation';
import { createdAt, id, ref, timestamps, userRef } from './columns';

export const emailSendStatuses = ['queued', 'sent', 'failed', 'bounced', 'suppressed', 'limited', 'task'] as const;
export type EmailSendStatus = (typeof emailSendStatuses)[number];

/**
 * queued: being retried after a temporary failure (error says why); sent: the SMTP server took it; failed: it
 * gave up after the retries; bounced: the server refused the recipient for good (5xx); suppressed: skipped, the
 * address unsubscribed or bounced before; limited: the sender's daily limit was reached, due again at
 * deferredUntil; task: no SMTP (or nobody to write to), the owner got a "Send this email" task.
 */
export const emailSends = mysqlTable('email_sends', {
  id: id(),
  enrolmentId: ref().notNull().references(() => playbookEnrolments.id, { onDelete: 'cascade' }),
  stepIndex: int().notNull(),
  variant: varchar({ length: 1, enum: ['A', 'B'] }).notNull().default('A'),
  recipient: varchar({ length: 320 }),
  /** The enrolment's owner: whom it is sent as, whose daily limit it counts against. */
  senderId: userRef().notNull().references(() => users.id),
  status: varchar({ length: 16, enum: emailSendStatuses }).notNull(),
  error: text(),
  messageId: varchar({ length: 255 }),
  /** The email filed on the record, or the task given to the owner. */
  activityId: ref(),
  deferredUntil: datetime({ fsp: 3 }),
  sentAt: datetime({ fsp: 3 }),
  ...timestamps,
}, (t) => [
  uniqueIndex('email_sends_enrolment_step_uq').on(t.enrolmentId, t.stepIndex),
  index('email_sends_sender_sent_idx').on(t.senderId, t.status, t.sentAt),
  index('email_sends_recipient_idx').on(t.recipient),
]);

export const emailSuppressions = mysqlTable('email_suppressions', {
  id: id(),
  /** Lower case. */
  email: varchar({ length: 320 }).notNull(),
  reason: varchar({ length: 16, enum: ['unsubscribe', 'bounce'] }).notNull(),
  /** The SMTP server's answer for a bounce. */
  detail: text(),
  /** The send whose link or bounce put it here. */
  sendId: ref(),
  createdAt: createdAt(),
}, (t) => [uniqueIndex('email_suppressions_email_uq').on(t.email)]);

export type EmailSend = typeof emailSends.$inferSelect;

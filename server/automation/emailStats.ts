// What a playbook's email steps did, per step and A/B variant: sent, skipped, deferred, failed, and what followed
// a sent email: a reply (an inbound email filed on or captured for the record after it) and a won deal (the deal
// itself, or the deal the lead became, won after it). One set-based query over email_sends.
import { and, eq, sql } from 'drizzle-orm';
import type { AnyMySqlColumn } from 'drizzle-orm/mysql-core';
import { activities, activityLinks, emailSends, type EmailSendStatus, leads, opportunities, playbookEnrolments } from '../../drizzle/schema';
import type { DbOrTx } from '../db';
import type { Actor } from '../lib/actor';

const count = (condition: ReturnType<typeof sql>) => sql<number>`COALESCE(SUM(CASE WHEN ${condition} THEN 1 ELSE 0 END), 0)`.mapWith(Number);
const sent = sql`${emailSends.status} = 'sent'`;

const inbound = sql`${activities.type} = 'email' AND ${activities.direction} = 'inbound'`;
const replied = sql`(EXISTS (SELECT 1 FROM ${activities} WHERE ${activities.relatedToType} = ${playbookEnrolments.recordType} AND ${activities.relatedToId} = ${playbookEnrolments.recordId} AND ${inbound} AND ${activities.occurredAt} >= ${emailSends.sentAt})
  OR EXISTS (SELECT 1 FROM ${activityLinks} INNER JOIN ${activities} ON ${activities.id} = ${activityLinks.activityId} WHERE ${activityLinks.relatedToType} = ${playbookEnrolments.recordType} AND ${activityLinks.relatedToId} = ${playbookEnrolments.recordId} AND ${activityLinks.occurredAt} >= ${emailSends.sentAt} AND ${inbound}))`;
const dealOfRecord = sql`CASE ${playbookEnrolments.recordType} WHEN 'opportunity' THEN ${playbookEnrolments.recordId}
  WHEN 'lead' THEN (SELECT ${leads.convertedOpportunityId} FROM ${leads} WHERE ${leads.id} = ${playbookEnrolments.recordId}) END`;
const wonAfter = sql`EXISTS (SELECT 1 FROM ${opportunities} WHERE ${opportunities.id} = ${dealOfRecord} AND ${opportunities.stage} = 'Closed Won' AND ${opportunities.closedAt} >= ${emailSends.sentAt} AND ${opportunities.deletedAt} IS NULL)`;

export interface VariantStats {
  stepIndex: number;
  variant: 'A' | 'B';
  sent: number;
  replies: number;
  won: number;
  suppressed: number;
  limited: number;
  failed: number;
  bounced: number;
  tasks: number;
}

/** Everyone sees a playbook and what it did (as playbooks.get); the counts name no record. */
export async function playbookEmailStats(db: DbOrTx, _actor: Actor, { id }: { id: number }): Promise<VariantStats[]> {
  const rows = await db
    .select({
      stepIndex: emailSends.stepIndex,
      variant: emailSends.variant,
      sent: count(sent),
      replies: count(sql`${sent} AND ${replied}`),
      won: count(sql`${sent} AND ${wonAfter}`),
      suppressed: count(sql`${emailSends.status} = 'suppressed'`),
      limited: count(sql`${emailSends.status} = 'limited'`),
      failed: count(sql`${emailSends.status} IN ('failed', 'queued')`),
      bounced: count(sql`${emailSends.status} = 'bounced'`),
      tasks: count(sql`${emailSends.status} = 'task'`),
    })
    .from(emailSends)
    .innerJoin(playbookEnrolments, eq(playbookEnrolments.id, emailSends.enrolmentId))
    .where(and(eq(playbookEnrolments.playbookId, id)))
    .groupBy(emailSends.stepIndex, emailSends.variant)
    .orderBy(emailSends.stepIndex, emailSends.variant);
  return rows as VariantStats[];
}

/** The latest email step's send of an enrolment, for enrolments.list: its status and why (a failure, a bounce). */
const latestSend = <T>(column: AnyMySqlColumn) =>
  sql<T | null>`(SELECT ${column} FROM ${emailSends} WHERE ${emailSends.enrolmentId} = ${playbookEnrolments.id} ORDER BY ${emailSends.stepIndex} DESC LIMIT 1)`;
export const latestSendColumns = {
  emailStatus: latestSend<EmailSendStatus>(emailSends.status),
  emailError: latestSend<string>(emailSends.error),
  emailRecipient: latestSend<string>(emailSends.recipient),
};

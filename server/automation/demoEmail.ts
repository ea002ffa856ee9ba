// The demo's email history on the new-lead follow-up: the website form's older leads (now Working) went through it
// last week. Two were emailed and replied (so the playbook exited); one had unsubscribed from an earlier email,
// so its email was skipped and the playbook went on to the call. The playbook's page shows these sends and their
// replies, the leads' Playbooks panels their status.
import { and, asc, eq } from 'drizzle-orm';
import { activities, emailSends, emailSuppressions, leads, playbookEnrolments, playbookStepRuns, users } from '../../drizzle/schema';
import type { DbOrTx } from '../db';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export async function seedDemoEmailHistory(tx: DbOrTx, playbookId: number, version: number, now: Date) {
  const history = await tx
    .select({ id: leads.id, firstName: leads.firstName, lastName: leads.lastName, company: leads.company, email: leads.email, ownerId: leads.ownerId, ownerName: users.name, createdAt: leads.createdAt })
    .from(leads)
    .innerJoin(users, eq(users.id, leads.ownerId))
    .where(and(eq(leads.leadSource, 'Website demo form'), eq(leads.status, 'Working')))
    .orderBy(asc(leads.createdAt))
    .limit(3);
  for (const [i, lead] of history.entries()) {
    const enrolledAt = lead.createdAt;
    // The oldest two: emailed a day in and answered; the third's address had unsubscribed before.
    const replied = i < 2;
    const emailAt = new Date(enrolledAt.getTime() + DAY + HOUR);
    const finishedAt = new Date(enrolledAt.getTime() + (replied ? 3 * DAY + HOUR : 3 * DAY));
    if (finishedAt > now || !lead.email) continue;
    const [enrolment] = await tx
      .insert(playbookEnrolments)
      .values({
        playbookId,
        playbookVersion: version,
        recordType: 'lead',
        recordId: lead.id,
        ownerId: lead.ownerId,
        state: replied ? 'exited' : 'completed',
        currentStep: replied ? 2 : 3,
        enrolledAt,
        finishedAt,
        reason: replied ? 'A reply arrived (an inbound email on the lead)' : null,
        createdAt: enrolledAt,
        updatedAt: finishedAt,
      })
      .$returningId();
    const enrolmentId = enrolment!.id;
    const task = async (subject: string, at: Date) => {
      const [row] = await tx
        .insert(activities)
        .values({ type: 'task', subject, body: 'From the playbook "New-lead follow-up"', occurredAt: at, dueAt: at, completedAt: new Date(at.getTime() + 2 * HOUR), relatedToType: 'lead', relatedToId: lead.id, ownerId: lead.ownerId, createdAt: at, updatedAt: at })
        .$returningId();
      return row!.id;
    };
    const firstTouchAt = new Date(enrolledAt.getTime() + HOUR);
    const runs: { stepIndex: number; ranAt: Date; outcome: string; activityId: number | null }[] = [
      { stepIndex: 0, ranAt: firstTouchAt, outcome: 'Task created', activityId: await task(`First touch: research ${lead.company} and reach out to ${lead.firstName} ${lead.lastName}`, firstTouchAt) },
    ];
    const email = lead.email.toLowerCase();
    if (replied) {
      const subject = `Following up, ${lead.firstName}`;
      const [sent] = await tx
        .insert(activities)
        .values({
          type: 'email',
          direction: 'outbound',
          subject,
          body: `Hi ${lead.firstName},\n\nThanks for your interest. Would a short call this week help to see whether we are a fit for ${lead.company}?\n\nBest,\n${lead.ownerName}`,
          occurredAt: emailAt,
          relatedToType: 'lead',
          relatedToId: lead.id,
          ownerId: lead.ownerId,
          emailMessageId: `<demo-playbook-${enrolmentId}@demo.example>`,
          createdAt: emailAt,
          updatedAt: emailAt,
        })
        .$returningId();
      await tx.insert(emailSends).values({ enrolmentId, stepIndex: 1, variant: 'A', recipient: email, senderId: lead.ownerId, status: 'sent', messageId: `<demo-playbook-${enrolmentId}@demo.example>`, activityId: sent!.id, sentAt: emailAt, createdAt: emailAt, updatedAt: emailAt });
      const replyAt = new Date(emailAt.getTime() + (i + 2) * HOUR);
      await tx.insert(activities).values({ type: 'email', direction: 'inbound', subject: `Re: ${subject}`, body: 'Thanks, Thursday afternoon works for us.', occurredAt: replyAt, relatedToType: 'lead', relatedToId: lead.id, ownerId: lead.ownerId, createdAt: replyAt, updatedAt: replyAt });
      runs.push({ stepIndex: 1, ranAt: emailAt, outcome: `Email sent to ${email}`, activityId: sent!.id });
    } else {
      const unsubscribedAt = new Date(enrolledAt.getTime() - 10 * DAY);
      await tx.insert(emailSuppressions).values({ email, reason: 'unsubscribe', createdAt: unsubscribedAt });
      await tx.insert(emailSends).values({ enrolmentId, stepIndex: 1, variant: 'A', recipient: email, senderId: lead.ownerId, status: 'suppressed', error: 'Not sent: it unsubscribed', createdAt: emailAt, updatedAt: emailAt });
      runs.push({ stepIndex: 1, ranAt: emailAt, outcome: `Email skipped: ${email} is on the suppression list (it unsubscribed)`, activityId: null });
      const callAt = new Date(enrolledAt.getTime() + 3 * DAY);
      runs.push({ stepIndex: 2, ranAt: callAt, outcome: 'Task created', activityId: await task(`Call ${lead.firstName} ${lead.lastName} at ${lead.company}`, callAt) });
    }
    await tx.insert(playbookStepRuns).values(runs.map((r) => ({ enrolmentId, ...r, createdAt: r.ranAt })));
  }
}

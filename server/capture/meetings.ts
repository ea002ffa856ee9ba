// From a calendar event to a meeting activity: screened and matched like an email (blocklist, internal-only,
// attendees to contacts, leads and account domains), stored once per calendar key, moved when the event moves,
// and removed when it is cancelled or deleted. Nothing about an event that matches no record is written.
import { eq, sql } from 'drizzle-orm';
import { activities, activityLinks, emailConnections, type EmailConnection } from '../../drizzle/schema';
import type { DbOrTx, Tx } from '../db';
import { type CapturedMeeting, meetingSnippet } from '../domain/captureInput';
import { type CaptureScope, placeEmail, screenEmail } from '../domain/emailMatching';
import { recordDeleteAudit, recordUpdateAudit } from '../lib/audit';
import { insertCapturedActivity } from '../services/activities';
import { captureActor, findMatches, linkActivity } from './store';

export type { CapturedMeeting };

export type MeetingOutcome = 'created' | 'updated' | 'unchanged' | 'removed' | 'skipped';

async function removeMeeting(tx: Tx, eventKey: string): Promise<boolean> {
  const [row] = await tx.select().from(activities).where(eq(activities.calendarEventKey, eventKey)).for('update');
  if (!row) return false;
  await tx.delete(activities).where(eq(activities.id, row.id));
  await recordDeleteAudit(tx, { actor: captureActor, entityType: 'activity', entityId: row.id, before: { type: row.type, subject: row.subject, occurredAt: row.occurredAt } });
  return true;
}

export async function captureMeeting(tx: Tx, connection: EmailConnection, scope: CaptureScope, meeting: CapturedMeeting, now: Date): Promise<MeetingOutcome> {
  if (meeting.cancelled) return (await removeMeeting(tx, meeting.eventKey)) ? 'removed' : 'skipped';
  const screening = screenEmail(meeting.participants, scope);
  // A meeting that no longer qualifies (a blocklisted attendee added, the customer removed) leaves the timelines.
  if (!screening.keep) return (await removeMeeting(tx, meeting.eventKey)) ? 'removed' : 'skipped';
  const matches = await findMatches(tx, screening.external);
  const organizer = meeting.participants.find((p) => p.role === 'organizer')?.email ?? null;
  const accountOf = new Map(matches.contacts.map((c) => [`contact:${c.id}`, c.accountId]));
  const placement = placeEmail(matches, organizer, (ref) => (ref.type === 'account' ? ref.id : (accountOf.get(`${ref.type}:${ref.id}`) ?? null)));
  if (!placement) return (await removeMeeting(tx, meeting.eventKey)) ? 'removed' : 'skipped';

  const subject = (meeting.subject || '(no title)').slice(0, 500);
  const body = meetingSnippet(meeting.description);
  const { id, created } = await insertCapturedActivity(
    tx,
    captureActor,
    {
      type: 'meeting',
      subject,
      body,
      occurredAt: meeting.startAt,
      relatedTo: placement.primary,
      calendarEventKey: meeting.eventKey,
      provider: connection.provider,
      providerMessageId: meeting.providerEventId,
      participants: meeting.participants,
      ownerId: connection.userId,
      captureConnectionId: connection.id,
    },
    now,
  );
  let outcome: MeetingOutcome = created ? 'created' : 'unchanged';
  if (!created) {
    const [before] = await tx.select().from(activities).where(eq(activities.id, id)).for('update');
    if (before && (before.subject !== subject || before.body !== body || before.occurredAt.getTime() !== meeting.startAt.getTime())) {
      await tx.update(activities).set({ subject, body, occurredAt: meeting.startAt, participants: meeting.participants }).where(eq(activities.id, id));
      // The timelines read links by their own occurredAt: a moved meeting moves there too.
      await tx.update(activityLinks).set({ occurredAt: meeting.startAt }).where(eq(activityLinks.activityId, id));
      await recordUpdateAudit(tx, {
        actor: captureActor,
        entityType: 'activity',
        entityId: id,
        before: { subject: before.subject, occurredAt: before.occurredAt },
        after: { subject, occurredAt: meeting.startAt },
      });
      outcome = 'updated';
    }
  }
  await linkActivity(tx, id, meeting.startAt, placement.links, now, 'meeting');
  return outcome;
}

export async function addMeetingsStored(tx: DbOrTx, connectionId: number, created: number): Promise<void> {
  if (created === 0) return;
  await tx
    .update(emailConnections)
    .set({ meetingsStored: sql`${emailConnections.meetingsStored} + ${created}` })
    .where(eq(emailConnections.id, connectionId));
}

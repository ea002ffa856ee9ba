// The demo's connected mailboxes and calendars: one per user whose demo activities include captured email (one of
// them Outlook, the rest Gmail), with the counters a few months of capture would show, and those activities tied
// to it (so sharing levels apply): the captured email, and the meetings with customers as captured calendar
// meetings. The mailboxes have no tokens: Sync now on one reads nothing and says it synced, as a demo without
// Google or Microsoft should.
import { sql } from 'drizzle-orm';
import { activities, emailConnections, users } from '../../drizzle/schema';
import type { Tx } from '../db';

const MINUTE = 60_000;
/** Which demo mailbox (in address order) is an Outlook one, so both providers can be seen. */
const OUTLOOK_INDEX = 1;

export async function seedDemoCapture(tx: Tx, now: Date): Promise<void> {
  const owners = await tx
    .select({ userId: activities.ownerId, email: users.email, name: users.name, captured: sql<number>`count(*)` })
    .from(activities)
    .innerJoin(users, sql`${users.id} = ${activities.ownerId}`)
    .where(sql`${activities.emailMessageId} IS NOT NULL`)
    .groupBy(activities.ownerId, users.email, users.name)
    .orderBy(users.email);
  if (owners.length === 0) return;
  await tx.insert(emailConnections).values(
    owners.map((o, i) => {
      const stored = Number(o.captured);
      return {
        userId: o.userId,
        provider: i === OUTLOOK_INDEX ? ('microsoft' as const) : ('google' as const),
        emailAddress: o.email.toLowerCase(),
        status: 'active' as const,
        lastSyncedAt: new Date(now.getTime() - (2 + (i % 5)) * MINUTE),
        // A watch or subscription renewed today, as the daily renewal leaves it.
        expiresAt: new Date(now.getTime() + (i === OUTLOOK_INDEX ? 2 : 6) * 24 * 60 * MINUTE),
        // Checked against the mailbox last night.
        reconciledAt: new Date(now.getTime() - (7 * 60 + i) * MINUTE),
        // One rep shares subjects only, so the sharing levels can be seen from another account.
        sharingLevel: o.email.startsWith('marcus.') ? ('subject' as const) : ('full' as const),
        messagesSeen: stored * 4 + (i % 3),
        messagesStored: stored,
        skippedInternal: stored * 2,
        skippedUnmatched: stored + (i % 3),
        skippedBlocked: i % 2,
        messagesFailed: 0,
      };
    }),
  );
  await tx.execute(
    sql`UPDATE ${activities} JOIN ${emailConnections} ON ${emailConnections.userId} = ${activities.ownerId}
        SET ${activities.captureConnectionId} = ${emailConnections.id}, ${activities.provider} = ${emailConnections.provider}
        WHERE ${activities.emailMessageId} IS NOT NULL`,
  );
  // Meetings with customers on the calendar (they have attendees): captured meetings, one calendar key each.
  await tx.execute(
    sql`UPDATE ${activities} JOIN ${emailConnections} ON ${emailConnections.userId} = ${activities.ownerId}
        SET ${activities.captureConnectionId} = ${emailConnections.id}, ${activities.provider} = ${emailConnections.provider},
            ${activities.calendarEventKey} = CONCAT('ical:demo-', ${activities.id}, '@trucrm.demo')
        WHERE ${activities.type} = 'meeting' AND ${activities.participants} IS NOT NULL`,
  );
  await tx.execute(
    sql`UPDATE ${emailConnections} SET ${emailConnections.meetingsStored} =
          (SELECT COUNT(*) FROM ${activities} WHERE ${activities.captureConnectionId} = ${emailConnections.id} AND ${activities.type} = 'meeting')`,
  );
}

// The demo's failed job, so an admin opens the app to an inbox with something in it: one mailbox sync that used
// up its attempts, parked dead as the queue leaves such a job, and the alert the admins' sweep (alertDeadJobs)
// sends about it. It is listed under Settings -> Connections, where Re-run queues it again (a demo mailbox has
// no tokens: its sync reads nothing and succeeds).
import { asc } from 'drizzle-orm';
import { emailConnections, jobs } from '../../drizzle/schema';
import type { DbOrTx } from '../db';
import { alertDeadJobs } from './alerts';

const HOUR = 3_600_000;
const SYNC_ATTEMPTS = 8;

export async function seedDemoDeadJob(db: DbOrTx, now: Date): Promise<void> {
  const [mailbox] = await db.select({ id: emailConnections.id, provider: emailConnections.provider }).from(emailConnections).orderBy(asc(emailConnections.id)).limit(1);
  if (!mailbox) return;
  const died = new Date(now.getTime() - 3 * HOUR);
  const provider = mailbox.provider === 'microsoft' ? 'Microsoft Graph' : 'Gmail';
  await db.insert(jobs).values({
    type: 'capture.syncMailbox',
    payload: { connectionId: mailbox.id },
    dedupeKey: `demo:capture.sync:${mailbox.id}`,
    status: 'dead',
    runAt: new Date(died.getTime() - HOUR),
    attempts: SYNC_ATTEMPTS,
    maxAttempts: SYNC_ATTEMPTS,
    lastError: `${provider} answered 503 Service Unavailable: the backend is unavailable, try again later`,
    finishedAt: died,
    createdAt: new Date(died.getTime() - 6 * HOUR),
    updatedAt: died,
  });
  await alertDeadJobs(db, now);
}

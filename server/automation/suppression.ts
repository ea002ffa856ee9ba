// The addresses no playbook email goes to any more: unsubscribed through a link, or refused for good by their
// mail server (a bounce). Checked before every send; the enrolment goes on without the email.
import { eq, sql } from 'drizzle-orm';
import { emailSuppressions } from '../../drizzle/schema';
import type { DbOrTx } from '../db';

export type SuppressionReason = 'unsubscribe' | 'bounce';

export async function suppressionOf(db: DbOrTx, email: string): Promise<{ reason: SuppressionReason; createdAt: Date } | null> {
  const [row] = await db
    .select({ reason: emailSuppressions.reason, createdAt: emailSuppressions.createdAt })
    .from(emailSuppressions)
    .where(eq(emailSuppressions.email, email.trim().toLowerCase()));
  return row ?? null;
}

/** Adds the address once; an address already there keeps its first reason (an unsubscribe stays an unsubscribe). */
export async function suppress(db: DbOrTx, entry: { email: string; reason: SuppressionReason; detail?: string | null; sendId?: number | null }, now: Date) {
  await db
    .insert(emailSuppressions)
    .values({ email: entry.email.trim().toLowerCase(), reason: entry.reason, detail: entry.detail ?? null, sendId: entry.sendId ?? null, createdAt: now })
    .onDuplicateKeyUpdate({ set: { id: sql`${emailSuppressions.id}` } });
}

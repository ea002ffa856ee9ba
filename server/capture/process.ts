// The step every mailbox sync shares: messages the mailbox showed us, minus those already handled, each
// screened, matched and stored in its own transaction together with the note that it was handled (its id and
// outcome, never its content). A message that fails is counted and left unlisted, so reconciliation retries it.
import { and, eq, inArray, lt } from 'drizzle-orm';
import { captureSeenMessages, type EmailConnection } from '../../drizzle/schema';
import type { CaptureScope } from '../domain/emailMatching';
import type { Db, DbOrTx } from '../db';
import type { Logger } from '../lib/log';
import { captureEmail, type CapturedEmail, countOutcome, type SyncCounts } from './store';

/** The provider ids among `ids` this mailbox has handled already. */
export async function alreadySeen(db: DbOrTx, connectionId: number, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .select({ id: captureSeenMessages.providerMessageId })
    .from(captureSeenMessages)
    .where(and(eq(captureSeenMessages.connectionId, connectionId), inArray(captureSeenMessages.providerMessageId, [...ids])));
  return new Set(rows.map((r) => r.id));
}

/** Captures one message and lists it as handled, atomically; counts the outcome. */
export async function processMessage(
  deps: { db: Db; log: Logger },
  connection: EmailConnection,
  scope: CaptureScope,
  email: CapturedEmail,
  counts: SyncCounts,
  now: Date,
): Promise<void> {
  try {
    const outcome = await deps.db.transaction(async (tx) => {
      const result = await captureEmail(tx, connection, scope, email, now);
      await tx
        .insert(captureSeenMessages)
        .values({ connectionId: connection.id, providerMessageId: email.providerMessageId, outcome: result.stored ? 'stored' : result.reason, seenAt: now })
        .onDuplicateKeyUpdate({ set: { seenAt: now } });
      return result;
    });
    countOutcome(counts, outcome);
  } catch (error) {
    // One bad message must not stop the mailbox: counted as failed (ids only in the log).
    countOutcome(counts, 'failed');
    deps.log.warn('a message could not be captured', { connectionId: connection.id, providerMessageId: email.providerMessageId, error });
  }
}

/** Handled-message notes older than this are dropped: reconciliation looks back 7 days. */
export const SEEN_RETENTION_DAYS = 10;

export async function purgeSeenMessages(db: DbOrTx, now: Date): Promise<void> {
  await db.delete(captureSeenMessages).where(lt(captureSeenMessages.seenAt, new Date(now.getTime() - SEEN_RETENTION_DAYS * 86_400_000)));
}

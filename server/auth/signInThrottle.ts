// Failed sign-ins slow down the next attempt, per account and per client address (server/domain/signInDelay.ts).
//
// Per account, an attempt is counted as a failure *before* its password is checked, under a row lock, and
// forgiven once it succeeds: so a burst of parallel guesses against one account is admitted one at a time,
// and a new guess always waits out the delay its predecessors earned. An attempt refused while waiting is not
// counted, so hammering does not lengthen the wait beyond the ceiling. Per address, only settled failures are
// counted (a parallel burst can overshoot by its size, which better-auth's per-address request cap bounds),
// and a success forgives nothing: signing in to one's own account must not reset a guesser's address.
import { and, eq, sql } from 'drizzle-orm';
import { signInFailures, signInFailureScopes } from '../../drizzle/schema';
import type { Db, Tx } from '../db';
import { rememberedFailures, type SignInDelayPolicy, waitBeforeNextAttempt } from '../domain/signInDelay';
import type { Clock } from '../lib/clock';

type Scope = (typeof signInFailureScopes)[number];

const MINUTE_MS = 60_000;

/** Five typos are free; then 1 s, 2 s, 4 s … up to 5 minutes between guesses at one account (about 12 an hour). */
export const ACCOUNT_DELAY: SignInDelayPolicy = {
  freeFailures: 5,
  firstDelayMs: 1_000,
  maxDelayMs: 5 * MINUTE_MS,
  forgetAfterMs: 24 * 60 * MINUTE_MS,
};

/** An office behind one address makes typos too: more are free, and a quiet hour forgets them. */
export const ADDRESS_DELAY: SignInDelayPolicy = {
  freeFailures: 20,
  firstDelayMs: 1_000,
  maxDelayMs: 5 * MINUTE_MS,
  forgetAfterMs: 60 * MINUTE_MS,
};

/** Rows are useless once both policies have forgotten them. */
export const SIGN_IN_FAILURE_RETENTION_MS = Math.max(ACCOUNT_DELAY.forgetAfterMs, ADDRESS_DELAY.forgetAfterMs);

export interface SignInAttempt {
  /** The email as better-auth looks it up (lower-cased), or null when there is none to key on. */
  account: string | null;
  /** The client address (req.ip), or null for calls that come from no request. */
  address: string | null;
}

export type SignInOutcome = 'succeeded' | 'failed' | 'refused';

export interface SignInThrottle {
  /** Null when the attempt may go ahead (and is then counted until settled), else how long to wait. */
  admit(attempt: SignInAttempt): Promise<{ retryAfterSeconds: number } | null>;
  /** `refused` is an attempt stopped before its password was checked (bad input, origin): not a guess. */
  settle(attempt: SignInAttempt, outcome: SignInOutcome): Promise<void>;
}

const subjectIs = (scope: Scope, subject: string) => and(eq(signInFailures.scope, scope), eq(signInFailures.subject, subject));

/** The row of (scope, subject), created if missing, locked until the transaction ends. */
async function lockRow(tx: Tx, scope: Scope, subject: string) {
  // ON DUPLICATE KEY UPDATE takes an exclusive lock on an existing row (INSERT IGNORE would take a shared
  // one, and two sign-ins upgrading their shared locks deadlock).
  await tx
    .insert(signInFailures)
    .values({ scope, subject, failures: 0 })
    .onDuplicateKeyUpdate({ set: { failures: sql`${signInFailures.failures}` } });
  const [row] = await tx.select().from(signInFailures).where(subjectIs(scope, subject)).for('update');
  return row!;
}

function retryAfter(waitMs: number) {
  return { retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
}

/** Adds one failure to a locked row, or starts a new run when the policy has forgotten the last one. */
async function countFailure(tx: Tx, row: typeof signInFailures.$inferSelect, policy: SignInDelayPolicy, now: Date) {
  await tx
    .update(signInFailures)
    .set({ failures: rememberedFailures(policy, row, now) + 1, lastFailureAt: now })
    .where(eq(signInFailures.id, row.id));
}

export function createSignInThrottle(db: Db, clock: Clock): SignInThrottle {
  return {
    async admit({ account, address }) {
      const now = clock.now();
      if (address) {
        const [row] = await db.select().from(signInFailures).where(subjectIs('address', address));
        const wait = waitBeforeNextAttempt(ADDRESS_DELAY, row, now);
        if (wait > 0) return retryAfter(wait);
      }
      if (!account) return null;
      return db.transaction(async (tx) => {
        const row = await lockRow(tx, 'account', account);
        const wait = waitBeforeNextAttempt(ACCOUNT_DELAY, row, now);
        if (wait > 0) return retryAfter(wait);
        await countFailure(tx, row, ACCOUNT_DELAY, now);
        return null;
      });
    },

    async settle({ account, address }, outcome) {
      if (outcome === 'succeeded') {
        if (account) await db.delete(signInFailures).where(subjectIs('account', account));
        return;
      }
      if (outcome === 'refused') {
        if (account) {
          await db
            .update(signInFailures)
            .set({ failures: sql`GREATEST(${signInFailures.failures} - 1, 0)` })
            .where(subjectIs('account', account));
        }
        return;
      }
      if (address) {
        const now = clock.now();
        await db.transaction(async (tx) => countFailure(tx, await lockRow(tx, 'address', address), ADDRESS_DELAY, now));
      }
    },
  };
}

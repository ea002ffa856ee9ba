// Housekeeping: drop what can never be used again, so these tables stay small and their scans fast.
import { and, eq, lt } from 'drizzle-orm';
import { z } from 'zod';
import { jobs, rateLimits, sessions, signInFailures, uploads, verifications } from '../../../drizzle/schema';
import { SIGN_IN_FAILURE_RETENTION_MS } from '../../auth/signInThrottle';
import { type DbOrTx, deleteInBatches } from '../../db';
import { defineJob } from '../jobDefinition';

const DAY_MS = 24 * 60 * 60_000;
export const RATE_LIMIT_RETENTION_MS = DAY_MS;
/** Done jobs stay visible this long; dead jobs stay until an admin retries them. */
export const DONE_JOB_RETENTION_MS = 14 * DAY_MS;
const BATCH = 5_000;

export async function purgeExpired(db: DbOrTx, now: Date) {
  const sessionsDeleted = await deleteInBatches(() => db.delete(sessions).where(lt(sessions.expiresAt, now)).limit(BATCH), BATCH);
  const verificationsDeleted = await deleteInBatches(() =>
    db.delete(verifications).where(lt(verifications.expiresAt, now)).limit(BATCH),
    BATCH,
  );
  // better-auth stores lastRequest as epoch milliseconds.
  const rateLimitsDeleted = await deleteInBatches(() =>
    db.delete(rateLimits).where(lt(rateLimits.lastRequest, now.getTime() - RATE_LIMIT_RETENTION_MS)).limit(BATCH),
    BATCH,
  );
  const signInFailuresDeleted = await deleteInBatches(() =>
    db.delete(signInFailures).where(lt(signInFailures.lastFailureAt, new Date(now.getTime() - SIGN_IN_FAILURE_RETENTION_MS))).limit(BATCH),
    BATCH,
  );
  const doneBefore = new Date(now.getTime() - DONE_JOB_RETENTION_MS);
  const jobsDeleted = await deleteInBatches(() =>
    db.delete(jobs).where(and(eq(jobs.status, 'done'), lt(jobs.finishedAt, doneBefore))).limit(BATCH),
    BATCH,
  );
  // An upload still 'receiving' after a day was cut off (a closed tab, a crash): its chunks go with it.
  const uploadsDeleted = await deleteInBatches(() =>
    db.delete(uploads).where(and(eq(uploads.status, 'receiving'), lt(uploads.createdAt, new Date(now.getTime() - DAY_MS)))).limit(BATCH),
    BATCH,
  );
  return { sessionsDeleted, verificationsDeleted, rateLimitsDeleted, signInFailuresDeleted, jobsDeleted, uploadsDeleted };
}

export const purgeExpiredJob = defineJob({
  type: 'maintenance.purgeExpired',
  payload: z.object({}),
  async handle(ctx) {
    const counts = await purgeExpired(ctx.db, ctx.clock.now());
    ctx.log.info('purged expired rows', counts);
  },
});

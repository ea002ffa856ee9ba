// The typed way to add a job: only a registered type, with its payload's shape. Services call this inside
// the transaction of the change that causes the job. (Type-only imports of the registry: no import cycle
// between a capability's services and the registry that lists its jobs.)
import type { DbOrTx } from '../db';
import { enqueueJob } from './queue';
import type { JobPayload, JobType } from './registry';

export interface TypedJob<Type extends JobType> {
  type: Type;
  payload: JobPayload<Type>;
  /** At most one job per key: a burst of changes to one record gives one job. */
  dedupeKey?: string | null;
  runAt?: Date;
  maxAttempts?: number;
}

export function enqueue<Type extends JobType>(db: DbOrTx, job: TypedJob<Type>, now: Date): Promise<number> {
  return enqueueJob(db, job, now);
}

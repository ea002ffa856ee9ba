// Which precomputed aggregates are complete (precomputed_aggregates): a reader uses one only once its row
// exists, else it counts live. A writer of the data an aggregate sums locks its row before it changes
// anything: in share mode when it adds its own difference (many at once is fine, sums commute), for update
// when it writes values counted afresh (one at a time). A rebuild writes the row first (an exclusive lock),
// so it waits for the changes under way and the ones after it wait for it: nothing is lost or counted twice.
import { eq, sql } from 'drizzle-orm';
import { precomputedAggregates } from '../../drizzle/schema';
import type { DbOrTx } from '../db';

export type PrecomputedName = 'deal_buckets' | 'deal_health';

export interface HeldAggregates {
  dealBuckets: boolean;
  dealHealth: boolean;
}

/** Which aggregates a reader may use now (no lock: a dashboard reads committed rows). */
export async function heldAggregates(db: DbOrTx): Promise<HeldAggregates> {
  const rows = await db.select({ name: precomputedAggregates.name }).from(precomputedAggregates);
  const names = new Set(rows.map((r) => r.name));
  return { dealBuckets: names.has('deal_buckets'), dealHealth: names.has('deal_health') };
}

/** In a writer's transaction, before its change: whether the aggregate is held (and so must be kept). */
export async function isHeldForWrite(tx: DbOrTx, name: PrecomputedName, mode: 'share' | 'update'): Promise<boolean> {
  const lock = mode === 'share' ? sql`lock in share mode` : sql`for update`;
  const result = await tx.execute(sql`select 1 as held from ${precomputedAggregates} where ${precomputedAggregates.name} = ${name} ${lock}`);
  const rows = (Array.isArray(result) ? result[0] : result) as unknown as unknown[];
  return rows.length > 0;
}

/** A rebuild's first statement: takes the aggregate's row lock and marks it held from this commit on. */
export async function markBuilt(tx: DbOrTx, name: PrecomputedName, now: Date): Promise<void> {
  await tx.insert(precomputedAggregates).values({ name, builtAt: now }).onDuplicateKeyUpdate({ set: { builtAt: now } });
}

/** Tests: forget an aggregate (readers count live again). */
export async function dropHeld(db: DbOrTx, name: PrecomputedName): Promise<void> {
  await db.delete(precomputedAggregates).where(eq(precomputedAggregates.name, name));
}

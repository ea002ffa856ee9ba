// Each deal's weight of open hygiene results (hygiene_deal_health), so the dashboards' at-risk deals are an
// indexed look-up rather than a pass over every open result. Kept exact where rule_results change: every scan
// recounts the id range it just stored (refreshDealHealth, in its transaction), deleting a custom rule
// recounts the deals it touched; a full scan marks the table complete, and until then readers count live.
// Counted from the stored rows themselves (not from the findings), so it is what the live count would read.
import { and, eq, gt, inArray, lte, sql, type SQL } from 'drizzle-orm';
import { hygieneDealHealth, ruleResults } from '../../drizzle/schema';
import { severityWeights } from '../domain/hygiene/catalogue';
import type { DbOrTx } from '../db';
import { isHeldForWrite, markBuilt } from '../lib/precomputed';

const h = hygieneDealHealth;

/** Which deals to recount: an id range of a scan batch (upTo null: to the end), or the deals named. */
export type DealHealthScope = { after: number; upTo: number | null } | { ids: number[] };

/** A result's weight in deal health (domain/hygiene/catalogue.ts severityWeights), in SQL. */
export const severityWeightSql = (column: SQL | typeof ruleResults.severity) =>
  sql.join([sql`case ${column}`, ...Object.entries(severityWeights).map(([severity, w]) => sql`when ${severity} then ${sql.raw(String(w))}`), sql`else 0 end`], sql` `);

function within(column: typeof h.opportunityId | typeof ruleResults.recordId, scope: DealHealthScope): SQL | undefined {
  if ('ids' in scope) return inArray(column, scope.ids);
  return and(gt(column, scope.after), scope.upTo === null ? undefined : lte(column, scope.upTo));
}

const keyOf = (opportunityId: number, ownerId: string) => `${opportunityId}\u0000${ownerId}`;

/** A full scan's first step: the table is complete from this scan's commit on (and its lock held till then). */
export async function markDealHealthBuilt(tx: DbOrTx, now: Date): Promise<void> {
  await markBuilt(tx, 'deal_health', now);
}

/**
 * Call before changing rule_results of deals (lock order: this row, then the results): whether the table
 * is held and so must be recounted after. For update: a recount writes absolute values, so two never interleave.
 */
export function lockDealHealth(tx: DbOrTx): Promise<boolean> {
  return isHeldForWrite(tx, 'deal_health', 'update');
}

/**
 * Recounts the deals of `scope` from their open results and writes only the rows that changed (new, other
 * weight, gone). Call in the transaction that changed the results, after lockDealHealth said it is held.
 */
export async function refreshDealHealth(tx: DbOrTx, scope: DealHealthScope): Promise<void> {
  if ('ids' in scope && scope.ids.length === 0) return;
  const owner = sql<string>`coalesce(${ruleResults.ownerId}, '')`;
  const [live, stored] = await Promise.all([
    tx
      .select({ opportunityId: ruleResults.recordId, ownerId: owner, weight: sql<number>`sum(${severityWeightSql(ruleResults.severity)})`.mapWith(Number) })
      .from(ruleResults)
      .where(and(eq(ruleResults.recordType, 'opportunity'), sql`${ruleResults.resolvedAt} is null`, within(ruleResults.recordId, scope)))
      .groupBy(ruleResults.recordId, owner),
    tx.select().from(h).where(within(h.opportunityId, scope)),
  ]);
  const before = new Map(stored.map((r) => [keyOf(r.opportunityId, r.ownerId), r]));
  const upserts: (typeof h.$inferInsert)[] = [];
  for (const r of live) {
    const key = keyOf(Number(r.opportunityId), r.ownerId);
    const old = before.get(key);
    before.delete(key);
    if (old?.weight !== r.weight) upserts.push({ opportunityId: Number(r.opportunityId), ownerId: r.ownerId, weight: r.weight });
  }
  for (let i = 0; i < upserts.length; i += 1_000) {
    await tx.insert(h).values(upserts.slice(i, i + 1_000)).onDuplicateKeyUpdate({ set: { weight: sql`values(${h.weight})` } });
  }
  // What is left has no open result any more.
  const gone = [...before.values()];
  for (let i = 0; i < gone.length; i += 1_000) {
    const chunk = gone.slice(i, i + 1_000);
    await tx.delete(h).where(sql`(${h.opportunityId}, ${h.ownerId}) in (${sql.join(chunk.map((r) => sql`(${r.opportunityId}, ${r.ownerId})`), sql`, `)})`);
  }
}

// Each deal's weight of open hygiene results (hygiene_deal_health), so the dashboards' at-risk deals are an
// indexed look-up (and a dimension of the deal buckets) rather than a pass over every open result. Kept exact
// where rule_results change, in the same transaction: every scan recounts the id range it just stored
// (noteDealHealth) and writes the differences when it ends (writeDealHealth: a full scan's at its end, so it
// holds these rows' locks only briefly); deleting a custom rule recounts the deals it touched. Counted from
// the stored results themselves, so it is what a live count reads. A full scan marks the table complete;
// until then readers count live.
// A deal whose health crosses the at-risk line moves between the deal buckets' at-risk halves here: its row
// locked first (lock order: deal, then health rows, then buckets, as a change of the deal takes them).
import { and, gt, inArray, lte, sql, type SQL } from 'drizzle-orm';
import { hygieneDealHealth, ruleResults } from '../../drizzle/schema';
import { AT_RISK_WEIGHT } from '../domain/atRisk';
import { severityWeights } from '../domain/hygiene/catalogue';
import type { DbOrTx } from '../db';
import { moveAtRisk } from '../insight/dealBuckets';
import { bulkInsert } from '../lib/bulkInsert';
import { isHeldForWrite, markBuilt } from '../lib/precomputed';

const h = hygieneDealHealth;

/** Which deals to recount: an id range of a scan batch (upTo null: to the end), or the deals named. */
export type DealHealthScope = { after: number; upTo: number | null } | { ids: number[] };

/** A result's weight in deal health (domain/hygiene/catalogue.ts severityWeights), in SQL. */
const weightSql = sql.join(
  [sql`case ${ruleResults.severity}`, ...Object.entries(severityWeights).map(([severity, w]) => sql`when ${severity} then ${sql.raw(String(w))}`), sql`else 0 end`],
  sql` `,
);

function within(column: typeof h.opportunityId | typeof ruleResults.recordId, scope: DealHealthScope): SQL | undefined {
  if ('ids' in scope) return inArray(column, scope.ids);
  return and(gt(column, scope.after), scope.upTo === null ? undefined : lte(column, scope.upTo));
}

/** Deals whose weight changed in this transaction and is not written yet: id -> [stored, counted]. */
const pending = new WeakMap<object, Map<number, [number, number]>>();

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

/** Recounts the deals of `scope` from their open results; the differences wait for writeDealHealth. */
export async function noteDealHealth(tx: DbOrTx, scope: DealHealthScope): Promise<void> {
  if ('ids' in scope && scope.ids.length === 0) return;
  const [counted, stored] = await Promise.all([
    tx
      .select({ id: ruleResults.recordId, weight: sql<number>`sum(${weightSql})`.mapWith(Number) })
      .from(ruleResults)
      .where(and(sql`${ruleResults.recordType} = 'opportunity'`, sql`${ruleResults.resolvedAt} is null`, within(ruleResults.recordId, scope)))
      .groupBy(ruleResults.recordId),
    tx.select().from(h).where(within(h.opportunityId, scope)),
  ]);
  const changes = pending.get(tx) ?? new Map<number, [number, number]>();
  pending.set(tx, changes);
  const before = new Map(stored.map((r) => [Number(r.opportunityId), r.weight]));
  for (const r of counted) {
    const id = Number(r.id);
    const old = before.get(id) ?? 0;
    before.delete(id);
    if (old !== r.weight) changes.set(id, [changes.get(id)?.[0] ?? old, r.weight]);
  }
  // What is left has no open result any more.
  for (const [id, old] of before) changes.set(id, [changes.get(id)?.[0] ?? old, 0]);
}

/** Writes what noteDealHealth found changed (only those rows), moving deals across the at-risk line in the buckets. */
export async function writeDealHealth(tx: DbOrTx): Promise<void> {
  const changes = pending.get(tx);
  pending.delete(tx);
  if (!changes || changes.size === 0) return;
  const entries = [...changes].filter(([, [from, to]]) => from !== to).sort(([a], [b]) => a - b);
  const crossed = entries.filter(([, [from, to]]) => from > AT_RISK_WEIGHT !== to > AT_RISK_WEIGHT).map(([id, [, to]]) => ({ id, atRisk: to > AT_RISK_WEIGHT }));
  // First the deals that cross the line (locked, as a change of them would), then their health, then the buckets.
  const moves = await moveAtRisk(tx, crossed);
  const upserts = entries.filter(([, [, to]]) => to > 0).map(([id, [, weight]]) => ({ opportunityId: id, weight }));
  // Bound multi-row statements (bulkInsert): a first full scan writes every deal's row here.
  await bulkInsert(tx, h, upserts, { onDuplicate: 'ON DUPLICATE KEY UPDATE weight = values(weight)' });
  const gone = entries.filter(([, [, to]]) => to === 0).map(([id]) => id);
  for (let i = 0; i < gone.length; i += 1_000) await tx.delete(h).where(inArray(h.opportunityId, gone.slice(i, i + 1_000)));
  await moves.apply();
}

/** noteDealHealth and writeDealHealth at once (a change outside a scan). */
export async function refreshDealHealth(tx: DbOrTx, scope: DealHealthScope): Promise<void> {
  await noteDealHealth(tx, scope);
  await writeDealHealth(tx);
}

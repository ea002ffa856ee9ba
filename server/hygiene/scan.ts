// A hygiene scan: gather the facts, evaluate the rules in force, and bring rule_results in line with what
// holds: a new finding inserts, one that held before and stopped resolves, one that holds again reopens
// (a new occurrence), a changed message or severity updates, and everything still holding gets lastSeenAt.
// Scans take one named database lock, so two at once (nightly and "scan now", or two workers) run one after
// the other and never duplicate or undo each other; the unique key (rule, record) backs that up.
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { hygieneHealthPoints, ruleResults } from '../../drizzle/schema';
import { isOpenStage } from '../../shared/stages';
import type { Db, Tx } from '../db';
import type { EffectiveRule, Finding } from '../domain/hygiene/evaluate';
import { evaluate } from '../domain/hygiene/evaluate';
import { dealHealth, pipelineHealth } from '../domain/hygiene/health';
import type { OpportunityFacts } from '../domain/hygiene/facts';
import { gatherFacts, type ScanScope } from './facts';
import { loadEffectiveRules } from './rules';

export const SCAN_LOCK = 'trucrm_hygiene_scan';
const LOCK_WAIT_SECONDS = 120;
const BATCH = 2_000;

export interface ScanCounts {
  findings: number;
  inserted: number;
  reopened: number;
  updated: number;
  resolved: number;
  unchanged: number;
}

function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) && Array.isArray(result[0]) ? result[0] : result) as T[];
}

function chunks<T>(items: readonly T[], size = BATCH): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

const keyOf = (f: { ruleId: string; recordType: string; recordId: number }) => `${f.ruleId}|${f.recordType}|${f.recordId}`;

/** Runs `work` in a transaction that holds the scan lock (waiting for a scan already running). */
export async function withScanLock<T>(db: Db, work: (tx: Tx) => Promise<T>): Promise<T> {
  return db.transaction(
    async (tx) => {
      const [got] = rowsOf<{ got: number | null }>(await tx.execute(sql`select get_lock(${SCAN_LOCK}, ${LOCK_WAIT_SECONDS}) as got`));
      if (Number(got?.got) !== 1) throw new Error('Another hygiene scan held the lock too long; try again');
      try {
        return await work(tx);
      } finally {
        await tx.execute(sql`select release_lock(${SCAN_LOCK})`);
      }
    },
    // Each statement sees what committed before it, so facts read after the lock include the last scan's writes.
    { isolationLevel: 'read committed' },
  );
}

/** Brings stored results for `scope` in line with `findings` (run under the scan lock). */
export async function storeFindings(tx: Tx, scope: ScanScope, findings: readonly Finding[], now: Date): Promise<ScanCounts> {
  const open = await tx
    .select({
      id: ruleResults.id,
      ruleId: ruleResults.ruleId,
      recordType: ruleResults.recordType,
      recordId: ruleResults.recordId,
      severity: ruleResults.severity,
      message: ruleResults.message,
      ownerId: ruleResults.ownerId,
    })
    .from(ruleResults)
    .where(
      and(
        isNull(ruleResults.resolvedAt),
        scope.kind === 'opportunity' ? and(eq(ruleResults.recordType, 'opportunity'), eq(ruleResults.recordId, scope.id)) : undefined,
      ),
    );
  const openByKey = new Map(open.map((r) => [keyOf(r), r]));
  const fresh: Finding[] = [];
  const changed: Finding[] = [];
  const unchangedIds: number[] = [];
  const seen = new Set<string>();
  for (const f of findings) {
    const key = keyOf(f);
    seen.add(key);
    const row = openByKey.get(key);
    if (!row) fresh.push(f);
    else if (row.severity !== f.severity || row.message !== f.message || row.ownerId !== f.ownerId) changed.push(f);
    else unchangedIds.push(row.id);
  }
  const resolvedIds = open.filter((r) => !seen.has(keyOf(r))).map((r) => r.id);

  let inserted = 0;
  let reopened = 0;
  for (const batch of chunks(fresh)) {
    const [header] = (await tx
      .insert(ruleResults)
      .values(
        batch.map((f) => ({
          ruleId: f.ruleId,
          recordType: f.recordType,
          recordId: f.recordId,
          ownerId: f.ownerId,
          severity: f.severity,
          message: f.message,
          details: f.details,
          firstSeenAt: now,
          lastSeenAt: now,
          resolvedAt: null,
          createdAt: now,
          updatedAt: now,
        })),
      )
      // A resolved row that holds again reopens: a new occurrence from now. MySQL runs the assignments in the
      // order drizzle writes them, the table's column order (first_seen_at, resolved_at, ..., occurrence): so
      // firstSeenAt reads resolvedAt before it is cleared, and occurrence reads the firstSeenAt just written.
      .onDuplicateKeyUpdate({
        set: {
          firstSeenAt: sql`if(${ruleResults.resolvedAt} is null, ${ruleResults.firstSeenAt}, values(${ruleResults.firstSeenAt}))`,
          occurrence: sql`if(${ruleResults.resolvedAt} is null and ${ruleResults.firstSeenAt} = values(${ruleResults.firstSeenAt}), ${ruleResults.occurrence} + 1, ${ruleResults.occurrence})`,
          resolvedAt: sql`null`,
          lastSeenAt: sql`values(${ruleResults.lastSeenAt})`,
          severity: sql`values(${ruleResults.severity})`,
          message: sql`values(${ruleResults.message})`,
          details: sql`values(${ruleResults.details})`,
          ownerId: sql`values(${ruleResults.ownerId})`,
          updatedAt: sql`values(${ruleResults.updatedAt})`,
        },
      })) as unknown as [{ affectedRows: number }];
    // MySQL counts 1 per inserted row and 2 per updated one.
    const updatedRows = header.affectedRows - batch.length;
    reopened += updatedRows;
    inserted += batch.length - updatedRows;
  }
  for (const f of changed) {
    await tx
      .update(ruleResults)
      .set({ severity: f.severity, message: f.message, details: f.details, ownerId: f.ownerId, lastSeenAt: now, updatedAt: now })
      .where(and(eq(ruleResults.ruleId, f.ruleId), eq(ruleResults.recordType, f.recordType), eq(ruleResults.recordId, f.recordId)));
  }
  for (const ids of chunks(resolvedIds)) {
    await tx.update(ruleResults).set({ resolvedAt: now, updatedAt: now }).where(inArray(ruleResults.id, ids));
  }
  for (const ids of chunks(unchangedIds, 10_000)) {
    await tx.update(ruleResults).set({ lastSeenAt: now }).where(inArray(ruleResults.id, ids));
  }
  return { findings: findings.length, inserted, reopened, updated: changed.length, resolved: resolvedIds.length, unchanged: unchangedIds.length };
}

/** Monday of the week of `now` (UTC), YYYY-MM-DD. */
export function weekStartOf(now: Date): string {
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  return d.toISOString().slice(0, 10);
}

/** Pipeline health per rep and for the team from a full scan's findings: this week's trend points. */
export function healthPoints(deals: readonly OpportunityFacts[], findings: readonly Finding[]) {
  const byDeal = new Map<number, Finding[]>();
  for (const f of findings) if (f.recordType === 'opportunity') byDeal.set(f.recordId, [...(byDeal.get(f.recordId) ?? []), f]);
  const openDeals = deals.filter((d) => isOpenStage(d.stage));
  const scored = openDeals.map((d) => ({ ownerId: d.ownerId, amountCents: d.amountCents, results: byDeal.get(d.id)?.length ?? 0, health: dealHealth(byDeal.get(d.id) ?? []) }));
  const point = (list: typeof scored, userId: string) => ({
    userId,
    health: pipelineHealth(list),
    openDeals: list.length,
    openResults: list.reduce((s, d) => s + d.results, 0),
  });
  const owners = [...new Set(scored.map((d) => d.ownerId))];
  return [point(scored, ''), ...owners.map((o) => point(scored.filter((d) => d.ownerId === o), o))];
}

async function storeHealthPoints(tx: Tx, points: ReturnType<typeof healthPoints>, now: Date) {
  const weekStart = weekStartOf(now);
  for (const batch of chunks(points)) {
    await tx
      .insert(hygieneHealthPoints)
      .values(batch.map((p) => ({ ...p, weekStart, createdAt: now, updatedAt: now })))
      .onDuplicateKeyUpdate({
        set: {
          health: sql`values(${hygieneHealthPoints.health})`,
          openDeals: sql`values(${hygieneHealthPoints.openDeals})`,
          openResults: sql`values(${hygieneHealthPoints.openResults})`,
          updatedAt: now,
        },
      });
  }
}

export interface ScanReport extends ScanCounts {
  scope: ScanScope;
  ms: number;
}

/** A scan inside the caller's transaction, which must hold the scan lock (or be the only writer, as the demo load). */
export async function scanInTransaction(tx: Tx, scope: ScanScope, now: Date, rules?: EffectiveRule[]): Promise<ScanReport> {
  const started = Date.now();
  const inForce = rules ?? (await loadEffectiveRules(tx));
  const facts = await gatherFacts(tx, scope, now);
  const findings = evaluate(facts, inForce, now);
  const counts = await storeFindings(tx, scope, findings, now);
  if (scope.kind === 'all') await storeHealthPoints(tx, healthPoints(facts.opportunities, findings), now);
  return { ...counts, scope, ms: Date.now() - started };
}

/** Scans `scope` now with the rules in force (or the ones given, for tests and previews). */
export async function runScan(db: Db, scope: ScanScope, now: Date, rules?: EffectiveRule[]): Promise<ScanReport> {
  return withScanLock(db, (tx) => scanInTransaction(tx, scope, now, rules));
}

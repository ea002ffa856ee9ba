// A hygiene scan: the records in id-ordered batches (server/hygiene/facts.ts), each evaluated by the pure
// rules and compared in memory with the results stored for the same id range (a full scan first compares a
// print of the range's open results, openPrint.ts, and reads the rows only where it differs), so only the
// differences are written: a new finding inserts, one that held before and stopped resolves, one that holds
// again reopens (a new occurrence), a changed message, severity or owner updates. The rest are left alone: a full scan
// records itself in hygiene_scans, and an open result's lastSeenAt reads as the later of its own and the
// latest full scan's (lastSeenOf); an incremental scan stamps its deal's few results. Memory stays at one
// batch whatever the pipeline's size, and the next batch is read while the current one is written.
// Scans take one named database lock, so two at once (nightly and "scan now", or two workers) run one after
// the other and never duplicate or undo each other; the unique key (rule, record) backs that up.
import { and, desc, eq, gt, inArray, lte, sql } from 'drizzle-orm';
import { hygieneHealthPoints, hygieneScans, ruleResults } from '../../drizzle/schema';
import { isOpenStage } from '../../shared/stages';
import type { Db, DbOrTx, Tx } from '../db';
import { bulkInsert } from '../lib/bulkInsert';
import { loadRows } from '../lib/loadRows';
import { arrayRows } from '../lib/arrayRows';
import type { RuleRecordType } from '../domain/hygiene/catalogue';
import { type EffectiveRule, emptyFacts, type EvalContext, evaluate, evaluationContext, type Finding } from '../domain/hygiene/evaluate';
import type { Facts } from '../domain/hygiene/facts';
import { dealHealth, PipelineHealthTally } from '../domain/hygiene/health';
import { lockDealHealth, markDealHealthBuilt, noteDealHealth, writeDealHealth } from './dealHealth';
import { accountBatch, type Batch, type BatchWindow, caseBatch, contactBatch, type IdRange, batchBounds, opportunityBatch, pipelineStats, projectBatch, type ScannedRecordType, type ScanScope, type ScanWide, scanWide } from './facts';
import { type OpenPrint, printOf, resultPrint, samePrint, storedPrint } from './openPrint';
import { loadEffectiveRules } from './rules';

export const SCAN_LOCK = 'trucrm_hygiene_scan';
const LOCK_WAIT_SECONDS = 120;
/** Records per batch: big enough that round trips do not dominate, small enough to bound memory. */
export const SCAN_BATCH = 5_000;
const UPSERT_ROWS = 1_000;
const IDS_PER_UPDATE = 10_000;
/** New results from which a batch loads them in bulk (LOAD DATA) rather than upserting. */
const LOAD_FROM = 1_000;
/** ER_NOT_ALLOWED_COMMAND, ER_LOAD_INFILE_CAPABILITY_DISABLED (MySQL), ER_CLIENT_LOCAL_FILES_DISABLED. */
const LOCAL_INFILE_REFUSED = new Set([1148, 3948, 2068]);
let localInfile = true;

export interface ScanCounts {
  findings: number;
  inserted: number;
  reopened: number;
  updated: number;
  resolved: number;
  unchanged: number;
}

const noCounts = (): ScanCounts => ({ findings: 0, inserted: 0, reopened: 0, updated: 0, resolved: 0, unchanged: 0 });
function addCounts(into: ScanCounts, more: ScanCounts): void {
  for (const k of Object.keys(into) as (keyof ScanCounts)[]) into[k] += more[k];
}

function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) && Array.isArray(result[0]) ? result[0] : result) as T[];
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** A stored result as storeBatch reads it: id, ruleId, recordId, severity, message, ownerId, resolved (1/0), print. */
export type StoredRow = [number, string, number, string, string, string | null, number | string, number];

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

/** A finding's own columns of its result row; the times are the scan's. */
const fieldsOf = (f: Finding) => ({
  ruleId: f.ruleId,
  recordType: f.recordType,
  recordId: f.recordId,
  ownerId: f.ownerId,
  severity: f.severity,
  message: f.message,
  details: f.details,
  print: resultPrint(f),
});
const scanTimes = (now: Date) => ({ firstSeenAt: now, lastSeenAt: now, createdAt: now, updatedAt: now });

const rowOf = (f: Finding, now: Date) => ({ ...fieldsOf(f), ...scanTimes(now), resolvedAt: null });

// Raw column names for the upserts' own SQL text (never a value): bulkInsert binds every value.
// A resolved row that holds again reopens: a new occurrence from now. MySQL runs the assignments in the order
// written: first_seen_at reads resolved_at before it is cleared, and occurrence reads the first_seen_at just
// written (equal to the new one only for a row that reopened).
const REOPEN = `ON DUPLICATE KEY UPDATE
  first_seen_at = if(resolved_at is null, first_seen_at, values(first_seen_at)),
  resolved_at = null,
  occurrence = if(first_seen_at = values(first_seen_at), occurrence + 1, occurrence),
  last_seen_at = values(last_seen_at), severity = values(severity), message = values(message),
  details = values(details), owner_id = values(owner_id), print = values(print), updated_at = values(updated_at)`;
const REFRESH = `ON DUPLICATE KEY UPDATE
  last_seen_at = values(last_seen_at), severity = values(severity), message = values(message),
  details = values(details), owner_id = values(owner_id), print = values(print), updated_at = values(updated_at)`;

/** New findings and ones that hold again. */
async function insertOrReopen(tx: Tx, findings: readonly Finding[], now: Date): Promise<void> {
  await bulkInsert(tx, ruleResults, findings.map((f) => rowOf(f, now)), { onDuplicate: REOPEN });
}

/**
 * Findings with no stored row in their range (read under the scan lock, so none can appear meanwhile): many of
 * them (a first scan) go in through LOAD DATA, which throws rather than duplicate; a few through the upsert.
 */
async function insertNew(tx: Tx, findings: readonly Finding[], now: Date): Promise<void> {
  if (findings.length < LOAD_FROM || !localInfile) return insertOrReopen(tx, findings, now);
  try {
    // The times are the scan's for every row: sent once (resolvedAt takes its default, null).
    await loadRows(tx, ruleResults, findings.map(fieldsOf), scanTimes(now));
  } catch (error) {
    if (!LOCAL_INFILE_REFUSED.has((error as { errno?: number }).errno ?? 0)) throw error;
    // A server with local_infile off (MySQL 8's default) refuses the statement before reading a row: the
    // transaction goes on, and this process upserts from now on.
    localInfile = false;
    await insertOrReopen(tx, findings, now);
  }
}

/** Open results whose message, severity, owner or print changed: a multi-row update through the unique key. */
async function updateChanged(tx: Tx, findings: readonly Finding[], now: Date): Promise<void> {
  await bulkInsert(tx, ruleResults, findings.map((f) => rowOf(f, now)), { onDuplicate: REFRESH });
}

/**
 * The results stored for `recordType` over `range`, as raw arrays rather than drizzle's mapped objects: a first
 * scan or one after many changes reads hundreds of thousands, and mapping each of their columns cost more than
 * the comparison.
 */
export async function readStored(db: DbOrTx, recordType: RuleRecordType, range: IdRange): Promise<StoredRow[]> {
  const upTo = range.upTo === null ? sql`` : sql` and record_id <= ${range.upTo}`;
  return (await arrayRows(
    db,
    sql`select id, rule_id, record_id, severity, message, owner_id, resolved_at is not null, print
      from ${ruleResults} where record_type = ${recordType} and record_id > ${range.after}${upTo}`,
  )) as StoredRow[];
}

/**
 * Brings the stored results of `recordType` over `range` in line with `findings` (all findings for the
 * records in that range; run under the scan lock). Results of records no longer in the range (deleted) and
 * of rules no longer in force resolve.
 */
export async function storeBatch(
  tx: Tx,
  recordType: RuleRecordType,
  range: IdRange,
  findings: readonly Finding[],
  now: Date,
  seen: SeenBy,
): Promise<ScanCounts> {
  const stored = await readStored(tx, recordType, range);
  // Per rule, then per record: no key string is built for each of a full scan's hundreds of thousands of rows.
  const byRule = new Map<string, Map<number, StoredRow>>();
  for (const r of stored) {
    let rows = byRule.get(r[1]);
    if (!rows) byRule.set(r[1], (rows = new Map()));
    rows.set(Number(r[2]), r);
  }
  const fresh: Finding[] = [];
  const opening: Finding[] = [];
  const changed: Finding[] = [];
  const unchangedIds: number[] = [];
  for (const f of findings) {
    const rows = byRule.get(f.ruleId);
    const row = rows?.get(f.recordId);
    if (!row) {
      fresh.push(f);
      continue;
    }
    rows!.delete(f.recordId);
    if (Number(row[6]) === 1) opening.push(f);
    // A print that is not the finding's (a row from before prints were kept) is refreshed with the rest.
    else if (row[3] !== f.severity || row[4] !== f.message || row[5] !== f.ownerId || Number(row[7]) !== resultPrint(f)) changed.push(f);
    else unchangedIds.push(Number(row[0]));
  }
  // What is left held before and no longer does.
  const resolvedIds: number[] = [];
  for (const rows of byRule.values()) for (const r of rows.values()) if (Number(r[6]) === 0) resolvedIds.push(Number(r[0]));

  await insertNew(tx, fresh, now);
  await insertOrReopen(tx, opening, now);
  await updateChanged(tx, changed, now);
  // A result that stops holding keeps when it was last seen: by the last full scan, if that is later.
  const lastSeen = seen.lastFullScanAt ? sql`greatest(${ruleResults.lastSeenAt}, ${seen.lastFullScanAt})` : sql`${ruleResults.lastSeenAt}`;
  for (const ids of chunks(resolvedIds, IDS_PER_UPDATE)) {
    await tx.update(ruleResults).set({ resolvedAt: now, updatedAt: now, lastSeenAt: lastSeen }).where(inArray(ruleResults.id, ids));
  }
  if (seen.stampUnchanged) {
    for (const ids of chunks(unchangedIds, IDS_PER_UPDATE)) {
      await tx.update(ruleResults).set({ lastSeenAt: now }).where(inArray(ruleResults.id, ids));
    }
  }
  return {
    findings: findings.length,
    inserted: fresh.length,
    reopened: opening.length,
    updated: changed.length,
    resolved: resolvedIds.length,
    unchanged: unchangedIds.length,
  };
}

/** How a batch records that its unchanged results were seen. */
export interface SeenBy {
  /** The latest full scan before this one (what an open result's lastSeenAt reads as at least). */
  lastFullScanAt: Date | null;
  /** Incremental scans write lastSeenAt on their few unchanged results; a full scan records itself instead. */
  stampUnchanged: boolean;
}

export async function lastFullScanAt(db: DbOrTx): Promise<Date | null> {
  const [row] = await db.select({ at: hygieneScans.scannedAt }).from(hygieneScans).orderBy(desc(hygieneScans.scannedAt)).limit(1);
  return row?.at ?? null;
}

/** An open result's lastSeenAt as users see it: its own, or the latest full scan's when later. */
export const lastSeenOf = sql<Date>`case when ${ruleResults.resolvedAt} is null then greatest(${ruleResults.lastSeenAt}, coalesce((select max(${hygieneScans.scannedAt}) from ${hygieneScans}), ${ruleResults.lastSeenAt})) else ${ruleResults.lastSeenAt} end`.mapWith(ruleResults.lastSeenAt);

/** Monday of the week of `now` (UTC), YYYY-MM-DD. */
export function weekStartOf(now: Date): string {
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  return d.toISOString().slice(0, 10);
}

/** Adds a batch's open deals, scored from their findings, to the week's health points. */
function tallyHealth(tally: PipelineHealthTally, deals: Facts['opportunities'], findings: readonly Finding[]): void {
  const byDeal = new Map<number, Finding[]>();
  for (const f of findings) {
    if (f.recordType !== 'opportunity') continue;
    const held = byDeal.get(f.recordId);
    if (held) held.push(f);
    else byDeal.set(f.recordId, [f]);
  }
  for (const d of deals) {
    if (!isOpenStage(d.stage)) continue;
    const results = byDeal.get(d.id) ?? [];
    tally.add(d.ownerId, { amountCents: d.amountCents, results: results.length, health: dealHealth(results) });
  }
}

async function storeHealthPoints(tx: Tx, points: ReturnType<PipelineHealthTally['points']>, now: Date) {
  const weekStart = weekStartOf(now);
  for (const batch of chunks(points, UPSERT_ROWS)) {
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

type Loader = (db: DbOrTx, w: BatchWindow, now: Date, wide?: ScanWide) => Promise<Batch<{ id: number }>>;
// Deals last: only their rules compare with the pipeline's numbers, so a full scan evaluates the other records
// while those numbers (stage durations, owner medians) are read.
const loaders: [RuleRecordType, Loader, keyof Omit<Facts, 'stats'>][] = [
  ['account', accountBatch, 'accounts'],
  ['contact', contactBatch, 'contacts'],
  ['project', projectBatch, 'projects'],
  ['case', caseBatch, 'cases'],
  ['opportunity', opportunityBatch, 'opportunities'],
];

/** A context for records whose rules read no pipeline numbers: one that does fails the scan rather than see none. */
function statslessContext(now: Date): EvalContext {
  const ctx = evaluationContext(emptyFacts().stats, now);
  Object.defineProperty(ctx, 'stats', {
    get() {
      throw new Error('Only deal rules read the pipeline numbers; evaluate this record with them loaded');
    },
  });
  return ctx;
}

/** Evaluates one batch and stores the differences. */
async function scanBatch(
  tx: Tx,
  recordType: RuleRecordType,
  field: keyof Omit<Facts, 'stats'>,
  batch: Batch<{ id: number }>,
  rules: EffectiveRule[],
  ctx: EvalContext,
  seen: SeenBy,
  recount: 'always' | 'on change' = 'always',
  /** The print of the range's stored open results, when read already (a full scan reads it with the facts). */
  print?: OpenPrint,
  /** A full scan's weekly health points, to add this batch's open deals to. */
  tally?: PipelineHealthTally,
): Promise<ScanCounts> {
  const facts = { ...emptyFacts(), [field]: batch.records } as Facts;
  const findings = evaluate(facts, rules, ctx.now, ctx);
  // What the findings give besides their rows is taken before the first wait, while they are young: the
  // collector then frees them where it finds them instead of copying them across its generations.
  if (tally && recordType === 'opportunity') tallyHealth(tally, batch.records as Facts['opportunities'], findings);
  const unchanged = print !== undefined && print.count === findings.length && samePrint(print, printOf(findings));
  // The deals' health rows follow the results stored (dealHealth.ts; written as the scan ends); its lock first.
  const health = recordType === 'opportunity' && (await lockDealHealth(tx));
  const counts = unchanged
    ? { ...noCounts(), findings: findings.length, unchanged: findings.length }
    : await storeBatch(tx, recordType, batch.range, findings, ctx.now, seen);
  // Health is counted from the stored results: where this batch changed none, the rows held are still exact.
  const changedAny = counts.inserted + counts.reopened + counts.updated + counts.resolved > 0;
  if (health && (recount === 'always' || changedAny)) await noteDealHealth(tx, batch.range);
  return counts;
}

/** How far back stage durations are needed: the longest history window of the rules in force that read one. */
function historyDaysOf(rules: readonly EffectiveRule[]): number {
  return Math.max(0, ...rules.filter((r) => r.enabled && r.thresholds.historyDays !== undefined).map((r) => r.thresholds.historyDays!));
}

/** Batches a full scan reads ahead of the one it evaluates: the database works on them while Node evaluates. */
const READ_AHEAD = 2;
/** A batch window bounded on both sides takes every record in it (a limit would cut it and resolve the rest). */
const WHOLE_WINDOW = Number.MAX_SAFE_INTEGER;

/**
 * Every record of every type, batch by batch. `reader` reads the facts: the pool, so the next batches load on
 * other connections while this transaction writes the current one (facts are committed rows either way).
 */
async function scanAll(tx: Tx, reader: DbOrTx, rules: EffectiveRule[], now: Date): Promise<ScanCounts> {
  // The batches are id windows known up front (batchBounds), read READ_AHEAD ahead, across record types too,
  // with the pipeline's numbers beside the first: all read committed rows on the reader's connections. Each
  // batch comes with the print of the open results stored over its window (openPrint.ts), read on the reader
  // too: only this scan writes results while it holds the lock, and it has not written that window yet. A
  // batch that prints differently is compared row by row (storeBatch).
  const bounds = await Promise.all(loaders.map(([recordType]) => batchBounds(reader, recordType, SCAN_BATCH)));
  const windows = loaders.flatMap((_, index) =>
    [...bounds[index]!, null].map((upTo, i) => ({ index, after: i === 0 ? 0 : bounds[index]![i - 1]!, upTo })),
  );
  const wide = scanWide(reader);
  const load = async ({ index, after, upTo }: (typeof windows)[number]) => {
    const [recordType, loadFacts] = loaders[index]!;
    const batch = await loadFacts(reader, { after, upTo, limit: WHOLE_WINDOW }, now, await wide);
    return { batch, print: await storedPrint(reader, recordType, batch.range) };
  };
  const stats = pipelineStats(reader, { kind: 'all' }, now, historyDaysOf(rules));
  // Settled even if a step before their await fails, so no rejection is left unhandled.
  stats.catch(() => undefined);
  const pending: ReturnType<typeof load>[] = [];
  const start = (i: number) => {
    if (i >= windows.length) return;
    pending[i] = load(windows[i]!);
    pending[i]!.catch(() => undefined);
  };
  for (let i = 0; i < READ_AHEAD; i++) start(i);
  const seen: SeenBy = { lastFullScanAt: await lastFullScanAt(tx), stampUnchanged: false };
  // Health rows held before this scan are exact already (every change of results recounts its deals): a batch
  // that changes no result leaves them be. Held or not, every deal's range that changes is recounted below,
  // so the health rows are complete when this scan commits.
  const recount = (await lockDealHealth(tx)) ? 'on change' : 'always';
  await markDealHealthBuilt(tx, now);
  const early = statslessContext(now);
  let dealCtx: EvalContext | null = null;
  const totals = noCounts();
  const tally = new PipelineHealthTally();
  for (let i = 0; i < windows.length; i++) {
    const [recordType, , field] = loaders[windows[i]!.index]!;
    const { batch, print } = await pending[i]!;
    delete pending[i];
    start(i + READ_AHEAD);
    const ctx = recordType !== 'opportunity' ? early : (dealCtx ??= evaluationContext(await stats, now));
    addCounts(totals, await scanBatch(tx, recordType, field, batch, rules, ctx, seen, recount, print, tally));
  }
  await storeHealthPoints(tx, tally.points(), now);
  return totals;
}

async function scanOpportunity(tx: Tx, id: number, rules: EffectiveRule[], now: Date): Promise<ScanCounts> {
  const batch = await opportunityBatch(tx, { after: id - 1, upTo: id, limit: 1 }, now);
  const owners = batch.records.map((d) => d.ownerId);
  const ctx = evaluationContext(await pipelineStats(tx, { kind: 'opportunity', id }, now, historyDaysOf(rules), owners), now);
  const seen: SeenBy = { lastFullScanAt: await lastFullScanAt(tx), stampUnchanged: true };
  return scanBatch(tx, 'opportunity', 'opportunities', batch, rules, ctx, seen);
}

/**
 * One account, contact, project or case: its batch of one, evaluated and compared like any other. Rules that
 * compare it with other records (a duplicate domain or email) see those as they are, but only this record's
 * results change; the nightly scan settles the others.
 */
async function scanRecord(tx: Tx, recordType: ScannedRecordType, id: number, rules: EffectiveRule[], now: Date): Promise<ScanCounts> {
  const [, load, field] = loaders.find(([type]) => type === recordType)!;
  const batch = await load(tx, { after: id - 1, upTo: id, limit: 1 }, now);
  const ctx = evaluationContext(await pipelineStats(tx, { kind: 'record', recordType, id }, now, 0, []), now);
  const seen: SeenBy = { lastFullScanAt: await lastFullScanAt(tx), stampUnchanged: true };
  return scanBatch(tx, recordType, field, batch, rules, ctx, seen);
}

/** A scan inside the caller's transaction, which must hold the scan lock (or be the only writer, as the demo load). */
export async function scanInTransaction(tx: Tx, scope: ScanScope, now: Date, rules?: EffectiveRule[], reader: DbOrTx = tx): Promise<ScanReport> {
  const started = Date.now();
  const inForce = rules ?? (await loadEffectiveRules(tx));
  const counts =
    scope.kind === 'all'
      ? await scanAll(tx, reader, inForce, now)
      : scope.kind === 'opportunity'
        ? await scanOpportunity(tx, scope.id, inForce, now)
        : await scanRecord(tx, scope.recordType, scope.id, inForce, now);
  await writeDealHealth(tx);
  const ms = Date.now() - started;
  if (scope.kind === 'all') {
    const { unchanged: _u, ...stored } = counts;
    await tx.insert(hygieneScans).values({ scannedAt: now, ms, ...stored });
  }
  return { ...counts, scope, ms };
}

/** Scans `scope` now with the rules in force (or the ones given, for tests and previews). */
export async function runScan(db: Db, scope: ScanScope, now: Date, rules?: EffectiveRule[]): Promise<ScanReport> {
  return withScanLock(db, (tx) => scanInTransaction(tx, scope, now, rules, db));
}

// The bench's hygiene section: a full scan of the seeded pipeline (wall time, peak RSS), the same scan again
// with nothing changed, and the incremental scan of one deal after an edit (p50/p95 over `edits` edits).
// Targets (issue 15): full < 5 s and < 400 MB RSS, unchanged re-scan < 3 s, incremental p95 < 50 ms, and the
// analysis of Maven's 8,800-deal file (fileAnalysis.ts) < 2 s.
import { and, asc, isNull } from 'drizzle-orm';
import { opportunities, users } from '../../../../drizzle/schema';
import type { Db } from '../../../db';
import { runScan } from '../../../hygiene/scan';
import { userActor } from '../../../lib/actor';
import { updateOpportunity } from '../../../services/opportunities';
import { percentile } from '../latency';
import { benchFileAnalysis } from './fileAnalysis';

const MB = 1024 * 1024;

/** Runs `work` while sampling the process's RSS every 20 ms; returns the peak seen. */
async function withPeakRss<T>(work: () => Promise<T>): Promise<{ value: T; peakMb: number }> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  try {
    const value = await work();
    peak = Math.max(peak, process.memoryUsage().rss);
    return { value, peakMb: peak / MB };
  } finally {
    clearInterval(timer);
  }
}

export async function benchHygiene(db: Db, { edits, full: runFull = true }: { edits: number; full?: boolean }): Promise<boolean> {
  console.log('\nHygiene scans (46 rules):');
  let fullOk = true;
  if (runFull) {
  const before = process.memoryUsage().rss / MB;
  const full = await withPeakRss(() => runScan(db, { kind: 'all' }, new Date()));
  const r = full.value;
  console.log(
    `  full scan: ${(r.ms / 1000).toFixed(2)} s, peak RSS ${full.peakMb.toFixed(0)} MB (${before.toFixed(0)} MB before); ` +
      `${r.findings.toLocaleString('en-US')} findings: ${r.inserted} inserted, ${r.reopened} reopened, ${r.updated} updated, ${r.resolved} resolved, ${r.unchanged} unchanged`,
  );
  // Twice: right after the first scan the database is still writing its 400k new rows out in the background;
  // a nightly scan meets a settled one. Both are shown; the target is judged on the slower.
  let slowest = 0;
  for (const when of ['right after the full scan', 'again']) {
    const again = await withPeakRss(() => runScan(db, { kind: 'all' }, new Date()));
    const a = again.value;
    slowest = Math.max(slowest, a.ms);
    console.log(
      `  re-scan, nothing changed (${when}): ${(a.ms / 1000).toFixed(2)} s, peak RSS ${again.peakMb.toFixed(0)} MB; ` +
        `${a.inserted} inserted, ${a.reopened} reopened, ${a.resolved} resolved, ${a.updated} updated, ${a.unchanged} unchanged`,
    );
  }
  fullOk = r.ms < 5_000 && full.peakMb < 400 && slowest < 3_000;
  }

  const open = await db
    .select({ id: opportunities.id, version: opportunities.version, ownerId: opportunities.ownerId })
    .from(opportunities)
    .where(and(isNull(opportunities.closedAt), isNull(opportunities.deletedAt)))
    .orderBy(asc(opportunities.id))
    .limit(edits);
  const owners = new Map((await db.select({ id: users.id, name: users.name, role: users.role }).from(users)).map((u) => [u.id, u]));
  const latencies: number[] = [];
  for (const [i, deal] of open.entries()) {
    const owner = owners.get(deal.ownerId)!;
    await updateOpportunity(db, userActor(owner), { id: deal.id, version: deal.version, nextStep: `Bench follow-up ${i}` }, new Date());
    const started = performance.now();
    await runScan(db, { kind: 'opportunity', id: deal.id }, new Date());
    latencies.push(performance.now() - started);
  }
  latencies.sort((x, y) => x - y);
  const p50 = percentile(latencies, 50);
  const p95 = percentile(latencies, 95);
  console.log(`  incremental scan of one deal after an edit: p50 ${p50.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms over ${latencies.length} edits`);
  const fileOk = await benchFileAnalysis(db);
  const ok = fullOk && p95 < 50 && fileOk;
  console.log(`  targets (full < 5 s, RSS < 400 MB, re-scan < 3 s, incremental p95 < 50 ms, Maven file < 2 s): ${ok ? 'met' : 'NOT met'}`);
  return ok;
}

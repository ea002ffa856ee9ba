// The funnel's precomputed counts (insight_stage_flows): per window, owner and open stage, entered and
// advanced deals, so a manager's funnel is a sum over their team's owners instead of a pass over a
// quarter and a half of stage history. Exact at every moment:
// - a change of deals (stage, owner, deletion, import, undo) applies its own difference in its transaction
//   (trackStageFlows: the deals' counts before and after, per owner, added to the rows);
// - the nightly insight.stageFlows job rebuilds the windows any time zone's today may open, and drops the rest;
// - a window the table does not hold is counted live (liveStageFlows).
// Locking: a change reads the window list in share mode; a rebuild locks its window's row first, so it
// waits for the changes under way and the ones after it wait for it (no difference is lost or counted twice).
// The same tracking keeps the deal buckets (dealBuckets.ts: the dashboards' pipeline, forecast and won sums),
// and refreshStageFlows rebuilds them too, so every change of deals that keeps one keeps both.
import { and, eq, inArray, notInArray, sql } from 'drizzle-orm';
import { insightStageFlows, insightStageFlowWindows, opportunityStageHistory } from '../../drizzle/schema';
import { addDays, calendarDay } from '../../shared/periods';
import { openStages } from '../../shared/stages';
import { type DbOrTx, inTransaction } from '../db';
import { systemActor } from '../lib/actor';
import { getOrganisationSettings } from '../services/settings';
import { winRateWindowFrom } from './buckets';
import { rebuildDealBuckets, trackDealBuckets } from './dealBuckets';
import { ownedBy } from './scope';
import { liveStageFlows, liveStageFlowsByOwner, type StageFlowCount } from './stageFlows';

const f = insightStageFlows;
const w = insightStageFlowWindows;

const startOfDay = (day: string) => new Date(`${day}T00:00:00.000Z`);

/** The funnel since `from` (a day) of the owners' deals (everyone's with null): from the table when it holds the window. */
export async function stageFlows(db: DbOrTx, from: string, ownerIds: string[] | null): Promise<StageFlowCount[]> {
  const rows = await db
    .select({
      stage: f.stage,
      entered: sql<number>`coalesce(sum(${f.entered}), 0)`.mapWith(Number),
      advanced: sql<number>`coalesce(sum(${f.advanced}), 0)`.mapWith(Number),
    })
    .from(w)
    .leftJoin(f, and(eq(f.windowFrom, w.windowFrom), ownedBy(f.ownerId, ownerIds)))
    .where(eq(w.windowFrom, from))
    .groupBy(f.stage);
  if (rows.length === 0) return liveStageFlows(db, startOfDay(from), ownerIds);
  return openStages.map((stage) => {
    const r = rows.find((x) => x.stage === stage);
    return { stage, entered: r?.entered ?? 0, advanced: r?.advanced ?? 0 };
  });
}

type Counts = Map<string, number>;
const key = (from: string, ownerId: string, stage: string) => `${from}\u0000${ownerId}\u0000${stage}`;

/** The deals' counts in each held window, by window, owner and stage. */
async function countsOf(tx: DbOrTx, windows: string[], ids: number[]): Promise<{ entered: Counts; advanced: Counts }> {
  const entered: Counts = new Map();
  const advanced: Counts = new Map();
  for (const from of windows) {
    const byOwner = await liveStageFlowsByOwner(tx, startOfDay(from), inArray(opportunityStageHistory.opportunityId, ids));
    for (const [ownerId, flows] of byOwner) {
      for (const s of flows) {
        entered.set(key(from, ownerId, s.stage), s.entered);
        advanced.set(key(from, ownerId, s.stage), s.advanced);
      }
    }
  }
  return { entered, advanced };
}

async function heldWindows(tx: DbOrTx): Promise<string[]> {
  const result = await tx.execute(sql`select date_format(${w.windowFrom}, '%Y-%m-%d') as window_from from ${w} lock in share mode`);
  const rows = (Array.isArray(result) ? result[0] : result) as unknown as { window_from: string }[];
  return rows.map((r) => r.window_from);
}

/**
 * Call inside the transaction of a change to these deals, before it: `apply()` after the change adds
 * the difference it made to the funnel's rows (nothing when no window is held).
 */
export async function trackStageFlows(tx: DbOrTx, ids: number[]): Promise<{ apply: (created?: number[]) => Promise<void> }> {
  const windows = await heldWindows(tx);
  const buckets = await trackDealBuckets(tx, ids);
  if (windows.length === 0) return buckets;
  const before = ids.length ? await countsOf(tx, windows, ids) : { entered: new Map(), advanced: new Map() };
  return {
    /** `created`: deals the change made, counted from nothing. */
    async apply(created: number[] = []) {
      await buckets.apply(created);
      const all = [...new Set([...ids, ...created])];
      if (all.length === 0) return;
      const after = await countsOf(tx, windows, all);
      const keys = [...new Set([...before.entered.keys(), ...after.entered.keys()])].sort();
      const rows = keys.flatMap((k) => {
        const entered = (after.entered.get(k) ?? 0) - (before.entered.get(k) ?? 0);
        const advanced = (after.advanced.get(k) ?? 0) - (before.advanced.get(k) ?? 0);
        if (entered === 0 && advanced === 0) return [];
        const [windowFrom, ownerId, stage] = k.split('\u0000') as [string, string, (typeof openStages)[number]];
        return [{ windowFrom, ownerId, stage, entered, advanced }];
      });
      if (rows.length === 0) return;
      await tx
        .insert(f)
        .values(rows)
        .onDuplicateKeyUpdate({ set: { entered: sql`${f.entered} + values(${f.entered})`, advanced: sql`${f.advanced} + values(${f.advanced})` } });
    },
  };
}

/** Counts the window from scratch, replacing its rows (and holds it from now on). */
export async function rebuildStageFlowWindow(db: DbOrTx, from: string, now: Date): Promise<void> {
  await inTransaction(db, async (tx) => {
    // First: the window's row lock, so the count below sees every change committed before it.
    await tx.insert(w).values({ windowFrom: from, refreshedAt: now }).onDuplicateKeyUpdate({ set: { refreshedAt: now } });
    const byOwner = await liveStageFlowsByOwner(tx, startOfDay(from), undefined);
    await tx.delete(f).where(eq(f.windowFrom, from));
    const rows = [...byOwner].flatMap(([ownerId, flows]) =>
      flows.filter((s) => s.entered > 0 || s.advanced > 0).map((s) => ({ windowFrom: from, ownerId, stage: s.stage, entered: s.entered, advanced: s.advanced })),
    );
    for (let i = 0; i < rows.length; i += 500) await tx.insert(f).values(rows.slice(i, i + 500));
  });
}

/** The windows a dashboard may open around `now`: today in any time zone is within a day of UTC's. */
export function stageFlowWindowsAround(now: Date, fiscalYearStartMonth: number): string[] {
  const utc = calendarDay(now, 'UTC');
  return [...new Set([-1, 0, 1].map((d) => winRateWindowFrom(addDays(utc, d), fiscalYearStartMonth)))].sort();
}

/** The nightly rebuild: the windows around `now` counted afresh, every other window dropped; the deal buckets afresh. */
export async function refreshStageFlows(db: DbOrTx, now: Date): Promise<{ windows: string[] }> {
  const { fiscalYearStartMonth } = await getOrganisationSettings(db, systemActor('stage flows'));
  const windows = stageFlowWindowsAround(now, fiscalYearStartMonth);
  for (const from of windows) await rebuildStageFlowWindow(db, from, now);
  await inTransaction(db, async (tx) => {
    await tx.delete(w).where(notInArray(w.windowFrom, windows));
    await tx.delete(f).where(notInArray(f.windowFrom, windows));
  });
  await rebuildDealBuckets(db, now);
  return { windows };
}

// The shape of the bench dataset, decided up front in typed arrays: which account each deal and contact
// belongs to, every deal's stage and dates, how many activities each record gets and when the last one
// happened. Generating the rows afterwards needs no lookups, and lastActivityAt is right on the first insert.
import type { Random } from '../../../domain/random';
import { stages } from '../../../../shared/stages';
import { stageWeights } from '../../../services/demo/sampleData/deals';

export const DAY = 86_400_000;

export interface BenchSizes {
  accounts: number;
  contactsPerAccount: number;
  opportunities: number;
  activities: number;
}

export interface BenchPlan {
  sizes: BenchSizes;
  now: number;
  reps: number;
  accountOwner: Uint16Array;
  accountCreated: Float64Array;
  accountParent: Int32Array;
  /** Contacts of account a (0-based) have ids contactStart[a] + 1 ... contactStart[a + 1]. */
  contactStart: Int32Array;
  contactCreated: Float64Array;
  /** Deals are numbered by account: deals of account a have ids oppStart[a] + 1 ... oppStart[a + 1]. */
  oppStart: Int32Array;
  oppAccount: Int32Array;
  oppOwner: Uint16Array;
  oppStage: Uint8Array;
  oppCreated: Float64Array;
  /** When the deal entered its current stage (the close time for closed deals). */
  oppStageEntered: Float64Array;
  /** NaN while open. */
  oppClosed: Float64Array;
  oppCloseDay: Int32Array;
  /** NaN when the deal has no amount yet. */
  oppAmountCents: Float64Array;
  oppPushCount: Uint8Array;
  oppInitiative: Uint8Array;
  activityCounts: { account: Int32Array; contact: Int32Array; opportunity: Int32Array };
  /** Time of each record's latest activity (NaN: none); an account's includes its contacts' and deals'. */
  lastActivity: { account: Float64Array; contact: Float64Array; opportunity: Float64Array };
  /** Time of the latest activity on the account itself. */
  lastOwnAccountActivity: Float64Array;
}

const closedWon = stages.indexOf('Closed Won');
const closedLost = stages.indexOf('Closed Lost');
export const isClosedStage = (stage: number) => stage === closedWon || stage === closedLost;

/** A moment during working hours (08:00-18:00 UTC) on the day of `ms`. */
export function workHours(rng: Random, ms: number): number {
  return Math.floor(ms / DAY) * DAY + (8 + rng.next() * 10) * 3_600_000;
}

export function planBenchData(rng: Random, sizes: BenchSizes, reps: number, now: number): BenchPlan {
  const nA = sizes.accounts;
  const nO = sizes.opportunities;
  const today = Math.floor(now / DAY);
  const clampPast = (ms: number) => Math.min(ms, now - 60_000);

  const accountOwner = new Uint16Array(nA);
  const accountCreated = new Float64Array(nA);
  const accountParent = new Int32Array(nA);
  for (let a = 0; a < nA; a += 1) {
    // Each rep's accounts are a block of ids (as if each had imported their book), so the load writes
    // activities owner by owner: the (owner, occurredAt) index pages being written stay in a small buffer
    // pool instead of being read and flushed at random.
    accountOwner[a] = Math.floor((a * reps) / nA);
    accountCreated[a] = clampPast(workHours(rng, now - rng.int(60, 1500) * DAY));
    // A few subsidiaries of accounts created before them.
    accountParent[a] = a > 100 && rng.chance(0.05) ? rng.int(1, a) : 0;
  }

  const contactStart = new Int32Array(nA + 1);
  const perAccount = Math.max(1, sizes.contactsPerAccount);
  for (let a = 0; a < nA; a += 1) contactStart[a + 1] = contactStart[a]! + rng.int(1, 2 * perAccount - 1);
  const nC = contactStart[nA]!;
  const contactCreated = new Float64Array(nC);
  for (let a = 0; a < nA; a += 1) {
    for (let c = contactStart[a]!; c < contactStart[a + 1]!; c += 1) {
      contactCreated[c] = clampPast(accountCreated[a]! + rng.next() * (now - accountCreated[a]!) * 0.5);
    }
  }

  // Deals per account vary a lot (a few big customers); ids are grouped by account.
  const accountWeight = lognormalWeights(rng, nA, 0.9);
  const cumulative = new Float64Array(nA);
  let sum = 0;
  for (let a = 0; a < nA; a += 1) cumulative[a] = sum += accountWeight[a]!;
  const oppStart = new Int32Array(nA + 1);
  for (let o = 0; o < nO; o += 1) oppStart[lowerBound(cumulative, rng.next() * sum) + 1]! += 1;
  for (let a = 0; a < nA; a += 1) oppStart[a + 1]! += oppStart[a]!;
  const oppAccount = new Int32Array(nO);
  for (let a = 0; a < nA; a += 1) oppAccount.fill(a, oppStart[a]!, oppStart[a + 1]!);

  const stageIndex = stageWeights.map(([stage, w]) => [stages.indexOf(stage), w] as const);
  const oppOwner = new Uint16Array(nO);
  const oppStage = new Uint8Array(nO);
  const oppCreated = new Float64Array(nO);
  const oppStageEntered = new Float64Array(nO);
  const oppClosed = new Float64Array(nO);
  const oppCloseDay = new Int32Array(nO);
  const oppAmountCents = new Float64Array(nO);
  const oppPushCount = new Uint8Array(nO);
  const oppInitiative = new Uint8Array(nO);
  for (let o = 0; o < nO; o += 1) {
    const a = oppAccount[o]!;
    oppOwner[o] = rng.chance(0.95) ? accountOwner[a]! : rng.int(0, reps - 1);
    const stage = rng.weighted(stageIndex);
    oppStage[o] = stage;
    if (isClosedStage(stage)) {
      const closed = clampPast(workHours(rng, now - rng.int(1, 730) * DAY));
      oppClosed[o] = closed;
      oppStageEntered[o] = closed;
      oppCreated[o] = clampPast(workHours(rng, closed - rng.int(20, 200) * DAY));
      oppCloseDay[o] = Math.floor(closed / DAY);
    } else {
      const created = clampPast(workHours(rng, now - rng.int(1, 365) * DAY));
      oppClosed[o] = Number.NaN;
      oppCreated[o] = created;
      oppStageEntered[o] = created + (now - created) * (0.3 + rng.next() * 0.7);
      oppCloseDay[o] = today + (rng.chance(0.1) ? -rng.int(1, 60) : rng.int(1, 365));
    }
    oppAmountCents[o] = stage === 0 && rng.chance(0.1) ? Number.NaN : Math.round(rng.logUniform(5_000, 500_000) / 100) * 10_000;
    oppPushCount[o] = rng.chance(0.2) ? rng.int(1, 3) : 0;
    oppInitiative[o] = rng.int(0, 255);
  }

  // Activities: three quarters on deals, the rest on contacts and accounts; a long tail of busy records.
  const total = sizes.activities;
  const onDeals = nO > 0 ? Math.round(total * 0.75) : 0;
  const onContacts = nC > 0 ? Math.round((total - onDeals) * 0.6) : 0;
  const activityCounts = {
    opportunity: allocate(rng, onDeals, lognormalWeights(rng, nO, 1.2)),
    contact: allocate(rng, onContacts, lognormalWeights(rng, nC, 0.8)),
    account: allocate(rng, total - onDeals - onContacts, lognormalWeights(rng, nA, 0.8)),
  };
  const lastOf = (counts: Int32Array, from: (i: number) => number, to: (i: number) => number, open: (i: number) => boolean) => {
    const out = new Float64Array(counts.length).fill(Number.NaN);
    for (let i = 0; i < counts.length; i += 1) {
      if (counts[i] === 0) continue;
      const start = from(i);
      const end = to(i);
      // Open records were mostly touched lately; closed deals went quiet around their close.
      out[i] = open(i) ? start + (end - start) * (1 - rng.next() ** 3) : Math.max(start, end - rng.next() * 14 * DAY);
    }
    return out;
  };
  const lastActivity = {
    opportunity: lastOf(activityCounts.opportunity, (o) => oppCreated[o]!, (o) => (Number.isNaN(oppClosed[o]!) ? now : oppClosed[o]!), (o) => Number.isNaN(oppClosed[o]!)),
    contact: lastOf(activityCounts.contact, (c) => contactCreated[c]!, () => now, () => true),
    account: lastOf(activityCounts.account, (a) => accountCreated[a]!, () => now, () => true),
  };
  const lastOwnAccountActivity = lastActivity.account.slice();
  for (let a = 0; a < nA; a += 1) {
    let latest = lastActivity.account[a]!;
    for (let c = contactStart[a]!; c < contactStart[a + 1]!; c += 1) latest = maxDefined(latest, lastActivity.contact[c]!);
    for (let o = oppStart[a]!; o < oppStart[a + 1]!; o += 1) latest = maxDefined(latest, lastActivity.opportunity[o]!);
    lastActivity.account[a] = latest;
  }

  return {
    sizes,
    now,
    reps,
    accountOwner,
    accountCreated,
    accountParent,
    contactStart,
    contactCreated,
    oppStart,
    oppAccount,
    oppOwner,
    oppStage,
    oppCreated,
    oppStageEntered,
    oppClosed,
    oppCloseDay,
    oppAmountCents,
    oppPushCount,
    oppInitiative,
    activityCounts,
    lastActivity,
    lastOwnAccountActivity,
  };
}

const maxDefined = (a: number, b: number) => (Number.isNaN(a) ? b : Number.isNaN(b) ? a : Math.max(a, b));

function lognormalWeights(rng: Random, n: number, sigma: number): Float64Array {
  const w = new Float64Array(n);
  for (let i = 0; i < n; i += 1) w[i] = Math.exp(sigma * rng.normal());
  return w;
}

/** Splits `total` over the records in proportion to their weights, exactly. */
function allocate(rng: Random, total: number, weights: Float64Array): Int32Array {
  const counts = new Int32Array(weights.length);
  if (weights.length === 0) return counts;
  const sum = weights.reduce((s, w) => s + w, 0);
  let given = 0;
  for (let i = 0; i < weights.length; i += 1) {
    counts[i] = Math.floor((total * weights[i]!) / sum);
    given += counts[i]!;
  }
  while (given < total) {
    counts[rng.int(0, weights.length - 1)]! += 1;
    given += 1;
  }
  return counts;
}

/** The first index whose cumulative weight exceeds x. */
function lowerBound(cumulative: Float64Array, x: number): number {
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cumulative[mid]! > x) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

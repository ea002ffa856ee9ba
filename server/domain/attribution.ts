// Won revenue attributed to what touched the deal (server/domain/README.md, "Attribution"): its lead source,
// the campaigns its lead and contacts were members of, the playbooks that enrolled it or its lead. Plain data
// in, plain data out; amounts in integer cents so the shares of a deal add up to its amount exactly.
import type { AttributionModel, TouchKind } from '../../shared/schemas/attribution';

const DAY_MS = 86_400_000;

export interface Touch {
  kind: TouchKind;
  /** Identifies the touchpoint within its kind: the lead source's name, the campaign's or playbook's id. */
  key: string;
  label: string;
  at: Date;
  /** What carried it, for the drill-down: the deal's lead, one of its contacts, or the deal itself. */
  via?: TouchVia;
}

export type TouchVia = 'lead' | 'contact' | 'deal';

export interface WonDeal {
  id: number;
  amountCents: bigint;
  closedAt: Date;
  touches: Touch[];
}

export type CreditKind = TouchKind | 'unattributed';

export interface Credit {
  kind: CreditKind;
  key: string;
  label: string;
  cents: bigint;
}

export const UNATTRIBUTED = { kind: 'unattributed', key: 'unattributed', label: 'Unattributed' } as const;

/** On the same moment a lead's source comes before the campaign it joined on arrival, and both before a playbook. */
const kindRank: Record<TouchKind, number> = { source: 0, campaign: 1, playbook: 2 };

const byTime = (a: Touch, b: Touch) =>
  a.at.getTime() - b.at.getTime() || kindRank[a.kind] - kindRank[b.kind] || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

/** The touches that could have influenced the deal: at or before its close, oldest first. */
export function touchesBeforeClose(deal: Pick<WonDeal, 'closedAt' | 'touches'>): Touch[] {
  return deal.touches.filter((t) => t.at.getTime() <= deal.closedAt.getTime()).sort(byTime);
}

const full = (t: Touch | typeof UNATTRIBUTED, cents: bigint): Credit => ({ kind: t.kind, key: t.key, label: t.label, cents });

/**
 * One deal's amount split over its touches:
 * - first: the earliest touch gets all of it;
 * - last: the latest touch within `windowDays` before the close gets all of it (none in the window: Unattributed);
 * - linear: each distinct touchpoint (a campaign touched twice counts once) gets an equal share, the odd cents
 *   going to the earliest ones.
 * A deal with no touch before its close is Unattributed under every model.
 */
export function creditDeal(deal: WonDeal, model: AttributionModel, windowDays: number): Credit[] {
  const touches = touchesBeforeClose(deal);
  if (model === 'first') return [full(touches[0] ?? UNATTRIBUTED, deal.amountCents)];
  if (model === 'last') {
    const windowStart = deal.closedAt.getTime() - windowDays * DAY_MS;
    const inWindow = touches.filter((t) => t.at.getTime() >= windowStart);
    return [full(inWindow[inWindow.length - 1] ?? UNATTRIBUTED, deal.amountCents)];
  }
  const distinct = new Map<string, Touch>();
  for (const t of touches) if (!distinct.has(`${t.kind}:${t.key}`)) distinct.set(`${t.kind}:${t.key}`, t);
  const points = [...distinct.values()];
  if (points.length === 0) return [full(UNATTRIBUTED, deal.amountCents)];
  const n = BigInt(points.length);
  const share = deal.amountCents / n;
  const odd = deal.amountCents - share * n;
  return points.map((t, i) => full(t, share + (BigInt(i) < odd ? 1n : 0n)));
}

export interface CreditTotal {
  kind: CreditKind;
  key: string;
  label: string;
  cents: bigint;
  /** Deals that gave it any credit. */
  deals: number;
}

export interface PeriodTotal {
  period: string;
  totalCents: bigint;
  byKind: Record<CreditKind, bigint>;
}

export interface AttributionResult {
  totalCents: bigint;
  /** Per touchpoint, largest first; Unattributed is one row of its own kind. */
  totals: CreditTotal[];
  /** Per period (as `periodOf` names the close), in the order first met when deals are sorted by close. */
  periods: PeriodTotal[];
  deals: { id: number; credits: Credit[]; touches: Touch[] }[];
}

const zeroByKind = (): Record<CreditKind, bigint> => ({ source: 0n, campaign: 0n, playbook: 0n, unattributed: 0n });

/** Every deal credited under one model, summed per touchpoint and per period of close. */
export function attribute(deals: WonDeal[], model: AttributionModel, windowDays: number, periodOf: (closedAt: Date) => string): AttributionResult {
  const totals = new Map<string, CreditTotal>();
  const periods = new Map<string, PeriodTotal>();
  const out: AttributionResult['deals'] = [];
  let totalCents = 0n;
  for (const deal of [...deals].sort((a, b) => a.closedAt.getTime() - b.closedAt.getTime() || a.id - b.id)) {
    const credits = creditDeal(deal, model, windowDays);
    totalCents += deal.amountCents;
    const name = periodOf(deal.closedAt);
    const period = periods.get(name) ?? { period: name, totalCents: 0n, byKind: zeroByKind() };
    period.totalCents += deal.amountCents;
    const seen = new Set<string>();
    for (const c of credits) {
      const id = `${c.kind}:${c.key}`;
      const row = totals.get(id) ?? { kind: c.kind, key: c.key, label: c.label, cents: 0n, deals: 0 };
      row.cents += c.cents;
      if (!seen.has(id)) row.deals += 1;
      seen.add(id);
      totals.set(id, row);
      period.byKind[c.kind] += c.cents;
    }
    periods.set(name, period);
    out.push({ id: deal.id, credits, touches: touchesBeforeClose(deal) });
  }
  const sorted = [...totals.values()].sort((a, b) => (b.cents > a.cents ? 1 : b.cents < a.cents ? -1 : a.label.localeCompare(b.label)));
  return { totalCents, totals: sorted, periods: [...periods.values()], deals: out };
}

/** A campaign's return: (won revenue − cost) / cost; null when it cost nothing (any return is infinite). */
export function campaignReturn(wonCents: bigint, costCents: bigint): number | null {
  if (costCents <= 0n) return null;
  return Number(wonCents - costCents) / Number(costCents);
}

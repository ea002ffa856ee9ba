// Health scores (server/domain/README.md, "Health scores"): a deal's from its open results' severity weights,
// a pipeline's as the amount-weighted mean over its open deals. Labels are in shared/scoreBands.ts.
import { severityWeights, type Severity } from './catalogue';

/** max(0, 100 − the weights of the deal's open results), each rule counted once (its heaviest severity). */
export function dealHealth(results: readonly { ruleId: string; severity: Severity }[]): number {
  const byRule = new Map<string, number>();
  for (const r of results) byRule.set(r.ruleId, Math.max(byRule.get(r.ruleId) ?? 0, severityWeights[r.severity]));
  let sum = 0;
  for (const w of byRule.values()) sum += w;
  return Math.max(0, 100 - sum);
}

/**
 * Amount-weighted mean of deal health over open deals, rounded to a whole number; null with no open deals
 * (not shown, not 100). When no open deal has an amount, every deal counts the same.
 */
export function pipelineHealth(deals: readonly { health: number; amountCents: number | null }[]): number | null {
  if (deals.length === 0) return null;
  const total = deals.reduce((s, d) => s + Math.max(0, d.amountCents ?? 0), 0);
  if (total === 0) return Math.round(deals.reduce((s, d) => s + d.health, 0) / deals.length);
  return Math.round(deals.reduce((s, d) => s + d.health * Math.max(0, d.amountCents ?? 0), 0) / total);
}

/**
 * pipelineHealth fed one deal at a time, per owner and for the team, so a scan in batches keeps no deal in
 * memory: the same sums, the same rounding.
 */
export class PipelineHealthTally {
  private readonly sums = new Map<string, { deals: number; results: number; health: number; amount: number; weighted: number }>();

  add(ownerId: string, deal: { health: number; amountCents: number | null; results: number }): void {
    for (const key of ['', ownerId]) {
      const s = this.sums.get(key) ?? { deals: 0, results: 0, health: 0, amount: 0, weighted: 0 };
      const amount = Math.max(0, deal.amountCents ?? 0);
      s.deals += 1;
      s.results += deal.results;
      s.health += deal.health;
      s.amount += amount;
      s.weighted += deal.health * amount;
      this.sums.set(key, s);
    }
  }

  /** One point for the team (userId '') and one per owner with open deals. */
  points(): { userId: string; health: number | null; openDeals: number; openResults: number }[] {
    if (!this.sums.has('')) this.sums.set('', { deals: 0, results: 0, health: 0, amount: 0, weighted: 0 });
    return [...this.sums].map(([userId, s]) => ({
      userId,
      health: s.deals === 0 ? null : Math.round(s.amount === 0 ? s.health / s.deals : s.weighted / s.amount),
      openDeals: s.deals,
      openResults: s.results,
    }));
  }
}

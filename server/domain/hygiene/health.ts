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

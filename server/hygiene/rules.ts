// The rules in force: the catalogue with the organisation's overrides (rule_overrides with no user) applied.
import { isNull } from 'drizzle-orm';
import { ruleOverrides } from '../../drizzle/schema';
import type { DbOrTx } from '../db';
import { catalogue, type RuleDefinition, type Severity } from '../domain/hygiene/catalogue';
import type { EffectiveRule } from '../domain/hygiene/evaluate';

export interface OverrideRow {
  ruleId: string;
  enabled: boolean;
  severity: Severity | null;
  thresholds: unknown;
}

/** Threshold values of an override that still fit the rule (a stored value out of range falls back to the default). */
export function effectiveThresholds(definition: RuleDefinition, stored: unknown): Record<string, number> {
  const given = stored && typeof stored === 'object' ? (stored as Record<string, unknown>) : {};
  return Object.fromEntries(
    Object.entries(definition.thresholds).map(([name, spec]) => {
      const v = given[name];
      const ok = typeof v === 'number' && Number.isFinite(v) && v >= spec.min && v <= spec.max && (!spec.integer || Number.isInteger(v));
      return [name, ok ? v : spec.default];
    }),
  );
}

export function applyOverrides(overrides: readonly OverrideRow[]): EffectiveRule[] {
  const byRule = new Map(overrides.map((o) => [o.ruleId, o]));
  return catalogue.map((definition) => {
    const o = byRule.get(definition.id);
    return {
      definition,
      enabled: o ? o.enabled : true,
      severity: o?.severity ?? definition.severity,
      thresholds: effectiveThresholds(definition, o?.thresholds),
    };
  });
}

export async function loadEffectiveRules(db: DbOrTx): Promise<EffectiveRule[]> {
  const rows = await db
    .select({ ruleId: ruleOverrides.ruleId, enabled: ruleOverrides.enabled, severity: ruleOverrides.severity, thresholds: ruleOverrides.thresholds })
    .from(ruleOverrides)
    .where(isNull(ruleOverrides.userId));
  return applyOverrides(rows);
}

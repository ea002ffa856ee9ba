// The rules in force: the catalogue with the organisation's overrides (rule_overrides with no user) applied,
// and the admins' custom rules (hygiene_custom_rules), interpreted by the same engine.
import { asc, isNull } from 'drizzle-orm';
import { hygieneCustomRules, ruleOverrides } from '../../drizzle/schema';
import { type CustomRule, customEffectiveRule, customRuleDefinition } from '../domain/hygiene/customRules';
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

/** The stored custom rules as the engine reads them. */
export async function loadCustomRules(db: DbOrTx): Promise<CustomRule[]> {
  const rows = await db.select().from(hygieneCustomRules).orderBy(asc(hygieneCustomRules.id));
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    category: r.category,
    severity: r.severity,
    stages: r.stages as CustomRule['stages'],
    conditions: r.conditions as unknown as CustomRule['conditions'],
    message: r.message,
    remediation: r.remediation,
    enabled: r.enabled,
  }));
}

export async function loadEffectiveRules(db: DbOrTx): Promise<EffectiveRule[]> {
  const rows = await db
    .select({ ruleId: ruleOverrides.ruleId, enabled: ruleOverrides.enabled, severity: ruleOverrides.severity, thresholds: ruleOverrides.thresholds })
    .from(ruleOverrides)
    .where(isNull(ruleOverrides.userId));
  return [...applyOverrides(rows), ...(await loadCustomRules(db)).map(customEffectiveRule)];
}

/** Every rule a stored result may name: the catalogue and the custom rules, by id. */
export async function ruleDefinitions(db: DbOrTx): Promise<Map<string, RuleDefinition>> {
  const custom = (await loadCustomRules(db)).map(customRuleDefinition);
  return new Map([...catalogue, ...custom].map((d) => [d.id, d]));
}

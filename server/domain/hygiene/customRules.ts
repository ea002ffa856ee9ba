// Custom rules interpreted, never eval'd: each stored condition (a field of the vocabulary in
// shared/hygieneCustomRules.ts, an operator, a value) becomes a predicate over the same OpportunityFacts
// the shipped rules read, so the live scan, the preview and the uploaded-file analysis all run them alike.
import { conditionWords, type CustomRuleField, type CustomRuleOperator } from '../../../shared/hygieneCustomRules';
import { openStages, stageDefaults, type Stage } from '../../../shared/stages';
import type { Category, RuleDefinition, Severity } from './catalogue';
import { type Check, DAY_MS, type EffectiveRule, type EvalContext } from './evaluate';
import type { OpportunityFacts } from './facts';

export interface CustomCondition {
  field: CustomRuleField;
  operator: CustomRuleOperator;
  value: number | string | null;
}

export interface CustomRule {
  id: number;
  name: string;
  category: Category;
  severity: Severity;
  /** Empty: every open stage. */
  stages: readonly Stage[];
  conditions: readonly CustomCondition[];
  message: string;
  remediation: string;
  enabled: boolean;
}

export const CUSTOM_RULE_PREFIX = 'custom_';
export const customRuleId = (id: number) => `${CUSTOM_RULE_PREFIX}${id}`;
export const isCustomRuleId = (ruleId: string) => ruleId.startsWith(CUSTOM_RULE_PREFIX);

type Value = string | number | Date | null;

/** The value a condition reads from the deal's facts (amounts in currency units, as the admin types them). */
function read(f: OpportunityFacts, field: CustomRuleField): Value {
  switch (field) {
    case 'amount':
      return f.amountCents === null ? null : f.amountCents / 100;
    case 'economicBuyer':
      return f.economicBuyerContactId;
    case 'champion':
      return f.championContactId;
    default:
      return f[field];
  }
}

const empty = (v: Value) => v === null || (typeof v === 'string' && v.trim() === '') || v === 0;
const timeOf = (v: Value): number | null => (v instanceof Date ? v.getTime() : typeof v === 'string' && v !== '' ? Date.parse(`${v}T00:00:00Z`) : null);

export function conditionHolds(c: CustomCondition, f: OpportunityFacts, ctx: EvalContext): boolean {
  const v = read(f, c.field);
  const n = typeof c.value === 'number' ? c.value : Number.NaN;
  switch (c.operator) {
    case 'is_empty':
      // An amount of 0 is as good as none (missing_amount says the same).
      return c.field === 'amount' ? empty(v) : v === null || (typeof v === 'string' && v.trim() === '');
    case 'is_not_empty':
      return !(v === null || (typeof v === 'string' && v.trim() === ''));
    case 'contains':
      return typeof v === 'string' && typeof c.value === 'string' && v.toLowerCase().includes(c.value.toLowerCase());
    case 'greater_than':
      return typeof v === 'number' && v > n;
    case 'less_than':
      return typeof v === 'number' && v < n;
    case 'equals':
      return typeof v === 'number' && v === n;
    case 'is_past':
      return typeof v === 'string' && v !== '' && v < ctx.today;
    case 'within_next_days': {
      const at = timeOf(v);
      const today = Date.parse(`${ctx.today}T00:00:00Z`);
      return at !== null && at >= today && at <= today + n * DAY_MS;
    }
    case 'older_than_days': {
      // "Nothing in the last N days": a deal that never had one counts from its creation, as the shipped rules do.
      const at = timeOf(v) ?? f.createdAt.getTime();
      return at < ctx.now.getTime() - n * DAY_MS;
    }
    case 'within_last_days': {
      const at = timeOf(v);
      return at !== null && at >= ctx.now.getTime() - n * DAY_MS && at <= ctx.now.getTime();
    }
    case 'differs_from_stage_default_by':
      return typeof v === 'number' && Math.abs(v - stageDefaults[f.stage].probability) > n;
    case 'is':
      return v === c.value;
    case 'is_not':
      return v !== c.value;
  }
}

/** Holds when every condition holds. */
export function customRuleCheck(conditions: readonly CustomCondition[]): Check<OpportunityFacts> {
  return (f, _t, ctx) => (conditions.every((c) => conditionHolds(c, f, ctx)) ? {} : null);
}

export function customRuleDefinition(rule: CustomRule): RuleDefinition {
  return {
    id: customRuleId(rule.id),
    number: 100 + rule.id,
    name: rule.name,
    category: rule.category,
    severity: rule.severity,
    recordType: 'opportunity',
    stages: rule.stages.length ? rule.stages : openStages,
    condition: rule.conditions.map(conditionWords).join(' and '),
    thresholds: {},
    message: rule.message,
    remediation: rule.remediation,
    owner: 'rep',
    fix: null,
    custom: true,
  };
}

export function customEffectiveRule(rule: CustomRule): EffectiveRule {
  return { definition: customRuleDefinition(rule), enabled: rule.enabled, severity: rule.severity, thresholds: {}, check: customRuleCheck(rule.conditions) };
}

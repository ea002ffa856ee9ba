// Pure evaluation of the hygiene rules over fact records (server/domain/README.md, "Hygiene rules"): the
// live scan and the uploaded-file analysis both call evaluate() with the rules in force and get the findings.
import { stageDefaults, type Stage } from '../../../shared/stages';
import { isOpenCase } from '../../../shared/caseSla';
import { catalogue, type RuleDefinition, type RuleRecordType, type Severity } from './catalogue';
import { type AccountFacts, type CaseFacts, type ContactFacts, type Facts, median, type OpportunityFacts, type PipelineStats, type ProjectFacts } from './facts';

export const DAY_MS = 86_400_000;

/** A rule as it is in force: the catalogue entry (or a custom rule) with the organisation's overrides applied. */
export interface EffectiveRule {
  definition: RuleDefinition;
  enabled: boolean;
  severity: Severity;
  thresholds: Record<string, number>;
  /** Custom rules bring their own predicate (compiled from their condition); shipped ones use `checks`. */
  check?: Check<OpportunityFacts>;
}

export type Details = Record<string, string | number>;

export interface Finding {
  ruleId: string;
  recordType: RuleRecordType;
  recordId: number;
  ownerId: string;
  severity: Severity;
  message: string;
  details: Details;
}

export interface EvalContext {
  now: Date;
  /** The calendar day of `now` (UTC), YYYY-MM-DD. */
  today: string;
  stats: PipelineStats;
  /** Per-evaluation memo (stage limits), so a rule computes its pipeline-wide numbers once. */
  memo: Map<string, unknown>;
}

export type Check<F> = (facts: F, t: Record<string, number>, ctx: EvalContext) => Details | null;

const blank = (v: string | null | undefined) => v === null || v === undefined || v.trim() === '';
/** The UTC calendar day of `d` as a day number (JavaScript time has no leap seconds: every day is DAY_MS long). */
const utcDayNumber = (d: Date) => Math.floor(d.getTime() / DAY_MS);
/**
 * Whole UTC calendar days from `at`'s day to `now`'s. Counted in days, not 24-hour periods, so every
 * scan of one day finds the same results with the same day counts (an unchanged re-scan changes nothing).
 */
export const daysSince = (at: Date, now: Date) => utcDayNumber(now) - utcDayNumber(at);
/**
 * True when `at` is `days` or more calendar days before today: nothing happened in the last `days` days, today
 * included (an activity on 1 March is idle for 14 days on 15 March). A date-only value (a file's) is that day.
 */
const olderThan = (at: Date, days: number, now: Date) => daysSince(at, now) >= days;
const isoDay = (d: Date) => d.toISOString().slice(0, 10);
const ratio = (a: number, b: number) => Math.round((a / b) * 10) / 10;

export function todayOf(now: Date): string {
  return isoDay(now);
}

/** `at` plus n business days (Monday to Friday, UTC). */
export function addBusinessDays(at: Date, n: number): Date {
  const d = new Date(at);
  let left = n;
  while (left > 0) {
    d.setUTCDate(d.getUTCDate() + 1);
    const wd = d.getUTCDay();
    if (wd !== 0 && wd !== 6) left -= 1;
  }
  return d;
}

function addDaysIso(day: string, n: number): string {
  return isoDay(new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS));
}

/** The days-in-stage limit of a stage for stale_in_stage, memoised per evaluation. */
function stageLimit(stage: Stage, t: Record<string, number>, ctx: EvalContext): number {
  const key = `stale:${stage}:${t.multiplier}:${t.historyDays}:${t.fallbackDays}:${t.minSamples}`;
  const memo = ctx.memo.get(key);
  if (typeof memo === 'number') return memo;
  const since = ctx.now.getTime() - t.historyDays! * DAY_MS;
  const days = (ctx.stats.stageDurations.get(stage) ?? []).filter((d) => d.leftAt.getTime() >= since).map((d) => d.days);
  const limit = days.length >= t.minSamples! ? t.multiplier! * median(days)! : t.fallbackDays!;
  ctx.memo.set(key, limit);
  return limit;
}

const idle = (at: Date | null, created: Date, days: number, now: Date): Details | null => {
  const ref = at ?? created;
  return olderThan(ref, days, now) ? { idleDays: daysSince(ref, now) } : null;
};

const opportunityChecks: Record<string, Check<OpportunityFacts>> = {
  missing_amount: (f) => (!f.amountCents ? {} : null),
  missing_close_date: (f) => (f.closeDate === null ? {} : null),
  missing_contact: (f) => (f.contactCount === 0 ? {} : null),
  amount_outlier: (f, t, ctx) => {
    const m = ctx.stats.ownerMedianAmountCents.get(f.ownerId);
    return f.amountCents && m && f.amountCents > t.multiplier! * m ? { ratio: ratio(f.amountCents, m) } : null;
  },
  missing_owner: (f) => (f.ownerActive ? null : {}),
  close_date_past: (f, _t, ctx) => (f.closeDate !== null && f.closeDate < ctx.today ? {} : null),
  no_next_step: (f) => (blank(f.nextStep) ? {} : null),
  next_step_overdue: (f, _t, ctx) => (f.nextStepDate !== null && f.nextStepDate < ctx.today ? {} : null),
  no_activity_14d: (f, t, ctx) => idle(f.lastActivityAt, f.createdAt, t.days!, ctx.now),
  no_activity_30d: (f, t, ctx) => idle(f.lastActivityAt, f.createdAt, t.days!, ctx.now),
  stale_in_stage: (f, t, ctx) => {
    const limit = stageLimit(f.stage, t, ctx);
    const inStage = daysSince(f.stageEnteredAt, ctx.now);
    return inStage > limit ? { daysInStage: inStage, limitDays: Math.round(limit) } : null;
  },
  created_and_idle: (f, t, ctx) => (!f.everAdvanced && olderThan(f.createdAt, t.days!, ctx.now) ? { ageDays: daysSince(f.createdAt, ctx.now) } : null),
  overdue_tasks: (f) => (f.overdueTasks > 0 ? {} : null),
  probability_stage_mismatch: (f, t) =>
    Math.abs(f.probability - stageDefaults[f.stage].probability) > t.points! ? { stageProbability: stageDefaults[f.stage].probability } : null,
  commit_without_economic_buyer: (f) => (f.forecastCategory === 'Commit' && f.economicBuyerContactId === null ? {} : null),
  close_date_pushed_twice: (f, t) => (f.pushCount >= t.pushes! ? {} : null),
  close_date_pushed_thrice: (f, t) => (f.pushCount >= t.pushes! ? {} : null),
  closing_this_month_early_stage: (f, _t, ctx) => (f.closeDate !== null && f.closeDate.slice(0, 7) === ctx.today.slice(0, 7) ? {} : null),
  large_deal_low_stage_near_close: (f, t, ctx) => {
    const m = ctx.stats.ownerMedianAmountCents.get(f.ownerId);
    if (!f.amountCents || !m || f.amountCents < t.multiplier! * m || f.closeDate === null) return null;
    return f.closeDate >= ctx.today && f.closeDate <= addDaysIso(ctx.today, t.days!) ? { ratio: ratio(f.amountCents, m) } : null;
  },
  closed_won_missing_line_items: (f, _t, ctx) => (ctx.stats.productsExist && f.lineItemCount === 0 ? {} : null),
  category_override_commit_early: (f) => (f.forecastCategory === 'Commit' ? {} : null),
  stage_skipped: (f, t) => (f.maxForwardJump > t.stages! ? {} : null),
  backwards_move: (f, t, ctx) =>
    f.lastBackwardMoveAt && !olderThan(f.lastBackwardMoveAt, t.days!, ctx.now) ? { movedBackOn: isoDay(f.lastBackwardMoveAt) } : null,
  no_identified_pain: (f) => (blank(f.identifiedPain) ? {} : null),
  no_decision_criteria: (f) => (blank(f.decisionCriteria) ? {} : null),
  no_economic_buyer_late: (f) => (f.economicBuyerContactId === null ? {} : null),
  no_champion: (f) => (f.championContactId === null ? {} : null),
  no_paper_process: (f) => (blank(f.paperProcess) ? {} : null),
  no_decision_process: (f) => (blank(f.decisionProcess) ? {} : null),
  closed_lost_no_reason: (f) => (blank(f.lossReason) ? {} : null),
  single_threaded: (f, t, ctx) => {
    const engaged = f.contactLastActivity.filter((at) => at !== null && !olderThan(at, t.days!, ctx.now)).length;
    return engaged < t.contacts! ? { engagedContacts: engaged } : null;
  },
  no_meeting_30d: (f, t, ctx) => idle(f.lastMeetingAt, f.createdAt, t.days!, ctx.now),
  only_outbound_21d: (f, t, ctx) => {
    const sent = f.lastOutboundEmailAt !== null && !olderThan(f.lastOutboundEmailAt, t.days!, ctx.now);
    const answered = f.lastInboundEmailAt !== null && !olderThan(f.lastInboundEmailAt, t.days!, ctx.now);
    return sent && !answered ? {} : null;
  },
  champion_silent: (f, t, ctx) => (f.championContactId === null ? null : idle(f.championLastActivityAt, f.createdAt, t.days!, ctx.now)),
  unanswered_inbound_2d: (f, t, ctx) => {
    const inbound = f.lastInboundEmailAt;
    if (!inbound || (f.lastOutboundEmailAt && f.lastOutboundEmailAt.getTime() >= inbound.getTime())) return null;
    return addBusinessDays(inbound, t.businessDays!).getTime() < ctx.now.getTime() ? { receivedOn: isoDay(inbound) } : null;
  },
  discount_over_limit: (f, t) => (f.maxDiscountPercent > t.percent! && !f.discountApproved ? { maxDiscount: f.maxDiscountPercent } : null),
  security_review_missing: (f, t) =>
    !f.everInSecurityReview && (f.accountSecurityPosture === 'strict' || (f.amountCents ?? 0) >= t.amount! * 100) ? {} : null,
};

const accountChecks: Record<string, Check<AccountFacts>> = {
  account_missing_industry: (f) => (blank(f.industry) ? {} : null),
  duplicate_account_domain: (f) => (f.domain && f.domainCount > 1 ? { domain: f.domain, duplicates: f.domainCount } : null),
  account_no_activity_60d: (f, t, ctx) => (f.hasWonDeal ? idle(f.lastActivityAt, f.createdAt, t.days!, ctx.now) : null),
};

const contactChecks: Record<string, Check<ContactFacts>> = {
  contact_missing_email: (f) => (blank(f.email) && blank(f.phone) ? {} : null),
  duplicate_contact_email: (f) => (f.email && f.emailCount > 1 ? { email: f.email } : null),
};

const projectChecks: Record<string, Check<ProjectFacts>> = {
  project_overdue_milestone: (f) => (f.overdueMilestones > 0 ? { overdueMilestones: f.overdueMilestones } : null),
  project_adoption_low: (f, t, ctx) => {
    if (f.status !== 'In Progress' || f.expectedUsers <= 0) return null;
    const started = f.startDate ? new Date(`${f.startDate}T00:00:00Z`) : f.createdAt;
    if (!olderThan(started, t.days!, ctx.now)) return null;
    return f.activeUsers < (t.share! / 100) * f.expectedUsers ? {} : null;
  },
};

const caseChecks: Record<string, Check<CaseFacts>> = {
  case_sla_breached: (f, _t, ctx) => (isOpenCase(f.status) && f.slaDueAt.getTime() < ctx.now.getTime() ? {} : null),
  case_sla_at_risk: (f, t, ctx) => {
    if (!isOpenCase(f.status)) return null;
    const due = f.slaDueAt.getTime();
    const left = due - ctx.now.getTime();
    const window = due - f.createdAt.getTime();
    return left >= 0 && window > 0 && left < (t.share! / 100) * window ? {} : null;
  },
};

/** Every shipped rule id has exactly one predicate (a unit test holds this). */
export const checkedRuleIds = [
  ...Object.keys(opportunityChecks),
  ...Object.keys(accountChecks),
  ...Object.keys(contactChecks),
  ...Object.keys(projectChecks),
  ...Object.keys(caseChecks),
];

/** The rules with no overrides: what a fresh organisation scans with. */
export function defaultRules(): EffectiveRule[] {
  return catalogue.map((definition) => ({
    definition,
    enabled: true,
    severity: definition.severity,
    thresholds: Object.fromEntries(Object.entries(definition.thresholds).map(([k, spec]) => [k, spec.default])),
  }));
}

/** Each message template split once into its text and its {name} parts: text, name, text, ... */
const templateParts = new Map<string, string[]>();

/** The template with {name} filled from the first source that has it (no merged copy per finding). */
function fill(template: string, details: Record<string, unknown>, thresholds: Record<string, unknown>, record: Record<string, unknown>): string {
  let parts = templateParts.get(template);
  if (!parts) templateParts.set(template, (parts = template.split(/\{(\w+)\}/)));
  let out = parts[0]!;
  for (let i = 1; i < parts.length; i += 2) {
    const key = parts[i]!;
    const v = details[key] ?? thresholds[key] ?? record[key];
    out += v === null || v === undefined ? `{${key}}` : v instanceof Date ? isoDay(v) : String(v);
    out += parts[i + 1]!;
  }
  return out;
}

interface Recordish {
  id: number;
  ownerId: string;
}

function run<F extends Recordish>(
  recordType: RuleRecordType,
  records: readonly F[],
  rules: readonly EffectiveRule[],
  checks: Record<string, Check<F>>,
  ctx: EvalContext,
  out: Finding[],
  fields: (f: F) => Record<string, unknown> = (f) => f as unknown as Record<string, unknown>,
) {
  const active = rules
    .filter((r) => r.enabled && r.definition.recordType === recordType)
    .map((r) => ({ rule: r, check: (r.check as Check<F> | undefined) ?? checks[r.definition.id], stages: r.definition.stages ? new Set(r.definition.stages) : null }))
    .filter((r): r is typeof r & { check: Check<F> } => r.check !== undefined);
  for (const record of records) {
    const stage = (record as { stage?: Stage }).stage;
    const held: Finding[] = [];
    const replacedHere = new Set<string>();
    for (const { rule, check, stages } of active) {
      if (stages && (stage === undefined || !stages.has(stage))) continue;
      const details = check(record, rule.thresholds, ctx);
      if (!details) continue;
      if (rule.definition.replaces) replacedHere.add(rule.definition.replaces);
      held.push({
        ruleId: rule.definition.id,
        recordType,
        recordId: record.id,
        ownerId: record.ownerId,
        severity: rule.severity,
        message: fill(rule.definition.message, details, rule.thresholds, fields(record)),
        details,
      });
    }
    // A rule that replaces another drops the other's finding on the same record while it holds.
    for (const f of held) if (!replacedHere.has(f.ruleId)) out.push(f);
  }
}

/** One context for a whole scan, so batch after batch reuses what the rules computed pipeline-wide (stage limits). */
export function evaluationContext(stats: PipelineStats, now: Date): EvalContext {
  return { now, today: todayOf(now), stats, memo: new Map() };
}

/** All findings of the rules in force over the facts: one per (rule, record) that holds. */
export function evaluate(facts: Facts, rules: readonly EffectiveRule[], now: Date, ctx: EvalContext = evaluationContext(facts.stats, now)): Finding[] {
  const out: Finding[] = [];
  run('opportunity', facts.opportunities, rules, opportunityChecks, ctx, out);
  run('account', facts.accounts, rules, accountChecks, ctx, out);
  run('contact', facts.contacts, rules, contactChecks, ctx, out);
  run('project', facts.projects, rules, projectChecks, ctx, out);
  run('case', facts.cases, rules, caseChecks, ctx, out);
  return out;
}

/** A fact set with nothing in it, for callers that evaluate one kind of record. */
export function emptyFacts(stats?: Partial<PipelineStats>): Facts {
  return {
    opportunities: [],
    accounts: [],
    contacts: [],
    projects: [],
    cases: [],
    stats: { ownerMedianAmountCents: new Map(), stageDurations: new Map(), productsExist: false, ...stats },
  };
}

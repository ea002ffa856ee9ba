// The shipped hygiene rules as data (server/domain/README.md, "Hygiene rules"): one entry per rule with its
// category, default severity, the record type and stages it applies to, its condition with named thresholds
// (each with a default and the range an override may set), the message and remediation, who should act and
// which one-click fix it offers. The predicates that evaluate the conditions are in evaluate.ts, keyed by id.
import { hygieneCategoryLabels, hygieneFixFields } from '../../../shared/hygiene';
import { openStages, type Stage, stageOrder } from '../../../shared/stages';

/** Bump when a rule's meaning changes, so stored results can be told apart from a newer catalogue's. */
export const CATALOGUE_VERSION = 1;

export const severities = ['critical', 'warning', 'info'] as const;
export type Severity = (typeof severities)[number];

export const categories = ['data_quality', 'sales_hygiene', 'forecasting', 'progression', 'engagement', 'compliance'] as const;
export type Category = (typeof categories)[number];
export const categoryLabels: Record<Category, string> = hygieneCategoryLabels;

export const ruleRecordTypes = ['opportunity', 'account', 'contact', 'project', 'case'] as const;
export type RuleRecordType = (typeof ruleRecordTypes)[number];

export const ruleOwners = ['rep', 'manager', 'csm', 'admin'] as const;
export type RuleOwner = (typeof ruleOwners)[number];

/** The one-click fixes: each is a change of one or two fields of the deal, made through the deal's own update. */
export type FixKind = keyof typeof hygieneFixFields;

export interface ThresholdSpec {
  label: string;
  unit: 'days' | 'business days' | 'points' | 'percent' | 'times' | 'count' | 'amount';
  default: number;
  min: number;
  max: number;
  /** Whole numbers only (days, counts). */
  integer: boolean;
}

export interface RuleDefinition {
  id: string;
  /** The rule's number in server/domain/README.md. */
  number: number;
  category: Category;
  severity: Severity;
  recordType: RuleRecordType;
  /** For deal rules, the stages it applies to; null when the stage does not matter. */
  stages: readonly Stage[] | null;
  /** The condition in words, with {threshold} names. */
  condition: string;
  thresholds: Readonly<Record<string, ThresholdSpec>>;
  /** What the result says, with {threshold} and {detail} names filled in per record. */
  message: string;
  remediation: string;
  owner: RuleOwner;
  fix: FixKind | null;
  /** A lighter rule this one replaces on the same record while it holds. */
  replaces?: string;
  /** Custom rules: the admin's name for it, and that it is one. */
  name?: string;
  custom?: boolean;
}

const open = openStages;
/** "stage ≥ X": the open stages from X on (a closed deal is no longer worked, so progression rules stop). */
const openFrom = (stage: Stage) => openStages.filter((s) => stageOrder(s) >= stageOrder(stage));
/** "stage ≤ X": the open stages up to X. */
const openUpTo = (stage: Stage) => openStages.filter((s) => stageOrder(s) <= stageOrder(stage));

const days = (label: string, value: number, max = 365): ThresholdSpec => ({ label, unit: 'days', default: value, min: 1, max, integer: true });
const times = (label: string, value: number): ThresholdSpec => ({ label, unit: 'times', default: value, min: 1, max: 100, integer: false });

export const catalogue: readonly RuleDefinition[] = [
  // Data quality
  {
    id: 'missing_amount', number: 1, category: 'data_quality', severity: 'critical', recordType: 'opportunity',
    stages: openFrom('Solution/Demo'), condition: 'amount empty or 0', thresholds: {},
    message: 'No amount on a deal in {stage}', remediation: 'Enter the deal amount (or add line items)', owner: 'rep', fix: 'amount',
  },
  {
    id: 'missing_close_date', number: 2, category: 'data_quality', severity: 'critical', recordType: 'opportunity',
    stages: open, condition: 'close date empty', thresholds: {},
    message: 'No close date', remediation: 'Set the date you expect the deal to close', owner: 'rep', fix: 'closeDate',
  },
  {
    id: 'missing_contact', number: 3, category: 'data_quality', severity: 'warning', recordType: 'opportunity',
    stages: open, condition: 'no contact linked (economic buyer, champion or a person on the deal)', thresholds: {},
    message: 'Nobody from the customer is linked to this deal', remediation: 'Add the people you are talking to under "People on the deal"', owner: 'rep', fix: 'champion',
  },
  {
    id: 'account_missing_industry', number: 4, category: 'data_quality', severity: 'info', recordType: 'account',
    stages: null, condition: 'account industry empty', thresholds: {},
    message: 'Account has no industry', remediation: "Set the account's industry", owner: 'rep', fix: null,
  },
  {
    id: 'contact_missing_email', number: 5, category: 'data_quality', severity: 'warning', recordType: 'contact',
    stages: null, condition: 'contact with neither email nor phone', thresholds: {},
    message: 'Contact has neither email nor phone', remediation: 'Add an email address or phone number', owner: 'rep', fix: null,
  },
  {
    id: 'duplicate_account_domain', number: 6, category: 'data_quality', severity: 'warning', recordType: 'account',
    stages: null, condition: 'another account has the same domain', thresholds: {},
    message: 'Another account has the domain {domain} ({duplicates} in all)', remediation: 'Merge the duplicate accounts or correct the website', owner: 'admin', fix: null,
  },
  {
    id: 'duplicate_contact_email', number: 7, category: 'data_quality', severity: 'warning', recordType: 'contact',
    stages: null, condition: 'another contact has the same email (case-insensitive)', thresholds: {},
    message: 'Another contact has the email {email}', remediation: 'Merge the duplicate contacts', owner: 'admin', fix: null,
  },
  {
    id: 'amount_outlier', number: 8, category: 'data_quality', severity: 'info', recordType: 'opportunity',
    stages: open, condition: "amount > {multiplier} × the median amount of the owner's open deals",
    thresholds: { multiplier: times('Times the owner median', 5) },
    message: "Amount is {ratio}× the owner's median open deal", remediation: 'Check the amount is right (a typo, or a different currency?)', owner: 'rep', fix: 'amount',
  },
  {
    id: 'missing_owner', number: 9, category: 'data_quality', severity: 'critical', recordType: 'opportunity',
    stages: null, condition: 'no active owner (a deactivated owner counts)', thresholds: {},
    message: 'Owner {ownerName} is no longer active', remediation: 'Reassign the deal to an active rep', owner: 'manager', fix: 'owner',
  },
  // Sales hygiene
  {
    id: 'close_date_past', number: 10, category: 'sales_hygiene', severity: 'critical', recordType: 'opportunity',
    stages: open, condition: 'close date before today', thresholds: {},
    message: 'Close date {closeDate} has passed', remediation: 'Move the close date to when the deal will really close, or close it', owner: 'rep', fix: 'closeDate',
  },
  {
    id: 'no_next_step', number: 11, category: 'sales_hygiene', severity: 'warning', recordType: 'opportunity',
    stages: openFrom('Discovery'), condition: 'next step empty', thresholds: {},
    message: 'No next step', remediation: 'Write the next step and when it happens', owner: 'rep', fix: 'nextStep',
  },
  {
    id: 'next_step_overdue', number: 12, category: 'sales_hygiene', severity: 'warning', recordType: 'opportunity',
    stages: open, condition: 'next step date before today', thresholds: {},
    message: 'Next step was due {nextStepDate}', remediation: 'Do the next step, or write the new one and its date', owner: 'rep', fix: 'nextStep',
  },
  {
    id: 'no_activity_14d', number: 13, category: 'sales_hygiene', severity: 'warning', recordType: 'opportunity',
    stages: open, condition: 'no activity in {days} days', thresholds: { days: days('Days without activity', 14) },
    message: 'No activity for {idleDays} days', remediation: 'Get in touch with the customer and log it', owner: 'rep', fix: null,
  },
  {
    id: 'no_activity_30d', number: 14, category: 'sales_hygiene', severity: 'critical', recordType: 'opportunity',
    stages: open, condition: 'no activity in {days} days', thresholds: { days: days('Days without activity', 30) },
    message: 'No activity for {idleDays} days', remediation: 'Re-engage the customer now, or close the deal as lost', owner: 'rep', fix: null,
    replaces: 'no_activity_14d',
  },
  {
    id: 'stale_in_stage', number: 15, category: 'sales_hygiene', severity: 'warning', recordType: 'opportunity',
    stages: open,
    condition: 'days in stage > {multiplier} × the median days-in-stage of deals that left the stage in the last {historyDays} days ({fallbackDays} days when fewer than {minSamples} did)',
    thresholds: {
      multiplier: times('Times the median', 2),
      historyDays: days('History window', 180, 730),
      fallbackDays: days('Days when history is thin', 21),
      minSamples: { label: 'Deals needed for a median', unit: 'count', default: 5, min: 1, max: 1000, integer: true },
    },
    message: '{daysInStage} days in {stage} (usual limit {limitDays})', remediation: 'Move the deal forward, or update its stage to where it really is', owner: 'rep', fix: null,
  },
  {
    id: 'created_and_idle', number: 16, category: 'sales_hygiene', severity: 'info', recordType: 'opportunity',
    stages: ['Prospecting'], condition: 'created more than {days} days ago and never advanced', thresholds: { days: days('Days since created', 30) },
    message: 'Created {ageDays} days ago and still in Prospecting', remediation: 'Qualify the deal forward or close it', owner: 'rep', fix: null,
  },
  {
    id: 'overdue_tasks', number: 17, category: 'sales_hygiene', severity: 'warning', recordType: 'opportunity',
    stages: open, condition: 'a task past due and not done', thresholds: {},
    message: '{overdueTasks} overdue task(s)', remediation: 'Complete or reschedule the overdue tasks', owner: 'rep', fix: null,
  },
  // Forecasting
  {
    id: 'probability_stage_mismatch', number: 18, category: 'forecasting', severity: 'warning', recordType: 'opportunity',
    stages: open, condition: 'probability differs from the stage default by more than {points} points',
    thresholds: { points: { label: 'Points from the stage default', unit: 'points', default: 25, min: 1, max: 99, integer: true } },
    message: 'Probability {probability}% against {stageProbability}% for {stage}', remediation: 'Reset the probability to the stage default, or move the stage', owner: 'rep', fix: 'probability',
  },
  {
    id: 'commit_without_economic_buyer', number: 19, category: 'forecasting', severity: 'critical', recordType: 'opportunity',
    stages: open, condition: 'forecast category Commit and no economic buyer', thresholds: {},
    message: 'In Commit without an economic buyer', remediation: 'Name the economic buyer, or take the deal out of Commit', owner: 'rep', fix: 'economicBuyer',
  },
  {
    id: 'close_date_pushed_twice', number: 20, category: 'forecasting', severity: 'warning', recordType: 'opportunity',
    stages: open, condition: 'close date pushed {pushes} or more times',
    thresholds: { pushes: { label: 'Pushes', unit: 'count', default: 2, min: 1, max: 50, integer: true } },
    message: 'Close date pushed {pushCount} times', remediation: 'Confirm the timeline with the economic buyer', owner: 'rep', fix: null,
  },
  {
    id: 'close_date_pushed_thrice', number: 21, category: 'forecasting', severity: 'critical', recordType: 'opportunity',
    stages: open, condition: 'close date pushed {pushes} or more times',
    thresholds: { pushes: { label: 'Pushes', unit: 'count', default: 3, min: 1, max: 50, integer: true } },
    message: 'Close date pushed {pushCount} times', remediation: 'Review the deal with your manager: is it real this period?', owner: 'manager', fix: null,
    replaces: 'close_date_pushed_twice',
  },
  {
    id: 'closing_this_month_early_stage', number: 22, category: 'forecasting', severity: 'warning', recordType: 'opportunity',
    stages: openUpTo('Solution/Demo'), condition: 'close date in the current month and stage at most Solution/Demo', thresholds: {},
    message: 'Closing this month ({closeDate}) but only in {stage}', remediation: 'Move the close date out, or advance the deal', owner: 'rep', fix: 'closeDate',
  },
  {
    id: 'large_deal_low_stage_near_close', number: 23, category: 'forecasting', severity: 'warning', recordType: 'opportunity',
    stages: openUpTo('PoC/Trial'), condition: "amount ≥ {multiplier} × the owner's median, close date within {days} days, stage at most PoC/Trial",
    thresholds: { multiplier: times('Times the owner median', 3), days: days('Days to close', 30) },
    message: "Large deal ({ratio}× the owner's median) closing {closeDate} while in {stage}", remediation: 'Check the close date of this large deal with your manager', owner: 'manager', fix: 'closeDate',
  },
  {
    id: 'closed_won_missing_line_items', number: 24, category: 'forecasting', severity: 'info', recordType: 'opportunity',
    stages: ['Closed Won'], condition: 'no line items while products exist', thresholds: {},
    message: 'Won without line items', remediation: 'Add the products sold as line items', owner: 'rep', fix: null,
  },
  {
    id: 'category_override_commit_early', number: 25, category: 'forecasting', severity: 'warning', recordType: 'opportunity',
    stages: openStages.filter((s) => stageOrder(s) < stageOrder('Proposal')), condition: 'forecast category set to Commit in a stage before Proposal', thresholds: {},
    message: 'In Commit while only in {stage}', remediation: 'Take the deal out of Commit until it reaches Proposal', owner: 'manager', fix: null,
  },
  // Progression
  {
    id: 'stage_skipped', number: 26, category: 'progression', severity: 'info', recordType: 'opportunity',
    stages: null, condition: 'moved forward more than {stages} stages at once',
    thresholds: { stages: { label: 'Stages in one move', unit: 'count', default: 2, min: 1, max: 7, integer: true } },
    message: 'Moved forward {maxForwardJump} stages at once', remediation: 'Check the stages skipped were really done', owner: 'manager', fix: null,
  },
  {
    id: 'backwards_move', number: 27, category: 'progression', severity: 'info', recordType: 'opportunity',
    stages: open, condition: 'moved back a stage in the last {days} days', thresholds: { days: days('Days', 14) },
    message: 'Moved back a stage on {movedBackOn}', remediation: 'Note why the deal went back', owner: 'rep', fix: null,
  },
  {
    id: 'no_identified_pain', number: 28, category: 'progression', severity: 'warning', recordType: 'opportunity',
    stages: openFrom('Solution/Demo'), condition: 'identified pain empty', thresholds: {},
    message: 'No identified pain', remediation: 'Write the pain the customer wants solved', owner: 'rep', fix: 'identifiedPain',
  },
  {
    id: 'no_decision_criteria', number: 29, category: 'progression', severity: 'warning', recordType: 'opportunity',
    stages: openFrom('PoC/Trial'), condition: 'decision criteria empty', thresholds: {},
    message: 'No decision criteria', remediation: 'Write how the customer will decide', owner: 'rep', fix: 'decisionCriteria',
  },
  {
    id: 'no_economic_buyer_late', number: 30, category: 'progression', severity: 'critical', recordType: 'opportunity',
    stages: openFrom('Proposal'), condition: 'no economic buyer contact', thresholds: {},
    message: 'No economic buyer in {stage}', remediation: "Pick the economic buyer from the account's contacts", owner: 'rep', fix: 'economicBuyer',
  },
  {
    id: 'no_champion', number: 31, category: 'progression', severity: 'warning', recordType: 'opportunity',
    stages: openFrom('PoC/Trial'), condition: 'no champion contact', thresholds: {},
    message: 'No champion', remediation: "Pick the champion from the account's contacts", owner: 'rep', fix: 'champion',
  },
  {
    id: 'no_paper_process', number: 32, category: 'progression', severity: 'warning', recordType: 'opportunity',
    stages: openFrom('Negotiation'), condition: 'paper process empty', thresholds: {},
    message: 'No paper process', remediation: 'Write how the contract gets signed (legal, procurement, signatories)', owner: 'rep', fix: 'paperProcess',
  },
  {
    id: 'no_decision_process', number: 33, category: 'progression', severity: 'warning', recordType: 'opportunity',
    stages: openFrom('Proposal'), condition: 'decision process empty', thresholds: {},
    message: 'No decision process', remediation: 'Write who decides, in which steps', owner: 'rep', fix: 'decisionProcess',
  },
  {
    id: 'closed_lost_no_reason', number: 34, category: 'progression', severity: 'warning', recordType: 'opportunity',
    stages: ['Closed Lost'], condition: 'loss reason empty', thresholds: {},
    message: 'Lost without a reason', remediation: 'Set the loss reason', owner: 'rep', fix: 'lossReason',
  },
  // Engagement
  {
    id: 'single_threaded', number: 35, category: 'engagement', severity: 'warning', recordType: 'opportunity',
    stages: openFrom('PoC/Trial'), condition: 'fewer than {contacts} contacts of the deal with activity in {days} days',
    thresholds: { contacts: { label: 'Contacts engaged', unit: 'count', default: 2, min: 1, max: 20, integer: true }, days: days('Days', 30) },
    message: '{engagedContacts} contact(s) engaged in the last {days} days', remediation: 'Meet more people on the buying side', owner: 'rep', fix: null,
  },
  {
    id: 'no_meeting_30d', number: 36, category: 'engagement', severity: 'warning', recordType: 'opportunity',
    stages: openFrom('Discovery'), condition: 'no meeting in {days} days', thresholds: { days: days('Days without a meeting', 30) },
    message: 'No meeting for {idleDays} days', remediation: 'Book a meeting with the customer', owner: 'rep', fix: null,
  },
  {
    id: 'only_outbound_21d', number: 37, category: 'engagement', severity: 'warning', recordType: 'opportunity',
    stages: open, condition: 'emails in {days} days all outbound', thresholds: { days: days('Days', 21) },
    message: 'Emails sent in the last {days} days, none answered', remediation: 'Try another channel or another contact', owner: 'rep', fix: null,
  },
  {
    id: 'champion_silent', number: 38, category: 'engagement', severity: 'warning', recordType: 'opportunity',
    stages: open, condition: 'the champion has no activity in {days} days', thresholds: { days: days('Days', 21) },
    message: 'Champion silent for {idleDays} days', remediation: 'Check in with your champion', owner: 'rep', fix: null,
  },
  {
    id: 'account_no_activity_60d', number: 39, category: 'engagement', severity: 'info', recordType: 'account',
    stages: null, condition: 'customer account (has a won deal) with no activity in {days} days', thresholds: { days: days('Days', 60) },
    message: 'Customer with no activity for {idleDays} days', remediation: 'Check in with the customer', owner: 'csm', fix: null,
  },
  {
    id: 'unanswered_inbound_2d', number: 40, category: 'engagement', severity: 'warning', recordType: 'opportunity',
    stages: null, condition: 'an inbound customer email with no outbound reply in {businessDays} business days',
    thresholds: { businessDays: { label: 'Business days', unit: 'business days', default: 2, min: 1, max: 30, integer: true } },
    message: 'Customer email of {receivedOn} not answered', remediation: 'Reply to the customer', owner: 'rep', fix: null,
  },
  // Compliance
  {
    id: 'discount_over_limit', number: 41, category: 'compliance', severity: 'critical', recordType: 'opportunity',
    stages: open, condition: 'a line item discount > {percent}% and no approval note',
    thresholds: { percent: { label: 'Discount limit', unit: 'percent', default: 20, min: 0, max: 100, integer: false } },
    message: 'Discount of {maxDiscount}% without approval', remediation: 'Get the discount approved and log a note starting "Discount approved"', owner: 'manager', fix: null,
  },
  {
    id: 'security_review_missing', number: 42, category: 'compliance', severity: 'warning', recordType: 'opportunity',
    stages: openFrom('Proposal'), condition: 'the deal never passed Security Review, and the account is strict or the amount ≥ {amount}',
    thresholds: { amount: { label: 'Enterprise amount', unit: 'amount', default: 100_000, min: 0, max: 1_000_000_000, integer: true } },
    message: 'Never passed Security Review', remediation: "Run the customer's security review before the proposal goes out", owner: 'rep', fix: null,
  },
  {
    id: 'project_overdue_milestone', number: 43, category: 'compliance', severity: 'warning', recordType: 'project',
    stages: null, condition: 'a milestone past due and not completed', thresholds: {},
    message: '{overdueMilestones} overdue milestone(s)', remediation: 'Complete or re-plan the overdue milestones', owner: 'csm', fix: null,
  },
  {
    id: 'project_adoption_low', number: 44, category: 'compliance', severity: 'warning', recordType: 'project',
    stages: null, condition: 'active project with active users < {share}% of expected after {days} days',
    thresholds: { share: { label: 'Share of expected users', unit: 'percent', default: 50, min: 1, max: 100, integer: false }, days: days('Days since start', 30) },
    message: '{activeUsers} of {expectedUsers} expected users active', remediation: 'Plan an adoption push with the customer', owner: 'csm', fix: null,
  },
  {
    id: 'case_sla_breached', number: 45, category: 'compliance', severity: 'critical', recordType: 'case',
    stages: null, condition: 'open case past its SLA due time', thresholds: {},
    message: 'SLA breached at {slaDueAt}', remediation: 'Answer the customer now and escalate', owner: 'csm', fix: null,
  },
  {
    id: 'case_sla_at_risk', number: 46, category: 'compliance', severity: 'warning', recordType: 'case',
    stages: null, condition: 'open case with less than {share}% of its SLA time left',
    thresholds: { share: { label: 'Share of SLA time left', unit: 'percent', default: 20, min: 1, max: 99, integer: false } },
    message: 'SLA due {slaDueAt}', remediation: 'Work the case before its SLA runs out', owner: 'csm', fix: null,
  },
];

export const ruleIds = catalogue.map((r) => r.id);
const byId = new Map(catalogue.map((r) => [r.id, r]));

export function ruleDefinition(id: string): RuleDefinition | undefined {
  return byId.get(id);
}

/** The condition in words with the thresholds in force filled in ("no activity in 14 days"). */
export function conditionText(rule: RuleDefinition, thresholds: Record<string, number>): string {
  return rule.condition.replace(/\{(\w+)\}/g, (whole, name: string) => (thresholds[name] === undefined ? whole : String(thresholds[name])));
}

/** Severity weights for health scores (README, "Health scores"). */
export const severityWeights: Record<Severity, number> = { critical: 25, warning: 10, info: 3 };

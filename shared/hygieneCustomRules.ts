// The vocabulary of custom hygiene rules, both sides: the deal fields and facts a rule may test (the same
// facts the shipped rules read), their types, and the operators each type allows. Nothing outside these
// lists can be stored, so a custom rule is data the engine interprets, never code.
import { forecastCategories } from './stages';

export type CustomFieldType = 'text' | 'money' | 'number' | 'probability' | 'date' | 'datetime' | 'reference' | 'choice';

export interface CustomFieldSpec {
  label: string;
  type: CustomFieldType;
  /** For 'choice': the values the field can take. */
  choices?: readonly string[];
}

export const customRuleFields = {
  amount: { label: 'Amount', type: 'money' },
  closeDate: { label: 'Close date', type: 'date' },
  nextStep: { label: 'Next step', type: 'text' },
  nextStepDate: { label: 'Next step date', type: 'date' },
  probability: { label: 'Probability (%)', type: 'probability' },
  forecastCategory: { label: 'Forecast category', type: 'choice', choices: forecastCategories },
  economicBuyer: { label: 'Economic buyer', type: 'reference' },
  champion: { label: 'Champion', type: 'reference' },
  identifiedPain: { label: 'Identified pain', type: 'text' },
  decisionCriteria: { label: 'Decision criteria', type: 'text' },
  decisionProcess: { label: 'Decision process', type: 'text' },
  paperProcess: { label: 'Paper process', type: 'text' },
  lossReason: { label: 'Loss reason', type: 'text' },
  pushCount: { label: 'Close date pushes', type: 'number' },
  contactCount: { label: 'People on the deal', type: 'number' },
  overdueTasks: { label: 'Overdue tasks', type: 'number' },
  lineItemCount: { label: 'Line items', type: 'number' },
  maxDiscountPercent: { label: 'Largest discount (%)', type: 'number' },
  createdAt: { label: 'Created', type: 'datetime' },
  stageEnteredAt: { label: 'Entered its stage', type: 'datetime' },
  lastActivityAt: { label: 'Last customer activity', type: 'datetime' },
  lastMeetingAt: { label: 'Last meeting', type: 'datetime' },
  lastInboundEmailAt: { label: 'Last email received', type: 'datetime' },
  lastOutboundEmailAt: { label: 'Last email sent', type: 'datetime' },
  championLastActivityAt: { label: "Champion's last activity", type: 'datetime' },
} as const satisfies Record<string, CustomFieldSpec>;

export type CustomRuleField = keyof typeof customRuleFields;
export const customRuleFieldIds = Object.keys(customRuleFields) as [CustomRuleField, ...CustomRuleField[]];

/** What an operator compares with: nothing, a number (of days, points, an amount) or one of the field's choices. */
export type OperandKind = 'none' | 'number' | 'text' | 'choice';

export const customRuleOperators = {
  is_empty: { label: 'is empty', operand: 'none' },
  is_not_empty: { label: 'is not empty', operand: 'none' },
  contains: { label: 'contains', operand: 'text' },
  greater_than: { label: 'is greater than', operand: 'number' },
  less_than: { label: 'is less than', operand: 'number' },
  equals: { label: 'equals', operand: 'number' },
  is_past: { label: 'is in the past', operand: 'none' },
  within_next_days: { label: 'is within the next N days', operand: 'number' },
  older_than_days: { label: 'is more than N days ago (or never)', operand: 'number' },
  within_last_days: { label: 'is within the last N days', operand: 'number' },
  differs_from_stage_default_by: { label: "differs from the stage's default by more than", operand: 'number' },
  is: { label: 'is', operand: 'choice' },
  is_not: { label: 'is not', operand: 'choice' },
} as const satisfies Record<string, { label: string; operand: OperandKind }>;

export type CustomRuleOperator = keyof typeof customRuleOperators;
export const customRuleOperatorIds = Object.keys(customRuleOperators) as [CustomRuleOperator, ...CustomRuleOperator[]];

/** The operators that fit each field type. */
export const operatorsByType: Record<CustomFieldType, readonly CustomRuleOperator[]> = {
  text: ['is_empty', 'is_not_empty', 'contains'],
  money: ['is_empty', 'greater_than', 'less_than'],
  number: ['greater_than', 'less_than', 'equals'],
  probability: ['greater_than', 'less_than', 'equals', 'differs_from_stage_default_by'],
  date: ['is_empty', 'is_not_empty', 'is_past', 'within_next_days'],
  datetime: ['is_empty', 'older_than_days', 'within_last_days'],
  reference: ['is_empty', 'is_not_empty'],
  choice: ['is', 'is_not'],
};

export function operatorsFor(field: CustomRuleField): readonly CustomRuleOperator[] {
  return operatorsByType[customRuleFields[field].type];
}

/** Days and counts are whole numbers; amounts and percentages need not be. */
export const wholeNumberOperators: readonly CustomRuleOperator[] = ['within_next_days', 'older_than_days', 'within_last_days'];

/** The condition in words: "Close date is in the past", "Amount is greater than 50000". */
export function conditionWords(c: { field: CustomRuleField; operator: CustomRuleOperator; value?: number | string | null }): string {
  const field = customRuleFields[c.field].label;
  const op = customRuleOperators[c.operator];
  if (op.operand === 'none') return `${field} ${op.label}`;
  if (op.label.includes(' N ')) return `${field} ${op.label.replace(' N ', ` ${c.value} `)}`;
  return `${field} ${op.label} ${c.operator === 'differs_from_stage_default_by' ? `${c.value} points` : c.value}`;
}

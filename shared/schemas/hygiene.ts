// Inputs of the hygiene procedures (server/hygiene/router.ts).
import { z } from 'zod';
import { customRuleFieldIds, customRuleFields, customRuleOperatorIds, customRuleOperators, operatorsFor, wholeNumberOperators } from '../hygieneCustomRules';
import { stages } from '../stages';
import { listPaging, recordId, requiredText, text, userId } from './common';
import { opportunityUpdateFields } from './opportunities';

export const hygieneSeverities = ['critical', 'warning', 'info'] as const;
export const hygieneCategories = ['data_quality', 'sales_hygiene', 'forecasting', 'progression', 'engagement', 'compliance'] as const;
export const hygieneRecordTypes = ['opportunity', 'account', 'contact', 'project', 'case'] as const;

export const hygieneResultList = z.object({
  ...listPaging,
  sortDirection: z.enum(['asc', 'desc']).default('desc'),
  status: z.enum(['open', 'resolved']).default('open'),
  opportunityId: recordId.optional(),
  recordType: z.enum(hygieneRecordTypes).optional(),
  recordId: recordId.optional(),
  ruleId: text().max(64).optional(),
  category: z.enum(hygieneCategories).optional(),
  severity: z.enum(hygieneSeverities).optional(),
  stage: z.enum(stages).optional(),
  ownerId: userId.optional(),
  /** Only the signed-in user's results (My hygiene). */
  mine: z.boolean().optional(),
});
export type HygieneResultList = z.infer<typeof hygieneResultList>;

export const hygieneRecord = z.object({ recordType: z.enum(hygieneRecordTypes), recordId });
export const hygieneHealthOf = z.object({ opportunityIds: z.array(recordId).max(500) });

export const hygieneOverrideSet = z.object({
  ruleId: text().max(64),
  enabled: z.boolean().optional(),
  severity: z.enum(hygieneSeverities).optional(),
  thresholds: z.record(z.string().max(64), z.number({ message: 'Enter a number' })).optional(),
});
export type HygieneOverrideSet = z.infer<typeof hygieneOverrideSet>;
export const hygieneRuleRef = z.object({ ruleId: text().max(64) });

/** The fields a one-click fix may change, validated as the deal's own update validates them. */
export const hygieneApplyFix = z.object({
  resultId: recordId,
  fields: opportunityUpdateFields.pick({
    closeDate: true,
    nextStep: true,
    nextStepDate: true,
    economicBuyerContactId: true,
    championContactId: true,
    lossReason: true,
    identifiedPain: true,
    decisionCriteria: true,
    decisionProcess: true,
    paperProcess: true,
    amount: true,
    probability: true,
    ownerId: true,
  }),
});
export type HygieneApplyFix = z.infer<typeof hygieneApplyFix>;

/** The filters the manager's Hygiene page applies to both the groups and the drill-down. */
export const hygieneFilters = z.object({
  category: z.enum(hygieneCategories).optional(),
  severity: z.enum(hygieneSeverities).optional(),
  stage: z.enum(stages).optional(),
  ownerId: userId.optional(),
  recordType: z.enum(hygieneRecordTypes).optional(),
});
export const hygieneGroupList = hygieneFilters.extend({ by: z.enum(['rule', 'owner', 'record']) });
export type HygieneGroupList = z.infer<typeof hygieneGroupList>;
export const hygieneSummaryInput = z.object({ weeks: z.number().int().min(1).max(52).default(12) }).default({ weeks: 12 });

/**
 * One condition of a custom rule: a field from the vocabulary, an operator that fits the field's type, and
 * the value the operator needs (none, a number, text or one of the field's choices).
 */
export const customRuleCondition = z
  .object({
    field: z.enum(customRuleFieldIds, { message: 'Choose a field from the list' }),
    operator: z.enum(customRuleOperatorIds, { message: 'Choose an operator from the list' }),
    value: z.union([z.number({ message: 'Enter a number' }), text().trim().max(200, 'Must be at most 200 characters')]).nullish(),
  })
  .superRefine((c, ctx) => {
    const field = customRuleFields[c.field];
    const op = customRuleOperators[c.operator];
    if (!operatorsFor(c.field).includes(c.operator)) {
      ctx.addIssue({ code: 'custom', path: ['operator'], message: `${field.label} cannot be tested with "${op.label}"` });
      return;
    }
    const v = c.value;
    if (op.operand === 'number') {
      if (typeof v !== 'number' || !Number.isFinite(v)) ctx.addIssue({ code: 'custom', path: ['value'], message: 'Enter a number' });
      else if (v < 0 || v > 1e12) ctx.addIssue({ code: 'custom', path: ['value'], message: 'Enter a number from 0 up' });
      else if (wholeNumberOperators.includes(c.operator) && (!Number.isInteger(v) || v > 3650)) ctx.addIssue({ code: 'custom', path: ['value'], message: 'Enter a whole number of days, up to 3650' });
    } else if (op.operand === 'text') {
      if (typeof v !== 'string' || v === '') ctx.addIssue({ code: 'custom', path: ['value'], message: 'Enter the text to look for' });
    } else if (op.operand === 'choice') {
      const choices: readonly string[] = 'choices' in field ? field.choices : [];
      if (typeof v !== 'string' || !choices.includes(v)) ctx.addIssue({ code: 'custom', path: ['value'], message: `Choose one of ${choices.join(', ')}` });
    }
  })
  // An operator that compares with nothing keeps no stray value.
  .transform((c) => ({ ...c, value: customRuleOperators[c.operator].operand === 'none' ? null : (c.value ?? null) }));
export type CustomRuleConditionInput = z.infer<typeof customRuleCondition>;

const customRuleScope = {
  /** The stages the rule applies to; none chosen: every open stage. */
  stages: z.array(z.enum(stages, { message: 'Choose a stage from the list' })).max(stages.length).default([]),
  conditions: z.array(customRuleCondition).min(1, 'Add at least one condition').max(5, 'At most 5 conditions'),
};

export const hygieneCustomRulePreview = z.object(customRuleScope);
export const hygieneCustomRuleCreate = z.object({
  name: requiredText('Name', 120),
  category: z.enum(hygieneCategories, { message: 'Choose a category' }),
  severity: z.enum(hygieneSeverities, { message: 'Choose a severity' }),
  ...customRuleScope,
  message: requiredText('Message', 300),
  remediation: requiredText('What to do', 300),
  enabled: z.boolean().default(true),
});
export type HygieneCustomRuleCreate = z.infer<typeof hygieneCustomRuleCreate>;
export const hygieneCustomRuleUpdate = hygieneCustomRuleCreate.extend({ id: recordId });
export type HygieneCustomRuleUpdate = z.infer<typeof hygieneCustomRuleUpdate>;
export const hygieneCustomRuleRef = z.object({ id: recordId });

/** Hide (or show again) info-level results of a rule for the signed-in user only. */
export const hygieneHideRule = z.object({ ruleId: text().max(64), hidden: z.boolean() });

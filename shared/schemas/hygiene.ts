// Inputs of the hygiene procedures (server/hygiene/router.ts).
import { z } from 'zod';
import { stages } from '../stages';
import { listPaging, recordId, text, userId } from './common';
import { opportunityUpdate } from './opportunities';

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
  fields: opportunityUpdate.pick({
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

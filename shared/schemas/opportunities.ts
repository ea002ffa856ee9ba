// Input schemas of the opportunities router; the client's forms validate with the same ones.
import { z } from 'zod';
import { moneyToCents } from '../money';
import { gateFields } from '../stageGate';
import { forecastCategories, stages } from '../stages';
import { expectedVersion, filterText, isoDate, listPaging, money, optionalIsoDate, optionalMoney, optionalText, recordId, requiredText, userId } from './common';

export const stage = z.enum(stages, { message: 'Choose a stage' });
export const forecastCategory = z.enum(forecastCategories, { message: 'Choose a forecast category' });
export const probability = z
  .number({ message: 'Enter a probability from 0 to 100' })
  .int('Enter a whole number from 0 to 100')
  .min(0, 'Enter a probability from 0 to 100')
  .max(100, 'Enter a probability from 0 to 100');

/** A discount as a percentage with at most 2 decimals (DECIMAL(5,2)); numbers or strings. */
export const discountPercent = z
  .union([z.number(), z.string().trim()])
  .transform((v) => String(v))
  .pipe(
    z
      .string()
      .regex(/^\d{1,3}(\.\d{1,2})?$/, 'Enter a discount from 0 to 100 with up to 2 decimals')
      .refine((v) => Number(v) <= 100, 'Enter a discount from 0 to 100 with up to 2 decimals'),
  );

export const quantity = z
  .number({ message: 'Enter a quantity' })
  .int('Enter a whole number')
  .min(1, 'The quantity must be at least 1')
  .max(1_000_000, 'The quantity must be at most 1,000,000');

export const LOSS_REASON_REQUIRED = 'Give a loss reason for a Closed Lost deal';

// MEDDIC notes are TEXT columns (64 KB); 10,000 characters stays inside it in any encoding.
const notes = () => optionalText(10_000);

/** Every editable field except the ones create and update treat differently (stage, ownerId). */
const editableFields = {
  opportunityName: requiredText('Opportunity name'),
  accountId: recordId,
  // optionalMoney alone makes the key required in the input type.
  amount: optionalMoney.optional(),
  closeDate: optionalIsoDate,
  /** Omit to follow the stage default; a value other than the default is kept as the rep's override. */
  probability: probability,
  forecastCategory: forecastCategory,
  nextStep: optionalText(500),
  nextStepDate: optionalIsoDate,
  economicBuyerContactId: recordId.nullish().transform((v) => v ?? null),
  championContactId: recordId.nullish().transform((v) => v ?? null),
  metrics: notes(),
  decisionCriteria: notes(),
  decisionProcess: notes(),
  paperProcess: notes(),
  identifiedPain: notes(),
  competition: notes(),
  competitor: optionalText(255),
  lossReason: optionalText(255),
};

export const opportunityCreate = z
  .object({
    ...editableFields,
    stage: stage.default('Prospecting'),
    probability: probability.optional(),
    forecastCategory: forecastCategory.optional(),
    /** Reps create deals for themselves; managers and admins may name another owner. */
    ownerId: userId.optional(),
  })
  .refine((o) => o.stage !== 'Closed Lost' || !!o.lossReason, { message: LOSS_REASON_REQUIRED, path: ['lossReason'] });

export const GATE_SKIP_REASON_REQUIRED = 'Say why these fields stay empty';

/** The update's fields without its cross-field rule (for schemas that pick from it). */
export const opportunityUpdateFields = z
  .object(editableFields)
  .partial()
  .extend({
    id: recordId,
    version: expectedVersion,
    stage: stage.optional(),
    ownerId: userId.optional(),
    /** A stage move past the stage gate's fields left empty (shared/stageGate.ts) names them and says why. */
    gateSkippedFields: z.array(z.enum(gateFields)).max(gateFields.length).optional(),
    gateSkipReason: optionalText(500).optional(),
  });

/** Only the fields sent are changed; `version` is the one the form loaded (stale -> CONFLICT). */
export const opportunityUpdate = opportunityUpdateFields.superRefine((o, ctx) => {
  if (o.gateSkippedFields?.length && !o.gateSkipReason) {
    ctx.addIssue({ code: 'custom', message: GATE_SKIP_REASON_REQUIRED, path: ['gateSkipReason'] });
  }
});

export const opportunityById = z.object({ id: recordId });

export const opportunityDelete = z.object({ id: recordId, version: expectedVersion });

export const opportunitySortColumns = ['closeDate', 'amount', 'opportunityName', 'createdAt', 'updatedAt'] as const;
export type OpportunitySort = (typeof opportunitySortColumns)[number];

export const opportunityList = z
  .object({
    ownerId: userId.optional(),
    /** The reader's team's deals: a manager's own and their reps'; an admin's, everyone's; anyone else's, their own. */
    team: z.boolean().optional(),
    /** One stage or several. */
    stage: z
      .union([stage, z.array(stage).min(1).max(stages.length)])
      .optional()
      .transform((v) => (v === undefined ? undefined : Array.isArray(v) ? [...new Set(v)] : [v])),
    accountId: recordId.optional(),
    forecastCategory: forecastCategory.optional(),
    /** true: only open deals (not Closed Won / Closed Lost); false: only closed ones. */
    open: z.boolean().optional(),
    closeDateFrom: isoDate.optional(),
    closeDateTo: isoDate.optional(),
    amountMin: money.optional(),
    amountMax: money.optional(),
    search: filterText(),
    sort: z.enum(opportunitySortColumns).default('closeDate'),
    ...listPaging,
  })
  .refine((f) => !f.closeDateFrom || !f.closeDateTo || f.closeDateFrom <= f.closeDateTo, {
    message: 'The start must be before the end',
    path: ['closeDateTo'],
  })
  .refine((f) => !f.amountMin || !f.amountMax || moneyToCents(f.amountMin) <= moneyToCents(f.amountMax), {
    message: 'The minimum must not exceed the maximum',
    path: ['amountMax'],
  });

export const lineItemAdd = z.object({
  opportunityId: recordId,
  productId: recordId,
  quantity,
  /** Omit to use the product's list price. */
  unitPrice: money.optional(),
  discountPercent: discountPercent.default('0'),
});

export const lineItemUpdate = z.object({
  id: recordId,
  quantity: quantity.optional(),
  unitPrice: money.optional(),
  discountPercent: discountPercent.optional(),
});

export const lineItemRemove = z.object({ id: recordId });

export type OpportunityCreate = z.infer<typeof opportunityCreate>;
export type OpportunityUpdate = z.infer<typeof opportunityUpdate>;
export type OpportunityList = z.infer<typeof opportunityList>;
export type LineItemAdd = z.infer<typeof lineItemAdd>;
export type LineItemUpdate = z.infer<typeof lineItemUpdate>;

/** A person's part in a deal (besides economic buyer and champion, which are fields of the deal). */
export const dealContactRoles = ['Decision maker', 'Influencer', 'Technical evaluator', 'User', 'Legal', 'Procurement', 'Other'] as const;

const dealContactRole = z.enum(dealContactRoles, { message: 'Choose their part in the deal' }).nullish().transform((v) => v ?? null);

export const opportunityContactAdd = z.object({ opportunityId: recordId, contactId: recordId, role: dealContactRole });
export const opportunityContactUpdate = z.object({ id: recordId, role: dealContactRole });
export const opportunityContactRemove = z.object({ id: recordId });
export const opportunityContactList = z.object({ opportunityId: recordId });

export type OpportunityContactAdd = z.infer<typeof opportunityContactAdd>;
export type OpportunityContactUpdate = z.infer<typeof opportunityContactUpdate>;

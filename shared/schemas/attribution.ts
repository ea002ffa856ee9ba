// Input of attribution.summary: the model, the closing period and (for last touch) the window before the close.
import { z } from 'zod';
import { isoDate } from './common';

export const attributionModels = ['first', 'last', 'linear'] as const;
export type AttributionModel = (typeof attributionModels)[number];

export const attributionModelLabels: Record<AttributionModel, string> = {
  first: 'First touch',
  last: 'Last touch',
  linear: 'Linear',
};

export const touchKinds = ['source', 'campaign', 'playbook'] as const;
export type TouchKind = (typeof touchKinds)[number];

export const DEFAULT_ATTRIBUTION_WINDOW_DAYS = 7;

export const attributionSummary = z.object({
  model: z.enum(attributionModels, { message: 'Choose first touch, last touch or linear' }),
  /** Deals won (closedAt) from the first to the last day, inclusive; totals are given per month or quarter. */
  period: z
    .object({ from: isoDate, to: isoDate, bucket: z.enum(['month', 'quarter']).default('month') })
    .refine((p) => p.from <= p.to, { message: 'The start must be before the end', path: ['to'] })
    .refine((p) => Date.parse(p.to) - Date.parse(p.from) <= 3 * 366 * 86_400_000, { message: 'Choose at most three years', path: ['to'] }),
  /** Last touch only: how many days before the close a touch still counts. */
  windowDays: z.number().int().min(1, 'At least 1 day').max(365, 'At most 365 days').default(DEFAULT_ATTRIBUTION_WINDOW_DAYS),
});
export type AttributionSummaryInput = z.output<typeof attributionSummary>;

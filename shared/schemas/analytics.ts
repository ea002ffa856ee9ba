// Inputs of the analytics procedures (dashboards, pipeline, the deals behind a dashboard's numbers).
import { z } from 'zod';
import { periodKinds } from '../periods';
import { openStages, type Stage } from '../stages';
import { isoDate, listPaging, userId } from './common';

const openStage = z.enum(openStages as [Stage, ...Stage[]], { message: 'Choose an open stage' });

/** Whose numbers: my own, or (managers and admins) one user's or the whole team's (the organisation). */
export const analyticsScope = z.discriminatedUnion('scope', [
  z.object({ scope: z.literal('me') }),
  z.object({ scope: z.literal('user'), userId }),
  z.object({ scope: z.literal('team') }),
]);
export type AnalyticsScope = z.output<typeof analyticsScope>;

export const analyticsDashboard = analyticsScope;

export const analyticsPipeline = z
  .object({
    ownerId: userId.optional(),
    stage: z.array(openStage).min(1, 'Choose at least one stage').optional(),
    closeDateFrom: isoDate.optional(),
    closeDateTo: isoDate.optional(),
  })
  .refine((f) => !f.closeDateFrom || !f.closeDateTo || f.closeDateFrom <= f.closeDateTo, {
    message: 'The start must be before the end',
    path: ['closeDateTo'],
  })
  .default({});
export type AnalyticsPipeline = z.output<typeof analyticsPipeline>;

/** The forecast categories a period's total is made of, as the dashboards name them. */
export const forecastBucketCategories = ['Closed', 'Commit', 'Best Case', 'Pipeline'] as const;
export type ForecastBucketCategory = (typeof forecastBucketCategories)[number];

/** Which of a dashboard's numbers to list the deals of. */
export const dealBucket = z.discriminatedUnion('kind', [
  /** Every open deal (the open and weighted pipeline). */
  z.object({ kind: z.literal('open') }),
  z.object({ kind: z.literal('stage'), stage: openStage }),
  /** A period's deals of one category; the current period unless `start` names a day in another. */
  z.object({ kind: z.literal('forecast'), period: z.enum(periodKinds), category: z.enum(forecastBucketCategories), start: isoDate.optional() }),
  z.object({ kind: z.literal('closingSoon') }),
  z.object({ kind: z.literal('atRisk') }),
  /** Deals won or lost in the win-rate window. */
  z.object({ kind: z.literal('closed'), outcome: z.enum(['won', 'lost']) }),
]);
export type DealBucket = z.output<typeof dealBucket>;

export const analyticsDeals = z.object({
  target: analyticsScope,
  bucket: dealBucket,
  cursor: listPaging.cursor,
  limit: listPaging.limit,
});
export type AnalyticsDeals = z.output<typeof analyticsDeals>;

export const analyticsForecast = z.object({
  target: analyticsScope.default({ scope: 'me' }),
  period: z.enum(periodKinds, { message: 'Choose month or quarter' }),
  /** Any day of the period to show; the current period when left out. */
  start: isoDate.optional(),
});
export type AnalyticsForecast = z.output<typeof analyticsForecast>;

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

/** The dashboards: a rep's (me, a user), the manager's (team; its side-by-side numbers for this month or quarter) or the CSM view. */
export const analyticsDashboard = z.discriminatedUnion('scope', [
  z.object({ scope: z.literal('me') }),
  z.object({ scope: z.literal('user'), userId }),
  z.object({ scope: z.literal('team'), period: z.enum(periodKinds).default('quarter') }),
  /** A CSM's book (their own; managers and admins name a CSM, or leave it out for every customer). */
  z.object({ scope: z.literal('csm'), userId: userId.optional() }),
]);
export type AnalyticsDashboard = z.output<typeof analyticsDashboard>;

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
  /** Open deals closing in a period (coverage); the current period unless `start` names a day in another. */
  z.object({ kind: z.literal('openInPeriod'), period: z.enum(periodKinds), start: isoDate.optional() }),
  /** Deals that entered a stage in the win-rate window (the funnel). */
  z.object({ kind: z.literal('enteredStage'), stage: openStage }),
  /** Deals won between two days by the day they closed (ARR). */
  z.object({ kind: z.literal('won'), from: isoDate, to: isoDate }),
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

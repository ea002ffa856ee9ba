// Insight's own tables: sales quotas per rep and period (the denominator of coverage and attainment).
import { bigint, boolean, char, date, datetime, decimal, index, int, mysqlTable, primaryKey, uniqueIndex, varchar } from 'drizzle-orm/mysql-core';
import { forecastCategories, stages } from '../../shared/stages';
import { periodKinds } from '../../shared/periods';
import { id, timestamps, userRef } from './columns';
import { users } from './auth';

/**
 * A rep's quota for one month or one fiscal quarter, set by a manager (audited as entity 'quota').
 * The period is named by its first day: a fiscal quarter's start depends on the fiscal year start month
 * at the time it was set (see server/insight/quotas.ts for how a changed fiscal year reads).
 */
export const quotas = mysqlTable('quotas', {
  id: id(),
  userId: userRef().notNull().references(() => users.id, { onDelete: 'cascade' }),
  periodKind: varchar({ length: 8, enum: periodKinds }).notNull(),
  periodStart: date({ mode: 'string' }).notNull(),
  periodEnd: date({ mode: 'string' }).notNull(),
  amount: decimal({ precision: 15, scale: 2 }).notNull(),
  setById: userRef().references(() => users.id, { onDelete: 'set null' }),
  ...timestamps,
}, (t) => [
  // One quota per rep and period; also the look-up of quotaFor / quotasFor (user, kind, start).
  uniqueIndex('quotas_user_period_uq').on(t.userId, t.periodKind, t.periodStart),
  // A period's quotas for everyone (the Quotas settings page, team coverage).
  uniqueIndex('quotas_period_user_uq').on(t.periodKind, t.periodStart, t.userId),
]);

export type Quota = typeof quotas.$inferSelect;

/**
 * The stage conversion funnel precomputed (server/insight/stageFlowAggregate.ts): per funnel window (its
 * first day), owner and open stage, how many of the owner's live deals entered the stage since that day
 * and how many of those later entered a later stage. Deals have one owner, so a team's funnel is the sum
 * over its members. Kept current by each change of a deal's stage, owner or deletion, rebuilt nightly.
 */
export const insightStageFlows = mysqlTable('insight_stage_flows', {
  windowFrom: date({ mode: 'string' }).notNull(),
  ownerId: userRef().notNull(),
  stage: varchar({ length: 32, enum: stages }).notNull(),
  entered: int().notNull().default(0),
  advanced: int().notNull().default(0),
}, (t) => [primaryKey({ name: 'insight_stage_flows_pk', columns: [t.windowFrom, t.ownerId, t.stage] })]);

/** The funnel windows insight_stage_flows holds; a window not listed is counted live from the history. */
export const insightStageFlowWindows = mysqlTable('insight_stage_flow_windows', {
  windowFrom: date({ mode: 'string' }).primaryKey(),
  refreshedAt: datetime({ fsp: 3 }).notNull(),
});

/**
 * The live deals summed per owner, stage, close month, forecast category, closed month and at-risk
 * (server/insight/dealBuckets.ts): what the dashboards' pipeline, forecast, won, ARR and at-risk numbers are sums of,
 * a few hundred rows per team instead of a pass over its deals. Months are 'YYYY-MM' ('' when the date is
 * empty: closedMonth of an open deal). Kept exact by every change of deals in its own transaction (the same
 * tracking as insight_stage_flows), rebuilt from scratch by refreshStageFlows; read only once built
 * (precomputed_aggregates 'deal_buckets').
 */
export const insightDealBuckets = mysqlTable('insight_deal_buckets', {
  ownerId: userRef().notNull(),
  stage: varchar({ length: 32, enum: stages }).notNull(),
  closeMonth: char({ length: 7 }).notNull(),
  forecastCategory: varchar({ length: 16, enum: forecastCategories }).notNull(),
  closedMonth: char({ length: 7 }).notNull(),
  /** Health below the at-risk line (hygiene_deal_health weight > 100 − AT_RISK_HEALTH); false until a full scan. */
  atRisk: boolean().notNull(),
  deals: int().notNull(),
  amount: decimal({ precision: 20, scale: 2 }).notNull(),
  /** Σ round(amount × probability / 100, 2): each deal rounded to the cent, as weightedSum is. */
  weightedAmount: decimal({ precision: 20, scale: 2 }).notNull(),
  /** Σ seconds from creation to close of its closed deals (0 while open): the average sales cycle's numerator. */
  cycleSeconds: bigint({ mode: 'number' }).notNull().default(0),
}, (t) => [
  // Owner, then closed month: a team's open buckets ('') and its closed ones since a month are ranges.
  primaryKey({ name: 'insight_deal_buckets_pk', columns: [t.ownerId, t.closedMonth, t.stage, t.closeMonth, t.forecastCategory, t.atRisk] }),
  // A period's forecast: the team's buckets closing in its months, their sums read from the index alone.
  index('insight_deal_buckets_close_month_idx').on(t.ownerId, t.closeMonth, t.deals, t.amount),
]);

/**
 * Which precomputed aggregates are complete ('deal_buckets', 'deal_health'): a reader uses the table only
 * once its row exists (before that it counts live), and a rebuild locks its row first, so the changes under
 * way finish before it counts and the ones after it wait for it.
 */
export const precomputedAggregates = mysqlTable('precomputed_aggregates', {
  name: varchar({ length: 32 }).primaryKey(),
  builtAt: datetime({ fsp: 3 }).notNull(),
});

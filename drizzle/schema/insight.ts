// Insight's own tables: sales quotas per rep and period (the denominator of coverage and attainment).
import { date, datetime, decimal, int, mysqlTable, primaryKey, uniqueIndex, varchar } from 'drizzle-orm/mysql-core';
import { stages } from '../../shared/stages';
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

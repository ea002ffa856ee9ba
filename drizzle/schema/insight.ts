// Insight's own tables: sales quotas per rep and period (the denominator of coverage and attainment).
import { date, decimal, mysqlTable, uniqueIndex, varchar } from 'drizzle-orm/mysql-core';
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

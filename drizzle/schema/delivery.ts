// Delivery: the in-app inbox. Every alert, assignment and digest a user receives lands here, kept 90 days.
import { boolean, datetime, index, int, mysqlTable, text, varchar } from 'drizzle-orm/mysql-core';
import { digestFrequencies } from '../../shared/schemas/delivery';
import { reviewScopeKinds } from '../../shared/schemas/pipelineReviews';
import { notificationKinds, notificationRecordTypes } from '../../shared/schemas/notifications';
import { id, ref, timestamps, userRef } from './columns';
import { users } from './auth';

export const notifications = mysqlTable('notifications', {
  id: id(),
  userId: userRef().notNull().references(() => users.id, { onDelete: 'cascade' }),
  kind: varchar({ length: 32, enum: notificationKinds }).notNull(),
  title: varchar({ length: 255 }).notNull(),
  body: text(),
  /** The record it is about, for the link (null for one about nothing the app shows, like a dead job). */
  recordType: varchar({ length: 16, enum: notificationRecordTypes }),
  recordId: ref(),
  readAt: datetime({ fsp: 3 }),
  /**
   * One notification per key, ever: the alert sweeps run on every scheduler and again each tick, and the
   * key (naming the user) makes each alert once. Null for notifications that are each their own event.
   */
  dedupeKey: varchar({ length: 191 }).unique(),
  ...timestamps,
}, (t) => [
  index('notifications_user_created_idx').on(t.userId, t.createdAt, t.id),
  index('notifications_user_read_idx').on(t.userId, t.readAt),
  index('notifications_created_idx').on(t.createdAt),
]);

export type Notification = typeof notifications.$inferSelect;

/**
 * A manager's scheduled pipeline review: a hygiene scan of a scope at a cadence, compared with the previous
 * review and delivered to the owner's channels. Each run is a digests row of kind 'review'.
 */
export const pipelineReviews = mysqlTable('pipeline_reviews', {
  id: id(),
  ownerId: userRef().notNull().references(() => users.id, { onDelete: 'cascade' }),
  name: varchar({ length: 120 }).notNull(),
  scopeKind: varchar({ length: 16, enum: reviewScopeKinds }).notNull(),
  /** The rep's user id for a rep, the account region for a region; null for the team. */
  scopeValue: varchar({ length: 64 }),
  cadence: varchar({ length: 16, enum: digestFrequencies }).notNull(),
  /** Local hour (0-23) in the owner's digest time zone. */
  hour: int().notNull(),
  active: boolean().notNull().default(true),
  ...timestamps,
}, (t) => [index('pipeline_reviews_owner_idx').on(t.ownerId, t.id), index('pipeline_reviews_active_idx').on(t.active)]);

export type PipelineReview = typeof pipelineReviews.$inferSelect;

// The workspace: what each user opened lately (the palette's and My day's "recently viewed").
import { datetime, index, mysqlTable, uniqueIndex, varchar } from 'drizzle-orm/mysql-core';
import { relatedToTypes } from '../../shared/enums';
import { users } from './auth';
import { id, ref, userRef } from './columns';

/** One row per user and record, its viewedAt moved forward on every visit; old rows are trimmed on write. */
export const recentViews = mysqlTable('recent_views', {
  id: id(),
  userId: userRef().notNull().references(() => users.id, { onDelete: 'cascade' }),
  entityType: varchar({ length: 16, enum: relatedToTypes }).notNull(),
  entityId: ref().notNull(),
  viewedAt: datetime({ fsp: 3 }).notNull(),
}, (t) => [
  uniqueIndex('recent_views_user_entity_uq').on(t.userId, t.entityType, t.entityId),
  index('recent_views_user_viewed_idx').on(t.userId, t.viewedAt),
]);

export type RecentView = typeof recentViews.$inferSelect;

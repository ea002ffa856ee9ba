// The workspace: what each user opened lately (the palette's and My day's "recently viewed"), and the
// list views people save, and the admin-managed picklists.
import { boolean, datetime, index, int, json, mysqlTable, uniqueIndex, varchar } from 'drizzle-orm/mysql-core';
import { relatedToTypes } from '../../shared/enums';
import { picklists } from '../../shared/schemas/picklists';
import { viewLists } from '../../shared/schemas/views';
import { users } from './auth';
import { id, ref, timestamps, userRef } from './columns';

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


/**
 * A saved list view: its filters, sort and columns as the list's URL query holds them, so opening a view
 * is opening its URL. Its owner's own, or shared with everyone when `shared`.
 */
export const savedViews = mysqlTable('saved_views', {
  id: id(),
  ownerId: userRef().notNull().references(() => users.id, { onDelete: 'cascade' }),
  list: varchar({ length: 32, enum: viewLists }).notNull(),
  name: varchar({ length: 80 }).notNull(),
  /** The list's URL query as key/value pairs ({ owner, stage, open, sort, dir, cols }). */
  params: json().$type<Record<string, string>>().notNull(),
  shared: boolean().notNull().default(false),
  ...timestamps,
}, (t) => [
  index('saved_views_owner_list_idx').on(t.ownerId, t.list, t.name),
  index('saved_views_list_shared_idx').on(t.list, t.shared, t.name),
]);

export type SavedView = typeof savedViews.$inferSelect;

/**
 * The values of the admin-managed picklists (shared/schemas/picklists.ts), in the order forms offer them.
 * Unique per list under the case-insensitive collation, so "retail" cannot sit beside "Retail". Values are
 * never deleted: a deactivated one is no longer offered, and records keep it.
 */
export const picklistValues = mysqlTable('picklist_values', {
  id: id(),
  picklist: varchar({ length: 32, enum: picklists }).notNull(),
  value: varchar({ length: 64 }).notNull(),
  position: int().notNull(),
  active: boolean().notNull().default(true),
  ...timestamps,
}, (t) => [
  uniqueIndex('picklist_values_list_value_uq').on(t.picklist, t.value),
  index('picklist_values_list_position_idx').on(t.picklist, t.position),
]);

export type PicklistValue = typeof picklistValues.$inferSelect;

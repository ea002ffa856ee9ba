// Automation: web-to-lead sources (signed inbound leads). Playbooks, campaigns and attribution follow.
import { datetime, index, int, mysqlTable, text, uniqueIndex, varchar } from 'drizzle-orm/mysql-core';
import { users } from './auth';
import { id, timestamps, userRef } from './columns';

/**
 * A website form or another system that posts leads to POST /webhooks/leads/<publicId>, signed with the
 * source's secret (sealed at rest). On rotation the old secret keeps working until previousSecretExpiresAt.
 */
export const webToLeadSources = mysqlTable('web_to_lead_sources', {
  id: id(),
  /** The id in the webhook's URL: random, so one source's URL says nothing about the others. */
  publicId: varchar({ length: 40 }).notNull(),
  name: varchar({ length: 128 }).notNull(),
  /** Who the leads it creates belong to. */
  ownerId: userRef().notNull().references(() => users.id),
  secretSealed: text().notNull(),
  previousSecretSealed: text(),
  previousSecretExpiresAt: datetime({ fsp: 3 }),
  secretRotatedAt: datetime({ fsp: 3 }),
  /** Deliveries refused for a bad or stale signature: counted, nothing else kept. */
  rejectedCount: int().notNull().default(0),
  lastRejectedAt: datetime({ fsp: 3 }),
  receivedCount: int().notNull().default(0),
  lastReceivedAt: datetime({ fsp: 3 }),
  createdById: userRef().references(() => users.id),
  ...timestamps,
}, (t) => [
  uniqueIndex('web_to_lead_sources_public_id_uq').on(t.publicId),
  uniqueIndex('web_to_lead_sources_name_uq').on(t.name),
  index('web_to_lead_sources_owner_idx').on(t.ownerId),
]);

export type WebToLeadSource = typeof webToLeadSources.$inferSelect;

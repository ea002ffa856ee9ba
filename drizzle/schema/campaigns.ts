// Campaigns (a webinar, an ebook, an event) and their members: the leads and contacts they reached.
import { date, datetime, decimal, index, mysqlTable, uniqueIndex, varchar } from 'drizzle-orm/mysql-core';
import { campaignMemberSources, campaignMemberTypes, campaignTypes } from '../../shared/schemas/campaigns';
import { users } from './auth';
import { id, ref, timestamps, userRef, version } from './columns';

export const campaigns = mysqlTable('campaigns', {
  id: id(),
  /** Unique (case-insensitively): a web-to-lead post's `campaign` names it. */
  name: varchar({ length: 128 }).notNull(),
  type: varchar({ length: 32, enum: campaignTypes }).notNull(),
  channel: varchar({ length: 64 }),
  startDate: date({ mode: 'string' }),
  endDate: date({ mode: 'string' }),
  cost: decimal({ precision: 15, scale: 2 }).notNull().default('0.00'),
  ownerId: userRef().notNull().references(() => users.id),
  createdById: userRef().references(() => users.id, { onDelete: 'set null' }),
  version: version(),
  ...timestamps,
}, (t) => [
  uniqueIndex('campaigns_name_uq').on(t.name),
  index('campaigns_owner_idx').on(t.ownerId),
  index('campaigns_start_idx').on(t.startDate, t.id),
]);

/** A lead or a contact in a campaign, once: addedAt dates the touch attribution counts. */
export const campaignMembers = mysqlTable('campaign_members', {
  id: id(),
  campaignId: ref().notNull().references(() => campaigns.id, { onDelete: 'cascade' }),
  memberType: varchar({ length: 16, enum: campaignMemberTypes }).notNull(),
  /** A lead's or a contact's id (by memberType); reads join the record, so a deleted one drops out. */
  memberId: ref().notNull(),
  addedVia: varchar({ length: 16, enum: campaignMemberSources }).notNull(),
  addedAt: datetime({ fsp: 3 }).notNull(),
  addedById: userRef().references(() => users.id, { onDelete: 'set null' }),
  ...timestamps,
}, (t) => [
  uniqueIndex('campaign_members_member_uq').on(t.campaignId, t.memberType, t.memberId),
  // Attribution: a record's campaigns, by when it joined.
  index('campaign_members_record_idx').on(t.memberType, t.memberId, t.addedAt),
  index('campaign_members_added_idx').on(t.campaignId, t.addedAt),
]);

export type Campaign = typeof campaigns.$inferSelect;
export type CampaignMember = typeof campaignMembers.$inferSelect;

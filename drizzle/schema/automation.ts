// Automation: web-to-lead sources (signed inbound leads) and playbooks. Campaigns and attribution follow.
import { boolean, datetime, index, int, json, mysqlTable, text, uniqueIndex, varchar } from 'drizzle-orm/mysql-core';
import { users } from './auth';
import { createdAt, id, ref, timestamps, userRef, version } from './columns';

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

/**
 * A playbook: a trigger and ordered steps. Saving makes a new version (playbook_versions); new enrolments take
 * the current one, running enrolments finish on the version they started with.
 */
export const playbooks = mysqlTable('playbooks', {
  id: id(),
  name: varchar({ length: 128 }).notNull(),
  description: text(),
  enabled: boolean().notNull().default(false),
  currentVersion: int().notNull().default(1),
  /** Installed for a new organisation (new-lead follow-up, Proposal checklist, at-risk recovery). */
  defaultKey: varchar({ length: 64 }),
  createdById: userRef().references(() => users.id),
  updatedById: userRef().references(() => users.id),
  version: version(),
  ...timestamps,
}, (t) => [
  uniqueIndex('playbooks_name_uq').on(t.name),
  uniqueIndex('playbooks_default_key_uq').on(t.defaultKey),
  index('playbooks_enabled_idx').on(t.enabled),
]);

export const playbookVersions = mysqlTable('playbook_versions', {
  id: id(),
  playbookId: ref().notNull().references(() => playbooks.id, { onDelete: 'cascade' }),
  version: int().notNull(),
  /** What starts an enrolment; its type (and stage) are copied to columns to find matching playbooks by index. */
  trigger: json().notNull(),
  triggerType: varchar({ length: 32 }).notNull(),
  triggerStage: varchar({ length: 32 }),
  steps: json().notNull(),
  createdById: userRef().references(() => users.id),
  createdAt: createdAt(),
}, (t) => [
  uniqueIndex('playbook_versions_playbook_version_uq').on(t.playbookId, t.version),
  index('playbook_versions_trigger_idx').on(t.triggerType, t.triggerStage),
]);

/** One record going through one playbook. At most one active enrolment per (playbook, record): activeKey. */
export const playbookEnrolments = mysqlTable('playbook_enrolments', {
  id: id(),
  playbookId: ref().notNull().references(() => playbooks.id, { onDelete: 'cascade' }),
  playbookVersion: int().notNull(),
  recordType: varchar({ length: 16 }).notNull(),
  recordId: ref().notNull(),
  /** The record's owner when enrolled: whose zone the delays count in, who gets the tasks. */
  ownerId: userRef().notNull().references(() => users.id),
  state: varchar({ length: 16, enum: ['active', 'completed', 'exited', 'failed'] }).notNull().default('active'),
  /** The index of the next step to run (steps.length once every step ran). */
  currentStep: int().notNull().default(0),
  nextStepDueAt: datetime({ fsp: 3 }),
  enrolledAt: datetime({ fsp: 3 }).notNull(),
  finishedAt: datetime({ fsp: 3 }),
  /** Why it exited or failed, in words a user reads. */
  reason: text(),
  /** Later steps' delays count from here: the enrolment, or when the last wait-until step ended (null: enrolledAt). */
  anchorAt: datetime({ fsp: 3 }),
  /** While on a wait-until step: when the wait began (events from then count) and when it times out. */
  waitStartedAt: datetime({ fsp: 3 }),
  waitTimeoutAt: datetime({ fsp: 3 }),
  /** `<playbookId>:<recordType>:<recordId>` while active, null after: the unique key keeps one active at once. */
  activeKey: varchar({ length: 64 }),
  ...timestamps,
}, (t) => [
  uniqueIndex('playbook_enrolments_active_uq').on(t.activeKey),
  index('playbook_enrolments_record_idx').on(t.recordType, t.recordId, t.enrolledAt),
  index('playbook_enrolments_playbook_idx').on(t.playbookId, t.state, t.enrolledAt),
]);

/** Each step of an enrolment runs once: the unique key is the guarantee, whatever the job queue redelivers. */
export const playbookStepRuns = mysqlTable('playbook_step_runs', {
  id: id(),
  enrolmentId: ref().notNull().references(() => playbookEnrolments.id, { onDelete: 'cascade' }),
  stepIndex: int().notNull(),
  ranAt: datetime({ fsp: 3 }).notNull(),
  /** What it did: "Task created", "Owner notified". */
  outcome: varchar({ length: 255 }).notNull(),
  /** The task it created, when it created one. */
  activityId: ref(),
  createdAt: createdAt(),
}, (t) => [uniqueIndex('playbook_step_runs_enrolment_step_uq').on(t.enrolmentId, t.stepIndex)]);

export type Playbook = typeof playbooks.$inferSelect;
export type PlaybookEnrolment = typeof playbookEnrolments.$inferSelect;

/**
 * Who a segment-triggered playbook last saw in its saved view (server/automation/segments.ts): a record matching
 * the view and not here has just entered it and is enrolled; one here that no longer matches has left (its row
 * goes, so coming back is entering again). Rows are per view, so a new version watching another view starts afresh.
 */
export const playbookSegmentMembers = mysqlTable('playbook_segment_members', {
  id: id(),
  playbookId: ref().notNull().references(() => playbooks.id, { onDelete: 'cascade' }),
  viewId: ref().notNull(),
  recordId: ref().notNull(),
  enteredAt: datetime({ fsp: 3 }).notNull(),
}, (t) => [
  uniqueIndex('playbook_segment_members_uq').on(t.playbookId, t.viewId, t.recordId),
]);

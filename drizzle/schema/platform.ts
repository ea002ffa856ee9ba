// Tables for capture, jobs, insight, reports, hygiene, digests and the audit trail.
// Later issues fill in behaviour; the spine creates them so every migration builds on one schema.
import { sql } from 'drizzle-orm';
import {
  boolean,
  date,
  datetime,
  decimal,
  foreignKey,
  index,
  int,
  json,
  mysqlTable,
  text,
  uniqueIndex,
  varchar,
} from 'drizzle-orm/mysql-core';
import {
  auditActions,
  blocklistScopes,
  emailConnectionStatuses,
  emailProviders,
  webhookProviders,
  jobStatuses,
  relatedToTypes,
  sharingLevels,
} from '../../shared/enums';
import { periodKinds } from '../../shared/periods';
import { type DeliveryChannel, type DigestContent, digestKinds, digestStatuses } from '../../shared/schemas/delivery';
import { type ReportDefinition, reportDeliveries, type ReportRecipientDelivery, reportExecutionStatuses, reportExecutionTriggers, reportFrequencies } from '../../shared/schemas/reports';
import { forecastCategories, stages } from '../../shared/stages';
import { createdAt, id, ref, timestamps, userRef } from './columns';
import { users } from './auth';
import { activities, opportunities } from './crm';

const money = () => decimal({ precision: 15, scale: 2 });

export const emailConnections = mysqlTable('email_connections', {
  id: id(),
  userId: userRef().notNull().references(() => users.id, { onDelete: 'cascade' }),
  provider: varchar({ length: 16, enum: emailProviders }).notNull(),
  emailAddress: varchar({ length: 320 }).notNull(),
  status: varchar({ length: 16, enum: emailConnectionStatuses }).notNull().default('active'),
  /** OAuth tokens, AES-256-GCM encrypted with ENCRYPTION_KEY. */
  accessTokenEncrypted: text(),
  refreshTokenEncrypted: text(),
  tokenExpiresAt: datetime({ fsp: 3 }),
  /** Mail cursor: Gmail historyId, or Outlook's delta links as JSON ({ inbox, sentitems }). */
  cursor: text(),
  /** Calendar cursor: Google Calendar's sync token or Graph's calendarView delta link. */
  calendarCursor: text(),
  webhookSubscriptionId: varchar({ length: 255 }),
  expiresAt: datetime({ fsp: 3 }),
  sharingLevel: varchar({ length: 16, enum: sharingLevels }).notNull().default('full'),
  lastSyncedAt: datetime({ fsp: 3 }),
  lastError: text(),
  /**
   * One sync per mailbox at a time: a sync holds this lease (renewed while it runs); a crashed one's expires.
   * syncGeneration names the next sync job (its dedupe key), so notifications during a sync queue exactly one more.
   */
  syncLockedUntil: datetime({ fsp: 3 }),
  syncGeneration: int().notNull().default(0),
  /** Per-connection counters since it was connected: what the provider showed us and what became of it. */
  messagesSeen: int().notNull().default(0),
  messagesStored: int().notNull().default(0),
  skippedUnmatched: int().notNull().default(0),
  skippedInternal: int().notNull().default(0),
  skippedBlocked: int().notNull().default(0),
  messagesFailed: int().notNull().default(0),
  meetingsStored: int().notNull().default(0),
  /** The nightly reconciliation: when it last compared the provider's last 7 days, and what it found missing since connect. */
  reconciledAt: datetime({ fsp: 3 }),
  messagesRecovered: int().notNull().default(0),
  /** The provider asked us to wait (429 / rate limit) until then. */
  pausedUntil: datetime({ fsp: 3 }),
  ...timestamps,
}, (t) => [
  uniqueIndex('email_connections_provider_address_uq').on(t.provider, t.emailAddress),
  index('email_connections_user_idx').on(t.userId),
  index('email_connections_status_idx').on(t.status),
  index('email_connections_expires_idx').on(t.expiresAt),
  index('email_connections_subscription_idx').on(t.webhookSubscriptionId),
]);

/**
 * A connection's push channels: Graph subscriptions (inbox, sent items, calendar) and Google Calendar watch
 * channels (the Gmail watch has no id of its own and stays on the connection's expiresAt). The secret a
 * notification carries (Graph clientState, Google channel token) is kept only as its SHA-256.
 */
export const captureSubscriptions = mysqlTable('capture_subscriptions', {
  id: id(),
  connectionId: ref().notNull().references(() => emailConnections.id, { onDelete: 'cascade' }),
  provider: varchar({ length: 16, enum: emailProviders }).notNull(),
  /** What it watches: 'inbox', 'sentitems' (Outlook mail) or 'calendar'. */
  resource: varchar({ length: 16, enum: ['inbox', 'sentitems', 'calendar'] }).notNull(),
  /** Graph subscription id or Google channel id. */
  externalId: varchar({ length: 255 }).notNull(),
  /** Google's resourceId of a channel (channels.stop needs it). */
  resourceId: varchar({ length: 255 }),
  secretHash: varchar({ length: 64 }).notNull(),
  expiresAt: datetime({ fsp: 3 }).notNull(),
  ...timestamps,
}, (t) => [
  uniqueIndex('capture_subscriptions_provider_external_uq').on(t.provider, t.externalId),
  index('capture_subscriptions_connection_idx').on(t.connectionId, t.resource),
  index('capture_subscriptions_expires_idx').on(t.expiresAt),
]);

/**
 * Which provider messages a mailbox's syncs have handled, and how (ids and outcome only, never content): a
 * message seen again (a Graph delta item whose read state changed, an overlapping resync) is not counted twice,
 * and the nightly reconciliation compares the provider's last 7 days with this list and re-reads any gap.
 * A message that failed is not listed, so the reconciliation retries it. Rows older than the window are purged.
 */
export const captureSeenMessages = mysqlTable('capture_seen_messages', {
  id: id(),
  connectionId: ref().notNull().references(() => emailConnections.id, { onDelete: 'cascade' }),
  providerMessageId: varchar({ length: 255 }).notNull(),
  outcome: varchar({ length: 16, enum: ['stored', 'internal', 'blocked', 'unmatched'] }).notNull(),
  seenAt: datetime({ fsp: 3 }).notNull(),
}, (t) => [
  uniqueIndex('capture_seen_messages_connection_message_uq').on(t.connectionId, t.providerMessageId),
  index('capture_seen_messages_seen_idx').on(t.seenAt),
]);

export const webhookEvents = mysqlTable('webhook_events', {
  id: id(),
  provider: varchar({ length: 16, enum: webhookProviders }).notNull(),
  /** The provider's delivery id (Pub/Sub messageId, Graph notification id), for deduplication. */
  externalId: varchar({ length: 255 }).notNull(),
  /** Mail providers: ids only (mailbox address, history id, subscription id), never email content. Web-to-lead: the lead as posted. */
  payload: json().notNull(),
  receivedAt: datetime({ fsp: 3 }).notNull(),
  processedAt: datetime({ fsp: 3 }),
  connectionId: ref().references(() => emailConnections.id, { onDelete: 'cascade' }),
  /** received -> processed (the sync it asked for has run) or failed (with error). */
  status: varchar({ length: 16, enum: ['received', 'processed', 'failed'] }).notNull().default('received'),
  error: text(),
  ...timestamps,
}, (t) => [
  uniqueIndex('webhook_events_provider_external_uq').on(t.provider, t.externalId),
  index('webhook_events_received_idx').on(t.receivedAt),
  index('webhook_events_connection_idx').on(t.connectionId, t.status),
]);

/**
 * The further records a captured email or meeting belongs on, beyond the one in activities.relatedTo and its
 * account: every matched contact and lead, their accounts, and the open deals those contacts take part in.
 * occurredAt is the activity's, so a record's timeline reads these in the same order as its own activities.
 */
export const activityLinks = mysqlTable('activity_links', {
  id: id(),
  activityId: ref().notNull().references(() => activities.id, { onDelete: 'cascade' }),
  relatedToType: varchar({ length: 16, enum: relatedToTypes }).notNull(),
  relatedToId: ref().notNull(),
  occurredAt: datetime({ fsp: 3 }).notNull(),
  createdAt: createdAt(),
}, (t) => [
  uniqueIndex('activity_links_activity_record_uq').on(t.activityId, t.relatedToType, t.relatedToId),
  index('activity_links_related_idx').on(t.relatedToType, t.relatedToId, t.occurredAt, t.activityId),
]);

/** Addresses and @domains never captured: a user's own (for their mailboxes) or the organisation's (all mailboxes). */
export const captureBlocklist = mysqlTable('capture_blocklist', {
  id: id(),
  scope: varchar({ length: 8, enum: blocklistScopes }).notNull(),
  /** The user whose entry it is (scope 'user'); null for the organisation's. */
  userId: userRef().references(() => users.id, { onDelete: 'cascade' }),
  /** 'someone@example.com' or '@example.com', lower-cased. */
  value: varchar({ length: 320 }).notNull(),
  createdById: userRef().references(() => users.id, { onDelete: 'set null' }),
  /** '' for the organisation's entries: NULLs are distinct in a MySQL unique key. */
  scopeKey: varchar({ length: 36 }).generatedAlwaysAs(sql`coalesce(\`user_id\`, '')`, { mode: 'stored' }),
  ...timestamps,
}, (t) => [
  uniqueIndex('capture_blocklist_scope_value_uq').on(t.scopeKey, t.value),
  index('capture_blocklist_user_idx').on(t.userId),
]);

export const jobs = mysqlTable('jobs', {
  id: id(),
  type: varchar({ length: 64 }).notNull(),
  payload: json().notNull(),
  /** At most one job per key, ever: schedulers and retried callers enqueue the same work once. */
  dedupeKey: varchar({ length: 255 }).unique(),
  status: varchar({ length: 16, enum: jobStatuses }).notNull().default('queued'),
  runAt: datetime({ fsp: 3 }).notNull(),
  attempts: int().notNull().default(0),
  maxAttempts: int().notNull().default(5),
  lockedBy: varchar({ length: 128 }),
  lockedUntil: datetime({ fsp: 3 }),
  lastError: text(),
  finishedAt: datetime({ fsp: 3 }),
  ...timestamps,
}, (t) => [
  index('jobs_claim_idx').on(t.status, t.runAt),
  index('jobs_lease_idx').on(t.status, t.lockedUntil),
  index('jobs_type_idx').on(t.type, t.status),
  index('jobs_created_idx').on(t.createdAt, t.id),
  index('jobs_status_created_idx').on(t.status, t.createdAt, t.id),
]);

export const forecastSnapshots = mysqlTable('forecast_snapshots', {
  id: id(),
  takenAt: datetime({ fsp: 3 }).notNull(),
  /** The (Friday) day the weekly snapshot belongs to: one snapshot per day, scope and period. */
  snapshotDate: date({ mode: 'string' }).notNull(),
  periodKind: varchar({ length: 8, enum: periodKinds }).notNull(),
  periodStart: date({ mode: 'string' }).notNull(),
  periodEnd: date({ mode: 'string' }).notNull(),
  /** Null for the whole organisation. */
  userId: userRef().references(() => users.id, { onDelete: 'cascade' }),
  /** '' for the whole organisation, else the user's id (NULLs are distinct in a unique key). */
  scopeKey: varchar({ length: 36 }).generatedAlwaysAs(sql`coalesce(\`user_id\`, '')`, { mode: 'stored' }),
  closedAmount: money().notNull().default('0'),
  commitAmount: money().notNull().default('0'),
  bestCaseAmount: money().notNull().default('0'),
  pipelineAmount: money().notNull().default('0'),
  ...timestamps,
}, (t) => [
  index('forecast_snapshots_period_idx').on(t.periodStart, t.takenAt),
  index('forecast_snapshots_user_idx').on(t.userId, t.takenAt),
  uniqueIndex('forecast_snapshots_day_scope_period_uq').on(t.snapshotDate, t.scopeKey, t.periodKind, t.periodStart),
  // A scope's snapshots of one period in time order: the forecast page's "since the last snapshot" and accuracy.
  index('forecast_snapshots_scope_period_idx').on(t.scopeKey, t.periodKind, t.periodStart, t.takenAt),
]);

export const forecastSnapshotOpportunities = mysqlTable('forecast_snapshot_opportunities', {
  id: id(),
  snapshotId: ref().notNull(),
  opportunityId: ref().notNull(),
  stage: varchar({ length: 32, enum: stages }).notNull(),
  amount: money(),
  probability: int().notNull(),
  forecastCategory: varchar({ length: 16, enum: forecastCategories }).notNull(),
  closeDate: date({ mode: 'string' }),
  createdAt: createdAt(),
}, (t) => [
  // Named by hand: the generated names pass MySQL's 64-character limit.
  foreignKey({ name: 'fso_snapshot_fk', columns: [t.snapshotId], foreignColumns: [forecastSnapshots.id] }).onDelete('cascade'),
  foreignKey({ name: 'fso_opportunity_fk', columns: [t.opportunityId], foreignColumns: [opportunities.id] }),
  // A snapshot's deals by id with what accuracy, slippage and "changed since" read: those queries, and
  // "is this deal in the snapshot", read only the index.
  index('forecast_snapshot_opps_snapshot_deal_idx').on(t.snapshotId, t.opportunityId, t.forecastCategory, t.amount, t.stage, t.closeDate),
  index('forecast_snapshot_opps_opportunity_idx').on(t.opportunityId),
]);

export const winLossAnalysis = mysqlTable('win_loss_analysis', {
  id: id(),
  opportunityId: ref().notNull().unique().references(() => opportunities.id, { onDelete: 'cascade' }),
  outcome: varchar({ length: 8, enum: ['won', 'lost'] }).notNull(),
  primaryReason: varchar({ length: 64 }).notNull(),
  secondaryReasons: json().$type<string[]>(),
  competitor: varchar({ length: 255 }),
  lessons: text(),
  createdById: userRef().references(() => users.id, { onDelete: 'set null' }),
  ...timestamps,
}, (t) => [index('win_loss_created_by_idx').on(t.createdById), index('win_loss_outcome_idx').on(t.outcome, t.createdAt)]);

export const savedReports = mysqlTable('saved_reports', {
  id: id(),
  ownerId: userRef().notNull().references(() => users.id, { onDelete: 'cascade' }),
  name: varchar({ length: 255 }).notNull(),
  /** shared/schemas/reports.ts ReportDefinition, checked against the whitelist whenever it runs. */
  definition: json().$type<ReportDefinition>().notNull(),
  /** Listed for everyone, who run it as themselves; only its owner changes it. */
  shared: boolean().notNull().default(false),
  /** The schedule in the owner's time zone (shared/schemas/reports.ts ReportSchedule); null when not scheduled. */
  scheduleFrequency: varchar({ length: 8, enum: reportFrequencies }),
  scheduleHour: int(),
  /** ISO weekday, 1 = Monday (weekly). */
  scheduleWeekday: int(),
  /** 1-31; a shorter month's last day stands in for 29-31 (monthly). */
  scheduleDayOfMonth: int(),
  ...timestamps,
}, (t) => [
  index('saved_reports_owner_idx').on(t.ownerId, t.name),
  index('saved_reports_shared_idx').on(t.shared, t.name),
  index('saved_reports_schedule_idx').on(t.scheduleFrequency),
]);

/** Who else gets a scheduled report's CSV, each run as them: users who may read it (it is shared). */
export const reportRecipients = mysqlTable('report_recipients', {
  id: id(),
  reportId: ref().notNull().references(() => savedReports.id, { onDelete: 'cascade' }),
  userId: userRef().notNull().references(() => users.id, { onDelete: 'cascade' }),
  createdAt: createdAt(),
}, (t) => [
  uniqueIndex('report_recipients_report_user_uq').on(t.reportId, t.userId),
  index('report_recipients_user_idx').on(t.userId),
]);

export const reportExecutions = mysqlTable('report_executions', {
  id: id(),
  reportId: ref().notNull().references(() => savedReports.id, { onDelete: 'cascade' }),
  trigger: varchar({ length: 16, enum: reportExecutionTriggers }).notNull(),
  /** Who ran it (the owner, for a scheduled run); null once that user is gone. */
  runById: userRef().references(() => users.id, { onDelete: 'set null' }),
  /** A scheduled run's slot (r<id>:2026-11-24): one execution per slot, however many schedulers or retries. */
  slotKey: varchar({ length: 64 }).unique(),
  status: varchar({ length: 16, enum: reportExecutionStatuses }).notNull(),
  startedAt: datetime({ fsp: 3 }).notNull(),
  finishedAt: datetime({ fsp: 3 }),
  durationMs: int(),
  rowCount: int(),
  /** How a scheduled run reached its owner. */
  delivery: varchar({ length: 16, enum: reportDeliveries }),
  /** A scheduled run's copy per recipient (owner first): a retry re-sends only those not yet sent. */
  deliveries: json().$type<ReportRecipientDelivery[]>(),
  error: text(),
  ...timestamps,
}, (t) => [index('report_executions_report_idx').on(t.reportId, t.startedAt)]);

export type SavedReport = typeof savedReports.$inferSelect;
export type ReportExecution = typeof reportExecutions.$inferSelect;
export type ReportRecipient = typeof reportRecipients.$inferSelect;

export const userPreferences = mysqlTable('user_preferences', {
  id: id(),
  userId: userRef().notNull().references(() => users.id, { onDelete: 'cascade' }),
  key: varchar({ length: 64 }).notNull(),
  value: json().notNull(),
  ...timestamps,
}, (t) => [uniqueIndex('user_preferences_user_key_uq').on(t.userId, t.key)]);

/**
 * Organisation-wide settings, one row per key (name, own email domains, fiscal year start, ...); the shape
 * and defaults of every key are in shared/schemas/settings.ts.
 */
export const organisationSettings = mysqlTable('organisation_settings', {
  id: id(),
  key: varchar({ length: 64 }).notNull(),
  value: json().notNull(),
  updatedById: userRef().references(() => users.id, { onDelete: 'set null' }),
  ...timestamps,
}, (t) => [uniqueIndex('organisation_settings_key_uq').on(t.key)]);

export const ruleResults = mysqlTable('rule_results', {
  id: id(),
  ruleId: varchar({ length: 64 }).notNull(),
  recordType: varchar({ length: 16 }).notNull(),
  recordId: ref().notNull(),
  severity: varchar({ length: 16, enum: ['critical', 'warning', 'info'] }).notNull(),
  message: text().notNull(),
  details: json(),
  firstSeenAt: datetime({ fsp: 3 }).notNull(),
  lastSeenAt: datetime({ fsp: 3 }).notNull(),
  resolvedAt: datetime({ fsp: 3 }),
  /** Who should act: the record's owner when the scan saw it (kept current by every scan of the record). */
  ownerId: userRef(),
  /** 1 for the first time the rule held on the record; each reopening after a resolve counts one more. */
  occurrence: int().notNull().default(1),
  /**
   * CRC-32 of what a scan compares (rule, record, severity, message, owner), written with them by the scan
   * (server/hygiene/openPrint.ts): a full scan sums a range's prints from the index to tell that nothing changed.
   */
  print: int({ unsigned: true }).notNull().default(0),
  ...timestamps,
}, (t) => [
  // One row per (rule, record): a scan upserts against it, and a result that holds again reopens that row.
  uniqueIndex('rule_results_rule_record_uq').on(t.ruleId, t.recordType, t.recordId),
  // A record's (or an id range's) results: a scan's stored rows, the deal page, and with the severity each
  // deal's weight from the index alone (the health recount of a scan batch, the team's live at-risk deals),
  // with the print a range's fingerprint (a full scan's check that nothing changed).
  index('rule_results_record_idx').on(t.recordType, t.recordId, t.resolvedAt, t.severity, t.print),
  // One rep's open results: their list and tallies, and their open results per deal from the index alone
  // (the rep dashboard's live at-risk number).
  index('rule_results_owner_open_idx').on(t.ownerId, t.resolvedAt, t.recordType, t.recordId, t.severity),
  // The open results per rule (the rules' settings), from the index alone.
  index('rule_results_rule_idx').on(t.ruleId, t.resolvedAt),
  // Every index is written by a full scan's load of each new result, so there are no more than the reads
  // above need: none on lastSeenAt (nothing looks results up by it).
]);

export const ruleOverrides = mysqlTable('rule_overrides', {
  id: id(),
  ruleId: varchar({ length: 64 }).notNull(),
  /** Null for an organisation-wide override. */
  userId: userRef().references(() => users.id, { onDelete: 'cascade' }),
  enabled: boolean().notNull().default(true),
  severity: varchar({ length: 16, enum: ['critical', 'warning', 'info'] }),
  thresholds: json(),
  /**
   * '' for the organisation-wide override, else the user's id. NULLs are distinct in a MySQL unique key,
   * so the key is on this stored column rather than on userId.
   */
  scopeKey: varchar({ length: 36 }).generatedAlwaysAs(sql`coalesce(\`user_id\`, '')`, { mode: 'stored' }),
  /** Who set the override last (when: updatedAt). */
  updatedById: userRef().references(() => users.id, { onDelete: 'set null' }),
  ...timestamps,
}, (t) => [
  uniqueIndex('rule_overrides_rule_scope_uq').on(t.ruleId, t.scopeKey),
  index('rule_overrides_user_idx').on(t.userId),
]);

/**
 * One row per full hygiene scan. A full scan confirms every result still open when it finishes, so instead
 * of rewriting lastSeenAt on each of them it records itself here: an open result was last seen at
 * max(its lastSeenAt, the latest full scan). Rows written by the scan (new, changed, resolved) and by the
 * incremental scans carry their own lastSeenAt.
 */
export const hygieneScans = mysqlTable('hygiene_scans', {
  id: id(),
  scannedAt: datetime({ fsp: 3 }).notNull(),
  ms: int().notNull(),
  findings: int().notNull(),
  inserted: int().notNull(),
  reopened: int().notNull(),
  updated: int().notNull(),
  resolved: int().notNull(),
  createdAt: createdAt(),
}, (t) => [index('hygiene_scans_scanned_idx').on(t.scannedAt)]);

/**
 * An admin's own hygiene rule on deals (hygiene.customRules.*): conditions from the whitelisted vocabulary in
 * shared/hygieneCustomRules.ts (field, operator, value; all must hold), validated by zod on the way in and
 * interpreted by server/domain/hygiene/customRules.ts. Its results carry ruleId `custom_<id>`.
 */
export const hygieneCustomRules = mysqlTable('hygiene_custom_rules', {
  id: id(),
  name: varchar({ length: 120 }).notNull(),
  category: varchar({ length: 32, enum: ['data_quality', 'sales_hygiene', 'forecasting', 'progression', 'engagement', 'compliance'] }).notNull(),
  severity: varchar({ length: 16, enum: ['critical', 'warning', 'info'] }).notNull(),
  /** The stages it applies to; empty: every open stage. */
  stages: json().$type<string[]>().notNull(),
  conditions: json().$type<{ field: string; operator: string; value?: number | string | null }[]>().notNull(),
  message: varchar({ length: 300 }).notNull(),
  remediation: varchar({ length: 300 }).notNull(),
  enabled: boolean().notNull().default(true),
  createdById: userRef().references(() => users.id, { onDelete: 'set null' }),
  updatedById: userRef().references(() => users.id, { onDelete: 'set null' }),
  ...timestamps,
});

/**
 * Pipeline health per week (the hygiene trend): one point per rep and one for the team (userId '') per week,
 * written by the full scan for the week it runs in (the latest scan of the week wins).
 */
export const hygieneHealthPoints = mysqlTable('hygiene_health_points', {
  id: id(),
  /** Monday of the week, UTC. */
  weekStart: date({ mode: 'string' }).notNull(),
  /** The rep's id, or '' for the whole team. */
  userId: varchar({ length: 36 }).notNull(),
  /** Null when there were no open deals (not shown, not 100). */
  health: int(),
  openDeals: int().notNull(),
  openResults: int().notNull(),
  ...timestamps,
}, (t) => [uniqueIndex('hygiene_health_points_week_user_uq').on(t.weekStart, t.userId), index('hygiene_health_points_user_idx').on(t.userId, t.weekStart)]);

/**
 * Each deal's weight of open hygiene results (server/hygiene/dealHealth.ts): Σ severity weights of its open
 * rule_results (health = max(0, 100 − weight), domain/hygiene/health.ts), so "at risk" is a look-up instead
 * of a pass over the results. A deal without open results has no row. Written by every scan for the id range
 * it scanned (only rows that change; a full scan at its end) and by deleting a custom rule, in their
 * transactions; read only once a full scan has filled it (precomputed_aggregates 'deal_health').
 */
export const hygieneDealHealth = mysqlTable('hygiene_deal_health', {
  opportunityId: ref().primaryKey(),
  weight: int().notNull(),
});

export const digests = mysqlTable('digests', {
  id: id(),
  userId: userRef().notNull().references(() => users.id, { onDelete: 'cascade' }),
  kind: varchar({ length: 16, enum: digestKinds }).notNull(),
  /** The slot in the recipient's zone (2026-11-24, 2026-W48), or the moment of a preview: one digest per key. */
  periodKey: varchar({ length: 32 }).notNull(),
  status: varchar({ length: 16, enum: digestStatuses }).notNull(),
  /** What was said (shared/schemas/delivery.ts DigestContent): the app shows it as it was sent. */
  content: json().$type<DigestContent>(),
  subject: varchar({ length: 255 }),
  /** The channels that have it, so a retry after a failure sends only to the others. */
  deliveredChannels: json().$type<DeliveryChannel[]>(),
  error: text(),
  sentAt: datetime({ fsp: 3 }),
  ...timestamps,
}, (t) => [
  uniqueIndex('digests_user_period_uq').on(t.userId, t.kind, t.periodKey),
  index('digests_created_idx').on(t.createdAt),
  index('digests_user_created_idx').on(t.userId, t.createdAt, t.id),
]);

export const auditLog = mysqlTable('audit_log', {
  id: id(),
  actorId: userRef().references(() => users.id, { onDelete: 'set null' }),
  action: varchar({ length: 16, enum: auditActions }).notNull(),
  entityType: varchar({ length: 32 }).notNull(),
  entityId: varchar({ length: 64 }).notNull(),
  /** For updates { field: [before, after] }; for creates and deletes the record's fields. */
  changes: json().notNull(),
  createdAt: createdAt(),
}, (t) => [
  index('audit_log_entity_idx').on(t.entityType, t.entityId, t.createdAt),
  index('audit_log_actor_idx').on(t.actorId, t.createdAt),
  index('audit_log_type_created_idx').on(t.entityType, t.createdAt),
  index('audit_log_created_idx').on(t.createdAt),
]);

export type Job = typeof jobs.$inferSelect;
export type EmailConnection = typeof emailConnections.$inferSelect;
export type CaptureSubscription = typeof captureSubscriptions.$inferSelect;
export type WebhookEvent = typeof webhookEvents.$inferSelect;

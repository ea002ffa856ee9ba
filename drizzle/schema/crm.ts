// The core CRM records: accounts, contacts, leads, opportunities, products, activities, projects, cases.
import { sql } from 'drizzle-orm';
import {
  type AnyMySqlColumn,
  boolean,
  check,
  date,
  datetime,
  decimal,
  index,
  int,
  json,
  mysqlTable,
  text,
  uniqueIndex,
  varchar,
} from 'drizzle-orm/mysql-core';
import {
  activityDirections,
  activityTypes,
  casePriorities,
  caseStatuses,
  healthStatuses,
  leadStatuses,
  milestoneStatuses,
  projectStatuses,
  relatedToTypes,
  securityPostures,
} from '../../shared/enums';
import type { GateField } from '../../shared/stageGate';
import { forecastCategories, stages } from '../../shared/stages';
import { id, ref, timestamps, userRef, version } from './columns';
import { users } from './auth';

const money = () => decimal({ precision: 15, scale: 2 });

export const accounts = mysqlTable('accounts', {
  id: id(),
  accountName: varchar({ length: 255 }).notNull(),
  industry: varchar({ length: 128 }),
  region: varchar({ length: 64 }),
  vertical: varchar({ length: 128 }),
  securityPosture: varchar({ length: 16, enum: securityPostures }).notNull().default('standard'),
  website: varchar({ length: 512 }),
  /** Normalised bare domain (no scheme, no www.), matched against email addresses. */
  domain: varchar({ length: 255 }),
  parentAccountId: ref().references((): AnyMySqlColumn => accounts.id, { onDelete: 'set null' }),
  ownerId: userRef().notNull().references(() => users.id),
  lastActivityAt: datetime({ fsp: 3 }),
  deletedAt: datetime({ fsp: 3 }),
  version: version(),
  ...timestamps,
}, (t) => [
  index('accounts_owner_idx').on(t.ownerId, t.accountName, t.id),
  index('accounts_name_idx').on(t.accountName, t.id),
  index('accounts_parent_idx').on(t.parentAccountId),
  index('accounts_domain_idx').on(t.domain),
  index('accounts_industry_idx').on(t.industry),
  index('accounts_region_idx').on(t.region),
  index('accounts_updated_idx').on(t.updatedAt, t.id),
  index('accounts_created_idx').on(t.createdAt, t.id),
  index('accounts_last_activity_idx').on(t.lastActivityAt),
  index('accounts_deleted_idx').on(t.deletedAt),
]);

export const contacts = mysqlTable('contacts', {
  id: id(),
  firstName: varchar({ length: 128 }).notNull(),
  lastName: varchar({ length: 128 }).notNull(),
  // Unique under the case-insensitive default collation (Bob@x.com == bob@x.com); stored lower-cased.
  email: varchar({ length: 320 }).unique(),
  phone: varchar({ length: 64 }),
  title: varchar({ length: 255 }),
  /** The contact's role in buying decisions (e.g. Economic Buyer, Champion, Technical Evaluator). */
  role: varchar({ length: 64 }),
  accountId: ref().references(() => accounts.id),
  ownerId: userRef().notNull().references(() => users.id),
  lastActivityAt: datetime({ fsp: 3 }),
  version: version(),
  ...timestamps,
}, (t) => [
  index('contacts_account_idx').on(t.accountId, t.lastName, t.id),
  index('contacts_owner_idx').on(t.ownerId, t.lastName, t.id),
  index('contacts_last_name_idx').on(t.lastName, t.id),
  // Global search: prefix look-ups by first name and phone (last name and email have theirs).
  index('contacts_first_name_idx').on(t.firstName, t.id),
  index('contacts_phone_idx').on(t.phone),
  index('contacts_updated_idx').on(t.updatedAt, t.id),
  index('contacts_created_idx').on(t.createdAt, t.id),
  index('contacts_last_activity_idx').on(t.lastActivityAt),
]);

export const leads = mysqlTable('leads', {
  id: id(),
  firstName: varchar({ length: 128 }).notNull(),
  lastName: varchar({ length: 128 }).notNull(),
  email: varchar({ length: 320 }),
  phone: varchar({ length: 64 }),
  company: varchar({ length: 255 }).notNull(),
  title: varchar({ length: 255 }),
  industry: varchar({ length: 128 }),
  employees: int(),
  region: varchar({ length: 64 }),
  leadSource: varchar({ length: 64 }),
  score: int().notNull().default(0),
  status: varchar({ length: 16, enum: leadStatuses }).notNull().default('New'),
  ownerId: userRef().notNull().references(() => users.id),
  convertedAt: datetime({ fsp: 3 }),
  convertedAccountId: ref().references(() => accounts.id),
  convertedContactId: ref().references(() => contacts.id, { onDelete: 'set null' }),
  convertedOpportunityId: ref().references((): AnyMySqlColumn => opportunities.id),
  lastActivityAt: datetime({ fsp: 3 }),
  /** Fields a web-to-lead post carried beyond the lead's own (utm_source, the form's questions), kept as sent. */
  extraFields: json(),
  version: version(),
  ...timestamps,
}, (t) => [
  index('leads_owner_idx').on(t.ownerId, t.status, t.createdAt, t.id),
  index('leads_status_idx').on(t.status, t.createdAt, t.id),
  index('leads_created_idx').on(t.createdAt, t.id),
  index('leads_updated_idx').on(t.updatedAt, t.id),
  index('leads_email_idx').on(t.email),
  // Global search: prefix look-ups by name and phone.
  index('leads_last_name_idx').on(t.lastName, t.id),
  index('leads_first_name_idx').on(t.firstName, t.id),
  index('leads_phone_idx').on(t.phone),
  index('leads_score_idx').on(t.score, t.id),
  index('leads_company_idx').on(t.company, t.id),
  index('leads_converted_account_idx').on(t.convertedAccountId),
  index('leads_converted_contact_idx').on(t.convertedContactId),
  index('leads_converted_opportunity_idx').on(t.convertedOpportunityId),
  index('leads_last_activity_idx').on(t.lastActivityAt),
]);

export const opportunities = mysqlTable('opportunities', {
  id: id(),
  opportunityName: varchar({ length: 255 }).notNull(),
  accountId: ref().notNull().references(() => accounts.id),
  stage: varchar({ length: 32, enum: stages }).notNull().default('Prospecting'),
  amount: money(),
  closeDate: date({ mode: 'string' }),
  probability: int().notNull(),
  /** True when the rep set a probability other than the stage default (kept across stage changes). */
  probabilityOverridden: boolean().notNull().default(false),
  forecastCategory: varchar({ length: 16, enum: forecastCategories }).notNull(),
  forecastCategoryOverridden: boolean().notNull().default(false),
  nextStep: varchar({ length: 500 }),
  nextStepDate: date({ mode: 'string' }),
  economicBuyerContactId: ref().references(() => contacts.id, { onDelete: 'set null' }),
  championContactId: ref().references(() => contacts.id, { onDelete: 'set null' }),
  // MEDDIC (economic buyer and champion are the contacts above).
  metrics: text(),
  decisionCriteria: text(),
  decisionProcess: text(),
  paperProcess: text(),
  identifiedPain: text(),
  competition: text(),
  competitor: varchar({ length: 255 }),
  lossReason: varchar({ length: 255 }),
  /** How many times the close date was moved later. */
  pushCount: int().notNull().default(0),
  stageEnteredAt: datetime({ fsp: 3 }).notNull().default(sql`CURRENT_TIMESTAMP(3)`),
  closedAt: datetime({ fsp: 3 }),
  ownerId: userRef().notNull().references(() => users.id),
  lastActivityAt: datetime({ fsp: 3 }),
  deletedAt: datetime({ fsp: 3 }),
  version: version(),
  ...timestamps,
}, (t) => [
  index('opportunities_owner_stage_close_idx').on(t.ownerId, t.stage, t.closeDate, t.id),
  index('opportunities_owner_close_idx').on(t.ownerId, t.closeDate, t.id),
  // Open deals are those with closedAt null (the check below): a rep's open pipeline by close date is one range.
  index('opportunities_owner_open_close_idx').on(t.ownerId, t.closedAt, t.closeDate, t.id),
  // Insight's aggregates read only the index: open deals (closedAt null) and deals closed since a moment,
  // per owner, with every column a dashboard sums or groups by; by stage next, so the team's open deals
  // per owner and stage come in index order (no temporary table).
  index('opportunities_owner_closed_stage_cover_idx').on(
    t.ownerId, t.closedAt, t.stage, t.closeDate, t.forecastCategory, t.deletedAt, t.amount, t.probability, t.createdAt,
  ),
  // ... and a period's deals by close date (forecast, won in the period), per owner.
  index('opportunities_owner_close_cover_idx').on(t.ownerId, t.closeDate, t.closedAt, t.stage, t.forecastCategory, t.deletedAt, t.amount),
  check(
    'opportunities_closed_at_matches_stage',
    sql`(${t.stage} IN ('Closed Won', 'Closed Lost')) = (${t.closedAt} IS NOT NULL)`,
  ),
  index('opportunities_stage_close_idx').on(t.stage, t.closeDate, t.id),
  // Won (or lost) since a moment: win rate, sales cycle and ARR by closedAt.
  index('opportunities_stage_closed_at_idx').on(t.stage, t.closedAt),
  index('opportunities_close_idx').on(t.closeDate, t.id),
  index('opportunities_amount_idx').on(t.amount, t.id),
  index('opportunities_name_idx').on(t.opportunityName, t.id),
  index('opportunities_updated_idx').on(t.updatedAt, t.id),
  index('opportunities_created_idx').on(t.createdAt, t.id),
  index('opportunities_account_idx').on(t.accountId),
  index('opportunities_economic_buyer_idx').on(t.economicBuyerContactId),
  index('opportunities_champion_idx').on(t.championContactId),
  index('opportunities_category_idx').on(t.forecastCategory),
  index('opportunities_next_step_date_idx').on(t.nextStepDate),
  index('opportunities_last_activity_idx').on(t.lastActivityAt),
  index('opportunities_deleted_idx').on(t.deletedAt),
]);

/** The people involved in a deal beyond its economic buyer and champion, each with their part in it. */
export const opportunityContacts = mysqlTable('opportunity_contacts', {
  id: id(),
  opportunityId: ref().notNull().references(() => opportunities.id, { onDelete: 'cascade' }),
  contactId: ref().notNull().references(() => contacts.id, { onDelete: 'cascade' }),
  /** Their part in the decision: Decision maker, Influencer, Technical evaluator, User, Legal, Procurement, Other. */
  role: varchar({ length: 64 }),
  ...timestamps,
}, (t) => [
  uniqueIndex('opportunity_contacts_pair_uq').on(t.opportunityId, t.contactId),
  index('opportunity_contacts_contact_idx').on(t.contactId),
]);

export const opportunityStageHistory = mysqlTable('opportunity_stage_history', {
  id: id(),
  opportunityId: ref().notNull().references(() => opportunities.id, { onDelete: 'cascade' }),
  /** Null for the opening entry written when the opportunity is created. */
  fromStage: varchar({ length: 32, enum: stages }),
  toStage: varchar({ length: 32, enum: stages }).notNull(),
  amount: money(),
  closeDate: date({ mode: 'string' }),
  changedById: userRef().references(() => users.id, { onDelete: 'set null' }),
  changedAt: datetime({ fsp: 3 }).notNull(),
  /**
   * When the deal had entered fromStage (its stageEnteredAt before this move; null on the opening entry), so
   * how long deals stay in a stage is read from the moves themselves (the hygiene rule stale_in_stage).
   */
  fromStageEnteredAt: datetime({ fsp: 3 }),
  /** The stage gate's fields the mover left empty (shared/stageGate.ts) and why; null when none were. */
  gateSkippedFields: json().$type<GateField[]>(),
  gateSkipReason: varchar({ length: 500 }),
  ...timestamps,
}, (t) => [
  // With toStage the funnel and its aggregate read a deal's history from the index alone; with fromStage too,
  // so do the hygiene scan's history facts.
  index('stage_history_opportunity_stage_idx').on(t.opportunityId, t.changedAt, t.toStage, t.fromStage),
  // The moves of a period; with the stage left and when it was entered, the stage durations from the index alone.
  index('stage_history_changed_idx').on(t.changedAt, t.fromStage, t.fromStageEnteredAt),
  index('stage_history_changed_by_idx').on(t.changedById),
]);

export const products = mysqlTable('products', {
  id: id(),
  productName: varchar({ length: 255 }).notNull(),
  productCode: varchar({ length: 64 }).notNull().unique(),
  category: varchar({ length: 128 }),
  listPrice: money().notNull(),
  active: boolean().notNull().default(true),
  ...timestamps,
}, (t) => [index('products_name_idx').on(t.productName, t.id), index('products_category_idx').on(t.category)]);

export const lineItems = mysqlTable('line_items', {
  id: id(),
  opportunityId: ref().notNull().references(() => opportunities.id, { onDelete: 'cascade' }),
  productId: ref().notNull().references(() => products.id),
  quantity: int().notNull(),
  unitPrice: money().notNull(),
  discountPercent: decimal({ precision: 5, scale: 2 }).notNull().default('0'),
  /** quantity × unitPrice × (1 − discount/100), rounded to cents. */
  totalPrice: money().notNull(),
  ...timestamps,
}, (t) => [index('line_items_opportunity_idx').on(t.opportunityId), index('line_items_product_idx').on(t.productId)]);

export const activities = mysqlTable('activities', {
  id: id(),
  type: varchar({ length: 16, enum: activityTypes }).notNull(),
  subject: varchar({ length: 500 }).notNull(),
  body: text(),
  occurredAt: datetime({ fsp: 3 }).notNull(),
  dueAt: datetime({ fsp: 3 }),
  completedAt: datetime({ fsp: 3 }),
  direction: varchar({ length: 16, enum: activityDirections }),
  relatedToType: varchar({ length: 16, enum: relatedToTypes }).notNull(),
  relatedToId: ref().notNull(),
  /** The account the related record belongs to, so an account timeline is one indexed range. */
  accountId: ref().references(() => accounts.id),
  /** RFC 822 Message-ID of a captured email: the same email in two mailboxes is one activity. */
  emailMessageId: varchar({ length: 255 }).unique(),
  /** A captured meeting's calendar key (the iCalendar UID, per occurrence): the same meeting in two calendars is one activity. */
  calendarEventKey: varchar({ length: 255 }).unique(),
  provider: varchar({ length: 16 }),
  providerMessageId: varchar({ length: 255 }),
  providerThreadId: varchar({ length: 255 }),
  /** Email addresses of everyone on the email or meeting: [{ email, name, role: from|to|cc|attendee }]. */
  participants: json().$type<{ email: string; name?: string; role: string }[]>(),
  /** The mailbox connection that captured it: its sharing level decides what other users see. */
  captureConnectionId: ref(),
  ownerId: userRef().notNull().references(() => users.id),
  ...timestamps,
}, (t) => [
  index('activities_related_idx').on(t.relatedToType, t.relatedToId, t.occurredAt, t.id),
  index('activities_account_idx').on(t.accountId, t.occurredAt, t.id),
  index('activities_owner_idx').on(t.ownerId, t.occurredAt),
  index('activities_type_due_idx').on(t.type, t.dueAt),
  // The team's upcoming tasks (every owner): open tasks by due date are one range, not a walk past done ones;
  // the owner last, so a team's tasks are told from the others' without reading their rows.
  index('activities_open_tasks_idx').on(t.type, t.completedAt, t.dueAt, t.id, t.ownerId),
  // My day and Tasks: a user's open tasks by due date, or their done ones by completion.
  index('activities_owner_tasks_idx').on(t.ownerId, t.type, t.completedAt, t.dueAt, t.id),
  index('activities_occurred_idx').on(t.occurredAt),
  index('activities_capture_connection_idx').on(t.captureConnectionId),
  // The hygiene scan's per-deal aggregates (last meeting, last email each way, overdue tasks) read only this
  // index: no look-up of the activity rows, which at a million activities do not fit the buffer pool.
  index('activities_hygiene_idx').on(t.relatedToType, t.relatedToId, t.type, t.direction, t.occurredAt, t.completedAt, t.dueAt),
]);

export const projects = mysqlTable('projects', {
  id: id(),
  projectName: varchar({ length: 255 }).notNull(),
  accountId: ref().notNull().references(() => accounts.id),
  opportunityId: ref().references(() => opportunities.id),
  status: varchar({ length: 16, enum: projectStatuses }).notNull().default('Not Started'),
  healthStatus: varchar({ length: 16, enum: healthStatuses }).notNull().default('Healthy'),
  expectedUsers: int().notNull().default(0),
  activeUsers: int().notNull().default(0),
  startDate: date({ mode: 'string' }),
  targetEndDate: date({ mode: 'string' }),
  ownerId: userRef().notNull().references(() => users.id),
  lastActivityAt: datetime({ fsp: 3 }),
  deletedAt: datetime({ fsp: 3 }),
  version: version(),
  ...timestamps,
}, (t) => [
  index('projects_owner_idx').on(t.ownerId, t.status, t.id),
  index('projects_status_idx').on(t.status, t.id),
  index('projects_name_idx').on(t.projectName, t.id),
  index('projects_health_idx').on(t.healthStatus, t.id),
  index('projects_account_idx').on(t.accountId),
  index('projects_opportunity_idx').on(t.opportunityId),
  index('projects_target_end_idx').on(t.targetEndDate, t.id),
  index('projects_updated_idx').on(t.updatedAt, t.id),
  index('projects_created_idx').on(t.createdAt, t.id),
  index('projects_deleted_idx').on(t.deletedAt),
]);

export const milestones = mysqlTable('milestones', {
  id: id(),
  projectId: ref().notNull().references(() => projects.id, { onDelete: 'cascade' }),
  title: varchar({ length: 255 }).notNull(),
  dueDate: date({ mode: 'string' }),
  status: varchar({ length: 16, enum: milestoneStatuses }).notNull().default('Not Started'),
  completedAt: datetime({ fsp: 3 }),
  ...timestamps,
}, (t) => [index('milestones_project_idx').on(t.projectId, t.dueDate), index('milestones_due_idx').on(t.status, t.dueDate)]);

export const cases = mysqlTable('cases', {
  id: id(),
  caseNumber: varchar({ length: 32 }).notNull().unique(),
  accountId: ref().notNull().references(() => accounts.id),
  contactId: ref().references(() => contacts.id, { onDelete: 'set null' }),
  subject: varchar({ length: 500 }).notNull(),
  description: text(),
  status: varchar({ length: 24, enum: caseStatuses }).notNull().default('New'),
  priority: varchar({ length: 16, enum: casePriorities }).notNull().default('Medium'),
  slaDueAt: datetime({ fsp: 3 }).notNull(),
  closedAt: datetime({ fsp: 3 }),
  ownerId: userRef().notNull().references(() => users.id),
  lastActivityAt: datetime({ fsp: 3 }),
  version: version(),
  ...timestamps,
}, (t) => [
  index('cases_owner_idx').on(t.ownerId, t.status, t.id),
  index('cases_status_idx').on(t.status, t.slaDueAt, t.id),
  index('cases_priority_idx').on(t.priority, t.id),
  index('cases_sla_idx').on(t.slaDueAt, t.id),
  index('cases_account_idx').on(t.accountId),
  index('cases_contact_idx').on(t.contactId),
  index('cases_updated_idx').on(t.updatedAt, t.id),
  index('cases_created_idx').on(t.createdAt, t.id),
]);

export type Account = typeof accounts.$inferSelect;
export type Contact = typeof contacts.$inferSelect;
export type Lead = typeof leads.$inferSelect;
export type Opportunity = typeof opportunities.$inferSelect;
export type Product = typeof products.$inferSelect;
export type LineItem = typeof lineItems.$inferSelect;
export type Activity = typeof activities.$inferSelect;
export type Project = typeof projects.$inferSelect;
export type Milestone = typeof milestones.$inferSelect;
export type Case = typeof cases.$inferSelect;

// Hygiene's analysis of an uploaded pipeline file (server/hygiene/analyses/): the file's deals and the rule
// results found on them, kept apart from the CRM's records (nothing here is a deal) for 30 days.
import { bigint, boolean, datetime, index, int, json, mysqlTable, primaryKey, text, varchar } from 'drizzle-orm/mysql-core';
import { users } from './auth';
import { uploads } from './data';
import { id, ref, timestamps, userRef } from './columns';

export const analysisSources = ['hubspot', 'salesforce', 'maven', 'other'] as const;
export const analysisStatuses = ['mapping', 'done'] as const;

export interface AnalysisTotals {
  /** Rules run on the file, and the ones left out with the reason (a fact a file cannot have, a column not mapped). */
  rulesApplied: string[];
  rulesNotApplied: { ruleId: string; reason: string }[];
  byRule: { ruleId: string; severity: string; count: number }[];
  bySeverity: Record<string, number>;
}

export const hygieneAnalyses = mysqlTable('hygiene_analyses', {
  id: id(),
  ownerId: userRef().notNull().references(() => users.id, { onDelete: 'cascade' }),
  /** The stored file, kept with the analysis so the mapping can be changed and run again. */
  uploadId: ref().references(() => uploads.id, { onDelete: 'set null' }),
  fileName: varchar({ length: 255 }).notNull(),
  source: varchar({ length: 16, enum: analysisSources }).notNull(),
  status: varchar({ length: 16, enum: analysisStatuses }).notNull().default('mapping'),
  /** { field: column } and { file stage value: our stage or null }. */
  mapping: json().$type<Record<string, string>>().notNull(),
  stageMapping: json().$type<Record<string, string | null>>().notNull(),
  /** The day the rules are evaluated as of (YYYY-MM-DD). */
  asOf: varchar({ length: 10 }),
  rowCount: int().notNull(),
  analysedRows: int().notNull().default(0),
  brokenCount: int().notNull().default(0),
  /** The first broken rows: { row (as numbered in a spreadsheet), reason }. */
  brokenRows: json().$type<{ row: number; reason: string }[]>(),
  openDeals: int().notNull().default(0),
  findingsCount: int().notNull().default(0),
  /** Pipeline health of the file's open deals (null: none open). */
  health: int(),
  totals: json().$type<AnalysisTotals>(),
  durationMs: int(),
  expiresAt: datetime({ fsp: 3 }).notNull(),
  ...timestamps,
}, (t) => [index('hygiene_analyses_owner_idx').on(t.ownerId, t.createdAt), index('hygiene_analyses_expires_idx').on(t.expiresAt)]);

export type HygieneAnalysis = typeof hygieneAnalyses.$inferSelect;

export const hygieneAnalysisDeals = mysqlTable('hygiene_analysis_deals', {
  analysisId: ref().notNull().references(() => hygieneAnalyses.id, { onDelete: 'cascade' }),
  /** The row as a spreadsheet numbers it (the header is row 1). */
  fileRow: int().notNull(),
  /** What matches the deal across uploads: the file's record id, else its name. */
  dealKey: varchar({ length: 255 }).notNull(),
  dealName: varchar({ length: 255 }).notNull(),
  ownerName: varchar({ length: 255 }),
  stage: varchar({ length: 32 }).notNull(),
  amountCents: bigint({ mode: 'number' }),
  closeDate: varchar({ length: 10 }),
  isOpen: boolean().notNull(),
  health: int().notNull(),
  findings: int().notNull(),
}, (t) => [primaryKey({ columns: [t.analysisId, t.fileRow] }), index('hygiene_analysis_deals_health_idx').on(t.analysisId, t.health, t.fileRow)]);

export const hygieneAnalysisFindings = mysqlTable('hygiene_analysis_findings', {
  analysisId: ref().notNull().references(() => hygieneAnalyses.id, { onDelete: 'cascade' }),
  fileRow: int().notNull(),
  ruleId: varchar({ length: 64 }).notNull(),
  severity: varchar({ length: 16, enum: ['critical', 'warning', 'info'] }).notNull(),
  message: text().notNull(),
}, (t) => [primaryKey({ columns: [t.analysisId, t.fileRow, t.ruleId] }), index('hygiene_analysis_findings_rule_idx').on(t.analysisId, t.ruleId)]);

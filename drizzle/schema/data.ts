// Data in and out: uploaded files (kept as chunks in MySQL, so any web or worker process reads them and they
// survive a restart), imports, and what an import did.
import { boolean, customType, datetime, index, int, json, mysqlTable, primaryKey, text, uniqueIndex, varchar } from 'drizzle-orm/mysql-core';
import { importEntities } from '../../shared/schemas/imports';
import type { Stage } from '../../shared/stages';
import { users } from './auth';
import { id, ref, timestamps, userRef } from './columns';

/** MEDIUMBLOB holds up to 16 MiB; a chunk is 1 MiB, within MySQL's default max_allowed_packet (16-64 MiB). */
const mediumBlob = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'mediumblob' });

export const uploadFormats = ['csv', 'xlsx'] as const;
export type UploadFormat = (typeof uploadFormats)[number];

export const uploads = mysqlTable('uploads', {
  id: id(),
  ownerId: userRef().notNull().references(() => users.id, { onDelete: 'cascade' }),
  fileName: varchar({ length: 255 }).notNull(),
  format: varchar({ length: 8, enum: uploadFormats }).notNull(),
  /** 'receiving' while the bytes arrive and are checked; only 'ready' uploads can be read or imported. */
  status: varchar({ length: 16, enum: ['receiving', 'ready'] }).notNull().default('receiving'),
  /** CSV only: the text encoding and delimiter found by the streaming pass. */
  encoding: varchar({ length: 16 }),
  delimiter: varchar({ length: 1 }),
  byteSize: int().notNull().default(0),
  chunkCount: int().notNull().default(0),
  rowCount: int().notNull().default(0),
  columns: json().$type<string[]>(),
  sample: json().$type<string[][]>(),
  ...timestamps,
}, (t) => [index('uploads_owner_idx').on(t.ownerId, t.createdAt), index('uploads_status_idx').on(t.status, t.createdAt)]);

export const uploadChunks = mysqlTable('upload_chunks', {
  uploadId: ref().notNull().references(() => uploads.id, { onDelete: 'cascade' }),
  seq: int().notNull(),
  data: mediumBlob().notNull(),
}, (t) => [primaryKey({ columns: [t.uploadId, t.seq] })]);

export type Upload = typeof uploads.$inferSelect;

export const importStatuses = ['queued', 'running', 'done', 'failed', 'cancelled', 'undone'] as const;

export interface ImportOptions {
  /** Contacts naming an account that does not exist: create it, or reject the row. */
  unknownAccount: 'create' | 'reject';
  /** An owner column naming nobody we know: the importing user owns the record, or the row is rejected. */
  unknownOwner: 'me' | 'reject';
  /** Opportunities: the file's stage names onto ours, as confirmed in the preview (the built-in table fills the rest). */
  stageMapping?: Record<string, Stage | null>;
}

export const imports = mysqlTable('imports', {
  id: id(),
  uploadId: ref().references(() => uploads.id, { onDelete: 'set null' }),
  fileName: varchar({ length: 255 }).notNull(),
  ownerId: userRef().notNull().references(() => users.id),
  entity: varchar({ length: 32, enum: importEntities }).notNull(),
  /** { field: column name } for every mapped field. */
  mapping: json().$type<Record<string, string>>().notNull(),
  options: json().$type<ImportOptions>().notNull(),
  status: varchar({ length: 16, enum: importStatuses }).notNull().default('queued'),
  totalRows: int().notNull(),
  /** Data rows done (committed with their batch): a resumed run starts here. */
  rowsDone: int().notNull().default(0),
  created: int().notNull().default(0),
  updated: int().notNull().default(0),
  /** Rows that matched a record and held nothing new for it (a second import of the same file). */
  unchanged: int().notNull().default(0),
  rejected: int().notNull().default(0),
  accountsCreated: int().notNull().default(0),
  /** Time spent running batches, for rows per second across restarts. */
  activeMs: int().notNull().default(0),
  cancelRequested: boolean().notNull().default(false),
  error: text(),
  startedAt: datetime({ fsp: 3 }),
  finishedAt: datetime({ fsp: 3 }),
  ...timestamps,
}, (t) => [index('imports_owner_idx').on(t.ownerId, t.createdAt), index('imports_created_idx').on(t.createdAt, t.id)]);

export const importRejections = mysqlTable('import_rejections', {
  id: id(),
  importId: ref().notNull().references(() => imports.id, { onDelete: 'cascade' }),
  /** The data row (0 = the first row under the header). */
  rowIndex: int().notNull(),
  reason: text().notNull(),
  cells: json().$type<string[]>().notNull(),
}, (t) => [uniqueIndex('import_rejections_row_uq').on(t.importId, t.rowIndex)]);

/**
 * What an import wrote, for its results page and its undo: created records as ranges of consecutive ids (a batch's
 * multi-row insert gets consecutive ids, so a 1,000-row batch is one row here), and updated ones one row each with
 * their state before. Read only by the import's own id (import_records_import_idx).
 */
export const importRecords = mysqlTable('import_records', {
  id: id(),
  importId: ref().notNull().references(() => imports.id, { onDelete: 'cascade' }),
  entityType: varchar({ length: 32 }).notNull(),
  /** The first id of the range (an updated record: its id). */
  recordId: ref().notNull(),
  /** How many consecutive ids from recordId the row stands for: record_id .. record_id + record_count - 1 (always 1 for 'updated'). */
  recordCount: int().notNull().default(1),
  action: varchar({ length: 8, enum: ['created', 'updated'] }).notNull(),
  before: json(),
  /** The record's version right after the import wrote it: a later edit shows as a higher version. */
  versionAfter: int().notNull(),
}, (t) => [index('import_records_import_idx').on(t.importId, t.entityType, t.id)]);

/** The id a record had in the system it came from (HubSpot's Record ID, Salesforce's Id): a re-import updates it. */
export const externalIds = mysqlTable('external_ids', {
  id: id(),
  entityType: varchar({ length: 32 }).notNull(),
  externalId: varchar({ length: 255 }).notNull(),
  recordId: ref().notNull(),
  ...timestamps,
}, (t) => [uniqueIndex('external_ids_entity_external_uq').on(t.entityType, t.externalId), index('external_ids_record_idx').on(t.entityType, t.recordId)]);

export type Import = typeof imports.$inferSelect;

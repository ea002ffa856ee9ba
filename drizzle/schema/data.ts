// Data in and out: uploaded files (kept as chunks in MySQL, so any web or worker process reads them and they
// survive a restart), imports, and what an import did.
import { customType, index, int, json, mysqlTable, primaryKey, varchar } from 'drizzle-orm/mysql-core';
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

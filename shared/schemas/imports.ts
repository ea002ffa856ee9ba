// Import inputs: the import screens and the server validate with these.
import { z } from 'zod';
import { recordId, text } from './common';

export const importEntities = ['accounts', 'contacts', 'leads'] as const;
export type ImportEntityName = (typeof importEntities)[number];

export const importOptions = z
  .object({
    unknownAccount: z.enum(['create', 'reject']).default('create'),
    unknownOwner: z.enum(['me', 'reject']).default('me'),
  })
  .prefault({});

/** { field: column } as the user confirmed it; fields left out are not imported. */
export const importMapping = z.record(text().min(1).max(64), text().min(1).max(255));

export const importPreview = z.object({
  uploadId: recordId,
  entity: z.enum(importEntities, { message: 'Choose what the file holds' }),
  mapping: importMapping.optional(),
  options: importOptions,
});

export const importStart = importPreview;

export const importId = z.object({ importId: recordId });

export const importList = z.object({ limit: z.number().int().min(1).max(100).default(50) }).prefault({});

export type ImportPreview = z.infer<typeof importPreview>;
export type ImportStart = z.infer<typeof importStart>;
export type ImportOptionsInput = z.infer<typeof importOptions>;

/** What POST /api/uploads answers for a spreadsheet it took. */
export interface UploadAnswer {
  uploadId: number;
  fileName: string;
  format: 'csv' | 'xlsx';
  byteSize: number;
  rowCount: number;
  columns: string[];
  /** The first rows, each with one string per column, in the order of `columns`. */
  sample: string[][];
}

// Import inputs: the import screens and the server validate with these.
import { z } from 'zod';
import { stages } from '../stages';
import { recordId, text } from './common';

export const importEntities = ['accounts', 'contacts', 'leads', 'opportunities', 'products', 'activities'] as const;
export type ImportEntityName = (typeof importEntities)[number];

export const importOptions = z
  .object({
    unknownAccount: z.enum(['create', 'reject']).default('create'),
    unknownOwner: z.enum(['me', 'reject']).default('me'),
    /**
     * Opportunities: { stage as the file writes it: our stage }, as the user confirmed it in the preview.
     * null rejects that value's rows; values left out follow the built-in table (server/domain/imports/stages.ts),
     * and a value neither knows rejects its rows.
     */
    stageMapping: z.record(text().max(255), z.enum(stages, { message: 'Choose one of our stages' }).nullable()).optional(),
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

/** The stage mapping step: the distinct values of the file's stage column, with their row counts. */
export const importStageValues = z.object({ uploadId: recordId, column: text().min(1).max(255) });

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

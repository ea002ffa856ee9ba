// Inputs of hygiene.analyses.* (server/hygiene/analyses.ts): analysing an uploaded pipeline file.
import { z } from 'zod';
import { stages } from '../stages';
import { isoDate, recordId, text } from './common';

export const analysisMapping = z.record(text().min(1).max(64), text().min(1).max(255));
/** The file's stage values onto ours (null: the rows are reported as broken). */
export const analysisStageMapping = z.record(text().max(255), z.enum(stages).nullable());

export const analysisCreate = z.object({ uploadId: recordId });
export const analysisRef = z.object({ analysisId: recordId });
export const analysisPreview = z.object({ analysisId: recordId, mapping: analysisMapping.optional(), stageMapping: analysisStageMapping.optional() });
export const analysisConfirm = z.object({
  analysisId: recordId,
  mapping: analysisMapping,
  stageMapping: analysisStageMapping.default({}),
  /** The day the rules are evaluated as of; default today. */
  asOf: isoDate.optional(),
});
export const analysisDeals = z.object({
  analysisId: recordId,
  limit: z.number().int().min(1).max(200).default(50),
  offset: z.number().int().min(0).default(0),
  ruleId: text().max(64).optional(),
  openOnly: z.boolean().default(false),
});
export const analysisCompare = z.object({ analysisId: recordId, previousId: recordId.optional() });

export type AnalysisPreview = z.infer<typeof analysisPreview>;
export type AnalysisConfirm = z.infer<typeof analysisConfirm>;
export type AnalysisDeals = z.infer<typeof analysisDeals>;
export type AnalysisCompare = z.infer<typeof analysisCompare>;

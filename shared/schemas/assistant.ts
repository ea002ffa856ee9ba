// The assistant's inputs (server/assistant/router.ts) and the shape of a deal review, as Claude must answer it
// and as the screen shows it.
import { z } from 'zod';
import { optionalText, recordId, requiredText, text } from './common';
import { importEntities, importMapping } from './imports';

export const aiReviewDeal = z.object({ opportunityId: recordId });
export type AiReviewDeal = z.infer<typeof aiReviewDeal>;
export const aiListReviews = z.object({ opportunityId: recordId, limit: z.number().int().min(1).max(50).default(20) });
export type AiListReviews = z.infer<typeof aiListReviews>;

/**
 * A citation names one piece of the data the review was given: `field:closeDate`, `activity:123`,
 * `rule:no_next_step`, `stage:45` (a stage-history entry). Anything else Claude writes is dropped.
 */
export const citationPattern = /^(field|activity|rule|stage|contact):[A-Za-z0-9_.-]{1,64}$/;

const point = z.object({
  text: z.string().trim().min(1).max(600),
  cites: z.array(z.string().max(80)).max(6).default([]),
});
export type ReviewPoint = z.infer<typeof point>;

/** What Claude must answer through the submit_deal_review tool; validated before anything is stored. */
export const dealReviewAnswer = z.object({
  summary: z.string().trim().min(1).max(1000),
  risks: z.array(point).max(8).default([]),
  missing: z.array(point).max(8).default([]),
  nextActions: z.array(point).min(1, 'at least one next action').max(3, 'at most three next actions'),
});
export type DealReviewAnswer = z.infer<typeof dealReviewAnswer>;

/** A stored review: the answer with unknown citations removed, and a label for each citation it keeps. */
export interface DealReviewResult extends DealReviewAnswer {
  /** citation -> what it points at, as the review saw it ("Call: pricing follow-up, 3 Nov"). */
  sources: Record<string, string>;
}

/** What reviewDeal streams: the model and prompt, then partial answers as they arrive, then the stored review. */
export type DealReviewEvent<TStored> =
  | { type: 'started'; model: string; promptVersion: string }
  | { type: 'partial'; answer: Partial<DealReviewAnswer> }
  | { type: 'done'; review: TStored }
  | { type: 'error'; message: string; reviewId: number | null }
  /** The user stopped it (the request closed); stored as cancelled. */
  | { type: 'cancelled'; reviewId: number | null };

// Ask the CRM: questions answered through read-only tools that run as the asking user.

export const askQuestionMax = 2000;
export const aiAsk = z.object({
  /** Omitted: a new conversation, titled by the question. */
  conversationId: recordId.optional(),
  question: z.string().trim().min(1, 'Type a question').max(askQuestionMax, `At most ${askQuestionMax} characters`),
});
export type AiAsk = z.infer<typeof aiAsk>;
export const aiConversationById = z.object({ id: recordId });

/** A record an answer links to. */
export interface AskLink {
  type: 'account' | 'contact' | 'lead' | 'opportunity' | 'project' | 'case';
  id: number;
  label: string;
}

/** One tool call, as the chat shows it: what was asked, and what came back (or why it was refused). */
export interface AskStep {
  tool: string;
  input: unknown;
  /** "12 deals", "3 records", "invalid input: limit must be at most 25". */
  summary: string;
  ok: boolean;
}

/** What ai.ask streams. */
export type AskEvent<TMessage> =
  | { type: 'started'; conversationId: number; questionId: number }
  | { type: 'step'; step: AskStep }
  | { type: 'text'; delta: string }
  | { type: 'done'; message: TMessage }
  | { type: 'error'; message: string }
  /** The user stopped it (the request closed); stored as cancelled with what was written so far. */
  | { type: 'cancelled'; message: TMessage | null };

/**
 * "Save as report" on an answer: which answer, and which of its steps (by default its last deal look-up). The
 * steps are re-read from the stored answer, never taken from the client.
 */
/** The tools whose calls have a report equivalent (server/domain/assistant/answerReport.ts). */
export const reportableTools = ['list_opportunities', 'aggregate_opportunities'] as const;
export const aiAnswerReport = z.object({ messageId: recordId, stepIndex: z.number().int().min(0).max(100).optional() });
export type AiAnswerReport = z.infer<typeof aiAnswerReport>;
export const aiSaveAnswerAsReport = aiAnswerReport.extend({
  name: requiredText('Name', 255),
  /** Shared reports are listed for everyone, who run them as themselves. */
  shared: z.boolean().default(false),
});
export type AiSaveAnswerAsReport = z.output<typeof aiSaveAnswerAsReport>;

/** A thumbs up or down on a review or an answer (null takes it back). */
export const aiFeedback = z.object({ kind: z.enum(['review', 'answer']), id: recordId, feedback: z.enum(['up', 'down']).nullable() });
export type AiFeedback = z.infer<typeof aiFeedback>;

// Prompt versions and experiments (admins; server/assistant/prompts.ts).

export const promptFeatures = ['deal-review', 'ask'] as const;
export const promptFeature = z.enum(promptFeatures);
export const promptMaxLength = 20_000;

/** A new version of a prompt (versions are never edited in place); `activate` puts it in use at once. */
export const aiPromptSave = z.object({
  feature: promptFeature,
  system: text().trim().min(1, 'The prompt is empty').max(promptMaxLength, `At most ${promptMaxLength} characters`),
  note: optionalText(500),
  activate: z.boolean().default(false),
});
export type AiPromptSave = z.output<typeof aiPromptSave>;
export const aiPromptVersionById = z.object({ versionId: recordId });
export type AiPromptVersionById = z.infer<typeof aiPromptVersionById>;

/** Splits the feature's traffic: this share of users get the challenger, the rest the active version. */
export const aiExperimentStart = z.object({
  challengerVersionId: recordId,
  challengerPercent: z.number({ message: 'Enter a percentage' }).int('Whole percent').min(1, 'At least 1%').max(99, 'At most 99%'),
});
export type AiExperimentStart = z.infer<typeof aiExperimentStart>;
export const aiExperimentStop = z.object({ feature: promptFeature });
export type AiExperimentStop = z.infer<typeof aiExperimentStop>;

/** An AI suggestion for the import columns the alias table did not match (the mapping as the user has it now). */
export const aiSuggestImportMapping = z.object({
  uploadId: recordId,
  entity: z.enum(importEntities),
  mapping: importMapping.optional(),
  /** A file analysis (hygiene) reads opportunities with fields of its own; its suggestion names only those. */
  target: z.enum(['import', 'analysis']).default('import'),
});
export type AiSuggestImportMapping = z.infer<typeof aiSuggestImportMapping>;

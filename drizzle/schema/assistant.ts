// The assistant (server/assistant): Claude's deal reviews and Ask-the-CRM conversations, stored with what produced them.
import { datetime, foreignKey, index, int, json, mysqlTable, text, uniqueIndex, varchar } from 'drizzle-orm/mysql-core';
import type { AskLink, AskStep, DealReviewResult } from '../../shared/schemas/assistant';
import { users } from './auth';
import { createdAt, id, ref, updatedAt, userRef } from './columns';
import { opportunities } from './crm';

/** 'cancelled': the user stopped it while Claude was still writing (the call to Anthropic was aborted). */
export const aiReviewStatuses = ['complete', 'failed', 'cancelled'] as const;
export const aiFeedbackValues = ['up', 'down'] as const;

/**
 * One review of one deal: what Claude answered (or why it failed), with the model, the prompt version, the
 * tokens in and out and how long it took, so the team sees earlier reviews and the usage figures add up.
 */
export const aiReviews = mysqlTable('ai_reviews', {
  id: id(),
  opportunityId: ref().notNull().references(() => opportunities.id, { onDelete: 'cascade' }),
  /** Null for the demo's reviews, which no user asked for. */
  requestedById: userRef().references(() => users.id, { onDelete: 'set null' }),
  status: varchar({ length: 16, enum: aiReviewStatuses }).notNull(),
  model: varchar({ length: 100 }).notNull(),
  promptVersion: varchar({ length: 64 }).notNull(),
  /** Risks, what is missing and next actions, each with the sources it cites (null when it failed). */
  result: json().$type<DealReviewResult>(),
  /** What the user was told when it failed. */
  error: text(),
  inputTokens: int().notNull().default(0),
  outputTokens: int().notNull().default(0),
  latencyMs: int().notNull().default(0),
  /** The requester's thumbs up or down. */
  feedback: varchar({ length: 8, enum: aiFeedbackValues }),
  createdAt: createdAt(),
}, (t) => [
  index('ai_reviews_opportunity_idx').on(t.opportunityId, t.createdAt, t.id),
  index('ai_reviews_requested_by_idx').on(t.requestedById),
  index('ai_reviews_prompt_idx').on(t.promptVersion, t.createdAt),
]);

export type AiReview = typeof aiReviews.$inferSelect;

/** A user's conversation with the assistant ("Ask the CRM"): only its user reads it. */
export const aiConversations = mysqlTable('ai_conversations', {
  id: id(),
  userId: userRef().notNull().references(() => users.id, { onDelete: 'cascade' }),
  /** The first question, shortened. */
  title: varchar({ length: 200 }).notNull(),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
}, (t) => [index('ai_conversations_user_idx').on(t.userId, t.updatedAt, t.id)]);

export const aiMessageRoles = ['user', 'assistant'] as const;

/**
 * One turn: the user's question, or the assistant's answer with the tool calls it made (each shown as a step),
 * the records it links to, and (answers) the model, prompt version, tokens, rounds, latency and any error.
 */
export const aiMessages = mysqlTable('ai_messages', {
  id: id(),
  conversationId: ref().notNull().references(() => aiConversations.id, { onDelete: 'cascade' }),
  role: varchar({ length: 16, enum: aiMessageRoles }).notNull(),
  content: text().notNull(),
  steps: json().$type<AskStep[]>(),
  links: json().$type<AskLink[]>(),
  status: varchar({ length: 16, enum: aiReviewStatuses }).notNull().default('complete'),
  model: varchar({ length: 100 }),
  promptVersion: varchar({ length: 64 }),
  error: text(),
  inputTokens: int().notNull().default(0),
  outputTokens: int().notNull().default(0),
  rounds: int().notNull().default(0),
  latencyMs: int().notNull().default(0),
  /** The asker's thumbs up or down on an answer. */
  feedback: varchar({ length: 8, enum: aiFeedbackValues }),
  createdAt: createdAt(),
}, (t) => [
  index('ai_messages_conversation_idx').on(t.conversationId, t.id),
  index('ai_messages_prompt_idx').on(t.promptVersion, t.createdAt),
]);

export type AiConversation = typeof aiConversations.$inferSelect;
export type AiMessage = typeof aiMessages.$inferSelect;

/** What a prompt is for: the deal review's system prompt, and Ask the CRM's. */
export const aiPromptFeatures = ['deal-review', 'ask'] as const;

/**
 * One version of a prompt, never changed once saved (an edit saves the next version), so what a review or an
 * answer records as its prompt version (the label) always names the text that produced it.
 */
export const aiPromptVersions = mysqlTable('ai_prompt_versions', {
  id: id(),
  feature: varchar({ length: 32, enum: aiPromptFeatures }).notNull(),
  /** 1, 2, 3 ... per feature. */
  version: int().notNull(),
  /** "deal-review/2": what ai_reviews.prompt_version and ai_messages.prompt_version hold. */
  label: varchar({ length: 64 }).notNull(),
  system: text().notNull(),
  /** What changed and why, in the admin's words. */
  note: varchar({ length: 500 }),
  /** Null for version 1, which the product installs. */
  createdById: userRef().references(() => users.id, { onDelete: 'set null' }),
  createdAt: createdAt(),
}, (t) => [
  uniqueIndex('ai_prompt_versions_feature_version_uq').on(t.feature, t.version),
  uniqueIndex('ai_prompt_versions_label_uq').on(t.label),
]);

/** Per feature, the version in use: the row admins lock to activate, edit or start an experiment one at a time. */
export const aiPrompts = mysqlTable('ai_prompts', {
  id: id(),
  feature: varchar({ length: 32, enum: aiPromptFeatures }).notNull(),
  activeVersionId: ref().notNull().references(() => aiPromptVersions.id),
  updatedById: userRef().references(() => users.id, { onDelete: 'set null' }),
  updatedAt: updatedAt(),
}, (t) => [uniqueIndex('ai_prompts_feature_uq').on(t.feature)]);

/**
 * An A/B test: `challengerPercent` of the users get the challenger instead of the active (control) version, from
 * startedAt until an admin activates a version or stops it (endedAt). At most one runs per feature.
 */
export const aiPromptExperiments = mysqlTable('ai_prompt_experiments', {
  id: id(),
  feature: varchar({ length: 32, enum: aiPromptFeatures }).notNull(),
  controlVersionId: ref().notNull(),
  challengerVersionId: ref().notNull(),
  challengerPercent: int().notNull(),
  startedById: userRef().references(() => users.id, { onDelete: 'set null' }),
  startedAt: datetime({ fsp: 3 }).notNull(),
  endedAt: datetime({ fsp: 3 }),
  endedById: userRef().references(() => users.id, { onDelete: 'set null' }),
  /** The version activated when it ended; null when it was stopped without a change. */
  outcomeVersionId: ref(),
}, (t) => [
  index('ai_prompt_experiments_feature_idx').on(t.feature, t.endedAt),
  // Named by hand: the generated names pass MySQL's 64-character limit.
  foreignKey({ name: 'ai_experiments_control_fk', columns: [t.controlVersionId], foreignColumns: [aiPromptVersions.id] }),
  foreignKey({ name: 'ai_experiments_challenger_fk', columns: [t.challengerVersionId], foreignColumns: [aiPromptVersions.id] }),
  foreignKey({ name: 'ai_experiments_outcome_fk', columns: [t.outcomeVersionId], foreignColumns: [aiPromptVersions.id] }),
]);

export type AiPromptFeature = (typeof aiPromptFeatures)[number];
export type AiPromptVersion = typeof aiPromptVersions.$inferSelect;
export type AiPromptExperiment = typeof aiPromptExperiments.$inferSelect;

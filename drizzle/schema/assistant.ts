// The assistant (server/assistant): Claude's deal reviews and Ask-the-CRM conversations, stored with what produced them.
import { index, int, json, mysqlTable, text, varchar } from 'drizzle-orm/mysql-core';
import type { AskLink, AskStep, DealReviewResult } from '../../shared/schemas/assistant';
import { users } from './auth';
import { createdAt, id, ref, updatedAt, userRef } from './columns';
import { opportunities } from './crm';

export const aiReviewStatuses = ['complete', 'failed'] as const;
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

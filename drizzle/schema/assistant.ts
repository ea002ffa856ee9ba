// The assistant (server/assistant): Claude's deal reviews, stored with what produced them.
import { datetime, index, int, json, mysqlTable, text, varchar } from 'drizzle-orm/mysql-core';
import type { DealReviewResult } from '../../shared/schemas/assistant';
import { users } from './auth';
import { createdAt, id, ref, userRef } from './columns';
import { opportunities } from './crm';

export const aiReviewStatuses = ['complete', 'failed'] as const;

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
  createdAt: createdAt(),
}, (t) => [
  index('ai_reviews_opportunity_idx').on(t.opportunityId, t.createdAt, t.id),
  index('ai_reviews_requested_by_idx').on(t.requestedById),
  index('ai_reviews_prompt_idx').on(t.promptVersion, t.createdAt),
]);

export type AiReview = typeof aiReviews.$inferSelect;

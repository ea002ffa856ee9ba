// What the assistant costs and how it is received, per prompt version: calls, errors, tokens in and out, latency,
// and the thumbs up/down users gave their answers (Settings -> AI usage, admins). Demo rows (model "demo") are
// not calls and are left out.
import { and, eq, gte, inArray, lt, ne, type SQL, sql } from 'drizzle-orm';
import { aiConversations, aiMessages, aiReviews } from '../../drizzle/schema';
import type { AiFeedback } from '../../shared/schemas/assistant';
import type { DbOrTx } from '../db';
import { assertAdmin } from '../lib/access';
import type { Actor } from '../lib/actor';
import { forbidden, notFound } from '../lib/errors';

export interface PromptUsage {
  promptVersion: string;
  feature: 'Deal review' | 'Ask the CRM';
  calls: number;
  errors: number;
  /** Stopped by the user while Claude was writing. */
  cancelled: number;
  inputTokens: number;
  outputTokens: number;
  averageLatencyMs: number;
  thumbsUp: number;
  thumbsDown: number;
}

const figures = <T extends typeof aiReviews | typeof aiMessages>(t: T) => ({
  promptVersion: sql<string>`${t.promptVersion}`,
  calls: sql<number>`count(*)`.mapWith(Number),
  errors: sql<number>`coalesce(sum(${t.status} = 'failed'), 0)`.mapWith(Number),
  cancelled: sql<number>`coalesce(sum(${t.status} = 'cancelled'), 0)`.mapWith(Number),
  inputTokens: sql<number>`coalesce(sum(${t.inputTokens}), 0)`.mapWith(Number),
  outputTokens: sql<number>`coalesce(sum(${t.outputTokens}), 0)`.mapWith(Number),
  averageLatencyMs: sql<number>`coalesce(round(avg(${t.latencyMs})), 0)`.mapWith(Number),
  thumbsUp: sql<number>`coalesce(sum(${t.feedback} = 'up'), 0)`.mapWith(Number),
  thumbsDown: sql<number>`coalesce(sum(${t.feedback} = 'down'), 0)`.mapWith(Number),
});

export async function aiUsage(db: DbOrTx, actor: Actor): Promise<PromptUsage[]> {
  assertAdmin(actor, 'Only admins can see the AI usage');
  const [reviews, answers] = await Promise.all([
    db.select(figures(aiReviews)).from(aiReviews).where(ne(aiReviews.model, 'demo')).groupBy(aiReviews.promptVersion),
    db
      .select(figures(aiMessages))
      .from(aiMessages)
      .where(and(eq(aiMessages.role, 'assistant'), ne(aiMessages.model, 'demo')))
      .groupBy(aiMessages.promptVersion),
  ]);
  return [
    ...reviews.map((r) => ({ ...r, feature: 'Deal review' as const })),
    ...answers.map((r) => ({ ...r, feature: 'Ask the CRM' as const })),
  ].sort((a, b) => a.promptVersion.localeCompare(b.promptVersion));
}

export type UsageFigures = Omit<PromptUsage, 'promptVersion' | 'feature'>;
export const noUsage: UsageFigures = { calls: 0, errors: 0, cancelled: 0, inputTokens: 0, outputTokens: 0, averageLatencyMs: 0, thumbsUp: 0, thumbsDown: 0 };

/**
 * The figures of these prompt versions (labels), over all time or within [from, to): an experiment's arms are
 * compared over the experiment's own days only. Labels are unique across features, so both tables are asked.
 */
export async function usageOfVersions(db: DbOrTx, labels: string[], window: { from?: Date; to?: Date | null } = {}): Promise<Map<string, UsageFigures>> {
  const out = new Map<string, UsageFigures>();
  if (labels.length === 0) return out;
  const when = (t: typeof aiReviews | typeof aiMessages): SQL[] => [
    inArray(t.promptVersion, labels),
    ne(t.model, 'demo'),
    ...(window.from ? [gte(t.createdAt, window.from)] : []),
    ...(window.to ? [lt(t.createdAt, window.to)] : []),
  ];
  const [reviews, answers] = await Promise.all([
    db.select(figures(aiReviews)).from(aiReviews).where(and(...when(aiReviews))).groupBy(aiReviews.promptVersion),
    db.select(figures(aiMessages)).from(aiMessages).where(and(eq(aiMessages.role, 'assistant'), ...when(aiMessages))).groupBy(aiMessages.promptVersion),
  ]);
  for (const { promptVersion, ...rest } of [...reviews, ...answers]) out.set(promptVersion, rest);
  return out;
}

/** A thumbs up or down (or null to take it back) from whoever asked for the review or the answer. */
export async function setFeedback(db: DbOrTx, actor: Actor, input: AiFeedback): Promise<{ id: number; feedback: AiFeedback['feedback'] }> {
  if (input.kind === 'review') {
    const [row] = await db.select({ requestedById: aiReviews.requestedById, status: aiReviews.status }).from(aiReviews).where(eq(aiReviews.id, input.id));
    if (!row) throw notFound('Review');
    if (row.requestedById === null || row.requestedById !== actor.id) throw forbidden('Only who asked for a review can rate it');
    await db.update(aiReviews).set({ feedback: input.feedback }).where(eq(aiReviews.id, input.id));
  } else {
    const [row] = await db
      .select({ userId: aiConversations.userId, role: aiMessages.role })
      .from(aiMessages)
      .innerJoin(aiConversations, eq(aiConversations.id, aiMessages.conversationId))
      .where(eq(aiMessages.id, input.id));
    // Someone else's conversation does not exist, as far as this user can tell.
    if (!row || row.userId !== actor.id || row.role !== 'assistant') throw notFound('Answer');
    await db.update(aiMessages).set({ feedback: input.feedback }).where(eq(aiMessages.id, input.id));
  }
  return { id: input.id, feedback: input.feedback };
}

// ai.*: Claude's deal reviews and Ask the CRM. Without ANTHROPIC_API_KEY, ai.status says so and ai.reviewDeal answers a 400
// whose message says AI is not configured; nothing else depends on it.
import { aiAsk, aiConversationById, aiFeedback, aiListReviews, aiReviewDeal } from '../../shared/schemas/assistant';
import { adminProcedure, authedProcedure, router } from '../trpc';
import { askQuestion, getConversation, listConversations } from './ask';
import { listReviews, reviewDeal } from './dealReview';
import { aiUsage, setFeedback } from './usage';

export const aiRouter = router({
  status: authedProcedure.query(({ ctx }) => ({ configured: ctx.env.anthropic.configured, model: ctx.env.anthropic.model })),
  /** Streams (httpBatchStreamLink): started, partial answers, then done with the stored review, or error. */
  reviewDeal: authedProcedure.input(aiReviewDeal).mutation(({ ctx, input }) => reviewDeal(ctx, ctx.actor, input)),
  listReviews: authedProcedure.input(aiListReviews).query(({ ctx, input }) => listReviews(ctx.db, ctx.actor, input)),
  /** Ask the CRM. Streams: started, a step per tool call, the answer's text as written, then done or error. */
  ask: authedProcedure.input(aiAsk).mutation(({ ctx, input }) => askQuestion(ctx, ctx.actor, input)),
  feedback: authedProcedure.input(aiFeedback).mutation(({ ctx, input }) => setFeedback(ctx.db, ctx.actor, input)),
  /** Per prompt version: calls, errors, tokens, latency, thumbs (Settings -> AI usage). */
  usage: adminProcedure.query(({ ctx }) => aiUsage(ctx.db, ctx.actor)),
  conversations: authedProcedure.query(({ ctx }) => listConversations(ctx.db, ctx.actor)),
  conversation: authedProcedure.input(aiConversationById).query(({ ctx, input }) => getConversation(ctx.db, ctx.actor, input)),
});

// ai.*: Claude's deal reviews. Without ANTHROPIC_API_KEY, ai.status says so and ai.reviewDeal answers a 400
// whose message says AI is not configured; nothing else depends on it.
import { aiListReviews, aiReviewDeal } from '../../shared/schemas/assistant';
import { authedProcedure, router } from '../trpc';
import { listReviews, reviewDeal } from './dealReview';

export const aiRouter = router({
  status: authedProcedure.query(({ ctx }) => ({ configured: ctx.env.anthropic.configured, model: ctx.env.anthropic.model })),
  /** Streams (httpBatchStreamLink): started, partial answers, then done with the stored review, or error. */
  reviewDeal: authedProcedure.input(aiReviewDeal).mutation(({ ctx, input }) => reviewDeal(ctx, ctx.actor, input)),
  listReviews: authedProcedure.input(aiListReviews).query(({ ctx, input }) => listReviews(ctx.db, ctx.actor, input)),
});

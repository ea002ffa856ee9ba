// ai.*: Claude's deal reviews and Ask the CRM. Without ANTHROPIC_API_KEY, ai.status says so and ai.reviewDeal answers a 400
// whose message says AI is not configured; nothing else depends on it.
import {
  aiAnswerReport,
  aiAsk,
  aiConversationById,
  aiExperimentStart,
  aiExperimentStop,
  aiFeedback,
  aiListReviews,
  aiPromptSave,
  aiPromptVersionById,
  aiReviewDeal,
  aiSaveAnswerAsReport,
  aiSuggestImportMapping,
} from '../../shared/schemas/assistant';
import { adminProcedure, authedProcedure, router } from '../trpc';
import { previewAnswerReport, saveAnswerAsReport } from './answerReport';
import { askQuestion, getConversation, listConversations } from './ask';
import { listReviews, reviewDeal } from './dealReview';
import { suggestImportMapping } from './importMapping';
import { activatePromptVersion, listPrompts, savePromptVersion, startExperiment, stopExperiment } from './prompts';
import { aiUsage, setFeedback } from './usage';

/** Admins: the prompts' versions, which one is active, and experiments between two (Settings -> AI prompts). */
const promptsRouter = router({
  list: adminProcedure.query(({ ctx }) => listPrompts(ctx.db, ctx.actor)),
  save: adminProcedure.input(aiPromptSave).mutation(({ ctx, input }) => savePromptVersion(ctx.db, ctx.actor, input, ctx.clock.now())),
  activate: adminProcedure.input(aiPromptVersionById).mutation(({ ctx, input }) => activatePromptVersion(ctx.db, ctx.actor, input, ctx.clock.now())),
  startExperiment: adminProcedure.input(aiExperimentStart).mutation(({ ctx, input }) => startExperiment(ctx.db, ctx.actor, input, ctx.clock.now())),
  stopExperiment: adminProcedure.input(aiExperimentStop).mutation(({ ctx, input }) => stopExperiment(ctx.db, ctx.actor, input, ctx.clock.now())),
});

export const aiRouter = router({
  status: authedProcedure.query(({ ctx }) => ({ configured: ctx.env.anthropic.configured, model: ctx.env.anthropic.model })),
  /**
   * Streams (httpBatchStreamLink): started, partial answers, then done with the stored review, or error. Closing the
   * request (the Stop button aborts it) aborts the call to Claude; the review is stored as cancelled.
   */
  reviewDeal: authedProcedure.input(aiReviewDeal).mutation(({ ctx, input, signal }) => reviewDeal(ctx, ctx.actor, input, signal)),
  listReviews: authedProcedure.input(aiListReviews).query(({ ctx, input }) => listReviews(ctx.db, ctx.actor, input)),
  /** Ask the CRM. Streams: started, a step per tool call, the answer's text as written, then done or error; Stop as above. */
  ask: authedProcedure.input(aiAsk).mutation(({ ctx, input, signal }) => askQuestion(ctx, ctx.actor, input, { signal, timeZone: ctx.user.timeZone })),
  feedback: authedProcedure.input(aiFeedback).mutation(({ ctx, input }) => setFeedback(ctx.db, ctx.actor, input)),
  /** Per prompt version: calls, errors, tokens, latency, thumbs (Settings -> AI usage). */
  usage: adminProcedure.query(({ ctx }) => aiUsage(ctx.db, ctx.actor)),
  conversations: authedProcedure.query(({ ctx }) => listConversations(ctx.db, ctx.actor)),
  conversation: authedProcedure.input(aiConversationById).query(({ ctx, input }) => getConversation(ctx.db, ctx.actor, input)),
  /** Save as report on an answer: the report its deal look-up makes (or why none), with its first rows. */
  answerReport: authedProcedure.input(aiAnswerReport).query(({ ctx, input }) => previewAnswerReport(ctx, ctx.actor, input, { timeZone: ctx.user.timeZone })),
  saveAnswerAsReport: authedProcedure.input(aiSaveAnswerAsReport).mutation(({ ctx, input }) => saveAnswerAsReport(ctx, ctx.actor, input, { timeZone: ctx.user.timeZone })),
  prompts: promptsRouter,
  /** On an import's mapping step: Claude's suggestion for the unmatched columns, checked against the import's fields. */
  suggestImportMapping: authedProcedure.input(aiSuggestImportMapping).mutation(({ ctx, input }) => suggestImportMapping(ctx, ctx.actor, input)),
});

// ai.reviewDeal and ai.listReviews: a deal's facts, read through the same services (and so the same access and
// sharing rules) as its page, sent to Claude as quoted data; the answer streamed back and stored with its model,
// prompt version, tokens and latency. Nothing here changes the deal.
import { desc, eq } from 'drizzle-orm';
import { aiReviews, users } from '../../drizzle/schema';
import { type AiListReviews, type AiReviewDeal, type DealReviewEvent, dealReviewAnswer, type DealReviewAnswer, type DealReviewResult } from '../../shared/schemas/assistant';
import type { Db, DbOrTx } from '../db';
import {
  DEAL_REVIEW_TOOL,
  type DealReviewFacts,
  dealReviewMessage,
  dealReviewTool,
  finalizeReview,
  reviewSources,
} from '../domain/assistant/dealReview';
import type { Env } from '../env';
import { recordHygiene } from '../hygiene/results';
import { aiFailureMessage, anthropicClient, CANCELLED_MESSAGE, NOT_CONFIGURED_MESSAGE } from '../integrations/anthropic';
import type { Actor } from '../lib/actor';
import { invalid } from '../lib/errors';
import type { Logger } from '../lib/log';
import { listActivitiesByRelated } from '../services/activities';
import { getOpportunity } from '../services/opportunities';
import { eventChannel } from './channel';
import { choosePrompt } from './prompts';

/** How many of the deal's latest activities the review reads. */
export const REVIEW_ACTIVITIES = 30;
const REVIEW_MAX_TOKENS = 2048;
/** Partial answers are sent at most this often while Claude writes. */
const PARTIAL_EVERY_MS = 120;

export interface AssistantDeps {
  db: Db;
  env: Env;
  log: Logger;
  clock: { now(): Date };
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** The deal as its page shows it to `actor`: fields, MEDDIC, stage history, activities, open rule results. */
export async function dealReviewFacts(db: DbOrTx, actor: Actor, opportunityId: number, now: Date): Promise<DealReviewFacts> {
  const deal = await getOpportunity(db, actor, { id: opportunityId });
  const [activityPage, hygiene] = await Promise.all([
    listActivitiesByRelated(db, actor, { relatedToType: 'opportunity', relatedToId: opportunityId, limit: REVIEW_ACTIVITIES }),
    recordHygiene(db, actor, { recordType: 'opportunity', recordId: opportunityId }),
  ]);
  return {
    today: now.toISOString().slice(0, 10),
    deal: {
      id: deal.id,
      name: deal.opportunityName,
      account: deal.accountName,
      owner: deal.ownerName,
      stage: deal.stage,
      amount: deal.amount,
      closeDate: deal.closeDate,
      probability: deal.probability,
      forecastCategory: deal.forecastCategory,
      nextStep: deal.nextStep,
      nextStepDate: deal.nextStepDate,
      pushCount: deal.pushCount,
      stageEnteredAt: deal.stageEnteredAt.toISOString(),
      lastActivityAt: iso(deal.lastActivityAt),
      createdAt: deal.createdAt.toISOString(),
      competitor: deal.competitor,
      lossReason: deal.lossReason,
    },
    meddic: {
      metrics: deal.metrics,
      economicBuyer: deal.economicBuyerName,
      decisionCriteria: deal.decisionCriteria,
      decisionProcess: deal.decisionProcess,
      paperProcess: deal.paperProcess,
      identifiedPain: deal.identifiedPain,
      champion: deal.championName,
      competition: deal.competition,
    },
    stageHistory: deal.stageHistory.map((s) => ({
      id: s.id,
      fromStage: s.fromStage,
      toStage: s.toStage,
      changedAt: s.changedAt.toISOString(),
      amount: s.amount,
      closeDate: s.closeDate,
    })),
    // Already at the sharing level this reader may see: what the page hides, Claude is never sent.
    activities: activityPage.items.map((a) => ({
      id: a.id,
      type: a.type,
      subject: a.subject,
      snippet: a.body,
      occurredAt: a.occurredAt.toISOString(),
      direction: a.direction,
      dueAt: iso(a.dueAt),
      completedAt: iso(a.completedAt),
    })),
    ruleResults: hygiene.results.map((r) => ({ ruleId: r.ruleId, severity: r.severity, message: r.message })),
  };
}

const reviewColumns = {
  id: aiReviews.id,
  opportunityId: aiReviews.opportunityId,
  status: aiReviews.status,
  model: aiReviews.model,
  promptVersion: aiReviews.promptVersion,
  result: aiReviews.result,
  error: aiReviews.error,
  inputTokens: aiReviews.inputTokens,
  outputTokens: aiReviews.outputTokens,
  latencyMs: aiReviews.latencyMs,
  createdAt: aiReviews.createdAt,
  requestedById: aiReviews.requestedById,
  requestedByName: users.name,
};

export type StoredReview = Omit<typeof aiReviews.$inferSelect, 'result'> & { result: DealReviewResult | null; requestedByName: string | null };

async function getReview(db: DbOrTx, id: number): Promise<StoredReview> {
  const [row] = await db.select(reviewColumns).from(aiReviews).leftJoin(users, eq(users.id, aiReviews.requestedById)).where(eq(aiReviews.id, id));
  return row as StoredReview;
}

/** A deal's reviews, newest first (every signed-in user may read them, as the deal). */
export async function listReviews(db: DbOrTx, actor: Actor, input: AiListReviews): Promise<StoredReview[]> {
  await getOpportunity(db, actor, { id: input.opportunityId });
  const rows = await db
    .select(reviewColumns)
    .from(aiReviews)
    .leftJoin(users, eq(users.id, aiReviews.requestedById))
    .where(eq(aiReviews.opportunityId, input.opportunityId))
    .orderBy(desc(aiReviews.createdAt), desc(aiReviews.id))
    .limit(input.limit);
  return rows as StoredReview[];
}

export type DealReviewStreamEvent = DealReviewEvent<StoredReview>;

/**
 * Starts a review and answers its events as they come. Refused up front (a 4xx the button shows) when AI is not
 * configured or the deal does not exist. Once started, the review runs to its end and is stored even if the
 * reader stops reading; a failure is stored too (with what the user was told) and ends the stream as an error
 * event. `signal` is the request's: when the user presses Stop (or closes the page) the request closes, the call to
 * Anthropic is aborted through the SDK and the review is stored as cancelled.
 */
export async function reviewDeal(deps: AssistantDeps, actor: Actor, input: AiReviewDeal, signal?: AbortSignal): Promise<AsyncIterable<DealReviewStreamEvent>> {
  const client = anthropicClient(deps.env.anthropic);
  if (!client) throw invalid(NOT_CONFIGURED_MESSAGE);
  const startedAt = deps.clock.now();
  const facts = await dealReviewFacts(deps.db, actor, input.opportunityId, startedAt);
  const sources = reviewSources(facts);
  const prompt = await choosePrompt(deps.db, 'deal-review', actor);
  const model = deps.env.anthropic.model;
  const channel = eventChannel<DealReviewStreamEvent>();
  const started = Date.now();
  const store = async (values: Partial<typeof aiReviews.$inferInsert>) => {
    const [row] = await deps.db
      .insert(aiReviews)
      .values({
        opportunityId: input.opportunityId,
        requestedById: actor.id,
        model,
        promptVersion: prompt.label,
        status: 'failed',
        latencyMs: Date.now() - started,
        createdAt: startedAt,
        ...values,
      })
      .$returningId();
    return getReview(deps.db, row!.id);
  };

  const run = async () => {
    channel.push({ type: 'started', model, promptVersion: prompt.label });
    let usage = { inputTokens: 0, outputTokens: 0 };
    try {
      const stream = client.messages.stream(
        {
          model,
          max_tokens: REVIEW_MAX_TOKENS,
          system: prompt.system,
          messages: [{ role: 'user', content: dealReviewMessage(facts) }],
          tools: [dealReviewTool],
          tool_choice: { type: 'tool', name: DEAL_REVIEW_TOOL },
        },
        { signal },
      );
      // Claude bills the input of a call that is stopped half-way: counted from the stream's start.
      stream.on('streamEvent', (event) => {
        if (event.type === 'message_start') usage = { inputTokens: event.message.usage.input_tokens ?? 0, outputTokens: 0 };
      });
      let lastPartial = 0;
      stream.on('inputJson', (_delta, snapshot) => {
        const at = Date.now();
        if (at - lastPartial < PARTIAL_EVERY_MS || !snapshot || typeof snapshot !== 'object') return;
        lastPartial = at;
        channel.push({ type: 'partial', answer: snapshot as Partial<DealReviewAnswer> });
      });
      const message = await stream.finalMessage();
      usage = { inputTokens: message.usage.input_tokens ?? 0, outputTokens: message.usage.output_tokens ?? 0 };
      const call = message.content.find((block) => block.type === 'tool_use' && block.name === DEAL_REVIEW_TOOL);
      const parsed = call && call.type === 'tool_use' ? dealReviewAnswer.safeParse(call.input) : null;
      if (!parsed?.success) {
        deps.log.warn('deal review: answer was not a valid review', { opportunityId: input.opportunityId, stopReason: message.stop_reason, issues: parsed?.error.issues });
        const review = await store({ ...usage, error: 'Claude\'s answer was not a complete review. Please try again.' });
        channel.push({ type: 'error', message: review.error!, reviewId: review.id });
        return;
      }
      const review = await store({ ...usage, status: 'complete', result: finalizeReview(parsed.data, sources) });
      channel.push({ type: 'done', review });
    } catch (error) {
      if (signal?.aborted) {
        const review = await store({ ...usage, status: 'cancelled', error: CANCELLED_MESSAGE }).catch((storeError: unknown) => {
          deps.log.error('deal review: could not store the cancellation', { error: storeError });
          return null;
        });
        channel.push({ type: 'cancelled', reviewId: review?.id ?? null });
        return;
      }
      const message = aiFailureMessage(error);
      deps.log.warn('deal review failed', { opportunityId: input.opportunityId, error });
      const review = await store({ ...usage, error: message }).catch((storeError: unknown) => {
        deps.log.error('deal review: could not store the failure', { error: storeError });
        return null;
      });
      channel.push({ type: 'error', message, reviewId: review?.id ?? null });
    } finally {
      channel.close();
    }
  };
  void run();
  return channel.iterate();
}

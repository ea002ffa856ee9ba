// ai.ask and the conversations it keeps: a question answered by Claude through read-only tools (tools.ts) that
// run as the asking user; each tool call streams to the chat as a step, the answer as it is written. At most
// MAX_ROUNDS tool rounds per question. Conversations are the asking user's own.
import type { MessageParam, ToolResultBlockParam } from '@anthropic-ai/sdk/resources/messages';
import { and, asc, desc, eq, notInArray } from 'drizzle-orm';
import { aiConversations, aiMessages } from '../../drizzle/schema';
import type { AiAsk, AskEvent, AskLink, AskStep } from '../../shared/schemas/assistant';
import type { DbOrTx } from '../db';
import { answerLinks, askSystemPrompt, MAX_ROUNDS, ROUND_LIMIT_ANSWER } from '../domain/assistant/ask';
import { calendarDay } from '../../shared/periods';
import { quotedData } from '../domain/assistant/dealReview';
import { aiFailureMessage, anthropicClient, CANCELLED_MESSAGE, NOT_CONFIGURED_MESSAGE } from '../integrations/anthropic';
import type { Actor } from '../lib/actor';
import { invalid, notFound } from '../lib/errors';
import { getOrganisationSettings } from '../services/settings';
import { eventChannel } from './channel';
import type { AssistantDeps } from './dealReview';
import { choosePrompt } from './prompts';
import { askToolDefinitions, runTool, type ToolContext } from './tools';

const ASK_MAX_TOKENS = 1500;
/** Earlier turns of the conversation sent with a question. */
const HISTORY_TURNS = 20;

export type StoredMessage = typeof aiMessages.$inferSelect;
export type AskStreamEvent = AskEvent<StoredMessage>;

async function ownConversation(db: DbOrTx, actor: Actor, id: number) {
  const [row] = await db.select().from(aiConversations).where(eq(aiConversations.id, id));
  // Someone else's conversation does not exist, as far as this user can tell.
  if (!row || row.userId !== actor.id) throw notFound('Conversation');
  return row;
}

export async function listConversations(db: DbOrTx, actor: Actor) {
  if (!actor.id) return [];
  return db.select().from(aiConversations).where(eq(aiConversations.userId, actor.id)).orderBy(desc(aiConversations.updatedAt), desc(aiConversations.id)).limit(50);
}

export async function getConversation(db: DbOrTx, actor: Actor, { id }: { id: number }) {
  const conversation = await ownConversation(db, actor, id);
  const messages = await db.select().from(aiMessages).where(eq(aiMessages.conversationId, id)).orderBy(asc(aiMessages.id));
  return { conversation, messages };
}

/** Earlier questions and answers as alternating turns (failed and stopped answers left out, their questions merged). */
async function history(db: DbOrTx, conversationId: number): Promise<MessageParam[]> {
  const rows = await db
    .select({ role: aiMessages.role, content: aiMessages.content })
    .from(aiMessages)
    .where(and(eq(aiMessages.conversationId, conversationId), notInArray(aiMessages.status, ['failed', 'cancelled'])))
    .orderBy(desc(aiMessages.id))
    .limit(HISTORY_TURNS);
  const turns: MessageParam[] = [];
  for (const row of rows.reverse()) {
    const last = turns.at(-1);
    if (last && last.role === row.role) last.content = `${String(last.content)}\n\n${row.content}`;
    else turns.push({ role: row.role, content: row.content });
  }
  while (turns[0]?.role === 'assistant') turns.shift();
  return turns;
}

async function storedMessage(db: DbOrTx, id: number): Promise<StoredMessage> {
  const [row] = await db.select().from(aiMessages).where(eq(aiMessages.id, id));
  return row!;
}

/**
 * Asks one question. Refused up front when AI is not configured, the question is invalid or the conversation is
 * not the user's; once started, the answer (or the failure, with what the user was told) is stored even if the
 * reader stops reading. `signal` is the request's: Stop (or closing the page) closes it, which aborts the call to
 * Anthropic in flight through the SDK, calls Claude no more, and stores the answer so far as cancelled.
 * `timeZone` is the asker's, for what "today" is.
 */
export async function askQuestion(
  deps: AssistantDeps,
  actor: Actor & { name: string },
  input: AiAsk,
  options: { signal?: AbortSignal; timeZone?: string } = {},
): Promise<AsyncIterable<AskStreamEvent>> {
  const { signal } = options;
  const client = anthropicClient(deps.env.anthropic);
  if (!client) throw invalid(NOT_CONFIGURED_MESSAGE);
  if (!actor.id) throw invalid('Only a signed-in user can ask the assistant');
  const userId = actor.id;
  const now = deps.clock.now();
  const conversationId = input.conversationId
    ? (await ownConversation(deps.db, actor, input.conversationId)).id
    : (await deps.db.insert(aiConversations).values({ userId, title: input.question.slice(0, 200), createdAt: now, updatedAt: now }).$returningId())[0]!.id;
  const [earlier, prompt, settings] = await Promise.all([history(deps.db, conversationId), choosePrompt(deps.db, 'ask', actor), getOrganisationSettings(deps.db, actor)]);
  const today = calendarDay(now, options.timeZone ?? 'UTC');
  const [question] = await deps.db.insert(aiMessages).values({ conversationId, role: 'user', content: input.question, createdAt: now }).$returningId();
  await deps.db.update(aiConversations).set({ updatedAt: now }).where(eq(aiConversations.id, conversationId));

  const model = deps.env.anthropic.model;
  const channel = eventChannel<AskStreamEvent>();
  const started = Date.now();
  const steps: AskStep[] = [];
  const found: AskLink[] = [];
  const usage = { inputTokens: 0, outputTokens: 0 };
  let rounds = 0;
  /** The text of the reply being written, kept if the user stops it. */
  let written = '';
  const store = async (values: Partial<typeof aiMessages.$inferInsert> & { content: string }) => {
    const [row] = await deps.db
      .insert(aiMessages)
      .values({ conversationId, role: 'assistant', model, promptVersion: prompt.label, steps, ...usage, rounds, latencyMs: Date.now() - started, createdAt: deps.clock.now(), ...values })
      .$returningId();
    return storedMessage(deps.db, row!.id);
  };

  const run = async () => {
    channel.push({ type: 'started', conversationId, questionId: question!.id });
    try {
      const messages: MessageParam[] = [...earlier, { role: 'user', content: input.question }];
      const system = askSystemPrompt(actor, today, prompt.system, settings.fiscalYearStartMonth);
      const tools: ToolContext = { db: deps.db, actor, now, today, fiscalYearStartMonth: settings.fiscalYearStartMonth };
      let answer: string | null = null;
      while (answer === null && rounds < MAX_ROUNDS) {
        signal?.throwIfAborted();
        rounds += 1;
        const stream = client.messages.stream({ model, max_tokens: ASK_MAX_TOKENS, system, tools: askToolDefinitions, messages }, { signal });
        stream.on('text', (delta) => {
          written += delta;
          channel.push({ type: 'text', delta });
        });
        stream.on('streamEvent', (event) => {
          if (event.type === 'message_start') usage.inputTokens += event.message.usage.input_tokens ?? 0;
        });
        const reply = await stream.finalMessage();
        written = '';
        usage.outputTokens += reply.usage.output_tokens ?? 0;
        const calls = reply.content.filter((block) => block.type === 'tool_use');
        if (calls.length === 0) {
          answer = reply.content.flatMap((block) => (block.type === 'text' ? [block.text] : [])).join('').trim();
          break;
        }
        messages.push({ role: 'assistant', content: reply.content });
        const results: ToolResultBlockParam[] = [];
        for (const call of calls) {
          const outcome = await runTool(tools, call.name, call.input);
          const step: AskStep = outcome.ok
            ? { tool: call.name, input: call.input, summary: outcome.output.summary, ok: true }
            : { tool: call.name, input: call.input, summary: outcome.error, ok: false };
          if (outcome.ok) found.push(...outcome.output.links);
          steps.push(step);
          channel.push({ type: 'step', step });
          results.push({
            type: 'tool_result',
            tool_use_id: call.id,
            content: outcome.ok ? quotedData(outcome.output.data) : outcome.error,
            ...(outcome.ok ? {} : { is_error: true }),
          });
        }
        messages.push({ role: 'user', content: results });
      }
      const message =
        answer === null
          ? await store({ content: ROUND_LIMIT_ANSWER, status: 'failed', error: `round limit (${MAX_ROUNDS})` })
          : await store({ content: answer || 'Claude gave no answer.', links: answerLinks(answer, found) });
      channel.push({ type: 'done', message });
    } catch (error) {
      if (signal?.aborted) {
        const message = await store({ content: written.trim(), status: 'cancelled', error: CANCELLED_MESSAGE }).catch((storeError: unknown) => {
          deps.log.error('assistant: could not store the cancellation', { error: storeError });
          return null;
        });
        channel.push({ type: 'cancelled', message });
        return;
      }
      const text = aiFailureMessage(error);
      deps.log.warn('assistant question failed', { conversationId, error });
      await store({ content: text, status: 'failed', error: text }).catch((storeError: unknown) => deps.log.error('assistant: could not store the failure', { error: storeError }));
      channel.push({ type: 'error', message: text });
    } finally {
      await deps.db.update(aiConversations).set({ updatedAt: new Date() }).where(eq(aiConversations.id, conversationId)).catch(() => undefined);
      channel.close();
    }
  };
  void run();
  return channel.iterate();
}

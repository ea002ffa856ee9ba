// ai.answerReport and ai.saveAnswerAsReport: an answer's deal look-up as a saved report. The answer's steps are
// re-read from the database (the asker's own conversation only) and re-validated with the tools' schemas;
// the definition comes from domain/assistant/answerReport.ts, its preview from the report executor and the
// save from saveReport, all as the asking user, so the report shows what the reports page would.
import { and, desc, eq, inArray, lt } from 'drizzle-orm';
import { aiConversations, aiMessages, users } from '../../drizzle/schema';
import { calendarDay } from '../../shared/periods';
import type { AiAnswerReport, AiSaveAnswerAsReport } from '../../shared/schemas/assistant';
import type { ReportDefinition } from '../../shared/schemas/reports';
import type { DbOrTx } from '../db';
import { type AnswerCall, answerReport as reportForAnswer, describeFilter, reportableTools, reportNameFor } from '../domain/assistant/answerReport';
import type { Actor } from '../lib/actor';
import { invalid, notFound } from '../lib/errors';
import { executeReport } from '../reports/execute';
import { saveReport } from '../reports/savedReports';
import { getOrganisationSettings } from '../services/settings';
import { dealToolInputs } from './tools';

export const PREVIEW_ROWS = 10;

interface Deps {
  db: DbOrTx;
  clock: { now(): Date };
}

/** The answer, if it is in one of the actor's own conversations (anyone else's is "not found"). */
async function ownAnswer(db: DbOrTx, actor: Actor, messageId: number) {
  const [row] = await db
    .select({ message: aiMessages, userId: aiConversations.userId })
    .from(aiMessages)
    .innerJoin(aiConversations, eq(aiConversations.id, aiMessages.conversationId))
    .where(eq(aiMessages.id, messageId));
  if (!row || !actor.id || row.userId !== actor.id) throw notFound('Answer');
  if (row.message.role !== 'assistant') throw invalid('Only an answer can be saved as a report');
  return row.message;
}

/** The stored steps with their inputs as the tools read them today (a call that no longer validates: null). */
function storedCalls(message: typeof aiMessages.$inferSelect): AnswerCall[] {
  return (message.steps ?? []).map((step) => {
    const schema = dealToolInputs[step.tool as keyof typeof dealToolInputs];
    if (!schema) return { tool: step.tool, ok: step.ok, input: step.input };
    const parsed = schema.safeParse(step.input);
    return { tool: step.tool, ok: step.ok, input: parsed.success ? parsed.data : null } as AnswerCall;
  });
}

type Resolved =
  | { available: false; reason: string }
  | { available: true; definition: ReportDefinition; stepIndex: number; notes: string[]; message: typeof aiMessages.$inferSelect };

async function resolve(db: DbOrTx, actor: Actor, input: AiAnswerReport, timeZone: string): Promise<Resolved> {
  const message = await ownAnswer(db, actor, input.messageId);
  if (message.status !== 'complete') return { available: false, reason: 'This answer did not finish, so it cannot be saved as a report.' };
  const settings = await getOrganisationSettings(db, actor);
  // "This quarter" in the answer meant the quarter of the day it was asked, in the asker's zone.
  const result = reportForAnswer(storedCalls(message), { today: calendarDay(message.createdAt, timeZone), fiscalYearStartMonth: settings.fiscalYearStartMonth }, input.stepIndex);
  if (!result.ok) return { available: false, reason: result.reason };
  return { available: true, definition: result.definition, stepIndex: result.stepIndex, notes: result.notes, message };
}

async function questionBefore(db: DbOrTx, message: typeof aiMessages.$inferSelect): Promise<string | null> {
  const [row] = await db
    .select({ content: aiMessages.content })
    .from(aiMessages)
    .where(and(eq(aiMessages.conversationId, message.conversationId), eq(aiMessages.role, 'user'), lt(aiMessages.id, message.id)))
    .orderBy(desc(aiMessages.id))
    .limit(1);
  return row?.content ?? null;
}

async function ownerNames(db: DbOrTx, definition: ReportDefinition): Promise<Map<string, string>> {
  const ids = definition.filters.flatMap((f) => (f.field === 'owner' ? [f.value].flat() : [])).filter((v): v is string => typeof v === 'string' && v !== 'me');
  if (ids.length === 0) return new Map();
  const rows = await db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, ids));
  return new Map(rows.map((u) => [u.id, u.name]));
}

/** The dialog's preview: the definition, its filters in words, notes, a suggested name and the first rows. */
export async function previewAnswerReport(deps: Deps, actor: Actor, input: AiAnswerReport, options: { timeZone?: string } = {}) {
  const resolved = await resolve(deps.db, actor, input, options.timeZone ?? 'UTC');
  if (!resolved.available) return resolved;
  const { definition, stepIndex, notes, message } = resolved;
  const [question, names, preview] = await Promise.all([
    questionBefore(deps.db, message),
    ownerNames(deps.db, definition),
    executeReport(deps.db, actor, { ...definition, limit: PREVIEW_ROWS }, deps.clock.now()),
  ]);
  const steps = (message.steps ?? []).flatMap((s, index) => (s.ok && (reportableTools as readonly string[]).includes(s.tool) ? [{ index, tool: s.tool, summary: s.summary }] : []));
  return {
    available: true as const,
    stepIndex,
    /** The answer's steps a report can be made from (the dialog offers a choice when there are several). */
    steps,
    definition,
    filters: definition.filters.map((f) => describeFilter(f, names)),
    notes,
    suggestedName: reportNameFor(question),
    preview,
  };
}

/** Saves the answer's report as the actor's own (audited by saveReport); field errors on `name`. */
export async function saveAnswerAsReport(deps: Deps, actor: Actor, input: AiSaveAnswerAsReport, options: { timeZone?: string } = {}) {
  const resolved = await resolve(deps.db, actor, input, options.timeZone ?? 'UTC');
  if (!resolved.available) throw invalid(resolved.reason);
  return saveReport(deps.db, actor, { name: input.name, definition: resolved.definition, shared: input.shared, schedule: null }, deps.clock.now());
}

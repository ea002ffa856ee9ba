// Ask the CRM: the system prompt and how an answer's record links are read (pure; server/domain/README.md).
import type { AskLink } from '../../../shared/schemas/assistant';
import { ASK_SYSTEM_TEMPLATE, renderPrompt } from './prompts';

/** The label of version 1 (the demo's stored answers carry it). */
export const ASK_PROMPT_VERSION = 'ask/1';
/** Tool-call rounds per question: after this many, the question ends without calling Claude again. */
export const MAX_ROUNDS = 6;
export const ROUND_LIMIT_ANSWER = `I stopped after ${MAX_ROUNDS} rounds of looking things up without reaching an answer. Try a narrower question (one owner, one stage or one period).`;

const monthNames = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** Ask the CRM's system prompt for this user: a version's template (prompts.ts) with its placeholders filled in. */
export function askSystemPrompt(user: { name: string; role: string }, today: string, template = ASK_SYSTEM_TEMPLATE, fiscalYearStartMonth = 1): string {
  return renderPrompt(template, { userName: user.name, userRole: user.role, today, fiscalYearStart: monthNames[fiscalYearStartMonth - 1]! });
}

const LINK = /\[([^\]\n]{1,200})\]\((account|contact|lead|opportunity|project|case):(\d{1,12})\)/g;

/** The links an answer makes, kept only where a tool returned that record (so Claude cannot invent one). */
export function answerLinks(answer: string, known: readonly AskLink[]): AskLink[] {
  const byKey = new Map(known.map((l) => [`${l.type}:${l.id}`, l]));
  const out = new Map<string, AskLink>();
  for (const m of answer.matchAll(LINK)) {
    const found = byKey.get(`${m[2]}:${m[3]}`);
    if (found) out.set(`${m[2]}:${m[3]}`, found);
  }
  return [...out.values()];
}

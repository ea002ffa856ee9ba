// The demo's assistant: a few open deals carry a stored example review, made from their own data without
// calling Claude (model "demo"), and a rep has a kept conversation, so both show before a key is set.
import { desc, isNull } from 'drizzle-orm';
import { aiConversations, aiMessages, aiReviews, opportunities } from '../../drizzle/schema';
import type { DealReviewAnswer, ReviewPoint } from '../../shared/schemas/assistant';
import type { Tx } from '../db';
import { DEAL_REVIEW_PROMPT_VERSION, type DealReviewFacts, finalizeReview, reviewSources } from '../domain/assistant/dealReview';
import { systemActor } from '../lib/actor';
import { ASK_PROMPT_VERSION, answerLinks } from '../domain/assistant/ask';
import { dealReviewFacts } from './dealReview';
import { runTool } from './tools';
import { savePromptVersion, startExperiment } from './prompts';
import { ASK_SYSTEM_TEMPLATE } from '../domain/assistant/prompts';

const DEMO_REVIEWED_DEALS = 5;
const DAY = 86_400_000;

const meddicLabels: [keyof DealReviewFacts['meddic'], string][] = [
  ['economicBuyer', 'No economic buyer is named'],
  ['champion', 'No champion is named'],
  ['metrics', 'No agreed success metrics'],
  ['decisionProcess', 'The decision process is not written down'],
  ['paperProcess', 'The paper process (legal, procurement) is unknown'],
  ['decisionCriteria', 'The decision criteria are not recorded'],
];

/** A review as a careful reader of the deal's data would write it: every point cites what it rests on. */
export function exampleReview(facts: DealReviewFacts, now: Date): DealReviewAnswer {
  const { deal } = facts;
  const risks: ReviewPoint[] = facts.ruleResults.slice(0, 3).map((r) => ({ text: r.message, cites: [`rule:${r.ruleId}`] }));
  if (deal.pushCount > 0) risks.push({ text: `The close date has been pushed ${deal.pushCount} time${deal.pushCount === 1 ? '' : 's'}.`, cites: ['field:pushCount', 'field:closeDate'] });
  const quietDays = deal.lastActivityAt ? Math.floor((now.getTime() - Date.parse(deal.lastActivityAt)) / DAY) : null;
  if (quietDays === null || quietDays > 14) {
    risks.push({ text: quietDays === null ? 'No customer activity has been logged.' : `No customer contact for ${quietDays} days.`, cites: ['field:lastActivityAt'] });
  }
  const missing = meddicLabels.filter(([field]) => !facts.meddic[field]).slice(0, 4).map(([field, text]) => ({ text: `${text}.`, cites: [`field:${field}`] }));
  const nextActions: ReviewPoint[] = [];
  if (!facts.meddic.economicBuyer) nextActions.push({ text: 'Ask the champion to introduce the economic buyer and book a 30-minute call.', cites: ['field:economicBuyer'] });
  if (!deal.nextStep) nextActions.push({ text: 'Agree a dated next step with the customer and record it.', cites: ['field:nextStep'] });
  const latest = facts.activities.find((a) => Date.parse(a.occurredAt) <= now.getTime());
  if (latest && nextActions.length < 3) nextActions.push({ text: `Follow up on “${latest.subject}” with a written summary and a proposed date.`, cites: [`activity:${latest.id}`] });
  if (nextActions.length === 0) nextActions.push({ text: 'Confirm the close date with the champion this week.', cites: ['field:closeDate'] });
  const amount = deal.amount ? `$${Number(deal.amount).toLocaleString('en-US')}` : 'an unvalued';
  return {
    summary: `${amount} ${deal.stage} deal with ${deal.account}${deal.closeDate ? `, closing ${deal.closeDate}` : ' without a close date'}. ${facts.ruleResults.length} open hygiene result${facts.ruleResults.length === 1 ? '' : 's'}.`,
    risks: risks.slice(0, 4),
    missing,
    nextActions: nextActions.slice(0, 3),
  };
}

/** Run after the demo's first hygiene scan, in the demo's transaction. */
export async function seedDemoDealReviews(tx: Tx, now: Date): Promise<void> {
  const deals = await tx.select({ id: opportunities.id }).from(opportunities).where(isNull(opportunities.closedAt)).orderBy(desc(opportunities.amount)).limit(DEMO_REVIEWED_DEALS);
  const actor = systemActor('demo data');
  for (const [i, deal] of deals.entries()) {
    const reviewedAt = new Date(now.getTime() - (i + 1) * DAY);
    const facts = await dealReviewFacts(tx, actor, deal.id, reviewedAt);
    const result = finalizeReview(exampleReview(facts, reviewedAt), reviewSources(facts));
    await tx.insert(aiReviews).values({ opportunityId: deal.id, requestedById: null, status: 'complete', model: 'demo', promptVersion: DEAL_REVIEW_PROMPT_VERSION, result, createdAt: reviewedAt });
  }
}

/** A rep's kept conversation: the question the panel suggests, answered through the real tool as that rep. */
export async function seedDemoConversation(tx: Tx, user: { id: string; name: string }, now: Date): Promise<void> {
  const question = 'Which of my open deals have no economic buyer?';
  const input = { owner: 'me', open: true, missing: ['economicBuyer'], limit: 10 };
  const run = await runTool({ db: tx, actor: { id: user.id, role: 'rep', name: user.name }, now, today: now.toISOString().slice(0, 10), fiscalYearStartMonth: 1 }, 'list_opportunities', input);
  if (!run.ok) return;
  const deals = run.output.links;
  const answer =
    deals.length === 0
      ? 'All your open deals name an economic buyer.'
      : `${deals.length} of your open deals have no economic buyer${run.output.summary.includes('more') ? ' (the first 10 shown)' : ''}:\n${deals.map((d) => `- [${d.label}](opportunity:${d.id})`).join('\n')}\nStart with the ones closing soonest.`;
  const askedAt = new Date(now.getTime() - 2 * 3_600_000);
  const [conversation] = await tx.insert(aiConversations).values({ userId: user.id, title: question, createdAt: askedAt, updatedAt: askedAt }).$returningId();
  await tx.insert(aiMessages).values([
    { conversationId: conversation!.id, role: 'user', content: question, createdAt: askedAt },
    {
      conversationId: conversation!.id,
      role: 'assistant',
      content: answer,
      steps: [{ tool: 'list_opportunities', input, summary: run.output.summary, ok: true }],
      links: answerLinks(answer, deals),
      model: 'demo',
      promptVersion: ASK_PROMPT_VERSION,
      rounds: 2,
      createdAt: askedAt,
    },
  ]);
}

/**
 * The prompts page has something to compare: Ask the CRM's shipped prompt (version 1) and an admin's version 2 that
 * leads with the answer, tried on half of the users. Its figures start at zero: demo answers are not calls.
 */
export async function seedDemoPrompts(tx: Tx, admin: { id: string; name: string }, now: Date): Promise<void> {
  const actor = { id: admin.id, role: 'admin' as const, name: admin.name };
  const system = `${ASK_SYSTEM_TEMPLATE}\nLead with the answer itself (the number, or the list of records), then at most two sentences of context.`;
  const challenger = await savePromptVersion(tx, actor, { feature: 'ask', system, note: 'Lead with the answer', activate: false }, new Date(now.getTime() - 3 * DAY));
  await startExperiment(tx, actor, { challengerVersionId: challenger.id, challengerPercent: 50 }, new Date(now.getTime() - 2 * DAY));
}

// Save this answer as a report, against our fake Anthropic: the answer's stored deal look-up becomes a report whose
// preview and saved runs show what the tool found, as the asking user; only the asker's own answers, re-read from
// the database; answers without a deal look-up say why; saving is audited and names its field errors.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aiMessages, auditLog, contacts } from '../../../drizzle/schema';
import type { AskStreamEvent } from '../../../server/assistant/ask';
import { type Env, loadEnv } from '../../../server/env';
import type { SessionUser } from '../../../server/lib/actor';
import { fixedClock } from '../../../server/lib/clock';
import { appRouter } from '../../../server/routers';
import { createCallerFactory } from '../../../server/trpc';
import { type FakeAnthropic, startFakeAnthropic } from '../../fakes/anthropic';
import { ctxFor } from '../../helpers/context';
import { clientError } from '../../helpers/errorShape';
import { makeAccount } from '../../helpers/factories/accounts';
import { insertRow } from '../../helpers/factories/insertRow';
import { makeOpportunity } from '../../helpers/factories/opportunities';
import { makeUser } from '../../helpers/factories/users';
import { useTestDatabase } from '../../helpers/testDatabase';

const t = useTestDatabase();
const createCaller = createCallerFactory(appRouter);
const clock = fixedClock(new Date('2026-12-02T15:00:00Z'));
let fake: FakeAnthropic;
let env: Env;
let rep: SessionUser;
let other: SessionUser;
const as = (user: SessionUser) => createCaller({ ...ctxFor(t, user, clock), env });

/** Asks `question`; Claude (the fake) makes the given tool calls, one per round, then answers. Returns the answer's id. */
async function answered(user: SessionUser, question: string, ...calls: { name: string; input: unknown }[]): Promise<number> {
  fake.reply(...calls.map((c) => ({ content: [{ type: 'tool_use' as const, name: c.name, input: c.input }] })), { content: [{ type: 'text', text: 'Here it is.' }] });
  let done: AskStreamEvent | undefined;
  for await (const e of await as(user).ai.ask({ question })) if (e.type === 'done') done = e;
  if (done?.type !== 'done') throw new Error('the question did not finish');
  return done.message.id;
}

beforeAll(async () => {
  fake = await startFakeAnthropic();
  env = loadEnv({ DATABASE_URL: t.url, LOG_LEVEL: 'silent', DEMO_DATA: 'false', ...fake.env });
  rep = await makeUser(t.db, { role: 'rep', name: 'Rhea Reports' });
  other = await makeUser(t.db, { role: 'rep', name: 'Otto Other' });
  const account = await makeAccount(t.db, { ownerId: rep.id, accountName: 'Umbrella' });
  const buyer = await insertRow(t.db, contacts, { firstName: 'Bea', lastName: 'Budget', accountId: account.id, ownerId: rep.id });
  const champion = await insertRow(t.db, contacts, { firstName: 'Cy', lastName: 'Champ', accountId: account.id, ownerId: rep.id });
  // Q4 2026 is 1 October to 31 December.
  await makeOpportunity(t.db, { opportunityName: 'Umbrella renewal', ownerId: rep.id, accountId: account.id, stage: 'Proposal', amount: '30000.00', closeDate: '2026-12-15', economicBuyerContactId: buyer.id, championContactId: champion.id });
  await makeOpportunity(t.db, { opportunityName: 'Umbrella pilot', ownerId: rep.id, accountId: account.id, stage: 'Discovery', amount: '8000.00', closeDate: '2026-11-20' });
  await makeOpportunity(t.db, { opportunityName: 'Umbrella next year', ownerId: rep.id, accountId: account.id, stage: 'Discovery', closeDate: '2027-01-15' });
  await makeOpportunity(t.db, { opportunityName: 'Not mine', ownerId: other.id, accountId: account.id, stage: 'Discovery', closeDate: '2026-12-01' });
  // Closed against Acme in Q3 2026: two won, one lost.
  for (const [stage, closedAt] of [['Closed Won', '2026-07-10'], ['Closed Won', '2026-08-10'], ['Closed Lost', '2026-09-30']] as const) {
    await makeOpportunity(t.db, { ownerId: rep.id, accountId: account.id, stage, competitor: 'Acme', amount: '5000.00', closeDate: closedAt, closedAt: new Date(`${closedAt}T12:00:00Z`) });
  }
});

afterAll(async () => {
  await fake?.close();
});

describe('save an answer as a report', () => {
  it('previews and saves the report of a deal list, as the asker, and the saved report runs the same', async () => {
    const question = 'Which of my deals closing this quarter have no economic buyer?';
    const messageId = await answered(rep, question, { name: 'list_opportunities', input: { owner: 'me', open: true, closePeriod: 'this_quarter', missing: ['economicBuyer'], limit: 10 } });

    const preview = await as(rep).ai.answerReport({ messageId });
    if (!preview.available) throw new Error(preview.reason);
    expect(preview.suggestedName).toBe('Which of my deals closing this quarter have no economic buyer');
    expect(preview.stepIndex).toBe(0);
    expect(preview.filters).toEqual(['Owner is me', 'Open is yes', 'Close date between 2026-10-01 and 2026-12-31', 'Economic buyer is empty']);
    expect(preview.notes[0]).toContain('Q4 2026');
    expect(preview.preview.rows.map((r) => r.cells[0])).toEqual(['Umbrella pilot']);
    expect(preview.preview.total).toBe(1);

    // The client cannot hand over a definition of its own: only the stored steps count.
    const saved = await as(rep).ai.saveAnswerAsReport({ messageId, name: 'No economic buyer this quarter', definition: { entity: 'accounts', columns: ['accountName'] } } as never);
    expect(saved).toMatchObject({ name: 'No economic buyer this quarter', ownerId: rep.id, shared: false, canEdit: true, definition: preview.definition });
    const run = await as(rep).reports.run({ id: saved.id, limit: 50 });
    expect(run.rows.map((r) => r.cells[0])).toEqual(['Umbrella pilot']);
    const [audit] = await t.db.select().from(auditLog).where(and(eq(auditLog.entityType, 'savedReport'), eq(auditLog.entityId, String(saved.id))));
    expect(audit).toMatchObject({ action: 'create', actorId: rep.id });
    expect((await as(rep).reports.list()).map((r) => r.name)).toContain('No economic buyer this quarter');
  });

  it('saves an aggregate about closed deals with won and lost as stage groups, shared when asked', async () => {
    const messageId = await answered(rep, 'Win rate against Acme last quarter?', { name: 'aggregate_opportunities', input: { groupBy: 'closedQuarter', competitor: 'acme', closedPeriod: 'last_quarter' } });
    const preview = await as(rep).ai.answerReport({ messageId });
    if (!preview.available) throw new Error(preview.reason);
    expect(preview.preview.columns.map((c) => c.label)).toEqual(['Closed (quarter)', 'Stage', 'Count', 'Sum of Amount', 'Average of Amount']);
    expect(preview.preview.rows.map((r) => r.cells.slice(0, 4))).toEqual([
      ['2026-Q3', 'Closed Won', 2, '10000.00'],
      ['2026-Q3', 'Closed Lost', 1, '5000.00'],
    ]);
    const saved = await as(rep).ai.saveAnswerAsReport({ messageId, name: 'Acme win/loss', shared: true });
    expect(saved.shared).toBe(true);
    // Shared: another user runs it as themselves.
    expect((await as(other).reports.run({ id: saved.id, limit: 50 })).rows).toHaveLength(2);
  });

  it('offers the step asked for when an answer made several look-ups', async () => {
    const messageId = await answered(
      rep,
      'Pipeline by stage, then my open deals',
      { name: 'aggregate_opportunities', input: { groupBy: 'stage', open: true } },
      { name: 'list_opportunities', input: { owner: 'me', open: true } },
    );
    const last = await as(rep).ai.answerReport({ messageId });
    const first = await as(rep).ai.answerReport({ messageId, stepIndex: 0 });
    expect(last).toMatchObject({ available: true, stepIndex: 1, definition: { groupBy: [] } });
    expect(first).toMatchObject({ available: true, stepIndex: 0, definition: { groupBy: [{ field: 'stage' }] } });
    if (!last.available) return;
    expect(last.steps.map((s) => s.index)).toEqual([0, 1]);
    expect(last.preview.rows.map((r) => r.cells[0])).toEqual(['Umbrella pilot', 'Umbrella renewal', 'Umbrella next year']);
  });

  it('says why an answer without a deal look-up cannot be a report, and refuses to save it', async () => {
    const messageId = await answered(rep, 'What do we have with Umbrella?', { name: 'search_records', input: { query: 'Umbrella' } });
    const preview = await as(rep).ai.answerReport({ messageId });
    expect(preview).toEqual({ available: false, reason: 'Only answers that list or count deals can be saved as a report: a search for records by name has no report equivalent.' });
    expect(await clientError(as(rep).ai.saveAnswerAsReport({ messageId, name: 'Search' }))).toMatchObject({ code: 'BAD_REQUEST', message: preview.available ? '' : preview.reason });
  });

  it("is the asker's own: another user's answer is not found, a question is not an answer, and the name is checked", async () => {
    const messageId = await answered(rep, 'My open deals', { name: 'list_opportunities', input: { owner: 'me', open: true } });
    expect(await clientError(as(other).ai.answerReport({ messageId }))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await clientError(as(other).ai.saveAnswerAsReport({ messageId, name: 'Stolen' }))).toMatchObject({ code: 'NOT_FOUND' });
    const [question] = await t.db.select({ id: aiMessages.id }).from(aiMessages).where(eq(aiMessages.content, 'My open deals'));
    expect(await clientError(as(rep).ai.answerReport({ messageId: question!.id }))).toMatchObject({ code: 'BAD_REQUEST' });
    expect(await clientError(as(rep).ai.saveAnswerAsReport({ messageId, name: '  ' }))).toMatchObject({ code: 'BAD_REQUEST', fieldErrors: { name: ['Name is required'] } });
  });

  it('reads the MEDDIC contacts as report fields by name', async () => {
    const result = await as(rep).reports.execute({ entity: 'opportunities', columns: ['opportunityName', 'economicBuyer', 'champion'], filters: [{ field: 'champion', op: 'isNotEmpty' }], limit: 10 });
    expect(result.rows.map((r) => r.cells)).toEqual([['Umbrella renewal', 'Bea Budget', 'Cy Champ']]);
  });
});

// ai.ask against our fake Anthropic: a multi-step tool conversation whose tools run with the asker's permissions,
// a tool input that fails validation, the round limit, and conversations kept per user.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emailConnections } from '../../../drizzle/schema';
import type { AskStreamEvent } from '../../../server/assistant/ask';
import { MAX_ROUNDS, ROUND_LIMIT_ANSWER } from '../../../server/domain/assistant/ask';
import { type Env, loadEnv } from '../../../server/env';
import type { SessionUser } from '../../../server/lib/actor';
import { appRouter } from '../../../server/routers';
import { createCallerFactory } from '../../../server/trpc';
import { type FakeAnthropic, type FakeRequest, startFakeAnthropic } from '../../fakes/anthropic';
import { ctxFor } from '../../helpers/context';
import { clientError } from '../../helpers/errorShape';
import { makeAccount } from '../../helpers/factories/accounts';
import { makeActivity } from '../../helpers/factories/activities';
import { insertRow } from '../../helpers/factories/insertRow';
import { makeOpportunity } from '../../helpers/factories/opportunities';
import { makeUser } from '../../helpers/factories/users';
import { useTestDatabase } from '../../helpers/testDatabase';

const t = useTestDatabase();
const createCaller = createCallerFactory(appRouter);
let fake: FakeAnthropic;
let env: Env;
let rep: SessionUser;
let mailboxOwner: SessionUser;
let dealId: number;
let noBuyerId: number;

const as = (user: SessionUser, withEnv: Env = env) => createCaller({ ...ctxFor(t, user), env: withEnv });

async function collect(events: AsyncIterable<AskStreamEvent>): Promise<AskStreamEvent[]> {
  const out: AskStreamEvent[] = [];
  for await (const e of events) out.push(e);
  return out;
}

/** The tool results Claude was sent in a request, as text. */
const toolResults = (request: FakeRequest) =>
  request.body.messages
    .filter((m) => Array.isArray(m.content))
    .flatMap((m) => m.content as { type: string; content?: string; is_error?: boolean }[])
    .filter((b) => b.type === 'tool_result');

beforeAll(async () => {
  fake = await startFakeAnthropic();
  env = loadEnv({ DATABASE_URL: t.url, LOG_LEVEL: 'silent', DEMO_DATA: 'false', ...fake.env });
  rep = await makeUser(t.db, { role: 'rep', name: 'Rita Rep' });
  mailboxOwner = await makeUser(t.db, { role: 'rep', name: 'Mia Mailbox' });
  const account = await makeAccount(t.db, { ownerId: rep.id, accountName: 'Initech' });
  const contact = await insertRow(t.db, (await import('../../../drizzle/schema')).contacts, { firstName: 'Carla', lastName: 'CFO', accountId: account.id, ownerId: rep.id });
  dealId = (await makeOpportunity(t.db, { opportunityName: 'Initech expansion', ownerId: rep.id, accountId: account.id, stage: 'Proposal', amount: '50000.00', closeDate: '2026-12-15', economicBuyerContactId: contact.id })).id;
  noBuyerId = (await makeOpportunity(t.db, { opportunityName: 'Initech pilot', ownerId: rep.id, accountId: account.id, stage: 'Discovery', amount: '12000.00', closeDate: '2026-12-20' })).id;
  await makeOpportunity(t.db, { opportunityName: 'Someone else', ownerId: mailboxOwner.id, accountId: account.id, closeDate: '2026-12-10' });
  const mailbox = await insertRow(t.db, emailConnections, { userId: mailboxOwner.id, provider: 'google', emailAddress: 'mia@corp.example', sharingLevel: 'metadata' });
  await makeActivity(t.db, {
    relatedToType: 'opportunity',
    relatedToId: dealId,
    accountId: account.id,
    ownerId: mailboxOwner.id,
    type: 'email',
    subject: 'Confidential: discount approval',
    body: 'SECRET: we can go to 40% off',
    occurredAt: new Date('2026-11-28T10:00:00Z'),
    captureConnectionId: mailbox.id,
  });
});

afterAll(async () => {
  await fake?.close();
});

describe('ai.ask', () => {
  it('answers through several tool calls that run as the asking user, showing each step and linking the records', async () => {
    const before = fake.requests.length;
    fake.reply(
      { content: [{ type: 'text', text: 'Let me look.' }, { type: 'tool_use', name: 'list_opportunities', input: { owner: 'me', open: true, closeDateFrom: '2026-10-01', closeDateTo: '2026-12-31', missing: ['economicBuyer'] } }] },
      { content: [{ type: 'tool_use', name: 'record_timeline', input: { type: 'opportunity', id: dealId } }] },
      { content: [{ type: 'text', text: `One deal has no economic buyer: [Initech pilot](opportunity:${noBuyerId}). Also see [Made up](opportunity:999).` }], usage: { input_tokens: 300, output_tokens: 40 } },
    );
    const events = await collect(await as(rep).ai.ask({ question: 'Which of my deals closing this quarter have no economic buyer?' }));

    expect(events[0]).toMatchObject({ type: 'started' });
    expect(events.filter((e) => e.type === 'step').map((e) => e.type === 'step' && [e.step.tool, e.step.summary, e.step.ok])).toEqual([
      ['list_opportunities', '1 deal', true],
      ['record_timeline', '1 activity', true],
    ]);
    expect(events.some((e) => e.type === 'text' && e.delta.includes('Let me'))).toBe(true);
    const done = events.at(-1)!;
    expect(done.type).toBe('done');
    if (done.type !== 'done') return;
    expect(done.message).toMatchObject({ role: 'assistant', status: 'complete', rounds: 3, promptVersion: 'ask/1', inputTokens: 500, outputTokens: 140 });
    // Only records a tool returned become links.
    expect(done.message.links).toEqual([{ type: 'opportunity', id: noBuyerId, label: 'Initech pilot' }]);

    const sent = fake.requests.slice(before);
    expect(sent).toHaveLength(3);
    const [deals] = toolResults(sent[1]!);
    expect(deals!.content).toContain('Initech pilot');
    expect(deals!.content).not.toContain('Initech expansion');
    expect(deals!.content).not.toContain('Someone else');
    // The rep sees the captured email at its mailbox's sharing level, so Claude does too: no subject, no snippet.
    const timeline = toolResults(sent[2]!)[1]!.content!;
    expect(timeline).toContain('Email (subject private)');
    expect(timeline).not.toContain('Confidential');
    expect(timeline).not.toContain('SECRET');
    expect(sent[0]!.body.tools!.map((tool) => tool.name).sort()).toEqual(['aggregate_opportunities', 'get_opportunity', 'list_opportunities', 'list_users', 'record_timeline', 'search_records']);

    const [conversation] = await as(rep).ai.conversations();
    expect(conversation!.title).toBe('Which of my deals closing this quarter have no economic buyer?');
    const kept = await as(rep).ai.conversation({ id: conversation!.id });
    expect(kept.messages.map((m) => m.role)).toEqual(['user', 'assistant']);
    expect(kept.messages[1]!.steps).toHaveLength(2);
    // Conversations are their user's own.
    expect(await clientError(as(mailboxOwner).ai.conversation({ id: conversation!.id }))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await as(mailboxOwner).ai.conversations()).toEqual([]);
  });

  it('gives the mailbox owner their own email in full through the same tool', async () => {
    const before = fake.requests.length;
    fake.reply({ content: [{ type: 'tool_use', name: 'record_timeline', input: { type: 'opportunity', id: dealId } }] }, { content: [{ type: 'text', text: 'Done.' }] });
    await collect(await as(mailboxOwner).ai.ask({ question: 'What happened on the Initech expansion?' }));
    expect(toolResults(fake.requests[before + 1]!)[0]!.content).toContain('SECRET: we can go to 40% off');
  });

  it('hands a tool input that fails validation back to Claude as an error, then goes on', async () => {
    const before = fake.requests.length;
    fake.reply(
      { content: [{ type: 'tool_use', name: 'list_opportunities', input: { limit: 500, stage: ['Nearly won'] } }] },
      { content: [{ type: 'tool_use', name: 'run_sql', input: { sql: 'DELETE FROM opportunities' } }] },
      { content: [{ type: 'text', text: 'I could not list them.' }] },
    );
    const events = await collect(await as(rep).ai.ask({ question: 'List everything' }));
    const steps = events.flatMap((e) => (e.type === 'step' ? [e.step] : []));
    expect(steps.map((s) => s.ok)).toEqual([false, false]);
    expect(steps[0]!.summary).toMatch(/^Invalid input: .*stage\.0.*limit: at most 25 rows per call|^Invalid input: .*limit: at most 25 rows per call.*stage/);
    expect(steps[1]!.summary).toMatch(/There is no tool named run_sql/);
    const [refused] = toolResults(fake.requests[before + 1]!);
    expect(refused).toMatchObject({ is_error: true });
    expect(events.at(-1)).toMatchObject({ type: 'done', message: { status: 'complete', content: 'I could not list them.' } });
    expect(await t.db.$count((await import('../../../drizzle/schema')).opportunities)).toBe(3);
  });

  it(`stops after ${MAX_ROUNDS} rounds of tool calls`, async () => {
    const before = fake.requests.length;
    fake.respondWith(() => ({ content: [{ type: 'tool_use', name: 'search_records', input: { query: 'Initech' } }] }));
    try {
      const events = await collect(await as(rep).ai.ask({ question: 'Keep looking' }));
      expect(fake.requests.length - before).toBe(MAX_ROUNDS);
      expect(events.filter((e) => e.type === 'step')).toHaveLength(MAX_ROUNDS);
      expect(events.at(-1)).toMatchObject({ type: 'done', message: { status: 'failed', content: ROUND_LIMIT_ANSWER, rounds: MAX_ROUNDS } });
    } finally {
      fake.respondWith(null);
    }
  });

  it('keeps the conversation: a follow-up is sent with the earlier question and answer', async () => {
    fake.reply({ content: [{ type: 'text', text: 'First answer.' }] });
    const first = await collect(await as(rep).ai.ask({ question: 'First question' }));
    const conversationId = first[0]!.type === 'started' ? first[0]!.conversationId : 0;
    fake.reply({ content: [{ type: 'text', text: 'Second answer.' }] });
    await collect(await as(rep).ai.ask({ conversationId, question: 'And then?' }));
    expect(fake.requests.at(-1)!.body.messages).toEqual([
      { role: 'user', content: 'First question' },
      { role: 'assistant', content: 'First answer.' },
      { role: 'user', content: 'And then?' },
    ]);
    expect(await clientError(as(mailboxOwner).ai.ask({ conversationId, question: 'Mine now?' }))).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('says AI is not configured without a key, and refuses an empty question', async () => {
    const off = loadEnv({ DATABASE_URL: t.url, LOG_LEVEL: 'silent', DEMO_DATA: 'false' });
    expect(await clientError(as(rep, off).ai.ask({ question: 'Hello?' }))).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('AI is not configured') });
    expect(await clientError(as(rep).ai.ask({ question: '   ' }))).toMatchObject({ code: 'BAD_REQUEST', fieldErrors: { question: ['Type a question'] } });
  });
});

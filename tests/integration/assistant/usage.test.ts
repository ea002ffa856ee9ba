// Settings -> AI usage: calls, errors, tokens, latency and thumbs per prompt version, from real calls to the fake;
// thumbs only from whoever asked.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DealReviewStreamEvent } from '../../../server/assistant/dealReview';
import { DEAL_REVIEW_TOOL } from '../../../server/domain/assistant/dealReview';
import { type Env, loadEnv } from '../../../server/env';
import type { SessionUser } from '../../../server/lib/actor';
import { appRouter } from '../../../server/routers';
import { createCallerFactory } from '../../../server/trpc';
import { type FakeAnthropic, startFakeAnthropic } from '../../fakes/anthropic';
import { ctxFor } from '../../helpers/context';
import { clientError } from '../../helpers/errorShape';
import { makeAccount } from '../../helpers/factories/accounts';
import { makeOpportunity } from '../../helpers/factories/opportunities';
import { makeUser } from '../../helpers/factories/users';
import { useTestDatabase } from '../../helpers/testDatabase';

const t = useTestDatabase();
const createCaller = createCallerFactory(appRouter);
let fake: FakeAnthropic;
let env: Env;
let rep: SessionUser;
let other: SessionUser;
let admin: SessionUser;
let dealId: number;
const as = (user: SessionUser) => createCaller({ ...ctxFor(t, user), env });

async function last<T>(events: AsyncIterable<T>): Promise<T> {
  let out: T | undefined;
  for await (const e of events) out = e;
  return out!;
}

beforeAll(async () => {
  fake = await startFakeAnthropic();
  env = loadEnv({ DATABASE_URL: t.url, LOG_LEVEL: 'silent', DEMO_DATA: 'false', ...fake.env });
  rep = await makeUser(t.db, { role: 'rep' });
  other = await makeUser(t.db, { role: 'rep' });
  admin = await makeUser(t.db, { role: 'admin' });
  const account = await makeAccount(t.db, { ownerId: rep.id });
  dealId = (await makeOpportunity(t.db, { ownerId: rep.id, accountId: account.id })).id;
});

afterAll(async () => {
  await fake?.close();
});

describe('AI usage and thumbs', () => {
  it('counts calls, errors, tokens and thumbs per prompt version, for admins only', async () => {
    fake.reply({ content: [{ type: 'tool_use', name: DEAL_REVIEW_TOOL, input: { summary: 's', risks: [], missing: [], nextActions: [{ text: 'a', cites: [] }] } }], usage: { input_tokens: 1000, output_tokens: 200 } });
    const ok = (await last(await as(rep).ai.reviewDeal({ opportunityId: dealId }))) as DealReviewStreamEvent;
    const failure = { status: 500, headers: { 'retry-after-ms': '1' } };
    fake.reply(failure, failure, failure);
    await last(await as(rep).ai.reviewDeal({ opportunityId: dealId }));
    fake.reply({ content: [{ type: 'text', text: 'Hello.' }], usage: { input_tokens: 50, output_tokens: 5 } });
    const answer = await last(await as(rep).ai.ask({ question: 'Hi?' }));

    if (ok.type !== 'done' || answer.type !== 'done') throw new Error('expected both to finish');
    expect(await as(rep).ai.feedback({ kind: 'review', id: ok.review.id, feedback: 'up' })).toEqual({ id: ok.review.id, feedback: 'up' });
    expect(await clientError(as(other).ai.feedback({ kind: 'review', id: ok.review.id, feedback: 'down' }))).toMatchObject({ code: 'FORBIDDEN' });
    await as(rep).ai.feedback({ kind: 'answer', id: answer.message.id, feedback: 'down' });
    expect(await clientError(as(other).ai.feedback({ kind: 'answer', id: answer.message.id, feedback: 'up' }))).toMatchObject({ code: 'NOT_FOUND' });

    const usage = await as(admin).ai.usage();
    expect(usage).toEqual([
      expect.objectContaining({ promptVersion: 'ask/1', feature: 'Ask the CRM', calls: 1, errors: 0, inputTokens: 50, outputTokens: 5, thumbsUp: 0, thumbsDown: 1 }),
      expect.objectContaining({ promptVersion: 'deal-review/1', feature: 'Deal review', calls: 2, errors: 1, inputTokens: 1000, outputTokens: 200, thumbsUp: 1, thumbsDown: 0 }),
    ]);
    expect(await clientError(as(rep).ai.usage())).toMatchObject({ code: 'FORBIDDEN' });
    // Taking a thumb back.
    await as(rep).ai.feedback({ kind: 'review', id: ok.review.id, feedback: null });
    expect((await as(admin).ai.usage()).find((u) => u.feature === 'Deal review')!.thumbsUp).toBe(0);
  });
});

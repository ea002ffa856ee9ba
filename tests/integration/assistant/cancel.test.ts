// Stop: a user ends a review or an answer while Claude is still writing. The request's signal reaches the SDK,
// which closes its connection to (our fake) Anthropic, and what was stopped is stored as cancelled.
import { createTRPCClient, httpBatchStreamLink } from '@trpc/client';
import { eq } from 'drizzle-orm';
import superjson from 'superjson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aiMessages } from '../../../drizzle/schema';
import type { DealReviewStreamEvent } from '../../../server/assistant/dealReview';
import { DEAL_REVIEW_TOOL } from '../../../server/domain/assistant/dealReview';
import { type Env, loadEnv } from '../../../server/env';
import type { SessionUser } from '../../../server/lib/actor';
import { type AppRouter, appRouter } from '../../../server/routers';
import { createCallerFactory } from '../../../server/trpc';
import { type FakeAnthropic, startFakeAnthropic } from '../../fakes/anthropic';
import { ctxFor } from '../../helpers/context';
import { makeAccount } from '../../helpers/factories/accounts';
import { makeOpportunity } from '../../helpers/factories/opportunities';
import { makeUser, TEST_PASSWORD } from '../../helpers/factories/users';
import { startTestServer } from '../../helpers/http';
import { signInCookie } from '../../helpers/signIn';
import { useTestDatabase } from '../../helpers/testDatabase';

const t = useTestDatabase();
const createCaller = createCallerFactory(appRouter);
let fake: FakeAnthropic;
let env: Env;
let rep: SessionUser;
let admin: SessionUser;
let dealId: number;

/** Waits for something the server does on its own after the client has gone (bounded, so a bug fails the test). */
async function eventually<T>(check: () => Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const value = await check();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('gave up waiting');
}

beforeAll(async () => {
  fake = await startFakeAnthropic();
  env = loadEnv({ DATABASE_URL: t.url, LOG_LEVEL: 'silent', DEMO_DATA: 'false', ...fake.env });
  rep = await makeUser(t.db, { role: 'rep' });
  admin = await makeUser(t.db, { role: 'admin' });
  const account = await makeAccount(t.db, { ownerId: rep.id });
  dealId = (await makeOpportunity(t.db, { ownerId: rep.id, accountId: account.id })).id;
});

afterAll(async () => {
  await fake?.close();
});

describe('stopping Claude', () => {
  it('aborts a deal review in flight and stores it as cancelled', async () => {
    const stop = new AbortController();
    const before = fake.requests.length;
    fake.reply({ hold: true, content: [{ type: 'tool_use', name: DEAL_REVIEW_TOOL, input: { summary: 'Half a review that never ends', risks: [] } }], usage: { input_tokens: 1500, output_tokens: 0 } });
    const caller = createCaller({ ...ctxFor(t, rep), env }, { signal: stop.signal });
    const events: DealReviewStreamEvent[] = [];
    const reading = (async () => {
      for await (const e of await caller.ai.reviewDeal({ opportunityId: dealId })) events.push(e);
    })();
    const request = await eventually(async () => fake.requests[before]);
    // Stopped while Claude is writing: its first piece has arrived (and with it the input's token count).
    await eventually(async () => events.find((e) => e.type === 'partial'));
    stop.abort();
    await reading;

    // The SDK hung up on Anthropic: the held answer never finished.
    expect(await request.closed).toBe('aborted');
    expect(events.at(-1)).toMatchObject({ type: 'cancelled' });
    const [stored] = await caller.ai.listReviews({ opportunityId: dealId });
    expect(stored).toMatchObject({ status: 'cancelled', error: 'Stopped before Claude finished.', result: null, inputTokens: 1500 });
    const usage = await createCaller({ ...ctxFor(t, admin), env }).ai.usage();
    expect(usage.find((u) => u.feature === 'Deal review')).toMatchObject({ calls: 1, cancelled: 1, errors: 0 });
  });

  it('over HTTP, the browser aborting the streamed answer stops the call to Claude and keeps what was written', async () => {
    const server = await startTestServer(t, { env });
    try {
      const cookie = await signInCookie(server, rep.email, TEST_PASSWORD, '10.9.0.7');
      const client = createTRPCClient<AppRouter>({
        links: [httpBatchStreamLink({ url: `${server.baseUrl}/trpc`, transformer: superjson, headers: { origin: server.origin, cookie } })],
      });
      const before = fake.requests.length;
      fake.reply({ hold: true, content: [{ type: 'text', text: 'Your deals closing this quarter are being listed now' }] });
      const stop = new AbortController();
      let conversationId: number | null = null;
      let text = '';
      await expect(
        (async () => {
          for await (const e of await client.ai.ask.mutate({ question: 'Which deals close this quarter?' }, { signal: stop.signal })) {
            if (e.type === 'started') conversationId = e.conversationId;
            if (e.type === 'text') {
              text += e.delta;
              stop.abort();
            }
          }
        })(),
      ).rejects.toThrow(/abort/i);
      expect(text).toBe('Your deals closing this ');
      expect(await fake.requests[before]!.closed).toBe('aborted');

      const answer = await eventually(async () => {
        const [row] = await t.db.select().from(aiMessages).where(eq(aiMessages.conversationId, conversationId!)).orderBy(aiMessages.id).limit(1).offset(1);
        return row;
      });
      expect(answer).toMatchObject({ role: 'assistant', status: 'cancelled', content: 'Your deals closing this', error: 'Stopped before Claude finished.', rounds: 1 });
      // Claude was called once: a stopped question does not go on to another round.
      expect(fake.requests.length - before).toBe(1);
    } finally {
      await server.close();
    }
  });
});

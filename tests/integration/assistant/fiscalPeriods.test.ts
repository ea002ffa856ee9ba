// "This quarter" in the assistant's tools is the organisation's fiscal quarter (Settings -> Organisation), on the
// asker's today: filters by named period and quarter groupings, through a real ask against the fake.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AskStreamEvent } from '../../../server/assistant/ask';
import { type Env, loadEnv } from '../../../server/env';
import type { SessionUser } from '../../../server/lib/actor';
import { fixedClock } from '../../../server/lib/clock';
import { appRouter } from '../../../server/routers';
import { createCallerFactory } from '../../../server/trpc';
import { type FakeAnthropic, type FakeRequest, startFakeAnthropic } from '../../fakes/anthropic';
import { ctxFor } from '../../helpers/context';
import { makeAccount } from '../../helpers/factories/accounts';
import { makeOpportunity } from '../../helpers/factories/opportunities';
import { makeUser } from '../../helpers/factories/users';
import { useTestDatabase } from '../../helpers/testDatabase';

const t = useTestDatabase();
const createCaller = createCallerFactory(appRouter);
const clock = fixedClock(new Date('2026-12-02T15:00:00Z'));
let fake: FakeAnthropic;
let env: Env;
let rep: SessionUser;
let admin: SessionUser;
const as = (user: SessionUser) => createCaller({ ...ctxFor(t, user, clock), env });

/** Asks a question whose one tool call is `input` to `tool`; what that tool gave Claude, and the step shown. */
async function toolCall(tool: string, input: unknown) {
  const before = fake.requests.length;
  fake.reply({ content: [{ type: 'tool_use', name: tool, input }] }, { content: [{ type: 'text', text: 'Done.' }] });
  const events: AskStreamEvent[] = [];
  for await (const e of await as(rep).ai.ask({ question: 'Pipeline this quarter?' })) events.push(e);
  const step = events.flatMap((e) => (e.type === 'step' ? [e.step] : []))[0]!;
  const result = (fake.requests[before + 1] as FakeRequest).body.messages.at(-1)!.content as { content: string }[];
  return { step, data: step.ok ? (JSON.parse(result[0]!.content) as Record<string, unknown>) : null, system: fake.requests[before]!.body.system as string };
}

beforeAll(async () => {
  fake = await startFakeAnthropic();
  env = loadEnv({ DATABASE_URL: t.url, LOG_LEVEL: 'silent', DEMO_DATA: 'false', ...fake.env });
  rep = await makeUser(t.db, { role: 'rep', name: 'Fiona Fiscal' });
  admin = await makeUser(t.db, { role: 'admin' });
  const account = await makeAccount(t.db, { ownerId: rep.id });
  // Around the edges of Q4 FY2027 (1 November 2026 to 31 January 2027) when the fiscal year starts in February.
  for (const [name, closeDate] of [
    ['Last day of Q3', '2026-10-31'],
    ['First day of Q4', '2026-11-01'],
    ['Last day of Q4', '2027-01-31'],
    ['First day of next year', '2027-02-01'],
  ] as const) {
    await makeOpportunity(t.db, { opportunityName: name, ownerId: rep.id, accountId: account.id, stage: 'Proposal', amount: '1000.00', closeDate });
  }
  await createCaller({ ...ctxFor(t, admin, clock), env }).settings.update({ fiscalYearStartMonth: 2 });
});

afterAll(async () => {
  await fake?.close();
});

describe('fiscal periods in the tools', () => {
  it('reads "this quarter" as the fiscal quarter, both boundary days included', async () => {
    const { step, data, system } = await toolCall('list_opportunities', { owner: 'me', closePeriod: 'this_quarter' });
    expect(step).toMatchObject({ ok: true, summary: '2 deals' });
    expect((data!.deals as { name: string }[]).map((d) => d.name)).toEqual(['First day of Q4', 'Last day of Q4']);
    expect(data!.closePeriod).toEqual({ name: 'this_quarter', start: '2026-11-01', end: '2027-01-31', label: 'Q4 FY2027' });
    expect(system).toContain('Today is 2026-12-02');
  });

  it('groups by fiscal quarter, in date order, and filters by a named fiscal year', async () => {
    const quarters = await toolCall('aggregate_opportunities', { groupBy: 'closeQuarter' });
    expect((quarters.data!.groups as { group: string; count: number }[]).map((g) => [g.group, g.count])).toEqual([
      ['Q3 FY2027', 1],
      ['Q4 FY2027', 2],
      ['Q1 FY2028', 1],
    ]);
    const year = await toolCall('aggregate_opportunities', { groupBy: 'none', closePeriod: 'this_year' });
    expect(year.data).toMatchObject({ groups: [{ group: 'all', count: 3, totalAmount: '3000.00' }], closePeriod: { start: '2026-02-01', end: '2027-01-31', label: 'FY2027' } });
  });

  it('refuses a named period together with dates for the same filter', async () => {
    const { step } = await toolCall('list_opportunities', { closePeriod: 'this_quarter', closeDateFrom: '2026-01-01' });
    expect(step).toMatchObject({ ok: false, summary: 'Invalid input: closePeriod: give closePeriod or closeDateFrom/closeDateTo, not both' });
  });
});

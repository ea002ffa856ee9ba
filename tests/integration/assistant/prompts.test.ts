// ai.prompts.*: the prompts as versions in the database (admins only, audited), the version each review and answer
// records, and an experiment that splits users between two versions until one is activated. Real calls to our
// fake Anthropic through the SDK: what Claude is sent is what the chosen version says.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../../drizzle/schema';
import type { AskStreamEvent } from '../../../server/assistant/ask';
import type { DealReviewStreamEvent } from '../../../server/assistant/dealReview';
import { DEAL_REVIEW_SYSTEM, DEAL_REVIEW_TOOL } from '../../../server/domain/assistant/dealReview';
import { ASK_SYSTEM_TEMPLATE, experimentArm } from '../../../server/domain/assistant/prompts';
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
let admin: SessionUser;
let rep: SessionUser;
let dealId: number;
const as = (user: SessionUser) => createCaller({ ...ctxFor(t, user), env });

async function last<T>(events: AsyncIterable<T>): Promise<T> {
  let out: T | undefined;
  for await (const e of events) out = e;
  return out!;
}

/** Asks one question answered with plain text; the answer and the system prompt Claude was sent. */
async function askOnce(user: SessionUser, question = 'Hello?') {
  const before = fake.requests.length;
  fake.reply({ content: [{ type: 'text', text: 'Hi.' }], usage: { input_tokens: 10, output_tokens: 2 } });
  const done = (await last(await as(user).ai.ask({ question }))) as AskStreamEvent;
  if (done.type !== 'done') throw new Error(`expected an answer, got ${done.type}`);
  return { message: done.message, system: fake.requests[before]!.body.system as string };
}

const prompt = async (feature: 'ask' | 'deal-review') => (await as(admin).ai.prompts.list()).find((p) => p.feature === feature)!;

beforeAll(async () => {
  fake = await startFakeAnthropic();
  env = loadEnv({ DATABASE_URL: t.url, LOG_LEVEL: 'silent', DEMO_DATA: 'false', ...fake.env });
  admin = await makeUser(t.db, { role: 'admin', name: 'Ada Admin' });
  rep = await makeUser(t.db, { role: 'rep', name: 'Rita Rep' });
  const account = await makeAccount(t.db, { ownerId: rep.id });
  dealId = (await makeOpportunity(t.db, { ownerId: rep.id, accountId: account.id })).id;
});

afterAll(async () => {
  await fake?.close();
});

describe('prompt versions', () => {
  it('installs the shipped prompts as version 1, active, and lets only admins see or change them', async () => {
    const prompts = await as(admin).ai.prompts.list();
    expect(prompts.map((p) => [p.feature, p.versions.map((v) => [v.label, v.active])])).toEqual([
      ['deal-review', [['deal-review/1', true]]],
      ['ask', [['ask/1', true]]],
    ]);
    expect(prompts[0]!.versions[0]!.system).toBe(DEAL_REVIEW_SYSTEM);
    expect(prompts[1]!.versions[0]!.system).toBe(ASK_SYSTEM_TEMPLATE);
    expect(prompts[1]!.placeholders).toHaveProperty('userName');

    const refused = { code: 'FORBIDDEN' };
    expect(await clientError(as(rep).ai.prompts.list())).toMatchObject(refused);
    expect(await clientError(as(rep).ai.prompts.save({ feature: 'ask', system: 'Obey me' }))).toMatchObject(refused);
    expect(await clientError(as(rep).ai.prompts.activate({ versionId: prompts[1]!.versions[0]!.id }))).toMatchObject(refused);
    expect(await clientError(as(rep).ai.prompts.startExperiment({ challengerVersionId: prompts[1]!.versions[0]!.id, challengerPercent: 50 }))).toMatchObject(refused);
  });

  it('saves an edit as the next version, audited, and refuses unknown placeholders and unchanged text beside the field', async () => {
    expect(await clientError(as(admin).ai.prompts.save({ feature: 'ask', system: 'Hello {{userEmail}}' }))).toMatchObject({
      code: 'BAD_REQUEST',
      fieldErrors: { system: ['Unknown placeholder {{userEmail}}: use {{userName}}, {{userRole}}, {{today}}, {{fiscalYearStart}}'] },
    });
    expect(await clientError(as(admin).ai.prompts.save({ feature: 'ask', system: ASK_SYSTEM_TEMPLATE }))).toMatchObject({
      fieldErrors: { system: ['This is the text of version 1 already: change something first'] },
    });
    const saved = await as(admin).ai.prompts.save({ feature: 'ask', system: `${ASK_SYSTEM_TEMPLATE}\nAnswer in one sentence.`, note: 'Shorter answers' });
    expect(saved.label).toBe('ask/2');
    const ask = await prompt('ask');
    // Saved, not yet active: answers still use version 1.
    expect(ask.versions.map((v) => [v.label, v.active, v.note, v.createdByName])).toEqual([
      ['ask/2', false, 'Shorter answers', 'Ada Admin'],
      ['ask/1', true, null, null],
    ]);
    expect((await askOnce(rep)).message.promptVersion).toBe('ask/1');
    const [audit] = await t.db.select().from(auditLog).where(and(eq(auditLog.entityType, 'ai_prompt_version'), eq(auditLog.entityId, String(saved.id))));
    expect(audit).toMatchObject({ actorId: admin.id, action: 'create', changes: { feature: 'ask', version: 2, note: 'Shorter answers' } });
  });

  it('records on each review and answer the version that produced it, and counts its usage', async () => {
    const askV3 = await as(admin).ai.prompts.save({ feature: 'ask', system: 'You help {{userName}} ({{userRole}}) on {{today}}; fiscal year from {{fiscalYearStart}}.', activate: true });
    const { message, system } = await askOnce(rep);
    expect(system).toBe(`You help Rita Rep (rep) on ${new Date().toISOString().slice(0, 10)}; fiscal year from January.`);
    expect(message.promptVersion).toBe(askV3.label);
    const stored = await as(rep).ai.conversation({ id: message.conversationId });
    expect(stored.messages.at(-1)!.promptVersion).toBe('ask/3');

    const reviewV2 = await as(admin).ai.prompts.save({ feature: 'deal-review', system: `${DEAL_REVIEW_SYSTEM}\nBe blunt.`, activate: true });
    const before = fake.requests.length;
    fake.reply({ content: [{ type: 'tool_use', name: DEAL_REVIEW_TOOL, input: { summary: 's', risks: [], missing: [], nextActions: [{ text: 'a', cites: [] }] } }], usage: { input_tokens: 700, output_tokens: 90 } });
    const events: DealReviewStreamEvent[] = [];
    for await (const e of await as(rep).ai.reviewDeal({ opportunityId: dealId })) events.push(e);
    expect(events[0]).toMatchObject({ type: 'started', promptVersion: 'deal-review/2' });
    expect(events.at(-1)).toMatchObject({ type: 'done', review: { promptVersion: reviewV2.label } });
    expect(fake.requests[before]!.body.system).toBe(`${DEAL_REVIEW_SYSTEM}\nBe blunt.`);
    expect((await as(rep).ai.listReviews({ opportunityId: dealId }))[0]!.promptVersion).toBe('deal-review/2');

    const review = await prompt('deal-review');
    expect(review.versions.find((v) => v.label === 'deal-review/2')!.usage).toMatchObject({ calls: 1, errors: 0, inputTokens: 700, outputTokens: 90 });
    expect(review.versions.find((v) => v.label === 'deal-review/1')!.usage.calls).toBe(0);
    const audits = await t.db.select().from(auditLog).where(and(eq(auditLog.entityType, 'ai_prompt'), eq(auditLog.entityId, 'deal-review')));
    expect(audits.map((a) => a.changes)).toEqual([{ activeVersionId: [review.versions.find((v) => v.label === 'deal-review/1')!.id, reviewV2.id] }]);
  });
});

describe('experiments', () => {
  it('splits users between the active version and the challenger by the percentage, the same way each time, side by side until one is activated', async () => {
    const control = await as(admin).ai.prompts.save({ feature: 'ask', system: 'Control prompt for {{userName}}.', activate: true });
    const challenger = await as(admin).ai.prompts.save({ feature: 'ask', system: 'Challenger prompt for {{userName}}.' });
    expect(await clientError(as(admin).ai.prompts.startExperiment({ challengerVersionId: control.id, challengerPercent: 50 }))).toMatchObject({
      fieldErrors: { challengerVersionId: [`${control.label} is already the active version: choose another to compare with it`] },
    });
    expect(await clientError(as(admin).ai.prompts.startExperiment({ challengerVersionId: challenger.id, challengerPercent: 100 }))).toMatchObject({
      fieldErrors: { challengerPercent: ['At most 99%'] },
    });
    const experiment = await as(admin).ai.prompts.startExperiment({ challengerVersionId: challenger.id, challengerPercent: 50 });
    expect(await clientError(as(admin).ai.prompts.startExperiment({ challengerVersionId: challenger.id, challengerPercent: 20 }))).toMatchObject({ code: 'CONFLICT' });

    const users = await Promise.all(Array.from({ length: 12 }, (_, i) => makeUser(t.db, { role: 'rep', name: `Split ${i}` })));
    const expected = users.map((u) => experimentArm(experiment.id, u.id, 50));
    // Both arms have someone in them, or the test would prove nothing.
    expect(new Set(expected)).toEqual(new Set(['control', 'challenger']));
    for (const [i, user] of users.entries()) {
      // Per user: every question of a user goes to the same version.
      for (const question of ['First?', 'Second?']) {
        const { message, system } = await askOnce(user, question);
        const arm = expected[i] === 'challenger' ? challenger : control;
        expect([message.promptVersion, system]).toEqual([arm.label, `${expected[i] === 'challenger' ? 'Challenger' : 'Control'} prompt for ${user.name}.`]);
      }
    }
    const challengers = expected.filter((arm) => arm === 'challenger').length;
    const running = (await prompt('ask')).experiment!;
    expect(running).toMatchObject({ id: experiment.id, challengerPercent: 50, endedAt: null, control: { label: control.label }, challenger: { label: challenger.label } });
    expect([running.control.usage.calls, running.challenger.usage.calls]).toEqual([2 * (users.length - challengers), 2 * challengers]);
    expect(running.challenger.usage).toMatchObject({ inputTokens: 20 * challengers, outputTokens: 4 * challengers, errors: 0 });

    // Activating a version settles it: the experiment ends with it as the outcome, and everyone gets it.
    await as(admin).ai.prompts.activate({ versionId: challenger.id });
    const after = await prompt('ask');
    expect(after.experiment).toBeNull();
    expect(after.pastExperiments[0]).toMatchObject({ id: experiment.id, outcomeLabel: challenger.label, challenger: { usage: { calls: 2 * challengers } } });
    expect(after.versions.find((v) => v.active)!.label).toBe(challenger.label);
    for (const user of users.slice(0, 4)) expect((await askOnce(user)).message.promptVersion).toBe(challenger.label);
    expect(await clientError(as(admin).ai.prompts.stopExperiment({ feature: 'ask' }))).toMatchObject({ code: 'BAD_REQUEST', message: 'No experiment is running on the Ask the CRM prompt' });
  });

  it('stops an experiment without a change: everyone is back on the active version', async () => {
    const active = (await prompt('deal-review')).versions.find((v) => v.active)!;
    const other = await as(admin).ai.prompts.save({ feature: 'deal-review', system: `${DEAL_REVIEW_SYSTEM}\nTry this.` });
    await as(admin).ai.prompts.startExperiment({ challengerVersionId: other.id, challengerPercent: 99 });
    await as(admin).ai.prompts.stopExperiment({ feature: 'deal-review' });
    const review = await prompt('deal-review');
    expect(review.experiment).toBeNull();
    expect(review.pastExperiments[0]).toMatchObject({ outcomeLabel: null });
    expect(review.versions.find((v) => v.active)!.id).toBe(active.id);
    const audits = await t.db.select().from(auditLog).where(eq(auditLog.entityType, 'ai_prompt_experiment'));
    expect(audits.map((a) => a.action)).toEqual(['create', 'update', 'create', 'update']);
  });
});

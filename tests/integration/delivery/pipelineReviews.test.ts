// Scheduled pipeline reviews: a manager's review of the team runs a real hygiene scan through the job queue,
// compares with the previous review (new, resolved, still open, health) and reaches email and Slack.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { digests, jobs, opportunities } from '../../../drizzle/schema';
import { enqueueDueReviews } from '../../../server/delivery/pipelineReviews';
import type { Env } from '../../../server/env';
import { claimJobs } from '../../../server/jobs/queue';
import { jobRegistry } from '../../../server/jobs/registry';
import { runJob } from '../../../server/jobs/worker';
import type { SessionUser } from '../../../server/lib/actor';
import { fixedClock } from '../../../server/lib/clock';
import { createLogger } from '../../../server/lib/log';
import { appRouter } from '../../../server/routers';
import { createCallerFactory } from '../../../server/trpc';
import type { DigestContent } from '../../../shared/schemas/delivery';
import { type FakeSlack, startFakeSlack } from '../../fakes/slack';
import { type FakeSmtp, readMail, startFakeSmtp } from '../../fakes/smtp';
import { ctxFor } from '../../helpers/context';
import { clientError } from '../../helpers/errorShape';
import { makeAccount } from '../../helpers/factories/accounts';
import { makeOpportunity } from '../../helpers/factories/opportunities';
import { makeUser } from '../../helpers/factories/users';
import { useTestDatabase } from '../../helpers/testDatabase';

const t = useTestDatabase();
const createCaller = createCallerFactory(appRouter);
let smtp: FakeSmtp;
let slack: FakeSlack;
let env: Env;
let manager: SessionUser;
let rep: SessionUser;

const as = (user: SessionUser, now: Date) => createCaller({ ...ctxFor(t, user, fixedClock(now)), env });

async function runQueued(now: Date) {
  const deps = { db: t.db, env, log: createLogger('silent'), clock: fixedClock(now), registry: jobRegistry };
  for (const job of await claimJobs(t.db, 'w', 20, now, 60_000)) expect(await runJob(deps, 'w', job), job.type).toBe('done');
}

const reviewRuns = async () =>
  (await t.db.select().from(digests).where(eq(digests.kind, 'review'))).sort((a, b) => a.id - b.id);
const cellsOf = (content: DigestContent, key: string) => content.sections.find((s) => s.key === key)!.rows.map((r) => r.cells[0]);

beforeAll(async () => {
  smtp = await startFakeSmtp();
  slack = await startFakeSlack();
  env = { ...t.env, mail: { smtpUrl: smtp.url, from: 'Tru-CRM <crm@example.test>' }, slack: { webhookBase: slack.base } };
  manager = await makeUser(t.db, { role: 'manager', name: 'Dana Manager' });
  rep = await makeUser(t.db, { role: 'rep', name: 'Priya Rep' });
});

afterAll(async () => {
  await smtp?.close();
  await slack?.close();
});

describe('pipeline reviews', () => {
  it('are for managers, each beside its field when wrong', async () => {
    const now = new Date('2026-11-23T10:00:00Z');
    expect((await clientError(as(rep, now).pipelineReviews.list())).code).toBe('FORBIDDEN');
    const bad = await clientError(as(manager, now).pipelineReviews.create({ name: 'One rep', scopeKind: 'rep', scopeValue: null, cadence: 'weekly', hour: 9 }));
    expect(bad.fieldErrors).toEqual({ scopeValue: ['Choose a rep'] });
    const notRep = await clientError(as(manager, now).pipelineReviews.create({ name: 'One rep', scopeKind: 'rep', scopeValue: manager.id, cadence: 'weekly', hour: 9 }));
    expect(notRep.fieldErrors).toEqual({ scopeValue: ['Choose an active rep'] });
  });

  it('compare each run with the previous one and deliver it to email, Slack and the inbox', async () => {
    await as(manager, new Date('2026-11-23T08:00:00Z')).preferences.update({ slackWebhookUrl: `${slack.base}T1/B1/review`, channels: { slack: true } });
    const account = await makeAccount(t.db, { ownerId: rep.id, accountName: 'Acme' });
    const late = await makeOpportunity(t.db, { ownerId: rep.id, accountId: account.id, opportunityName: 'Acme late deal', closeDate: '2026-11-01', nextStep: 'Call' });

    // The first run: Monday 09:00 UTC (the manager's zone), picked up by the tick once, however often it runs.
    const monday = new Date('2026-11-23T09:00:00Z');
    const review = await as(manager, monday).pipelineReviews.create({ name: 'Team weekly', scopeKind: 'team', cadence: 'weekly', hour: 9 });
    expect(await enqueueDueReviews(t.db, monday)).toBe(1);
    await enqueueDueReviews(t.db, new Date('2026-11-23T09:15:00Z'));
    expect((await t.db.select().from(jobs).where(eq(jobs.type, 'delivery.runPipelineReview')))).toHaveLength(1);
    await runQueued(monday);
    const [first] = await reviewRuns();
    expect(first).toMatchObject({ status: 'Sent', periodKey: `r${review.id}:2026-W48`, deliveredChannels: ['inApp', 'email', 'slack'] });
    const firstContent = first!.content as DigestContent;
    expect(firstContent.notes![1]).toMatch(/^First review: \d+ open issues$/);
    expect(cellsOf(firstContent, 'new')).toContain('Acme late deal');

    // A week later the late deal's close date is fixed and a new deal has a past close date.
    await t.db.update(opportunities).set({ closeDate: '2027-01-31' }).where(eq(opportunities.id, late.id));
    await makeOpportunity(t.db, { ownerId: rep.id, accountId: account.id, opportunityName: 'Acme new problem', closeDate: '2026-11-20', nextStep: 'Call' });
    const nextMonday = new Date('2026-11-30T09:05:00Z');
    expect(await enqueueDueReviews(t.db, nextMonday)).toBe(1);
    await runQueued(nextMonday);
    const runs = await reviewRuns();
    expect(runs).toHaveLength(2);
    const second = runs[1]!.content as DigestContent;
    expect(second.notes![1]).toMatch(/^\d+ new, \d+ resolved, \d+ still open since the last review$/);
    expect(cellsOf(second, 'new')).toContain('Acme new problem');
    expect(cellsOf(second, 'new')).not.toContain('Acme late deal');
    expect(cellsOf(second, 'resolved')).toContain('Acme late deal');

    const mail = smtp.received.filter((m) => m.to.includes(manager.email)).map(readMail);
    expect(mail.map((m) => m.subject)).toEqual([
      'Pipeline review: Team weekly — Week of 23 November 2026',
      'Pipeline review: Team weekly — Week of 30 November 2026',
    ]);
    expect(mail[1]!.body).toContain('Resolved since the last review');
    expect(slack.received.map((r) => r.path)).toEqual(['/services/T1/B1/review', '/services/T1/B1/review']);
    expect(slack.received[1]!.body.text).toContain('|Acme new problem>');
  });

  it('can be run now, paused and deleted by their owner only', async () => {
    const now = new Date('2026-12-01T10:00:00Z');
    const other = await makeUser(t.db, { role: 'manager' });
    const review = await as(manager, now).pipelineReviews.create({ name: 'Priya', scopeKind: 'rep', scopeValue: rep.id, cadence: 'daily', hour: 7 });
    expect((await as(manager, now).pipelineReviews.list()).find((r) => r.id === review.id)).toMatchObject({ scopeLabel: 'Priya Rep' });
    expect((await clientError(as(other, now).pipelineReviews.runNow({ id: review.id }))).code).toBe('NOT_FOUND');
    expect(await as(manager, now).pipelineReviews.runNow({ id: review.id })).toEqual({ queued: true });
    await runQueued(now);
    expect((await reviewRuns()).at(-1)).toMatchObject({ periodKey: `r${review.id}:2026-12-01T10:00`, status: 'Sent' });
    await as(manager, now).pipelineReviews.setActive({ id: review.id, active: false });
    expect(await enqueueDueReviews(t.db, new Date('2026-12-02T07:00:00Z'))).toBe(0);
    await as(manager, now).pipelineReviews.delete({ id: review.id });
    expect((await as(manager, now).pipelineReviews.list()).map((r) => r.id)).not.toContain(review.id);
  });
});

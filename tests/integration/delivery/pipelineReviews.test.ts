// Scheduled pipeline reviews: a manager's review of the team runs a real hygiene scan through the job queue,
// compares with the previous review (new, resolved, still open, health) and reaches email and Slack.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, desc } from 'drizzle-orm';
import { auditLog, digests, jobs, opportunities } from '../../../drizzle/schema';
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
  rep = await makeUser(t.db, { role: 'rep', name: 'Priya Rep', managerId: manager.id });
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
    expect(notRep.fieldErrors).toEqual({ scopeValue: ['Choose an active rep of your team'] });
    const stranger = await makeUser(t.db, { role: 'rep', name: 'Not Dana’s' });
    const notMine = await clientError(as(manager, now).pipelineReviews.create({ name: 'One rep', scopeKind: 'rep', scopeValue: stranger.id, cadence: 'weekly', hour: 9 }));
    expect(notMine.fieldErrors).toEqual({ scopeValue: ['Choose an active rep of your team'] });
    const band = await clientError(as(manager, now).pipelineReviews.create({ name: 'Big', scopeKind: 'dealSize', scopeValue: 'huge', cadence: 'weekly', hour: 9 }));
    expect(band.fieldErrors).toEqual({ scopeValue: ['Choose a deal size'] });
    const industry = await clientError(as(manager, now).pipelineReviews.create({ name: 'Soft', scopeKind: 'industry', scopeValue: ' ', cadence: 'weekly', hour: 9 }));
    expect(industry.fieldErrors).toEqual({ scopeValue: ['Enter an industry'] });
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

describe('review scopes', { timeout: 60_000 }, () => {
  // Dana's team (Priya, Raj) and Sam's (Elena), each with deals that break a rule (a close date in the past).
  let dana: SessionUser;
  let sam: SessionUser;
  // A deal breaks several rules: each deal once.
  const names = (content: DigestContent) => [...new Set(cellsOf(content, 'new'))].sort();

  beforeAll(async () => {
    dana = await makeUser(t.db, { role: 'manager', name: 'Dana Scopes' });
    sam = await makeUser(t.db, { role: 'manager', name: 'Sam Scopes' });
    const priya = await makeUser(t.db, { role: 'rep', name: 'Priya Scopes', managerId: dana.id });
    const raj = await makeUser(t.db, { role: 'rep', name: 'Raj Scopes', managerId: dana.id });
    const elena = await makeUser(t.db, { role: 'rep', name: 'Elena Scopes', managerId: sam.id });
    const bank = await makeAccount(t.db, { ownerId: priya.id, accountName: 'Scope Bank', industry: 'Banking', region: 'EMEA' });
    const soft = await makeAccount(t.db, { ownerId: raj.id, accountName: 'Scope Soft', industry: 'Software', region: 'AMER' });
    const far = await makeAccount(t.db, { ownerId: elena.id, accountName: 'Scope Far', industry: 'Banking', region: 'EMEA' });
    const late = { closeDate: '2026-11-01', nextStep: 'Call' };
    await makeOpportunity(t.db, { ownerId: priya.id, accountId: bank.id, opportunityName: 'Bank small', amount: '10000.00', ...late });
    await makeOpportunity(t.db, { ownerId: priya.id, accountId: bank.id, opportunityName: 'Bank large', amount: '150000.00', ...late });
    await makeOpportunity(t.db, { ownerId: raj.id, accountId: soft.id, opportunityName: 'Soft mid', amount: '25000.00', ...late });
    await makeOpportunity(t.db, { ownerId: elena.id, accountId: far.id, opportunityName: 'Far large', amount: '300000.00', ...late });
  });

  async function firstRun(manager: SessionUser, input: { name: string; scopeKind: 'team' | 'rep' | 'region' | 'industry' | 'dealSize'; scopeValue?: string }) {
    const now = new Date('2026-12-07T10:00:00Z');
    const review = await as(manager, now).pipelineReviews.create({ ...input, cadence: 'weekly', hour: 9 });
    await as(manager, now).pipelineReviews.runNow({ id: review.id });
    await runQueued(now);
    const [run] = await t.db.select().from(digests).where(eq(digests.periodKey, `r${review.id}:2026-12-07T10:00`));
    return { review, content: run!.content as DigestContent };
  }

  it("keep to the owner's team, never another team's deals", async () => {
    expect(names((await firstRun(dana, { name: 'Team', scopeKind: 'team' })).content)).toEqual(['Bank large', 'Bank small', 'Soft mid']);
    expect(names((await firstRun(sam, { name: 'Team', scopeKind: 'team' })).content)).toEqual(['Far large']);
  });

  it("narrow the team's deals to a region, an industry or a deal size", async () => {
    expect(names((await firstRun(dana, { name: 'EMEA', scopeKind: 'region', scopeValue: 'EMEA' })).content)).toEqual(['Bank large', 'Bank small']);
    expect(names((await firstRun(dana, { name: 'Software', scopeKind: 'industry', scopeValue: 'Software' })).content)).toEqual(['Soft mid']);
    // Bands include their lower bound: $25,000 is mid, $150,000 large; Elena's $300,000 is Sam's.
    expect(names((await firstRun(dana, { name: 'Mid', scopeKind: 'dealSize', scopeValue: 'mid' })).content)).toEqual(['Soft mid']);
    const large = await firstRun(dana, { name: 'Large', scopeKind: 'dealSize', scopeValue: 'large' });
    expect(names(large.content)).toEqual(['Bank large']);
    expect((await as(dana, new Date()).pipelineReviews.list()).find((r) => r.id === large.review.id)).toMatchObject({ scopeLabel: 'Deals $100,000 and over' });
  });

  it('can be edited by their owner, scope and all, and the change is audited', async () => {
    const now = new Date('2026-12-07T11:00:00Z');
    const { review, content: banking } = await firstRun(dana, { name: 'Banking', scopeKind: 'industry', scopeValue: 'Banking' });
    const edit = { id: review.id, name: 'Software daily', scopeKind: 'industry' as const, scopeValue: 'Software', cadence: 'daily' as const, hour: 7 };
    expect((await clientError(as(sam, now).pipelineReviews.update(edit))).code).toBe('NOT_FOUND');
    const saved = await as(dana, now).pipelineReviews.update(edit);
    expect(saved).toMatchObject({ name: 'Software daily', scopeKind: 'industry', scopeValue: 'Software', cadence: 'daily', hour: 7 });
    const [audit] = await t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityType, 'pipelineReview'), eq(auditLog.entityId, String(review.id)), eq(auditLog.action, 'update')))
      .orderBy(desc(auditLog.id));
    expect(audit!.changes).toMatchObject({ name: ['Banking', 'Software daily'], scopeValue: ['Banking', 'Software'], cadence: ['weekly', 'daily'], hour: [9, 7] });
    // The next run compares with the Banking run: Bank deals left the scope (resolved), Soft mid is new.
    await as(dana, now).pipelineReviews.runNow({ id: review.id });
    await runQueued(now);
    const [run] = await t.db.select().from(digests).where(eq(digests.periodKey, `r${review.id}:2026-12-07T11:00`));
    const content = run!.content as DigestContent;
    expect(names(content)).toEqual(['Soft mid']);
    // Every issue the Banking run listed is resolved for this scope; each of Soft mid's is new.
    const softIssues = content.review!.openKeys.length;
    expect(content.notes![1]).toBe(`${softIssues} new, ${banking.review!.openKeys.length} resolved, 0 still open since the last review`);
  });
});

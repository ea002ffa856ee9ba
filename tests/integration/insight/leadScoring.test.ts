// Lead scoring through the job queue: a lead's score follows its activities (insight.scoreLead), decays as it
// goes quiet (the nightly insight.scoreLeads, clock injected), and leads.score explains it line by line.
import { and, eq, notLike } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { jobs, leads } from '../../../drizzle/schema';
import { enqueue } from '../../../server/jobs/enqueue';
import { claimJobs } from '../../../server/jobs/queue';
import { jobRegistry } from '../../../server/jobs/registry';
import { runJob } from '../../../server/jobs/worker';
import type { SessionUser } from '../../../server/lib/actor';
import { type Clock, fixedClock } from '../../../server/lib/clock';
import { createLogger } from '../../../server/lib/log';
import { callerFor } from '../../helpers/context';
import { clientError } from '../../helpers/errorShape';
import { makeLead } from '../../helpers/factories/leads';
import { makeUser } from '../../helpers/factories/users';
import { useTestDatabase } from '../../helpers/testDatabase';

const t = useTestDatabase();
const now = new Date('2026-12-02T15:00:00.000Z');
const clock = fixedClock(now);
const later = (days: number) => fixedClock(new Date(now.getTime() + days * 86_400_000));
const daysAgo = (n: number) => new Date(now.getTime() - n * 86_400_000);
let rep: SessionUser;
let admin: SessionUser;
let leadId: number;

/** Runs the queued insight jobs as the worker would, at the clock's time (other capabilities' jobs dropped). */
async function runInsightJobs(at: Clock = clock): Promise<string[]> {
  await t.db.delete(jobs).where(and(eq(jobs.status, 'queued'), notLike(jobs.type, 'insight.%')));
  const ran: string[] = [];
  for (;;) {
    const claimed = await claimJobs(t.db, 'test-worker', 10, at.now(), 60_000);
    if (claimed.length === 0) return ran;
    for (const job of claimed) {
      await runJob({ db: t.db, env: t.env, log: createLogger('silent'), clock: at, registry: jobRegistry }, 'test-worker', job);
      ran.push(job.type);
    }
  }
}

const scoreOf = async (id: number) => (await t.db.select({ score: leads.score }).from(leads).where(eq(leads.id, id)))[0]!.score;

beforeAll(async () => {
  rep = await makeUser(t.db, { role: 'rep' });
  admin = await makeUser(t.db, { role: 'admin' });
  await callerFor(t, admin, clock).settings.update({ targetIndustries: ['Software', 'Fintech'], targetRegions: ['North America'] });
});

describe('lead scores', () => {
  it('scores a new lead on its fit, then the README example once its activities are logged', async () => {
    const lead = await callerFor(t, rep, clock).leads.create({ firstName: 'Vera', lastName: 'Vance', company: 'Initrode', industry: 'software', employees: 200, region: 'EMEA', title: 'VP Sales' });
    leadId = lead.id;
    expect(await runInsightJobs()).toEqual(['insight.scoreLead']);
    // Target industry 15 + 200 employees 15 + VP 10; no engagement yet.
    expect(await scoreOf(leadId)).toBe(40);

    const log = (type: 'email' | 'meeting', direction: 'inbound' | 'outbound' | null) =>
      callerFor(t, rep, clock).activities.create({ type, subject: `${type} ${direction ?? ''}`, direction, occurredAt: daysAgo(10), relatedToType: 'lead', relatedToId: leadId });
    await log('email', 'outbound');
    await log('email', 'inbound');
    await log('meeting', null);
    // Three changes, one pending rescore.
    expect(await runInsightJobs()).toEqual(['insight.scoreLead']);
    // 2 emails 10 + meeting 10 + reply 5 + activity in 30 days 5 = 30, × 0.5^(10/30) = 23.8 -> 24; + fit 40.
    expect(await scoreOf(leadId)).toBe(64);

    const why = await callerFor(t, rep, clock).leads.score({ id: leadId });
    expect(why).toMatchObject({ total: 64, stored: 64, qualification: 'MQL', engagement: { raw: 30, decayed: 23.8, daysSinceLastActivity: 10 }, fit: { points: 40 } });
    expect(why.engagement.parts.map((p) => p.points)).toEqual([10, 10, 5, 5]);
    expect(why.fit.parts.map((p) => p.label)).toEqual(['Target industry (software)', '200 employees (50–5,000)', 'C-level/VP title (VP Sales)']);
  });

  it('decays as the lead goes quiet: the nightly rescore at +30 and +60 days', async () => {
    await enqueue(t.db, { type: 'insight.scoreLeads', payload: {} }, later(30).now());
    expect(await runInsightJobs(later(30))).toEqual(['insight.scoreLeads']);
    // 40 days quiet: no recency points (25), × 0.5^(40/30) = 9.9 -> 10; + 40.
    expect(await scoreOf(leadId)).toBe(50);
    await enqueue(t.db, { type: 'insight.scoreLeads', payload: {} }, later(60).now());
    await runInsightJobs(later(60));
    // 70 days: 25 × 0.5^(70/30) = 4.96 -> 5; + 40 = 45, below MQL.
    expect(await scoreOf(leadId)).toBe(45);
    const why = await callerFor(t, rep, later(60)).leads.score({ id: leadId });
    expect(why).toMatchObject({ total: 45, qualification: null, engagement: { raw: 25, decayed: 5, daysSinceLastActivity: 70 } });
  });

  it('rescores when an activity is deleted, leaves converted leads alone, and says when a lead is not there', async () => {
    const meeting = await callerFor(t, rep, clock).activities.create({ type: 'meeting', subject: 'Demo', occurredAt: daysAgo(1), relatedToType: 'lead', relatedToId: leadId });
    await runInsightJobs();
    // 2 emails 10 + 2 meetings 20 + reply 5 + last 7 days 10 = 45, × 0.5^(1/30) = 44 -> 84: sales qualified.
    expect(await scoreOf(leadId)).toBe(84);
    await callerFor(t, rep, clock).activities.delete({ id: meeting.id });
    await runInsightJobs();
    expect(await scoreOf(leadId)).toBe(64);

    const converted = await makeLead(t.db, { ownerId: rep.id, status: 'Converted', score: 12, industry: 'Software' });
    await enqueue(t.db, { type: 'insight.scoreLeads', payload: {} }, now);
    await runInsightJobs();
    expect(await scoreOf(converted.id)).toBe(12);
    expect((await clientError(callerFor(t, rep, clock).leads.score({ id: 99_999_999 }))).code).toBe('NOT_FOUND');
  });
});

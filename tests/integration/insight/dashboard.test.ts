// The rep dashboard over a small known pipeline: every number checked exactly, and the deals behind each.
import { beforeAll, describe, expect, it } from 'vitest';
import type { DealBucket } from '../../../shared/schemas/analytics';
import { fixedClock } from '../../../server/lib/clock';
import type { SessionUser } from '../../../server/lib/actor';
import { callerFor } from '../../helpers/context';
import { clientError } from '../../helpers/errorShape';
import { makeAccount } from '../../helpers/factories/accounts';
import { makeActivity } from '../../helpers/factories/activities';
import { makeOpportunity } from '../../helpers/factories/opportunities';
import { insertRow } from '../../helpers/factories/insertRow';
import { makeUser } from '../../helpers/factories/users';
import { activities, ruleResults } from '../../../drizzle/schema';
import { TASK_COUNT_CAP } from '../../../server/insight/dashboard';
import { useTestDatabase } from '../../helpers/testDatabase';

const t = useTestDatabase();
// Wednesday 2 December 2026: month = December, quarter = Q4 (Oct-Dec), win-rate window from 1 July.
const now = new Date('2026-12-02T15:00:00.000Z');
const clock = fixedClock(now);
const daysAgo = (n: number) => new Date(now.getTime() - n * 86_400_000);
const at = (day: string) => new Date(`${day}T12:00:00.000Z`);

let rep: SessionUser;
let otherRep: SessionUser;
let manager: SessionUser;
let admin: SessionUser;

beforeAll(async () => {
  manager = await makeUser(t.db, { role: 'manager' });
  admin = await makeUser(t.db, { role: 'admin' });
  // Both reps are in the manager's team: the team's numbers are everyone's here (tests/integration/insight/teamScope.test.ts splits teams).
  rep = await makeUser(t.db, { role: 'rep', name: 'Rita Rep', managerId: manager.id });
  otherRep = await makeUser(t.db, { role: 'rep', managerId: manager.id });
  const account = await makeAccount(t.db, { ownerId: rep.id, accountName: 'Acme' });
  const deal = (opportunityName: string, fields: Omit<Parameters<typeof makeOpportunity>[1], 'ownerId' | 'accountId'>) =>
    makeOpportunity(t.db, { opportunityName, ownerId: rep.id, accountId: account.id, createdAt: daysAgo(60), lastActivityAt: daysAgo(1), ...fields });

  await deal('A', { stage: 'Prospecting', amount: '10000', closeDate: '2027-02-15' });
  await deal('A2 no amount', { stage: 'Prospecting', amount: null, closeDate: '2027-03-01' });
  const b = await deal('B', { stage: 'Discovery', amount: '20000', closeDate: '2026-12-20' });
  const c = await deal('C', { stage: 'PoC/Trial', amount: '50000', closeDate: '2026-11-15' });
  const dd = await deal('D', { stage: 'Proposal', amount: '80000', closeDate: '2026-12-10', lastActivityAt: daysAgo(20) });
  const e = await deal('E', { stage: 'Negotiation', amount: '33333.33', probability: 90, probabilityOverridden: true, closeDate: '2027-01-15' });
  // Hygiene's open results (as its scan stores them): C health 100 − 3 × 25 = 25 and D 100 − 25 − 25 − 10 = 40
  // are at risk (below 50); E at 100 − 25 − 10 − 10 = 55 is not, nor B, whose results are resolved.
  const result = (recordId: number, ruleId: string, severity: 'critical' | 'warning' | 'info', resolvedAt: Date | null = null) =>
    insertRow(t.db, ruleResults, { ruleId, recordType: 'opportunity', recordId, severity, message: `${ruleId} on it`, firstSeenAt: daysAgo(3), lastSeenAt: daysAgo(1), resolvedAt, ownerId: rep.id });
  await result(c.id, 'close_date_past', 'critical');
  await result(c.id, 'no_economic_buyer_late', 'critical');
  await result(c.id, 'stage_stuck', 'critical');
  await result(c.id, 'no_next_step', 'info', daysAgo(2));
  await result(dd.id, 'no_activity_14d', 'critical');
  await result(dd.id, 'close_date_soon_no_commit', 'critical');
  await result(dd.id, 'no_next_step', 'warning');
  await result(e.id, 'no_paper_process', 'critical');
  await result(e.id, 'no_next_step', 'warning');
  await result(e.id, 'single_threaded', 'warning');
  for (const rule of ['r1', 'r2', 'r3']) await result(b.id, rule, 'critical', daysAgo(1));
  await deal('K', { stage: 'Security Review', amount: '15000', closeDate: '2026-12-31' });
  await deal('F won', { stage: 'Closed Won', amount: '40000', closeDate: '2026-12-01', closedAt: at('2026-12-01') });
  await deal('G won', { stage: 'Closed Won', amount: '25000', closeDate: '2026-08-10', closedAt: at('2026-08-10') });
  await deal('H lost', { stage: 'Closed Lost', amount: '60000', closeDate: '2026-10-05', closedAt: at('2026-10-05'), lossReason: 'Price' });
  await deal('I won long ago', { stage: 'Closed Won', amount: '99000', closeDate: '2026-05-01', closedAt: at('2026-05-01') });
  await deal('J deleted', { stage: 'Security Review', amount: '15000', closeDate: '2026-12-31', deletedAt: daysAgo(3) });
  await makeOpportunity(t.db, { opportunityName: 'Other rep', ownerId: otherRep.id, accountId: account.id, stage: 'Proposal', amount: '1000000', closeDate: '2026-12-15' });

  const task = (subject: string, ownerId: string, dueAt: Date, completedAt: Date | null = null) =>
    makeActivity(t.db, { type: 'task', subject, ownerId, relatedToType: 'account', relatedToId: account.id, accountId: account.id, occurredAt: dueAt, dueAt, completedAt });
  await task('Send pricing', rep.id, daysAgo(1));
  await task('Book QBR', rep.id, daysAgo(-5));
  await task('Far away', rep.id, daysAgo(-20));
  await task('Done already', rep.id, daysAgo(-2), daysAgo(1));
  await task('Not mine', otherRep.id, daysAgo(-2));
});

const as = (user: SessionUser) => callerFor(t, user, clock);

/** A rep's or the team's dashboard (never the CSM view, which has other numbers). */
async function dashboardOf(user: SessionUser, input: Parameters<ReturnType<typeof as>['analytics']['dashboard']>[0]) {
  const d = await as(user).analytics.dashboard(input);
  if (d.view === 'csm') throw new Error('expected a sales dashboard');
  return d;
}

async function dealNames(bucket: DealBucket, user: SessionUser = rep) {
  const page = await as(user).analytics.deals({ target: { scope: 'me' }, bucket });
  return page.items.map((d) => d.opportunityName).sort();
}

describe('analytics.dashboard (scope me)', () => {
  it('gives the open pipeline by stage, with the open and weighted pipeline as plain numbers', async () => {
    const d = await dashboardOf(rep, { scope: 'me' });
    expect(d.subject.name).toBe('Rita Rep');
    expect(d.today).toBe('2026-12-02');
    expect(d.pipelineByStage).toEqual([
      { stage: 'Prospecting', count: 2, amount: '10000.00', weightedAmount: '500.00' },
      { stage: 'Discovery', count: 1, amount: '20000.00', weightedAmount: '2000.00' },
      { stage: 'Solution/Demo', count: 0, amount: '0.00', weightedAmount: '0.00' },
      { stage: 'PoC/Trial', count: 1, amount: '50000.00', weightedAmount: '20000.00' },
      { stage: 'Security Review', count: 1, amount: '15000.00', weightedAmount: '9000.00' },
      { stage: 'Proposal', count: 1, amount: '80000.00', weightedAmount: '56000.00' },
      // 33,333.33 × 90% = 29,999.997, rounded to the cent per deal.
      { stage: 'Negotiation', count: 1, amount: '33333.33', weightedAmount: '30000.00' },
    ]);
    expect(d.openPipeline).toEqual({ count: 7, amount: '208333.33' });
    expect(d.weightedPipeline).toBe('117500.00');
  });

  it('forecasts this month and this quarter by category', async () => {
    const { forecast } = await dashboardOf(rep, { scope: 'me' });
    expect(forecast.month.period).toEqual({ kind: 'month', start: '2026-12-01', end: '2026-12-31', label: 'December 2026' });
    expect(forecast.month.totals).toEqual({ closed: '40000.00', commit: '80000.00', bestCase: '15000.00', pipeline: '20000.00', call: '120000.00', upside: '135000.00' });
    expect(forecast.month.counts).toEqual({ closed: 1, commit: 1, bestCase: 1, pipeline: 1 });
    expect(forecast.quarter.period.label).toBe('Q4 2026');
    expect(forecast.quarter.totals).toEqual({ closed: '40000.00', commit: '80000.00', bestCase: '65000.00', pipeline: '20000.00', call: '120000.00', upside: '185000.00' });
    expect(forecast.quarter.counts).toEqual({ closed: 1, commit: 1, bestCase: 2, pipeline: 1 });
  });

  it('counts deals closing in 30 days, at-risk deals and the win rate of the last two quarters', async () => {
    const d = await dashboardOf(rep, { scope: 'me' });
    expect(d.closingSoon).toEqual({ count: 3, amount: '115000.00', days: 30 });
    expect(d.atRisk).toEqual({ count: 2, amount: '130000.00', healthBelow: 50 });
    expect(d.winRate.window).toEqual({ from: '2026-07-01', to: '2026-12-02', label: 'Q3 2026 and Q4 2026 to date' });
    expect(d.winRate.won).toEqual({ count: 2, amount: '65000.00' });
    expect(d.winRate.lost).toEqual({ count: 1, amount: '60000.00' });
    expect(d.winRate.byCount).toBeCloseTo(2 / 3, 6);
    expect(d.winRate.byValue).toBeCloseTo(0.52, 6);
  });

  it('lists my open tasks due in the next 14 days, overdue first', async () => {
    const { upcomingTasks } = await dashboardOf(rep, { scope: 'me' });
    expect(upcomingTasks).toMatchObject({ total: 2, overdue: 1, totalCapped: false, overdueCapped: false });
    expect(upcomingTasks.items.map((i) => [i.subject, i.overdue, i.relatedName])).toEqual([
      ['Send pricing', true, 'Acme'],
      ['Book QBR', false, 'Acme'],
    ]);
  });

  it('counts a backlog of tasks up to the cap and says so', async () => {
    const busy = await makeUser(t.db, { role: 'rep' });
    const { id: accountId } = await makeAccount(t.db, { ownerId: busy.id });
    const task = (i: number, dueAt: Date) => ({ type: 'task' as const, subject: `Backlog ${i}`, ownerId: busy.id, relatedToType: 'account' as const, relatedToId: accountId, accountId, occurredAt: dueAt, dueAt });
    await t.db.insert(activities).values(Array.from({ length: TASK_COUNT_CAP + 5 }, (_, i) => task(i, daysAgo(30 + i))));
    await t.db.insert(activities).values([task(-1, daysAgo(-3)), task(-2, daysAgo(-4))]);
    const { upcomingTasks } = await dashboardOf(busy, { scope: 'me' });
    expect(upcomingTasks).toMatchObject({ overdue: TASK_COUNT_CAP, overdueCapped: true, total: TASK_COUNT_CAP + 2, totalCapped: true });
    // Overdue first: the oldest of the backlog.
    expect(upcomingTasks.items[0]).toMatchObject({ subject: `Backlog ${TASK_COUNT_CAP + 4}`, overdue: true });
  });

  it('answers with zeros and no rates for someone without deals', async () => {
    const d = await dashboardOf(manager, { scope: 'me' });
    expect(d.openPipeline).toEqual({ count: 0, amount: '0.00' });
    expect(d.weightedPipeline).toBe('0.00');
    expect(d.forecast.month.totals.call).toBe('0.00');
    expect(d.winRate.byCount).toBeNull();
    expect(d.upcomingTasks.items).toEqual([]);
  });

  it("lets managers open a rep's dashboard, and reps only their own", async () => {
    const d = await dashboardOf(manager, { scope: 'user', userId: rep.id });
    expect(d.subject.id).toBe(rep.id);
    expect(d.weightedPipeline).toBe('117500.00');
    expect(await clientError(as(otherRep).analytics.dashboard({ scope: 'user', userId: rep.id }))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await clientError(as(manager).analytics.dashboard({ scope: 'user', userId: 'nobody' }))).toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('analytics.dashboard (scope team)', () => {
  it("adds up the manager's team's deals (here everyone's), and refuses reps", async () => {
    const d = await dashboardOf(manager, { scope: 'team' });
    expect(d.openPipeline).toEqual({ count: 8, amount: '1208333.33' });
    expect(d.subject.name).toBe('Team');
    const page = await as(manager).analytics.deals({ target: { scope: 'team' }, bucket: { kind: 'stage', stage: 'Proposal' } });
    expect(page.items.map((i) => i.opportunityName).sort()).toEqual(['D', 'Other rep']);
    expect(await clientError(as(rep).analytics.dashboard({ scope: 'team' }))).toMatchObject({ code: 'FORBIDDEN' });
  });
});

describe('analytics.deals: the deals behind each number', () => {
  it('lists the deals of each bar, forecast category and count', async () => {
    expect(await dealNames({ kind: 'stage', stage: 'Prospecting' })).toEqual(['A', 'A2 no amount']);
    expect(await dealNames({ kind: 'open' })).toEqual(['A', 'A2 no amount', 'B', 'C', 'D', 'E', 'K']);
    expect(await dealNames({ kind: 'forecast', period: 'quarter', category: 'Best Case' })).toEqual(['C', 'K']);
    expect(await dealNames({ kind: 'forecast', period: 'month', category: 'Closed' })).toEqual(['F won']);
    expect(await dealNames({ kind: 'closingSoon' })).toEqual(['B', 'D', 'K']);
    expect(await dealNames({ kind: 'closed', outcome: 'won' })).toEqual(['F won', 'G won']);
    expect(await dealNames({ kind: 'closed', outcome: 'lost' })).toEqual(['H lost']);
  });

  it('says why each at-risk deal is at risk (its health and open hygiene results, heaviest first), and its weighted amount', async () => {
    const page = await as(rep).analytics.deals({ target: { scope: 'me' }, bucket: { kind: 'atRisk' } });
    expect(page.items.map((d) => [d.opportunityName, d.health, d.issues, d.weightedAmount])).toEqual([
      ['C', 25, ['close_date_past on it', 'no_economic_buyer_late on it', 'stage_stuck on it'], '20000.00'],
      ['D', 40, ['no_activity_14d on it', 'close_date_soon_no_commit on it', 'no_next_step on it'], '56000.00'],
    ]);
    // The team's at-risk deals are the same two (the other rep's deal has no results).
    const team = await as(manager).analytics.deals({ target: { scope: 'team' }, bucket: { kind: 'atRisk' } });
    expect(team.items.map((d) => d.opportunityName)).toEqual(['C', 'D']);
    const open = await as(rep).analytics.deals({ target: { scope: 'me' }, bucket: { kind: 'open' } });
    expect(open.items.find((d) => d.opportunityName === 'B')?.health).toBe(100);
  });

  it('pages by close date', async () => {
    const first = await as(rep).analytics.deals({ target: { scope: 'me' }, bucket: { kind: 'open' }, limit: 4 });
    expect(first.items.map((d) => d.opportunityName)).toEqual(['C', 'D', 'B', 'K']);
    const second = await as(rep).analytics.deals({ target: { scope: 'me' }, bucket: { kind: 'open' }, limit: 4, cursor: first.nextCursor });
    expect(second.items.map((d) => d.opportunityName)).toEqual(['E', 'A', 'A2 no amount']);
    expect(second.nextCursor).toBeNull();
  });
});

describe('analytics.pipeline', () => {
  it('gives the whole organisation by stage to an admin, a rep their own, or one owner and some stages', async () => {
    const all = await as(admin).analytics.pipeline({});
    expect(all.stages.find((s) => s.stage === 'Proposal')).toEqual({ stage: 'Proposal', count: 2, amount: '1080000.00', weightedAmount: '756000.00' });
    expect(all.totals).toEqual({ count: 8, amount: '1208333.33', weightedAmount: '817500.00' });
    const mine = await as(manager).analytics.pipeline({ ownerId: rep.id, stage: ['Proposal', 'Negotiation'] });
    expect(mine.stages.map((s) => [s.stage, s.count, s.amount])).toEqual([
      ['Proposal', 1, '80000.00'],
      ['Negotiation', 1, '33333.33'],
    ]);
    expect(mine.totals).toEqual({ count: 2, amount: '113333.33', weightedAmount: '86000.00' });
    const december = await as(rep).analytics.pipeline({ ownerId: rep.id, closeDateFrom: '2026-12-01', closeDateTo: '2026-12-31' });
    expect(december.totals).toEqual({ count: 3, amount: '115000.00', weightedAmount: '67000.00' });
    // A rep's pipeline is their own: the other rep's 1M Proposal is not in it, and naming them is refused.
    expect((await as(rep).analytics.pipeline({})).totals.count).toBe(7);
    expect(await clientError(as(rep).analytics.pipeline({ ownerId: otherRep.id }))).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('refuses a range that ends before it starts, naming the field', async () => {
    const error = await clientError(as(rep).analytics.pipeline({ closeDateFrom: '2026-12-31', closeDateTo: '2026-12-01' }));
    expect(error).toMatchObject({ code: 'BAD_REQUEST', fieldErrors: { closeDateTo: ['The start must be before the end'] } });
  });
});

// The manager and CSM dashboards over a small known book: reps side by side with quota and coverage, the
// stage funnel from stage history, sales cycle, ARR/MRR, accuracy and slippage from a snapshot; and a CSM's
// projects, milestones, adoption, cases and quiet accounts. Every number checked exactly.
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { opportunities, opportunityStageHistory } from '../../../drizzle/schema';
import { takeForecastSnapshot } from '../../../server/insight/snapshots';
import type { SessionUser } from '../../../server/lib/actor';
import { fixedClock } from '../../../server/lib/clock';
import type { Stage } from '../../../shared/stages';
import { callerFor } from '../../helpers/context';
import { clientError } from '../../helpers/errorShape';
import { makeAccount } from '../../helpers/factories/accounts';
import { insertRow } from '../../helpers/factories/insertRow';
import { makeOpportunity } from '../../helpers/factories/opportunities';
import { makeCase } from '../../helpers/factories/cases';
import { makeMilestone, makeProject } from '../../helpers/factories/projects';
import { makeUser } from '../../helpers/factories/users';
import { useTestDatabase } from '../../helpers/testDatabase';

const t = useTestDatabase();
// Wednesday 2 December 2026: Q4 2026, December; the win-rate window starts 1 July 2026.
const now = new Date('2026-12-02T15:00:00.000Z');
const clock = fixedClock(now);
const at = (day: string) => new Date(`${day}T12:00:00.000Z`);
const daysAgo = (n: number) => new Date(now.getTime() - n * 86_400_000);
const as = (user: SessionUser) => callerFor(t, user, clock);

let manager: SessionUser;
let rita: SessionUser;
let ravi: SessionUser;
let csm: SessionUser;
let otherCsm: SessionUser;
const names: Record<string, string> = {};

beforeAll(async () => {
  manager = await makeUser(t.db, { role: 'manager', name: 'Mona Manager' });
  rita = await makeUser(t.db, { role: 'rep', name: 'Rita Rep', managerId: manager.id });
  ravi = await makeUser(t.db, { role: 'rep', name: 'Ravi Rep', managerId: manager.id });
  csm = await makeUser(t.db, { role: 'csm', name: 'Cleo CSM' });
  otherCsm = await makeUser(t.db, { role: 'csm', name: 'Otto CSM' });
  const account = await makeAccount(t.db, { ownerId: rita.id, accountName: 'Acme' });

  const deal = async (name: string, ownerId: string, fields: Omit<Parameters<typeof makeOpportunity>[1], 'ownerId' | 'accountId'>, history: [Stage, string][]) => {
    const row = await makeOpportunity(t.db, { opportunityName: name, ownerId, accountId: account.id, createdAt: at('2026-06-01'), lastActivityAt: daysAgo(1), ...fields });
    let from: Stage | null = null;
    for (const [toStage, day] of history) {
      await insertRow(t.db, opportunityStageHistory, { opportunityId: row.id, fromStage: from, toStage, changedAt: at(day), amount: row.amount, closeDate: row.closeDate });
      from = toStage;
    }
    names[name] = row.opportunityName;
    return row;
  };
  await deal('Rita December', rita.id, { stage: 'Proposal', amount: '100000', closeDate: '2026-12-15' }, [['Prospecting', '2026-07-10'], ['Discovery', '2026-08-01'], ['Proposal', '2026-10-01']]);
  await deal('Rita January', rita.id, { stage: 'Discovery', amount: '50000', closeDate: '2027-01-20' }, [['Discovery', '2026-11-01']]);
  await deal('Rita won', rita.id, { stage: 'Closed Won', amount: '60000', closeDate: '2026-11-10', createdAt: at('2026-10-01'), closedAt: at('2026-11-10') }, [
    ['Discovery', '2026-10-01'],
    ['Proposal', '2026-10-20'],
    ['Closed Won', '2026-11-10'],
  ]);
  await deal('Rita lost', rita.id, { stage: 'Closed Lost', amount: '30000', closeDate: '2026-10-05', closedAt: at('2026-10-05'), lossReason: 'Price' }, [
    ['Discovery', '2026-06-15'],
    ['Proposal', '2026-09-01'],
    ['Closed Lost', '2026-10-05'],
  ]);
  // Committed for November in the snapshot, pushed to December afterwards: it slips out of November.
  const pushed = await deal('Ravi pushed', ravi.id, { stage: 'Negotiation', amount: '40000', closeDate: '2026-11-25' }, [['Prospecting', '2026-06-01'], ['Negotiation', '2026-11-15']]);
  await deal('Ravi won', ravi.id, { stage: 'Closed Won', amount: '20000', closeDate: '2026-08-20', createdAt: at('2026-08-10'), closedAt: at('2026-08-20') }, [['Closed Won', '2026-08-20']]);
  await deal('Ravi won last year', ravi.id, { stage: 'Closed Won', amount: '99000', closeDate: '2025-11-15', createdAt: at('2025-10-01'), closedAt: at('2025-11-15') }, []);
  await deal('Deleted', ravi.id, { stage: 'Proposal', amount: '777000', closeDate: '2026-12-01', deletedAt: daysAgo(2) }, [['Proposal', '2026-11-01']]);

  await takeForecastSnapshot(t.db, new Date('2026-10-30T18:00:00.000Z'));
  await t.db.update(opportunities).set({ closeDate: '2026-12-20', pushCount: 1 }).where(eq(opportunities.id, pushed.id));

  await as(manager).quotas.set({ userId: rita.id, period: 'quarter', start: '2026-10-01', amount: '200000' });
  await as(manager).quotas.set({ userId: rita.id, period: 'month', start: '2026-12-01', amount: '90000' });

  // The CSM's book.
  const healthy = await makeAccount(t.db, { ownerId: csm.id, accountName: 'Engaged Ltd', lastActivityAt: daysAgo(5) });
  const quiet = await makeAccount(t.db, { ownerId: csm.id, accountName: 'Quiet GmbH', lastActivityAt: daysAgo(45) });
  const finished = await makeAccount(t.db, { ownerId: csm.id, accountName: 'Finished Inc', lastActivityAt: null });
  const p1 = await makeProject(t.db, { projectName: 'Engaged rollout', ownerId: csm.id, accountId: healthy.id, status: 'In Progress', healthStatus: 'Healthy', expectedUsers: 100, activeUsers: 80 });
  const p2 = await makeProject(t.db, { projectName: 'Quiet rollout', ownerId: csm.id, accountId: quiet.id, status: 'In Progress', healthStatus: 'At Risk', expectedUsers: 50, activeUsers: 10 });
  await makeProject(t.db, { projectName: 'Done', ownerId: csm.id, accountId: finished.id, status: 'Completed', healthStatus: 'Critical', expectedUsers: 10, activeUsers: 0 });
  await makeProject(t.db, { projectName: 'Otto’s', ownerId: otherCsm.id, accountId: finished.id, status: 'Not Started', healthStatus: 'Critical', expectedUsers: 20, activeUsers: 0 });
  await makeMilestone(t.db, { projectId: p1.id, title: 'Train admins', dueDate: '2026-11-20', status: 'In Progress' });
  await makeMilestone(t.db, { projectId: p1.id, title: 'Kick-off', dueDate: '2026-11-01', status: 'Completed' });
  await makeMilestone(t.db, { projectId: p1.id, title: 'Go live', dueDate: '2026-12-10' });
  await makeMilestone(t.db, { projectId: p2.id, title: 'SSO', dueDate: '2026-10-01', status: 'Blocked' });
  await makeCase(t.db, { ownerId: csm.id, accountId: healthy.id, priority: 'High', slaDueAt: daysAgo(1) });
  await makeCase(t.db, { ownerId: csm.id, accountId: healthy.id, priority: 'High', slaDueAt: daysAgo(-1) });
  await makeCase(t.db, { ownerId: csm.id, accountId: quiet.id, priority: 'Low', slaDueAt: daysAgo(-3) });
  await makeCase(t.db, { ownerId: csm.id, accountId: quiet.id, priority: 'Medium', status: 'Closed', closedAt: daysAgo(1), slaDueAt: daysAgo(5) });
  await makeCase(t.db, { ownerId: otherCsm.id, accountId: quiet.id, priority: 'Urgent', slaDueAt: daysAgo(1) });
});

async function managerView(period: 'month' | 'quarter' = 'quarter') {
  const d = await as(manager).analytics.dashboard({ scope: 'team', period });
  if (d.view !== 'manager') throw new Error(`expected the manager view, got ${d.view}`);
  return d.manager;
}

describe('the manager dashboard (analytics.dashboard scope team)', () => {
  it('puts every rep side by side for the quarter: quota, won, commit, call, open in the period, coverage and attainment', async () => {
    const m = await managerView();
    expect(m.period.label).toBe('Q4 2026');
    const row = (id: string) => m.reps.find((r) => r.userId === id)!;
    expect(m.reps.map((r) => r.name)).toEqual(['Mona Manager', 'Ravi Rep', 'Rita Rep']);
    expect(row(rita.id)).toMatchObject({
      quota: '200000.00',
      won: { count: 1, amount: '60000.00' },
      commit: '100000.00',
      forecastCall: '160000.00',
      openInPeriod: { count: 1, amount: '100000.00' },
      open: { count: 2, amount: '150000.00' },
      weighted: '75000.00',
      attainment: 0.3,
    });
    // 100k open / (200k − 60k won).
    expect(row(rita.id).coverage).toBeCloseTo(100 / 140, 5);
    expect(row(ravi.id)).toMatchObject({ quota: null, coverage: null, attainment: null, won: { count: 0, amount: '0.00' }, openInPeriod: { count: 1, amount: '40000.00' }, commit: '40000.00' });
    expect(m.team).toMatchObject({ quota: '200000.00', won: { count: 1, amount: '60000.00' }, openInPeriod: { count: 2, amount: '140000.00' }, forecastCall: '200000.00', coverage: 1, attainment: 0.3 });
  });

  it('uses the month quota for the month', async () => {
    const m = await managerView('month');
    const rita_ = m.reps.find((r) => r.userId === rita.id)!;
    expect(m.period.label).toBe('December 2026');
    expect(rita_).toMatchObject({ quota: '90000.00', won: { count: 0, amount: '0.00' }, openInPeriod: { count: 1, amount: '100000.00' } });
    expect(rita_.coverage).toBeCloseTo(100 / 90, 5);
  });

  it('converts stage by stage from the stage history of the win-rate window (a loss is no step forward)', async () => {
    const m = await managerView();
    expect(m.funnel.window.from).toBe('2026-07-01');
    expect(m.funnel.stages.map((s) => [s.stage, s.entered, s.advanced])).toEqual([
      ['Prospecting', 1, 1],
      ['Discovery', 3, 2],
      ['Solution/Demo', 0, 0],
      ['PoC/Trial', 0, 0],
      ['Security Review', 0, 0],
      ['Proposal', 3, 1],
      ['Negotiation', 1, 0],
    ]);
    expect(m.funnel.stages[1]!.rate).toBeCloseTo(2 / 3, 6);
    expect(m.funnel.stages[2]!.rate).toBeNull();
    const entered = await as(manager).analytics.deals({ target: { scope: 'team' }, bucket: { kind: 'enteredStage', stage: 'Proposal' } });
    expect(entered.items.map((d) => d.opportunityName).sort()).toEqual(['Rita December', 'Rita lost', 'Rita won']);
  });

  it('averages the sales cycle of deals won in the window, and books ARR from the last twelve months of wins', async () => {
    const m = await managerView();
    // Rita won after 40 days, Ravi after 10.
    expect(m.salesCycle).toMatchObject({ wonCount: 2, averageDays: 25 });
    expect(m.recurringRevenue).toMatchObject({ from: '2026-01-01', to: '2026-12-02', arr: '80000.00', mrr: '6666.67' });
    expect(m.recurringRevenue.byMonth.filter((b) => b.count > 0).map((b) => [b.period.label, b.count, b.amount])).toEqual([
      ['August 2026', 1, '20000.00'],
      ['November 2026', 1, '60000.00'],
    ]);
    const won = await as(manager).analytics.deals({ target: { scope: 'team' }, bucket: { kind: 'won', from: m.recurringRevenue.from, to: m.recurringRevenue.to } });
    expect(won.items.map((d) => d.opportunityName).sort()).toEqual(['Ravi won', 'Rita won']);
  });

  it('trends forecast accuracy and slippage over the last six months from the team’s snapshots', async () => {
    const m = await managerView();
    expect(m.accuracyTrend.map((p) => p.period.label)).toEqual(['June 2026', 'July 2026', 'August 2026', 'September 2026', 'October 2026', 'November 2026']);
    expect(m.accuracyTrend.slice(0, 4).every((p) => p.accuracy === null && p.basis === null)).toBe(true);
    expect(m.accuracyTrend[4]).toMatchObject({ basis: 'during', call: '0.00', actual: '0.00', accuracy: 1 });
    const november = m.accuracyTrend[5]!;
    // Snapshot call 60k won + 40k commit; 60k actually won: 1 − 40/60. Ravi's 40k commit slipped into December.
    expect(november).toMatchObject({ basis: 'before', snapshotDate: '2026-10-30', call: '100000.00', actual: '60000.00', committed: '40000.00', slipped: { count: 1, amount: '40000.00' }, slippageRate: 1 });
    expect(november.accuracy).toBeCloseTo(1 / 3, 5);
  });

  it('is for managers and admins; a rep gets their own dashboard', async () => {
    expect((await clientError(as(rita).analytics.dashboard({ scope: 'team' }))).code).toBe('FORBIDDEN');
    const mine = await as(rita).analytics.dashboard({ scope: 'me' });
    expect(mine.view).toBe('rep');
    expect(mine.view !== 'csm' && mine.manager).toBeNull();
  });
});

describe('the CSM dashboard (analytics.dashboard scope csm)', () => {
  it('shows a CSM their book: projects by health, overdue milestones, adoption, open cases by priority and quiet accounts', async () => {
    const d = await as(csm).analytics.dashboard({ scope: 'csm' });
    if (d.view !== 'csm') throw new Error('expected the CSM view');
    expect(d.subject.name).toBe('Cleo CSM');
    expect(d.projectsByHealth).toEqual([
      { health: 'Healthy', count: 1 },
      { health: 'At Risk', count: 1 },
      { health: 'Critical', count: 0 },
    ]);
    expect(d.overdueMilestones.count).toBe(2);
    expect(d.overdueMilestones.items.map((m) => [m.title, m.projectName, m.dueDate])).toEqual([
      ['SSO', 'Quiet rollout', '2026-10-01'],
      ['Train admins', 'Engaged rollout', '2026-11-20'],
    ]);
    expect(d.adoption).toMatchObject({ projects: 2, activeUsers: 90, expectedUsers: 150, rate: 0.6, low: 1 });
    expect(d.adoption.lowest.map((p) => p.projectName)).toEqual(['Quiet rollout']);
    expect(d.openCases).toEqual([
      { priority: 'Urgent', open: 0, breached: 0 },
      { priority: 'High', open: 2, breached: 1 },
      { priority: 'Medium', open: 0, breached: 0 },
      { priority: 'Low', open: 1, breached: 0 },
    ]);
    expect(d.lowEngagement.count).toBe(1);
    expect(d.lowEngagement.items.map((a) => a.accountName)).toEqual(['Quiet GmbH']);
  });

  it('shows managers every customer or one CSM’s, and keeps others’ books from a CSM', async () => {
    const all = await as(manager).analytics.dashboard({ scope: 'csm' });
    if (all.view !== 'csm') throw new Error('expected the CSM view');
    expect(all.projectsByHealth.map((r) => r.count)).toEqual([1, 1, 1]);
    expect(all.openCases.find((c) => c.priority === 'Urgent')).toEqual({ priority: 'Urgent', open: 1, breached: 1 });
    // Finished Inc has Otto's project in delivery and no activity ever: quiet too.
    expect(all.lowEngagement.items.map((a) => a.accountName)).toEqual(['Finished Inc', 'Quiet GmbH']);
    const cleo = await as(manager).analytics.dashboard({ scope: 'csm', userId: csm.id });
    if (cleo.view !== 'csm') throw new Error('expected the CSM view');
    expect(cleo.adoption.expectedUsers).toBe(150);
    expect((await clientError(as(otherCsm).analytics.dashboard({ scope: 'csm', userId: csm.id }))).code).toBe('FORBIDDEN');
  });
});

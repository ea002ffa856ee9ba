// Forecast snapshots over two quarters with won, pushed and pulled deals: the weekly job's rows, what
// changed since a snapshot, and accuracy and slippage once a quarter has closed (the README's example).
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { forecastSnapshotOpportunities, forecastSnapshots } from '../../../drizzle/schema';
import { forecastSnapshotJob } from '../../../server/insight/jobs';
import type { SessionUser } from '../../../server/lib/actor';
import { fixedClock } from '../../../server/lib/clock';
import { createLogger } from '../../../server/lib/log';
import { callerFor } from '../../helpers/context';
import { clientError } from '../../helpers/errorShape';
import { makeAccount } from '../../helpers/factories/accounts';
import { makeUser } from '../../helpers/factories/users';
import { useTestDatabase } from '../../helpers/testDatabase';

const t = useTestDatabase();
const clock = fixedClock(new Date('2026-09-25T18:00:00.000Z'));
let rep: SessionUser;
let idle: SessionUser;
let manager: SessionUser;
const ids: Record<string, number> = {};
const rerun = { before: 0 };

const as = (user: SessionUser) => callerFor(t, user, clock);

async function runSnapshotJob() {
  await forecastSnapshotJob.handle(
    { db: t.db, log: createLogger('silent'), clock, env: t.env, job: { id: 1, type: forecastSnapshotJob.type, attempt: 1, maxAttempts: 5 }, signal: new AbortController().signal },
    {},
  );
}

async function update(name: string, fields: Record<string, unknown>) {
  await as(rep).opportunities.update({ id: ids[name]!, ...fields });
}

async function snapshotsOf(snapshotDate: string) {
  return t.db.select().from(forecastSnapshots).where(eq(forecastSnapshots.snapshotDate, snapshotDate));
}

beforeAll(async () => {
  manager = await makeUser(t.db, { role: 'manager' });
  rep = await makeUser(t.db, { role: 'rep', name: 'Rita Rep', managerId: manager.id });
  idle = await makeUser(t.db, { role: 'rep', name: 'Ian Idle', managerId: manager.id });
  const account = await makeAccount(t.db, { ownerId: rep.id });
  const create = async (name: string, stage: string, amount: string, closeDate: string) => {
    const deal = await as(rep).opportunities.create({ opportunityName: name, accountId: account.id, stage: stage as 'Proposal', amount, closeDate });
    ids[name] = deal.id;
  };
  // Friday 25 September 2026, before Q4: Commit 300k (A 100k, B 200k), Best Case 150k (C) in Q4.
  await create('A', 'Proposal', '100000', '2026-11-10');
  await create('B', 'Negotiation', '200000', '2026-12-15');
  await create('C', 'PoC/Trial', '150000', '2026-10-20');
  await create('D', 'Discovery', '50000', '2027-01-20');
  await create('E', 'Security Review', '80000', '2027-02-10');
  await runSnapshotJob();

  // Friday 30 October, in Q4: A is won; the snapshot now covers Q1 2027 too.
  clock.set(new Date('2026-10-30T18:00:00.000Z'));
  await update('A', { stage: 'Closed Won' });
  await runSnapshotJob();
  // The job run again that evening (a retry) replaces the day's snapshot.
  rerun.before = (await snapshotsOf('2026-10-30')).length;
  clock.set(new Date('2026-10-30T19:00:00.000Z'));
  await runSnapshotJob();

  // Then: C is won in December, B is pushed into Q1, E pulled into Q4, D grows.
  clock.set(new Date('2026-12-01T10:00:00.000Z'));
  await update('C', { stage: 'Closed Won', closeDate: '2026-12-01' });
  await update('B', { closeDate: '2027-01-15' });
  await update('E', { closeDate: '2026-12-20' });
  await update('D', { amount: '60000' });
  clock.set(new Date('2027-01-08T09:00:00.000Z'));
});

describe('the weekly snapshot job', () => {
  it('stores this and the next month and quarter, for the organisation and every active user', async () => {
    const rows = await snapshotsOf('2026-09-25');
    const periods = [...new Set(rows.map((r) => `${r.periodKind} ${r.periodStart}`))].sort();
    expect(periods).toEqual(['month 2026-09-01', 'month 2026-10-01', 'quarter 2026-07-01', 'quarter 2026-10-01']);
    const q4 = rows.filter((r) => r.periodKind === 'quarter' && r.periodStart === '2026-10-01');
    const byScope = new Map(q4.map((r) => [r.scopeKey, r]));
    expect(byScope.get(rep.id)).toMatchObject({ periodEnd: '2026-12-31', closedAmount: '0.00', commitAmount: '300000.00', bestCaseAmount: '150000.00', pipelineAmount: '0.00' });
    expect(byScope.get('')).toMatchObject({ userId: null, commitAmount: '300000.00', bestCaseAmount: '150000.00' });
    expect(byScope.get(idle.id)).toMatchObject({ commitAmount: '0.00', bestCaseAmount: '0.00' });
  });

  it("keeps each deal's state under its owner's snapshot and the organisation's", async () => {
    const [mine] = (await snapshotsOf('2026-09-25')).filter((r) => r.scopeKey === rep.id && r.periodKind === 'quarter' && r.periodStart === '2026-10-01');
    const deals = await t.db
      .select({ opportunityId: forecastSnapshotOpportunities.opportunityId, stage: forecastSnapshotOpportunities.stage, amount: forecastSnapshotOpportunities.amount, forecastCategory: forecastSnapshotOpportunities.forecastCategory, closeDate: forecastSnapshotOpportunities.closeDate })
      .from(forecastSnapshotOpportunities)
      .where(eq(forecastSnapshotOpportunities.snapshotId, mine!.id));
    expect(deals.sort((a, b) => a.opportunityId - b.opportunityId)).toEqual([
      { opportunityId: ids.A, stage: 'Proposal', amount: '100000.00', forecastCategory: 'Commit', closeDate: '2026-11-10' },
      { opportunityId: ids.B, stage: 'Negotiation', amount: '200000.00', forecastCategory: 'Commit', closeDate: '2026-12-15' },
      { opportunityId: ids.C, stage: 'PoC/Trial', amount: '150000.00', forecastCategory: 'Best Case', closeDate: '2026-10-20' },
    ]);
  });

  it('taken again the same day, replaces that day’s snapshot', async () => {
    const after = await snapshotsOf('2026-10-30');
    expect(after).toHaveLength(rerun.before);
    expect(new Set(after.map((r) => r.takenAt.toISOString()))).toEqual(new Set(['2026-10-30T19:00:00.000Z']));
    const [org] = after.filter((r) => r.scopeKey === '' && r.periodKind === 'quarter' && r.periodStart === '2026-10-01');
    expect(org).toMatchObject({ closedAmount: '100000.00', commitAmount: '200000.00', bestCaseAmount: '150000.00' });
    const rowsOfOrg = await t.db.select().from(forecastSnapshotOpportunities).where(and(eq(forecastSnapshotOpportunities.snapshotId, org!.id)));
    expect(rowsOfOrg).toHaveLength(3);
  });
});

describe('analytics.forecast', () => {
  it('measures a closed quarter from the snapshot before it began: accuracy 0.80, B slipped 200k of 450k', async () => {
    const report = await as(rep).analytics.forecast({ period: 'quarter', start: '2027-01-08' });
    const q4 = report.history.find((h) => h.period.label === 'Q4 2026')!;
    expect(q4).toMatchObject({ basis: 'before', snapshotDate: '2026-09-25', call: '300000.00', actual: '250000.00', committed: '450000.00', slipped: { count: 1, amount: '200000.00' } });
    expect(q4.accuracy).toBeCloseTo(0.8, 6);
    expect(q4.slippageRate).toBeCloseTo(200 / 450, 6);
    // Q3 had no snapshot before it: its first one in the period is used, and says so.
    const q3 = report.history.find((h) => h.period.label === 'Q3 2026')!;
    expect(q3).toMatchObject({ basis: 'during', snapshotDate: '2026-09-25', call: '0.00', actual: '0.00', accuracy: 1 });
    expect(report.history.map((h) => h.period.label)).toEqual(['Q1 2026', 'Q2 2026', 'Q3 2026', 'Q4 2026']);
    expect(report.history[0]).toMatchObject({ basis: null, accuracy: null });
  });

  it("shows a period's totals now, its last snapshot and each deal's change since: won, pushed out, pulled in", async () => {
    const q4 = await as(rep).analytics.forecast({ period: 'quarter', start: '2026-10-01' });
    expect(q4.period.label).toBe('Q4 2026');
    expect(q4.totals).toEqual({ closed: '250000.00', commit: '0.00', bestCase: '80000.00', pipeline: '0.00', call: '250000.00', upside: '330000.00' });
    expect(q4.lastSnapshot).toMatchObject({ snapshotDate: '2026-10-30', callChange: '-50000.00' });
    expect(q4.lastSnapshot!.totals.call).toBe('300000.00');
    const kinds = Object.fromEntries(q4.changes!.items.map((c) => [c.opportunityName, c.kinds]));
    expect(kinds).toEqual({ B: ['pushed'], C: ['won', 'pushed'], E: ['added'] });
  });

  it('the next quarter gains the pushed deal and loses the pulled one', async () => {
    const q1 = await as(rep).analytics.forecast({ period: 'quarter' });
    expect(q1.period.label).toBe('Q1 2027');
    expect(q1.isCurrent).toBe(true);
    expect(q1.totals).toMatchObject({ commit: '200000.00', bestCase: '0.00', pipeline: '60000.00', call: '200000.00' });
    const kinds = Object.fromEntries(q1.changes!.items.map((c) => [c.opportunityName, c.kinds]));
    expect(kinds).toEqual({ D: ['amount'], E: ['pulled'], B: ['added'] });
    const e = q1.changes!.items.find((c) => c.opportunityName === 'E')!;
    expect(e.before?.closeDate).toBe('2027-02-10');
    expect(e.now?.closeDate).toBe('2026-12-20');
  });

  it("gives managers the team's forecast from its members' snapshots summed; reps may not", async () => {
    const team = await as(manager).analytics.forecast({ target: { scope: 'team' }, period: 'quarter', start: '2027-01-08' });
    expect(team.history.find((h) => h.period.label === 'Q4 2026')).toMatchObject({ basis: 'before', call: '300000.00', actual: '250000.00' });
    expect(await clientError(as(rep).analytics.forecast({ target: { scope: 'team' }, period: 'quarter' }))).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('has no changes to show before the first snapshot of a period', async () => {
    const q2 = await as(rep).analytics.forecast({ period: 'quarter', start: '2027-04-01' });
    expect(q2.lastSnapshot).toBeNull();
    expect(q2.changes).toBeNull();
  });

  it('refuses an unknown period kind with a message', async () => {
    const error = await clientError(as(rep).analytics.forecast({ period: 'week' as 'month' }));
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.fieldErrors).toMatchObject({ period: ['Choose month or quarter'] });
  });
});

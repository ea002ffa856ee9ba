// A manager's "team" is their own team (themselves and the reps naming them as manager), an admin's the
// whole organisation: two managers with two reps each, a rep in no team, and every team number checked
// exactly for each of them — dashboard, manager view, forecast with its snapshots, at-risk, pipeline and the
// deals behind a number — and a manager refused another team's rep.
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { opportunities, ruleResults } from '../../../drizzle/schema';
import { takeForecastSnapshot } from '../../../server/insight/snapshots';
import type { SessionUser } from '../../../server/lib/actor';
import { fixedClock } from '../../../server/lib/clock';
import { callerFor } from '../../helpers/context';
import { clientError } from '../../helpers/errorShape';
import { makeAccount } from '../../helpers/factories/accounts';
import { insertRow } from '../../helpers/factories/insertRow';
import { makeOpportunity } from '../../helpers/factories/opportunities';
import { makeUser } from '../../helpers/factories/users';
import { useTestDatabase } from '../../helpers/testDatabase';

const t = useTestDatabase();
// Wednesday 2 December 2026: Q4 2026 (October to December), December.
const now = new Date('2026-12-02T15:00:00.000Z');
const as = (user: SessionUser) => callerFor(t, user, fixedClock(now));
const at = (day: string) => new Date(`${day}T12:00:00.000Z`);

let mona: SessionUser;
let max: SessionUser;
let admin: SessionUser;
let ann: SessionUser;
let al: SessionUser;
let bea: SessionUser;
let bo: SessionUser;

beforeAll(async () => {
  mona = await makeUser(t.db, { role: 'manager', name: 'Mona Manager' });
  max = await makeUser(t.db, { role: 'manager', name: 'Max Manager' });
  admin = await makeUser(t.db, { role: 'admin', name: 'Ada Admin' });
  ann = await makeUser(t.db, { role: 'rep', name: 'Ann Able', managerId: mona.id });
  al = await makeUser(t.db, { role: 'rep', name: 'Al Acre', managerId: mona.id });
  bea = await makeUser(t.db, { role: 'rep', name: 'Bea Bold', managerId: max.id });
  bo = await makeUser(t.db, { role: 'rep', name: 'Bo Brisk', managerId: max.id });
  const uma = await makeUser(t.db, { role: 'rep', name: 'Uma Unteamed' });
  const account = await makeAccount(t.db, { ownerId: ann.id, accountName: 'Acme' });
  const deal = (opportunityName: string, owner: SessionUser, fields: Omit<Parameters<typeof makeOpportunity>[1], 'ownerId' | 'accountId'>) =>
    makeOpportunity(t.db, { opportunityName, ownerId: owner.id, accountId: account.id, createdAt: at('2026-06-01'), lastActivityAt: at('2026-12-01'), ...fields });

  // Team Mona.
  const annDec = await deal('Ann Dec', ann, { stage: 'Proposal', amount: '100000', closeDate: '2026-12-15' });
  await deal('Ann won', ann, { stage: 'Closed Won', amount: '60000', closeDate: '2026-10-20', closedAt: at('2026-10-20') });
  await deal('Al Dec', al, { stage: 'Discovery', amount: '20000', closeDate: '2026-12-20' });
  await deal('Mona Dec', mona, { stage: 'PoC/Trial', amount: '5000', closeDate: '2026-12-10' });
  // Team Max.
  const beaDec = await deal('Bea Dec', bea, { stage: 'Negotiation', amount: '300000', closeDate: '2026-12-18' });
  const beaNov = await deal('Bea Nov', bea, { stage: 'Negotiation', amount: '50000', closeDate: '2026-11-20' });
  await deal('Bo won', bo, { stage: 'Closed Won', amount: '40000', closeDate: '2026-11-10', closedAt: at('2026-11-10') });
  // No one's team: only the organisation counts it.
  await deal('Uma Dec', uma, { stage: 'Proposal', amount: '7000', closeDate: '2026-12-05' });

  // Bea Dec is at risk: 100 − 3 × 25 = 25.
  for (const ruleId of ['close_date_soon_no_commit', 'no_paper_process', 'stage_stuck']) {
    await insertRow(t.db, ruleResults, { ruleId, recordType: 'opportunity', recordId: beaDec.id, severity: 'critical', message: ruleId, firstSeenAt: at('2026-11-30'), lastSeenAt: at('2026-12-01'), resolvedAt: null, ownerId: bea.id });
  }

  // Before November Bea committed Bea Nov; she pushed it to January afterwards (it slips out of November).
  await takeForecastSnapshot(t.db, new Date('2026-10-30T18:00:00.000Z'));
  await t.db.update(opportunities).set({ closeDate: '2027-01-15', pushCount: 1 }).where(eq(opportunities.id, beaNov.id));
  await takeForecastSnapshot(t.db, new Date('2026-11-27T18:00:00.000Z'));
  // Since the last snapshot Ann's December deal grew by 20k.
  await t.db.update(opportunities).set({ amount: '120000' }).where(eq(opportunities.id, annDec.id));

  await as(admin).quotas.set({ userId: ann.id, period: 'quarter', start: '2026-10-01', amount: '200000' });
  await as(admin).quotas.set({ userId: bea.id, period: 'quarter', start: '2026-10-01', amount: '100000' });
});

async function teamDashboard(user: SessionUser) {
  const d = await as(user).analytics.dashboard({ scope: 'team', period: 'quarter' });
  if (d.view !== 'manager') throw new Error(`expected the manager view, got ${d.view}`);
  return d;
}

describe('the team dashboard', () => {
  it("counts only the manager's own team: its pipeline, forecast, at-risk deals and reps", async () => {
    const a = await teamDashboard(mona);
    expect(a.openPipeline).toEqual({ count: 3, amount: '145000.00' });
    // 120k × 70% + 20k × 10% + 5k × 40%.
    expect(a.weightedPipeline).toBe('88000.00');
    expect(a.forecast.quarter.totals).toMatchObject({ closed: '60000.00', commit: '120000.00', bestCase: '5000.00', pipeline: '20000.00', call: '180000.00' });
    expect(a.atRisk).toMatchObject({ count: 0, amount: '0.00' });
    expect(a.manager.reps.map((r) => r.name)).toEqual(['Al Acre', 'Ann Able', 'Mona Manager']);
    expect(a.manager.team).toMatchObject({ quota: '200000.00', won: { count: 1, amount: '60000.00' }, commit: '120000.00', forecastCall: '180000.00', openInPeriod: { count: 3, amount: '145000.00' } });

    const b = await teamDashboard(max);
    expect(b.openPipeline).toEqual({ count: 2, amount: '350000.00' });
    expect(b.forecast.quarter.totals).toMatchObject({ closed: '40000.00', commit: '300000.00', bestCase: '0.00', pipeline: '0.00', call: '340000.00' });
    expect(b.atRisk).toMatchObject({ count: 1, amount: '300000.00' });
    expect(b.manager.reps.map((r) => r.name)).toEqual(['Bea Bold', 'Bo Brisk', 'Max Manager']);
    expect(b.manager.team).toMatchObject({ quota: '100000.00', won: { count: 1, amount: '40000.00' }, forecastCall: '340000.00' });
    expect(b.manager.recurringRevenue.arr).toBe('40000.00');
  });

  it('gives an admin the whole organisation, the rep in no team included', async () => {
    const all = await teamDashboard(admin);
    expect(all.openPipeline).toEqual({ count: 6, amount: '502000.00' });
    expect(all.forecast.quarter.totals).toMatchObject({ closed: '100000.00', commit: '427000.00', call: '527000.00' });
    expect(all.atRisk.count).toBe(1);
    expect(all.manager.reps.map((r) => r.name)).toEqual(['Al Acre', 'Ann Able', 'Bea Bold', 'Bo Brisk', 'Max Manager', 'Mona Manager', 'Uma Unteamed']);
    expect(all.manager.team.quota).toBe('300000.00');
    expect(all.manager.recurringRevenue.arr).toBe('100000.00');
  });

  it('measures accuracy and slippage from the team members’ snapshots', async () => {
    const november = (d: Awaited<ReturnType<typeof teamDashboard>>) => d.manager.accuracyTrend.find((m) => m.period.label === 'November 2026')!;
    // Max's team called 40k won + 50k Commit for November and won 40k: Bea Nov (50k) slipped.
    expect(november(await teamDashboard(max))).toMatchObject({ basis: 'before', call: '90000.00', actual: '40000.00', accuracy: 0, slipped: { count: 1, amount: '50000.00' }, slippageRate: 1 });
    // Mona's had nothing in November, and nothing happened: a perfect call.
    expect(november(await teamDashboard(mona))).toMatchObject({ basis: 'before', call: '0.00', actual: '0.00', accuracy: 1, slipped: { count: 0, amount: '0.00' } });
  });

  it('lists only the team’s deals behind a number', async () => {
    const names = async (user: SessionUser, bucket: Parameters<ReturnType<typeof as>['analytics']['deals']>[0]['bucket']) =>
      (await as(user).analytics.deals({ target: { scope: 'team' }, bucket })).items.map((d) => d.opportunityName).sort();
    expect(await names(mona, { kind: 'open' })).toEqual(['Al Dec', 'Ann Dec', 'Mona Dec']);
    expect(await names(max, { kind: 'open' })).toEqual(['Bea Dec', 'Bea Nov']);
    expect(await names(max, { kind: 'atRisk' })).toEqual(['Bea Dec']);
    expect(await names(mona, { kind: 'forecast', period: 'quarter', category: 'Commit' })).toEqual(['Ann Dec']);
    expect(await names(admin, { kind: 'forecast', period: 'quarter', category: 'Commit' })).toEqual(['Ann Dec', 'Bea Dec', 'Uma Dec']);
  });
});

describe('the team forecast', () => {
  it('sums the team members’ snapshots and lists what changed in the team since', async () => {
    const a = await as(mona).analytics.forecast({ target: { scope: 'team' }, period: 'quarter' });
    expect(a.totals).toMatchObject({ closed: '60000.00', commit: '120000.00', bestCase: '5000.00', pipeline: '20000.00', call: '180000.00' });
    expect(a.lastSnapshot).toMatchObject({ snapshotDate: '2026-11-27', totals: { commit: '100000.00', call: '160000.00' }, callChange: '20000.00' });
    expect(a.changes!.items.map((c) => [c.opportunityName, c.kinds])).toEqual([['Ann Dec', ['amount']]]);

    const b = await as(max).analytics.forecast({ target: { scope: 'team' }, period: 'quarter' });
    expect(b.totals.call).toBe('340000.00');
    expect(b.lastSnapshot).toMatchObject({ totals: { call: '340000.00' }, callChange: '0.00' });
    expect(b.changes!.items).toEqual([]);

    const all = await as(admin).analytics.forecast({ target: { scope: 'team' }, period: 'quarter' });
    expect(all.totals.call).toBe('527000.00');
    expect(all.lastSnapshot).toMatchObject({ totals: { call: '507000.00' }, callChange: '20000.00' });

    // Per member: the rows add up to the team's totals.
    expect(a.reps!.map((r) => [r.name, r.totals.commit, r.totals.call, r.counts.commit])).toEqual([
      ['Al Acre', '0.00', '0.00', 0],
      ['Ann Able', '120000.00', '180000.00', 1],
      ['Mona Manager', '0.00', '0.00', 0],
    ]);
    expect(a.reps!.find((r) => r.name === 'Mona Manager')?.totals.bestCase).toBe('5000.00');
    expect(b.reps!.map((r) => [r.name, r.totals.call])).toEqual([['Bea Bold', '300000.00'], ['Bo Brisk', '40000.00'], ['Max Manager', '0.00']]);
    // The admin's: every rep and manager, the rep in no team included.
    expect(all.reps!.map((r) => r.name)).toEqual(['Al Acre', 'Ann Able', 'Bea Bold', 'Bo Brisk', 'Max Manager', 'Mona Manager', 'Uma Unteamed']);
    expect(all.reps!.find((r) => r.name === 'Uma Unteamed')?.totals.commit).toBe('7000.00');
    // One person's forecast has no per-member rows.
    expect((await as(ann).analytics.forecast({ period: 'quarter' })).reps).toBeNull();

    const monthB = await as(max).analytics.forecast({ target: { scope: 'team' }, period: 'month' });
    expect(monthB.history.find((h) => h.period.label === 'November 2026')).toMatchObject({ call: '90000.00', actual: '40000.00', slipped: { count: 1, amount: '50000.00' } });
  });
});

describe('who may open whose numbers', () => {
  it('lets a manager open their own reps, never another team’s', async () => {
    const d = await as(mona).analytics.dashboard({ scope: 'user', userId: ann.id });
    expect(d.view === 'rep' && d.openPipeline).toEqual({ count: 1, amount: '120000.00' });
    expect(await clientError(as(mona).analytics.dashboard({ scope: 'user', userId: bea.id }))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await clientError(as(mona).analytics.forecast({ target: { scope: 'user', userId: bo.id }, period: 'quarter' }))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await clientError(as(max).analytics.deals({ target: { scope: 'user', userId: al.id }, bucket: { kind: 'open' } }))).toMatchObject({ code: 'FORBIDDEN' });
    // An admin opens anyone's.
    const b = await as(admin).analytics.dashboard({ scope: 'user', userId: bea.id });
    expect(b.view === 'rep' && b.openPipeline).toEqual({ count: 2, amount: '350000.00' });
  });

  it('counts the pipeline of the team, the organisation for an admin, and a rep’s own', async () => {
    expect((await as(mona).analytics.pipeline({})).totals).toEqual({ count: 3, amount: '145000.00', weightedAmount: '88000.00' });
    expect((await as(max).analytics.pipeline({ ownerId: bea.id })).totals).toMatchObject({ count: 2, amount: '350000.00' });
    expect(await clientError(as(mona).analytics.pipeline({ ownerId: bea.id }))).toMatchObject({ code: 'FORBIDDEN' });
    expect((await as(admin).analytics.pipeline({})).totals).toMatchObject({ count: 6, amount: '502000.00' });
    expect((await as(al).analytics.pipeline({})).totals).toMatchObject({ count: 1, amount: '20000.00' });
    expect(await clientError(as(al).analytics.pipeline({ ownerId: ann.id }))).toMatchObject({ code: 'FORBIDDEN' });
  });
});

// Quotas: managers set their team's quotas per month or fiscal quarter (audited), admins anyone's, reps none; quotaFor and
// quotasFor read them, a quarter without its own quota summing its months.
import { beforeAll, describe, expect, it } from 'vitest';
import { quotaFor, quotasFor } from '../../../server/insight/quotas';
import type { SessionUser } from '../../../server/lib/actor';
import { fixedClock } from '../../../server/lib/clock';
import { periodContaining } from '../../../shared/periods';
import { auditTrail } from '../../helpers/audit';
import { callerFor } from '../../helpers/context';
import { clientError } from '../../helpers/errorShape';
import { makeUser } from '../../helpers/factories/users';
import { useTestDatabase } from '../../helpers/testDatabase';

const t = useTestDatabase();
// Wednesday 2 December 2026: the current quarter is Q4 2026 (calendar fiscal year).
const clock = fixedClock(new Date('2026-12-02T15:00:00.000Z'));
const as = (user: SessionUser) => callerFor(t, user, clock);
const q4 = periodContaining('2026-12-02', 'quarter');
const q1 = periodContaining('2027-01-01', 'quarter');
let manager: SessionUser;
let rita: SessionUser;
let ravi: SessionUser;
let csm: SessionUser;

beforeAll(async () => {
  manager = await makeUser(t.db, { role: 'manager', name: 'Mona Manager' });
  rita = await makeUser(t.db, { role: 'rep', name: 'Rita Rep', managerId: manager.id });
  ravi = await makeUser(t.db, { role: 'rep', name: 'Ravi Rep', managerId: manager.id });
  csm = await makeUser(t.db, { role: 'csm', name: 'Cora CSM' });
});

describe('quotas.set', () => {
  it('stores a quarter quota for the fiscal quarter of any day in it, and audits create, change and removal', async () => {
    const created = await as(manager).quotas.set({ userId: rita.id, period: 'quarter', start: '2026-11-17', amount: '300000' });
    expect(created).toMatchObject({ userId: rita.id, periodKind: 'quarter', periodStart: '2026-10-01', periodEnd: '2026-12-31', amount: '300000.00', setById: manager.id });
    const changed = await as(manager).quotas.set({ userId: rita.id, period: 'quarter', amount: 350000 });
    expect(changed.id).toBe(created.id);
    expect(changed.amount).toBe('350000.00');
    // Saving the same amount again changes nothing and writes no audit row.
    await as(manager).quotas.set({ userId: rita.id, period: 'quarter', amount: '350000.00' });

    const trail = await auditTrail(t.db, 'quota', created.id);
    expect(trail.map((a) => a.action)).toEqual(['create', 'update']);
    expect(trail[0]).toMatchObject({ actorId: manager.id, changes: expect.objectContaining({ userId: rita.id, periodStart: '2026-10-01', amount: '300000' }) });
    expect(trail[1]!.changes).toEqual({ amount: ['300000.00', '350000.00'] });

    await expect(as(manager).quotas.remove({ userId: rita.id, period: 'quarter' })).resolves.toEqual({ removed: true });
    await expect(as(manager).quotas.remove({ userId: rita.id, period: 'quarter' })).resolves.toEqual({ removed: false });
    const after = await auditTrail(t.db, 'quota', created.id);
    expect(after.map((a) => a.action)).toEqual(['create', 'update', 'delete']);
    expect(after[2]!.changes).toMatchObject({ userId: rita.id, amount: '350000.00' });
    expect(await quotaFor(t.db, rita.id, q4)).toBeNull();
  });

  it('is for managers and admins only', async () => {
    const refused = await clientError(as(rita).quotas.set({ userId: rita.id, period: 'month', amount: '1000' }));
    expect(refused.code).toBe('FORBIDDEN');
    expect((await clientError(as(rita).quotas.list({ period: 'month' }))).code).toBe('FORBIDDEN');
  });

  it("lets a manager touch only their own team's quotas, and an admin anyone's", async () => {
    const otherManager = await makeUser(t.db, { role: 'manager', name: 'Otto Othermanager' });
    const otherRep = await makeUser(t.db, { role: 'rep', name: 'Olga Otherrep', managerId: otherManager.id });
    const admin = await makeUser(t.db, { role: 'admin', name: 'Ada Admin' });
    const refused = await clientError(as(manager).quotas.set({ userId: otherRep.id, period: 'month', start: '2027-03-01', amount: '1000' }));
    expect(refused).toMatchObject({ code: 'FORBIDDEN', message: 'You can set quotas only for yourself and the reps in your team' });
    expect(await quotaFor(t.db, otherRep.id, periodContaining('2027-03-01', 'month'))).toBeNull();

    await as(admin).quotas.set({ userId: otherRep.id, period: 'month', start: '2027-03-01', amount: '1000' });
    expect((await clientError(as(manager).quotas.remove({ userId: otherRep.id, period: 'month', start: '2027-03-01' }))).code).toBe('FORBIDDEN');
    expect(await quotaFor(t.db, otherRep.id, periodContaining('2027-03-01', 'month'))).toBe('1000.00');
    await as(otherManager).quotas.set({ userId: otherManager.id, period: 'month', start: '2027-03-01', amount: '5000' });

    const mine = await as(manager).quotas.list({ period: 'month', start: '2027-03-01' });
    expect(mine.people.map((p) => p.name)).toEqual(['Mona Manager', 'Ravi Rep', 'Rita Rep']);
    expect(mine.total).toBeNull();
    const everyone = await as(admin).quotas.list({ period: 'month', start: '2027-03-01' });
    expect(everyone.people.map((p) => p.name)).toEqual(expect.arrayContaining(['Olga Otherrep', 'Otto Othermanager', 'Rita Rep']));
    expect(everyone.total).toBe('6000.00');
    await as(admin).quotas.remove({ userId: otherRep.id, period: 'month', start: '2027-03-01' });
    await as(otherManager).quotas.remove({ userId: otherManager.id, period: 'month', start: '2027-03-01' });
  });

  it('refuses a zero, negative or malformed amount field by field, and people who carry no quota', async () => {
    for (const amount of ['0', '-5', '12.345', 'lots']) {
      const bad = await clientError(as(manager).quotas.set({ userId: ravi.id, period: 'month', amount }));
      expect(bad.code).toBe('BAD_REQUEST');
      expect(bad.fieldErrors?.amount?.[0]).toBeTruthy();
    }
    const csmQuota = await clientError(as(manager).quotas.set({ userId: csm.id, period: 'month', amount: '1000' }));
    expect(csmQuota.fieldErrors).toEqual({ userId: ['Only reps and managers carry a quota'] });
    expect((await clientError(as(manager).quotas.set({ userId: 'no-such-user', period: 'month', amount: '1000' }))).code).toBe('NOT_FOUND');
  });
});

describe('quotaFor / quotasFor', () => {
  beforeAll(async () => {
    // Ravi plans by month: October and November set, December not; no quarter quota.
    await as(manager).quotas.set({ userId: ravi.id, period: 'month', start: '2026-10-01', amount: '40000' });
    await as(manager).quotas.set({ userId: ravi.id, period: 'month', start: '2026-11-01', amount: '45000.50' });
    // Rita has a quarter quota for Q1 and a January month quota.
    await as(manager).quotas.set({ userId: rita.id, period: 'quarter', start: '2027-02-10', amount: '240000' });
    await as(manager).quotas.set({ userId: rita.id, period: 'month', start: '2027-01-20', amount: '70000' });
  });

  it('reads a period’s own quota, and a quarter without one as the sum of its months', async () => {
    expect(await quotaFor(t.db, ravi.id, periodContaining('2026-11-05', 'month'))).toBe('45000.50');
    expect(await quotaFor(t.db, ravi.id, periodContaining('2026-12-05', 'month'))).toBeNull();
    expect(await quotaFor(t.db, ravi.id, q4)).toBe('85000.50');
    // Rita's Q1 quota is her quarter's own, not the sum of her month quotas.
    expect(await quotaFor(t.db, rita.id, q1)).toBe('240000.00');
    expect(await quotaFor(t.db, rita.id, periodContaining('2027-01-01', 'month'))).toBe('70000.00');
  });

  it('answers for many users in one call, leaving out those without a quota', async () => {
    const q4Quotas = await quotasFor(t.db, [rita.id, ravi.id, manager.id], q4);
    expect(Object.fromEntries(q4Quotas)).toEqual({ [ravi.id]: '85000.50' });
    expect(Object.fromEntries(await quotasFor(t.db, [rita.id, ravi.id], q1))).toEqual({ [rita.id]: '240000.00' });
    expect((await quotasFor(t.db, [], q1)).size).toBe(0);
  });

  it('lists every active rep and manager for a period, with the team total', async () => {
    const page = await as(manager).quotas.list({ period: 'quarter' });
    expect(page.period).toMatchObject({ start: '2026-10-01', end: '2026-12-31', label: 'Q4 2026' });
    expect(page).toMatchObject({ isCurrent: true, previousStart: '2026-07-01', nextStart: '2027-01-01', total: '85000.50' });
    const people = page.people.filter((p) => [manager.id, rita.id, ravi.id, csm.id].includes(p.id));
    expect(people.map((p) => [p.name, p.quota, p.setForPeriod])).toEqual([
      ['Mona Manager', null, false],
      ['Ravi Rep', '85000.50', false],
      ['Rita Rep', null, false],
    ]);
  });
});

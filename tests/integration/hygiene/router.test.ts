// hygiene.* through the real router: results by deal, deal health, overrides with field errors, scan now.
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditLog, jobs, users } from '../../../drizzle/schema';
import { runScan } from '../../../server/hygiene/scan';
import { callerFor } from '../../helpers/context';
import { clientError } from '../../helpers/errorShape';
import { makeUser } from '../../helpers/factories/users';
import { useTestDatabase } from '../../helpers/testDatabase';
import { seedPipeline } from './seed';

const t = useTestDatabase();
const now = new Date(Date.now() - 60_000);
let seed: Awaited<ReturnType<typeof seedPipeline>>;
let admin: Awaited<ReturnType<typeof makeUser>>;

beforeAll(async () => {
  seed = await seedPipeline(t.db, now);
  admin = await makeUser(t.db, { role: 'admin' });
  await runScan(t.db, { kind: 'all' }, now);
});

describe('hygiene router', () => {
  it("lists a deal's results, each naming its rule, with the deal's health", async () => {
    const rep = callerFor(t, seed.rep);
    const page = await rep.hygiene.results({ opportunityId: seed.deals.late.id, limit: 5 });
    expect(page.items).toHaveLength(5);
    expect(page.nextCursor).not.toBeNull();
    const rest = await rep.hygiene.results({ opportunityId: seed.deals.late.id, limit: 50, cursor: page.nextCursor });
    const ids = [...page.items, ...rest.items].map((r) => r.ruleId).sort();
    expect(ids).toEqual(seed.expected.filter((k) => k.endsWith(`|opportunity|${seed.deals.late.id}`)).map((k) => k.split('|')[0]).sort());
    const record = await rep.hygiene.record({ recordType: 'opportunity', recordId: seed.deals.late.id });
    // 3 critical (close date past, commit without EB, no EB late) and 8 warnings: 100 − 75 − 80 -> 0.
    expect(record).toMatchObject({ health: 0, label: 'Critical' });
    expect(record.results[0]).toMatchObject({ severity: 'critical', actBy: expect.any(String), remediation: expect.any(String) });
    const health = await rep.hygiene.healthOf({ opportunityIds: [seed.deals.clean.id, seed.deals.orphan.id] });
    expect(health[seed.deals.clean.id]).toMatchObject({ health: 100, label: 'Healthy', open: 0 });
    expect(health[seed.deals.orphan.id]).toMatchObject({ health: 65, open: 2 });
  });

  it('filters by category, severity and owner (My hygiene)', async () => {
    const rep = callerFor(t, seed.rep);
    const critical = await rep.hygiene.results({ mine: true, severity: 'critical', limit: 50 });
    expect(critical.items.every((r) => r.severity === 'critical' && r.ownerId === seed.rep.id)).toBe(true);
    const engagement = await rep.hygiene.results({ category: 'engagement', limit: 50 });
    expect(engagement.items.map((r) => r.ruleId).sort()).toEqual(['account_no_activity_60d', 'single_threaded']);
  });

  it('refuses an override out of range with a field error, and a rep changing rules', async () => {
    const error = await clientError(callerFor(t, admin).hygiene.setOverride({ ruleId: 'no_activity_14d', thresholds: { days: 0 } }));
    expect(error).toMatchObject({ code: 'BAD_REQUEST', fieldErrors: { 'thresholds.days': ['Days without activity must be between 1 and 365'] } });
    const unknown = await clientError(callerFor(t, admin).hygiene.setOverride({ ruleId: 'no_activity_14d', thresholds: { weeks: 2 } }));
    expect(unknown.fieldErrors).toEqual({ 'thresholds.weeks': ['no_activity_14d has no threshold "weeks"'] });
    expect((await clientError(callerFor(t, seed.rep).hygiene.setOverride({ ruleId: 'no_activity_14d', enabled: false }))).code).toBe('FORBIDDEN');
  });

  it('an admin overrides a rule (with who and when, audited) and resets it', async () => {
    const caller = callerFor(t, admin);
    const rule = await caller.hygiene.setOverride({ ruleId: 'no_activity_14d', severity: 'critical', thresholds: { days: 7 } });
    expect(rule).toMatchObject({ severity: 'critical', defaultSeverity: 'warning', thresholdValues: { days: 7 }, override: { updatedByName: admin.name } });
    const audits = await t.db.select().from(auditLog).where(and(eq(auditLog.entityType, 'ruleOverride'), eq(auditLog.entityId, 'no_activity_14d')));
    expect(audits).toHaveLength(1);
    const reset = await caller.hygiene.resetOverride({ ruleId: 'no_activity_14d' });
    expect(reset).toMatchObject({ severity: 'warning', thresholdValues: { days: 14 }, override: null });
    const rules = await callerFor(t, seed.rep).hygiene.rules();
    expect(rules).toHaveLength(46);
  });

  it('scan now enqueues one full scan, however often it is pressed', async () => {
    const caller = callerFor(t, admin);
    const a = await caller.hygiene.scanNow();
    const b = await caller.hygiene.scanNow();
    expect(a.jobId).toBe(b.jobId);
    expect(await t.db.select().from(jobs).where(eq(jobs.type, 'hygiene.scanAll'))).toHaveLength(1);
    expect((await clientError(callerFor(t, seed.rep).hygiene.scanNow())).code).toBe('FORBIDDEN');
  });
});

describe('hygiene.applyFix', () => {
  const future = () => new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10);
  const resultId = async (ruleId: string, dealId: number) =>
    (await callerFor(t, seed.rep).hygiene.record({ recordType: 'opportunity', recordId: dealId })).results.find((r) => r.ruleId === ruleId)!.id;

  it('refuses fields the fix does not change, a missing value and a past date, with field errors', async () => {
    const rep = callerFor(t, seed.rep);
    const id = await resultId('close_date_past', seed.deals.late.id);
    expect((await clientError(rep.hygiene.applyFix({ resultId: id, fields: { nextStep: 'x' } }))).fieldErrors).toEqual({
      nextStep: ['This fix does not change this field'],
      closeDate: ['Choose the new close date'],
    });
    expect((await clientError(rep.hygiene.applyFix({ resultId: id, fields: { closeDate: '2020-01-01' } }))).fieldErrors).toEqual({ closeDate: ['Choose a date from today on'] });
    expect((await clientError(rep.hygiene.applyFix({ resultId: id, fields: { closeDate: 'soon' } }))).code).toBe('BAD_REQUEST');
  });

  it("another rep may not fix someone else's deal", async () => {
    const other = await makeUser(t.db, { role: 'rep' });
    const id = await resultId('close_date_past', seed.deals.late.id);
    expect((await clientError(callerFor(t, other).hygiene.applyFix({ resultId: id, fields: { closeDate: future() } }))).code).toBe('FORBIDDEN');
  });

  it('sets the close date, audited; the result resolves at once and the health rises; a second try conflicts', async () => {
    const rep = callerFor(t, seed.rep);
    const before = await rep.hygiene.record({ recordType: 'opportunity', recordId: seed.deals.late.id });
    const id = before.results.find((r) => r.ruleId === 'close_date_past')!.id;
    const after = await rep.hygiene.applyFix({ resultId: id, fields: { closeDate: future() } });
    expect(after.results.map((r) => r.ruleId)).not.toContain('close_date_past');
    expect(after.results).toHaveLength(before.results.length - 1);
    // Still 0 (too much is open); naming the economic buyer clears two criticals and lifts it above 0.
    expect(after.health).toBe(0);
    const buyer = after.results.find((r) => r.ruleId === 'no_economic_buyer_late')!;
    const healed = await rep.hygiene.applyFix({ resultId: buyer.id, fields: { economicBuyerContactId: seed.contacts.c1.id } });
    expect(healed.results.map((r) => r.ruleId)).not.toContain('commit_without_economic_buyer');
    expect(healed.health).toBeGreaterThan(after.health!);
    const audits = await t.db.select().from(auditLog).where(and(eq(auditLog.entityType, 'opportunity'), eq(auditLog.entityId, String(seed.deals.late.id))));
    expect(audits.some((a) => 'closeDate' in (a.changes as object))).toBe(true);
    const again = await clientError(rep.hygiene.applyFix({ resultId: id, fields: { closeDate: future() } }));
    expect(again).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('already been resolved') });
  });

  it('picks the champion from the account and writes the next step with its date', async () => {
    const rep = callerFor(t, seed.rep);
    const champion = await resultId('no_champion', seed.deals.late.id);
    const wrong = await clientError(rep.hygiene.applyFix({ resultId: champion, fields: { championContactId: seed.contacts.c1.id + 1000 } }));
    expect(wrong.code).toBe('BAD_REQUEST');
    const out = await rep.hygiene.applyFix({ resultId: champion, fields: { championContactId: seed.contacts.c1.id } });
    expect(out.results.map((r) => r.ruleId)).not.toContain('no_champion');
    const step = await resultId('no_next_step', seed.deals.late.id);
    const done = await rep.hygiene.applyFix({ resultId: step, fields: { nextStep: 'Call the CFO', nextStepDate: future() } });
    expect(done.results.map((r) => r.ruleId)).not.toContain('no_next_step');
  });
});

describe('hygiene.summary and hygiene.groups', () => {
  it("gives the team's and each rep's pipeline health with this week's trend point", async () => {
    // The manager's summary counts their team (server/services/teams.ts): the rep is in it.
    await t.db.update(users).set({ managerId: seed.manager.id }).where(eq(users.id, seed.rep.id));
    const manager = callerFor(t, seed.manager);
    const summary = await manager.hygiene.summary({ weeks: 12 });
    expect(summary.team.openDeals).toBeGreaterThanOrEqual(2);
    expect(summary.team.trend.length).toBeGreaterThanOrEqual(1);
    const rep = summary.reps.find((r) => r.userId === seed.rep.id)!;
    expect(rep.health).not.toBeNull();
    expect(rep.trend.at(-1)?.health).not.toBeUndefined();
    // The deactivated rep still owns one open deal (the orphan): in no team, so the admins' to see.
    expect(summary.reps.find((r) => r.userId === seed.gone.id)).toBeUndefined();
    expect((await callerFor(t, admin).hygiene.summary({ weeks: 12 })).reps.find((r) => r.userId === seed.gone.id)?.openDeals).toBe(1);
  });

  it('groups open results by rule, by rep and by deal, with the same filters as the list', async () => {
    const manager = callerFor(t, seed.manager);
    const byRule = await manager.hygiene.groups({ by: 'rule' });
    const total = byRule.reduce((s, g) => s + g.total, 0);
    const all = await manager.hygiene.results({ limit: 200 });
    expect(total).toBe(all.items.length);
    const byOwner = await manager.hygiene.groups({ by: 'owner', category: 'compliance' });
    expect(byOwner.map((g) => g.key)).toEqual([seed.manager.id]);
    expect(byOwner[0]).toMatchObject({ label: seed.manager.name, total: 3 });
    const byDeal = await manager.hygiene.groups({ by: 'record', recordType: 'opportunity', stage: 'Prospecting' });
    expect(byDeal.map((g) => g.key)).toEqual([`opportunity:${seed.deals.orphan.id}`]);
    expect(byDeal[0]).toMatchObject({ kind: 'record', health: 65 });
  });
});

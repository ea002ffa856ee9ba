// The scan against a real database: exactly the expected results, idempotent re-scans, concurrent scans,
// resolve and reopen, deleted deals and disabled rules, and the incremental scan a change enqueues.
import { and, eq, isNull } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { jobs, milestones, ruleOverrides, ruleResults } from '../../../drizzle/schema';
import { opportunityScanKey, recordScanKey, scanOpportunityJob, scanRecordJob } from '../../../server/hygiene/jobs';
import { listResults } from '../../../server/hygiene/results';
import { runScan } from '../../../server/hygiene/scan';
import { hygieneResultList } from '../../../shared/schemas/hygiene';
import { userActor } from '../../../server/lib/actor';
import { fixedClock } from '../../../server/lib/clock';
import { createLogger } from '../../../server/lib/log';
import { updateMilestone } from '../../../server/services/milestones';
import { deleteOpportunity, updateOpportunity } from '../../../server/services/opportunities';
import { useTestDatabase } from '../../helpers/testDatabase';
import { seedPipeline } from './seed';

const t = useTestDatabase();
const now = new Date(Date.now() - 60_000);
let seed: Awaited<ReturnType<typeof seedPipeline>>;

const openKeys = async () =>
  (await t.db.select().from(ruleResults).where(isNull(ruleResults.resolvedAt))).map((r) => `${r.ruleId}|${r.recordType}|${r.recordId}`).sort();
const resultOf = async (ruleId: string, recordId: number) =>
  (await t.db.select().from(ruleResults).where(and(eq(ruleResults.ruleId, ruleId), eq(ruleResults.recordId, recordId))))[0];

async function runScanJob(opportunityId: number, at: Date) {
  const [job] = await t.db.select().from(jobs).where(eq(jobs.dedupeKey, opportunityScanKey(opportunityId)));
  expect(job, 'an incremental scan was enqueued').toBeDefined();
  await scanOpportunityJob.handle(
    { db: t.db, log: createLogger('silent'), clock: fixedClock(at), env: t.env, job: { id: job!.id, type: job!.type, attempt: 1, maxAttempts: 5 }, signal: new AbortController().signal },
    { opportunityId },
  );
  await t.db.update(jobs).set({ status: 'done' }).where(eq(jobs.id, job!.id));
}

beforeAll(async () => {
  seed = await seedPipeline(t.db, now);
});

describe('hygiene scan', () => {
  it('two concurrent first scans store exactly the expected results, once each', async () => {
    const [a, b] = await Promise.all([runScan(t.db, { kind: 'all' }, now), runScan(t.db, { kind: 'all' }, now)]);
    expect(await openKeys()).toEqual(seed.expected);
    expect(a.inserted + b.inserted).toBe(seed.expected.length);
    const all = await t.db.select().from(ruleResults);
    expect(all).toHaveLength(seed.expected.length);
    expect(all.every((r) => r.occurrence === 1 && r.firstSeenAt.getTime() === r.lastSeenAt.getTime())).toBe(true);
    const late = await resultOf('close_date_past', seed.deals.late.id);
    expect(late).toMatchObject({ severity: 'critical', ownerId: seed.rep.id });
  });

  it('re-scanning unchanged data inserts, resolves and reopens nothing', async () => {
    const before = await t.db.select().from(ruleResults);
    const later = new Date(now.getTime() + 1_000);
    const report = await runScan(t.db, { kind: 'all' }, later);
    expect(report).toMatchObject({ inserted: 0, reopened: 0, resolved: 0, updated: 0, unchanged: seed.expected.length });
    const after = await t.db.select().from(ruleResults);
    expect(after.map((r) => [r.id, r.firstSeenAt.getTime(), r.resolvedAt])).toEqual(before.map((r) => [r.id, r.firstSeenAt.getTime(), r.resolvedAt]));
    // The scan confirmed every open result: each reads as last seen by it.
    const listed = await listResults(t.db, userActor(seed.rep), hygieneResultList.parse({ limit: 100 }));
    expect(listed.items).toHaveLength(seed.expected.length);
    expect(listed.items.every((r) => r.lastSeenAt.getTime() === later.getTime())).toBe(true);
  });

  it('a re-scan at any hour of the same UTC day changes nothing: day counts are calendar days', async () => {
    const day = now.toISOString().slice(0, 10);
    const before = await t.db.select().from(ruleResults);
    for (const at of [new Date(`${day}T00:00:01.000Z`), new Date(`${day}T23:59:59.000Z`)]) {
      const report = await runScan(t.db, { kind: 'all' }, at);
      expect(report).toMatchObject({ inserted: 0, reopened: 0, resolved: 0, updated: 0, unchanged: seed.expected.length });
    }
    const after = await t.db.select().from(ruleResults);
    expect(after.map((r) => [r.id, r.message, r.details])).toEqual(before.map((r) => [r.id, r.message, r.details]));
  });

  it('a fix enqueues one incremental scan per burst of edits, which resolves the result', async () => {
    const actor = userActor(seed.rep);
    const at = new Date(now.getTime() + 2_000);
    const deal = await updateOpportunity(t.db, actor, { id: seed.deals.late.id, version: seed.deals.late.version, closeDate: '2099-01-31' }, at);
    await updateOpportunity(t.db, actor, { id: deal.id, version: deal.version, nextStep: 'Send the contract' }, at);
    const queued = await t.db.select().from(jobs).where(and(eq(jobs.type, 'hygiene.scanOpportunity'), eq(jobs.status, 'queued')));
    expect(queued).toHaveLength(1);
    await runScanJob(deal.id, at);
    expect((await resultOf('close_date_past', deal.id))!.resolvedAt).toEqual(at);
    expect((await resultOf('no_next_step', deal.id))!.resolvedAt).toEqual(at);
    expect((await resultOf('no_champion', deal.id))!.resolvedAt).toBeNull();
    // The job gave up its key: the next edit enqueues a new scan.
    const [released] = await t.db.select().from(jobs).where(eq(jobs.id, queued[0]!.id));
    expect(released!.dedupeKey).toBeNull();
  });

  it('a result that holds again reopens as a new occurrence on the same row', async () => {
    const first = (await resultOf('close_date_past', seed.deals.late.id))!;
    const at = new Date(now.getTime() + 3_000);
    const current = await t.db.query.opportunities.findFirst({ where: (o, { eq: is }) => is(o.id, seed.deals.late.id) });
    await updateOpportunity(t.db, userActor(seed.rep), { id: current!.id, version: current!.version, closeDate: new Date(now.getTime() - 86_400_000).toISOString().slice(0, 10) }, at);
    await runScanJob(current!.id, at);
    const again = (await resultOf('close_date_past', seed.deals.late.id))!;
    expect(again).toMatchObject({ id: first.id, occurrence: 2, resolvedAt: null });
    expect(again.firstSeenAt).toEqual(at);
  });

  it("a deleted deal's results resolve", async () => {
    const at = new Date(now.getTime() + 4_000);
    const current = await t.db.query.opportunities.findFirst({ where: (o, { eq: is }) => is(o.id, seed.deals.late.id) });
    await deleteOpportunity(t.db, userActor(seed.rep), { id: current!.id, version: current!.version }, at);
    await runScanJob(current!.id, at);
    const open = await t.db.select().from(ruleResults).where(and(eq(ruleResults.recordId, current!.id), eq(ruleResults.recordType, 'opportunity'), isNull(ruleResults.resolvedAt)));
    expect(open).toEqual([]);
  });

  it('a rule switched off resolves its results at the next scan; an override severity shows', async () => {
    await t.db.insert(ruleOverrides).values([
      { ruleId: 'missing_owner', enabled: false },
      { ruleId: 'account_missing_industry', enabled: true, severity: 'warning' },
    ]);
    const at = new Date(now.getTime() + 5_000);
    await runScan(t.db, { kind: 'all' }, at);
    expect((await resultOf('missing_owner', seed.deals.orphan.id))!.resolvedAt).toEqual(at);
    expect(await resultOf('account_missing_industry', seed.accounts.a2.id)).toMatchObject({ severity: 'warning', resolvedAt: null });
    expect(await openKeys()).not.toContain(`missing_owner|opportunity|${seed.deals.orphan.id}`);
  });

  it('a threshold override changes what the next scan reports', async () => {
    expect(await resultOf('stale_in_stage', seed.deals.clean.id)).toBeUndefined();
    await t.db.insert(ruleOverrides).values({ ruleId: 'stale_in_stage', enabled: true, thresholds: { fallbackDays: 1 } });
    await runScan(t.db, { kind: 'all' }, new Date(now.getTime() + 6_000));
    expect(await resultOf('stale_in_stage', seed.deals.clean.id)).toMatchObject({ resolvedAt: null, message: '5 days in Discovery (usual limit 1)' });
  });

  it("a milestone's change scans its project at once: the overdue result resolves, the others stay", async () => {
    const at = new Date(now.getTime() + 7_000);
    const [late] = await t.db.select().from(milestones).where(and(eq(milestones.projectId, seed.project.id), eq(milestones.status, 'In Progress')));
    await updateMilestone(t.db, userActor(seed.manager), { id: late!.id, status: 'Completed' }, at);
    const [job] = await t.db.select().from(jobs).where(eq(jobs.dedupeKey, recordScanKey('project', seed.project.id)));
    expect(job, 'a project scan was enqueued').toBeDefined();
    await scanRecordJob.handle(
      { db: t.db, log: createLogger('silent'), clock: fixedClock(at), env: t.env, job: { id: job!.id, type: job!.type, attempt: 1, maxAttempts: 5 }, signal: new AbortController().signal },
      { recordType: 'project', id: seed.project.id },
    );
    expect((await resultOf('project_overdue_milestone', seed.project.id))!.resolvedAt).toEqual(at);
    expect((await resultOf('project_adoption_low', seed.project.id))!.resolvedAt).toBeNull();
    expect((await resultOf('case_sla_breached', seed.breached.id))!.resolvedAt).toBeNull();
  });

  it('the next UTC day a day count moves by one and only that result updates', async () => {
    const before = (await resultOf('account_no_activity_60d', seed.accounts.a3.id))!;
    const idle = Number((before.details as Record<string, unknown>).idleDays);
    const nextDay = new Date(Date.parse(`${now.toISOString().slice(0, 10)}T00:00:00.000Z`) + 86_400_000 + 3_600_000);
    const report = await runScan(t.db, { kind: 'all' }, nextDay);
    expect(report.updated).toBeGreaterThanOrEqual(1);
    const after = (await resultOf('account_no_activity_60d', seed.accounts.a3.id))!;
    expect(after).toMatchObject({ id: before.id, message: `Customer with no activity for ${idle + 1} days`, details: { idleDays: idle + 1 } });
    // A second scan later that same day finds nothing new.
    const again = await runScan(t.db, { kind: 'all' }, new Date(nextDay.getTime() + 12 * 3_600_000));
    expect(again).toMatchObject({ inserted: 0, reopened: 0, resolved: 0, updated: 0 });
  });
});

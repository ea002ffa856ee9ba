// The dashboards' precomputed aggregates: the deal buckets (insight_deal_buckets) and each deal's health
// weight (hygiene_deal_health). Rebuilt, they equal their definitions (grouped queries over opportunities and
// rule_results written here), and the dashboards read the same numbers from them as counted live; every
// change of deals (create, amount, probability, close date, category, stage move, close, owner change, line
// items, delete, import and its undo) and every scan keeps them equal in its own transaction, so a rebuild
// finds nothing to change.
import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { hygieneDealHealth, insightDealBuckets, precomputedAggregates, ruleResults } from '../../../drizzle/schema';
import { rebuildDealHealth } from '../../../server/hygiene/dealHealthRebuild';
import { runScan } from '../../../server/hygiene/scan';
import { rebuildDealBuckets } from '../../../server/insight/dealBuckets';
import { refreshStageFlows } from '../../../server/insight/stageFlowAggregate';
import type { SessionUser } from '../../../server/lib/actor';
import { fixedClock } from '../../../server/lib/clock';
import { runImport } from '../../../server/imports/service';
import { createLogger } from '../../../server/lib/log';
import { callerFor } from '../../helpers/context';
import { makeAccount } from '../../helpers/factories/accounts';
import { insertRow } from '../../helpers/factories/insertRow';
import { makeOpportunity } from '../../helpers/factories/opportunities';
import { makeProduct } from '../../helpers/factories/products';
import { makeUser } from '../../helpers/factories/users';
import { useTestDatabase } from '../../helpers/testDatabase';
import { uploadFile } from '../../helpers/uploads';

const t = useTestDatabase();
// Wednesday 2 December 2026: month = December, quarter = Q4 (Oct-Dec), win-rate window from 1 July.
const now = new Date('2026-12-02T15:00:00.000Z');
const clock = fixedClock(now);
const at = (day: string) => new Date(`${day}T12:00:00.000Z`);
const daysAgo = (n: number) => new Date(now.getTime() - n * 86_400_000);
const as = (user: SessionUser) => callerFor(t, user, clock);

let manager: SessionUser;
let rita: SessionUser;
let ravi: SessionUser;
let admin: SessionUser;
let accountId: number;
const ids: Record<string, number> = {};

function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) && Array.isArray(result[0]) ? result[0] : result) as T[];
}

/** Each deal's open results' weight, by definition (critical 25, warning 10, info 3). */
const weights = sql`select record_id, sum(case severity when 'critical' then 25 when 'warning' then 10 when 'info' then 3 else 0 end) as weight
  from rule_results where record_type = 'opportunity' and resolved_at is null group by record_id`;

/** The buckets by definition: the live deals grouped, at risk above weight 50 (health below 50), as text (money exact to the cent). */
async function bucketsByDefinition() {
  return rowsOf<Record<string, unknown>>(
    await t.db.execute(sql`select o.owner_id, o.stage, coalesce(date_format(o.close_date, '%Y-%m'), '') as close_month, o.forecast_category,
      coalesce(date_format(o.closed_at, '%Y-%m'), '') as closed_month, coalesce(w.weight, 0) > 50 as at_risk, count(*) as deals,
      cast(coalesce(sum(o.amount), 0) as decimal(20,2)) as amount, cast(coalesce(sum(round(o.amount * o.probability / 100, 2)), 0) as decimal(20,2)) as weighted,
      coalesce(sum(timestampdiff(second, o.created_at, o.closed_at)), 0) as cycle_seconds
      from opportunities o left join (${weights}) w on w.record_id = o.id where o.deleted_at is null group by 1, 2, 3, 4, 5, 6 order by 1, 2, 3, 4, 5, 6`),
  ).map((r) => Object.values(r).map(String));
}

async function bucketsHeld() {
  return rowsOf<Record<string, unknown>>(
    await t.db.execute(sql`select owner_id, stage, close_month, forecast_category, closed_month, at_risk, deals, amount, weighted_amount, cycle_seconds
      from insight_deal_buckets order by 1, 2, 3, 4, 5, 6`),
  ).map((r) => Object.values(r).map(String));
}

async function healthByDefinition() {
  return rowsOf<Record<string, unknown>>(await t.db.execute(sql`${weights} order by record_id`)).map((r) => Object.values(r).map(String));
}

async function healthHeld() {
  return (await t.db.select().from(hygieneDealHealth).orderBy(hygieneDealHealth.opportunityId)).map((r) => [String(r.opportunityId), String(r.weight)]);
}

/** Every dashboard the aggregates serve: the team's (quarter and month), a rep's own, one opened by the manager, the organisation's. */
async function dashboards() {
  return {
    teamQuarter: await as(manager).analytics.dashboard({ scope: 'team', period: 'quarter' }),
    teamMonth: await as(manager).analytics.dashboard({ scope: 'team', period: 'month' }),
    rita: await as(rita).analytics.dashboard({ scope: 'me' }),
    raviByManager: await as(manager).analytics.dashboard({ scope: 'user', userId: ravi.id }),
    organisation: await as(admin).analytics.dashboard({ scope: 'team', period: 'quarter' }),
    atRiskDeals: (await as(manager).analytics.deals({ target: { scope: 'team' }, bucket: { kind: 'atRisk' } })).items.map((d) => d.id).sort(),
  };
}

/** The dashboards counted live: the same tables, with the aggregates marked not held for the call. */
async function liveDashboards() {
  const held = await t.db.select().from(precomputedAggregates);
  await t.db.delete(precomputedAggregates);
  try {
    return await dashboards();
  } finally {
    if (held.length) await t.db.insert(precomputedAggregates).values(held);
  }
}

/** The aggregates equal their definitions, a rebuild leaves them as they are, and the dashboards read what live counting gives. */
async function expectExact() {
  const buckets = await bucketsHeld();
  expect(buckets).toEqual(await bucketsByDefinition());
  await rebuildDealBuckets(t.db, now);
  expect(await bucketsHeld()).toEqual(buckets);
  expect(await healthHeld()).toEqual(await healthByDefinition());
  expect(await dashboards()).toEqual(await liveDashboards());
}

beforeAll(async () => {
  manager = await makeUser(t.db, { role: 'manager', name: 'Mona Manager' });
  rita = await makeUser(t.db, { role: 'rep', name: 'Rita Rep', managerId: manager.id });
  ravi = await makeUser(t.db, { role: 'rep', name: 'Ravi Rep', managerId: manager.id });
  admin = await makeUser(t.db, { role: 'admin', name: 'Ada Admin' });
  accountId = (await makeAccount(t.db, { ownerId: rita.id, accountName: 'Acme' })).id;
  const deal = async (name: string, ownerId: string, fields: Omit<Parameters<typeof makeOpportunity>[1], 'ownerId' | 'accountId'>) => {
    ids[name] = (await makeOpportunity(t.db, { opportunityName: name, ownerId, accountId, createdAt: at('2026-06-01'), lastActivityAt: daysAgo(1), ...fields })).id;
  };
  await deal('Rita December', rita.id, { stage: 'Proposal', amount: '100000', closeDate: '2026-12-15' });
  await deal('Rita January', rita.id, { stage: 'Discovery', amount: '50000.55', closeDate: '2027-01-20', probability: 33, probabilityOverridden: true });
  await deal('Rita no amount', rita.id, { stage: 'Prospecting', amount: null, closeDate: '2026-11-30' });
  await deal('Rita no date', rita.id, { stage: 'Prospecting', amount: '1234.56', closeDate: null });
  await deal('Rita won', rita.id, { stage: 'Closed Won', amount: '60000', closeDate: '2026-11-10', closedAt: at('2026-11-10') });
  await deal('Rita lost', rita.id, { stage: 'Closed Lost', amount: '30000', closeDate: '2026-10-05', closedAt: at('2026-10-05'), lossReason: 'Price' });
  await deal('Ravi commit', ravi.id, { stage: 'Negotiation', amount: '40000', closeDate: '2026-12-20', forecastCategory: 'Commit', forecastCategoryOverridden: true });
  await deal('Ravi won in August', ravi.id, { stage: 'Closed Won', amount: '20000', closeDate: '2026-08-20', closedAt: at('2026-08-20') });
  await deal('Ravi won last year', ravi.id, { stage: 'Closed Won', amount: '99000', closeDate: '2025-11-15', closedAt: at('2025-11-15') });
  await deal('Ravi deleted', ravi.id, { stage: 'Proposal', amount: '777000', closeDate: '2026-12-01', deletedAt: daysAgo(2) });
  // At risk: two criticals and a warning (health 40) on Rita December; one warning (health 90) on Ravi commit.
  const result = (ruleId: string, recordId: number, severity: 'critical' | 'warning', ownerId: string) =>
    insertRow(t.db, ruleResults, { ruleId, recordType: 'opportunity', recordId, severity, message: ruleId, firstSeenAt: daysAgo(3), lastSeenAt: daysAgo(1), resolvedAt: null, ownerId });
  await result('close_date_past', ids['Rita December']!, 'critical', rita.id);
  await result('no_next_step', ids['Rita December']!, 'critical', rita.id);
  await result('stale_stage', ids['Rita December']!, 'warning', rita.id);
  await result('no_next_step', ids['Ravi commit']!, 'warning', ravi.id);
});

describe('the dashboards’ precomputed aggregates', () => {
  it('are counted live until built, and once built give the dashboards the same numbers', async () => {
    expect(await t.db.select().from(precomputedAggregates)).toEqual([]);
    const live = await dashboards();
    if (live.teamQuarter.view !== 'manager') throw new Error('expected the manager view');
    // The fixture's own numbers, so the comparison below is not between two empty dashboards.
    expect(live.teamQuarter.atRisk).toMatchObject({ count: 1, amount: '100000.00' });
    expect(live.teamQuarter.openPipeline).toEqual({ count: 5, amount: '191235.11' });
    expect(live.teamQuarter.manager.recurringRevenue.arr).toBe('80000.00');
    expect(live.atRiskDeals).toEqual([ids['Rita December']]);

    await refreshStageFlows(t.db, now);
    await rebuildDealHealth(t.db, now);
    expect((await t.db.select().from(precomputedAggregates)).map((r) => r.name).sort()).toEqual(['deal_buckets', 'deal_health']);
    expect((await t.db.select().from(insightDealBuckets)).length).toBeGreaterThan(0);
    expect(await dashboards()).toEqual(live);
    await expectExact();
  });

  it('follow a new deal, its amount, probability, close date and category, in the same transaction', async () => {
    const created = await as(rita).opportunities.create({ opportunityName: 'New one', accountId, stage: 'Discovery', amount: '12345.67', closeDate: '2026-12-24' });
    ids['New one'] = created.id;
    await expectExact();
    const v = async (name: string) => (await as(manager).opportunities.getById({ id: ids[name]! })).version;
    await as(rita).opportunities.update({ id: created.id, version: await v('New one'), amount: '999.99' });
    await as(rita).opportunities.update({ id: created.id, version: await v('New one'), probability: 71 });
    await as(rita).opportunities.update({ id: created.id, version: await v('New one'), closeDate: '2027-03-03' });
    await as(rita).opportunities.update({ id: created.id, version: await v('New one'), forecastCategory: 'Best Case' });
    await expectExact();
  });

  it('follow a stage move, a win, a loss and a change of owner', async () => {
    const v = async (name: string) => (await as(manager).opportunities.getById({ id: ids[name]! })).version;
    await as(rita).opportunities.update({ id: ids['Rita January']!, version: await v('Rita January'), stage: 'Proposal' });
    await expectExact();
    await as(rita).opportunities.update({ id: ids['New one']!, version: await v('New one'), stage: 'Closed Won' });
    await as(ravi).opportunities.update({ id: ids['Ravi commit']!, version: await v('Ravi commit'), stage: 'Closed Lost', lossReason: 'Price' });
    await expectExact();
    // Reassigned: Rita's at-risk deal moves to Ravi's buckets, at risk with him at once. Counted live, its
    // results count for Ravi once they name him, as the deal's own scan (queued by the change) makes them.
    await as(manager).opportunities.update({ id: ids['Rita December']!, version: await v('Rita December'), ownerId: ravi.id });
    await t.db.update(ruleResults).set({ ownerId: ravi.id }).where(eq(ruleResults.recordId, ids['Rita December']!));
    await expectExact();
  });

  it('follow line items, which set the amount, and a deletion', async () => {
    const product = await makeProduct(t.db, { listPrice: '250.00' });
    const deal = await as(ravi).opportunities.addLineItem({ opportunityId: ids['Rita December']!, productId: product.id, quantity: 3 });
    await expectExact();
    const line = deal.lineItems[0]!;
    await as(ravi).opportunities.updateLineItem({ id: line.id, quantity: 5, discountPercent: '10' });
    await expectExact();
    await as(ravi).opportunities.delete({ id: ids['Rita December']! });
    await expectExact();
  });

  it('follow an import that creates deals, one that changes a deal, and their undo', async () => {
    const importFile = async (csv: string) => {
      const upload = await uploadFile(t, rita.id, csv, 'deals.csv');
      const { importId } = await as(rita).imports.start({ uploadId: upload.uploadId, entity: 'opportunities' });
      await runImport(t.db, importId, { now: () => now, log: createLogger('silent') });
      return importId;
    };
    await importFile('Deal Name,Account,Stage,Amount,Close Date,Deal ID\nImp One,Imp Ltd,Discovery,1000,2027-01-10,i-1\nImp Two,Imp Ltd,Closed Won,2000,2026-11-20,i-2\n');
    await expectExact();
    const changed = await importFile('Deal ID,Deal Name,Account,Stage,Amount,Close Date\ni-1,Imp One,Imp Ltd,Negotiation,1500.25,2026-12-31\n');
    await expectExact();
    await as(rita).imports.undo({ importId: changed });
    await expectExact();
    const fresh = await importFile('Deal Name,Account,Stage,Amount,Close Date,Deal ID\nImp Three,Imp Ltd,Security Review,3000,2027-02-10,j-1\n');
    await expectExact();
    await as(rita).imports.undo({ importId: fresh });
    await expectExact();
  });

  it('keep each deal’s health, and the buckets’ at-risk half, through full and incremental scans and a custom rule’s deletion', async () => {
    await runScan(t.db, { kind: 'all' }, now);
    expect((await healthHeld()).length).toBeGreaterThan(0);
    await expectExact();
    // A deal edited and scanned on its own: only its rows change.
    const v = (await as(manager).opportunities.getById({ id: ids['Rita no amount']! })).version;
    await as(rita).opportunities.update({ id: ids['Rita no amount']!, version: v, amount: '5000', closeDate: '2026-11-01' });
    await runScan(t.db, { kind: 'opportunity', id: ids['Rita no amount']! }, now);
    await expectExact();

    const rule = await as(admin).hygiene.customRules.create({
      name: 'Any open deal',
      category: 'data_quality',
      severity: 'critical',
      stages: [],
      conditions: [{ field: 'amount', operator: 'greater_than', value: 0 }],
      message: '{name} has an amount',
      remediation: 'Nothing',
      enabled: true,
    });
    await runScan(t.db, { kind: 'all' }, now);
    const withRule = await healthHeld();
    const organisationAtRisk = async () => {
      const d = await as(admin).analytics.dashboard({ scope: 'team', period: 'quarter' });
      if (d.view !== 'manager') throw new Error('expected the manager view');
      return d.atRisk.count;
    };
    // The rule's critical result takes two more deals below health 50 ...
    expect(await organisationAtRisk()).toBe(3);
    await expectExact();
    // ... and its deletion brings them back above it, moving them out of the buckets' at-risk half.
    await as(admin).hygiene.customRules.delete({ id: rule.id });
    expect(await healthHeld()).not.toEqual(withRule);
    expect(await organisationAtRisk()).toBe(1);
    await expectExact();
  });
});

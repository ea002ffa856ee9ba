// Analysing pipeline files without importing them: Maven's 8,800 deals (CSV and .xlsx), a HubSpot API pull, a
// Salesforce Data Export, two HubSpot UI snapshots five weeks apart (compared), a file that is not a pipeline, broken rows, access,
// the CSV of findings and the clean-up after 30 days. Expected counts were made by hand from tests/fixtures/real
// with python's csv module, applying the rules that run on files (server/domain/README.md, "Analysing a file").
import { count, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { hygieneAnalyses, hygieneAnalysisDeals, hygieneAnalysisFindings, opportunities, ruleResults, uploads } from '../../../drizzle/schema';
import { purgeExpiredAnalyses } from '../../../server/hygiene/analyses';
import type { SessionUser } from '../../../server/trpc';
import { callerFor } from '../../helpers/context';
import { makeUser, TEST_PASSWORD } from '../../helpers/factories/users';
import { startTestServer } from '../../helpers/http';
import { signInCookie } from '../../helpers/signIn';
import { useTestDatabase } from '../../helpers/testDatabase';
import { realFixture, uploadFile } from '../../helpers/uploads';

const t = useTestDatabase();
let rep: SessionUser;
let other: SessionUser;
let admin: SessionUser;

beforeAll(async () => {
  rep = await makeUser(t.db, { name: 'Fiona File' });
  other = await makeUser(t.db, { name: 'Oscar Other' });
  admin = await makeUser(t.db, { role: 'admin', name: 'Ada Admin' });
});

async function analyse(user: SessionUser, content: Buffer | string, fileName: string) {
  const upload = await uploadFile(t, user.id, content, fileName);
  return callerFor(t, user).hygiene.analyses.create({ uploadId: upload.uploadId });
}

const mavenMapping = {
  opportunityName: 'product',
  externalId: 'opportunity_id',
  stage: 'deal_stage',
  amount: 'close_value',
  closeDate: 'close_date',
  owner: 'sales_agent',
  account: 'account',
};

describe("Maven's 8,800-deal pipeline", () => {
  let analysisId: number;

  it('maps the columns and the stages without help', async () => {
    const preview = await analyse(rep, realFixture('maven-sales-pipeline.csv'), 'sales_pipeline.csv');
    analysisId = preview.analysisId;
    expect(preview).toMatchObject({ source: 'maven', rowCount: 8800, mapping: mavenMapping, mappingProblems: {} });
    expect(preview.unmatchedColumns).toEqual(['engage_date']);
    expect(preview.stageValues.map((v) => [v.value, v.rows, v.mapped])).toEqual([
      ['Won', 4238, 'Closed Won'],
      ['Lost', 2473, 'Closed Lost'],
      ['Engaging', 1589, 'Discovery'],
      ['Prospecting', 500, 'Prospecting'],
    ]);
    expect(preview.rows[0]).toMatchObject({ fileRow: 2, problem: null, deal: { dealKey: '1C1I7A6R', dealName: 'GTX Plus Basic', stage: 'Closed Won', amountCents: 105400, closeDate: '2017-03-01' } });
    // No next step, loss reason, activity or stage dates in this file: those rules do not run on it.
    expect(preview.rulesApplied).toEqual(expect.arrayContaining(['missing_close_date', 'close_date_past', 'missing_owner', 'amount_outlier']));
    expect(preview.rulesApplied).not.toContain('closed_lost_no_reason');
    expect(preview.rulesNotApplied).toContainEqual({ ruleId: 'closed_lost_no_reason', reason: 'The file has no loss reason column' });
    expect(preview.rulesNotApplied).toContainEqual({ ruleId: 'single_threaded', reason: expect.stringMatching(/only the CRM knows/) });
  });

  it('analyses every row: the 2,089 open deals have no close date, nothing else holds', async () => {
    const before = await t.db.select({ n: count() }).from(opportunities);
    const started = Date.now();
    const report = await callerFor(t, rep).hygiene.analyses.confirmMapping({ analysisId, mapping: mavenMapping, asOf: '2018-01-01' });
    const elapsed = Date.now() - started;
    expect(report).toMatchObject({ status: 'done', analysedRows: 8800, brokenCount: 0, openDeals: 2089, findingsCount: 2089, health: 75, healthLabel: 'At risk' });
    expect(report.byRule).toEqual([expect.objectContaining({ ruleId: 'missing_close_date', severity: 'critical', count: 2089 })]);
    expect(report.bySeverity).toEqual({ critical: 2089, warning: 0, info: 0 });
    // Nothing is written to the CRM's records.
    expect(await t.db.select({ n: count() }).from(opportunities)).toEqual(before);
    expect(await t.db.select({ n: count() }).from(ruleResults)).toEqual([{ n: 0 }]);
    expect(elapsed).toBeLessThan(10_000);
    // Kept: the open deals and any deal with a result (a closed deal with none has nothing to show).
    const deals = await callerFor(t, rep).hygiene.analyses.deals({ analysisId, limit: 5 });
    expect(deals.total).toBe(2089);
    expect(deals.items[0]).toMatchObject({ health: 75, isOpen: true, results: [{ ruleId: 'missing_close_date', severity: 'critical', message: 'No close date' }] });
    const missing = await callerFor(t, rep).hygiene.analyses.deals({ analysisId, ruleId: 'missing_close_date', limit: 1 });
    expect(missing.total).toBe(2089);
  });

  it('gives the same results on the .xlsx copy (real Excel dates)', async () => {
    const preview = await analyse(rep, realFixture('maven-sales-pipeline.xlsx'), 'sales_pipeline.xlsx');
    expect(preview.mapping).toEqual(mavenMapping);
    const report = await callerFor(t, rep).hygiene.analyses.confirmMapping({ analysisId: preview.analysisId, mapping: mavenMapping, asOf: '2018-01-01' });
    expect(report).toMatchObject({ analysedRows: 8800, brokenCount: 0, openDeals: 2089, findingsCount: 2089, health: 75 });
  });

  it('shows the analysis to its owner and admins only', async () => {
    await expect(callerFor(t, other).hygiene.analyses.get({ analysisId })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(callerFor(t, other).hygiene.analyses.deals({ analysisId })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(callerFor(t, other).hygiene.analyses.delete({ analysisId })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect((await callerFor(t, admin).hygiene.analyses.get({ analysisId })).findingsCount).toBe(2089);
    expect((await callerFor(t, other).hygiene.analyses.list()).map((a) => a.analysisId)).not.toContain(analysisId);
    expect((await callerFor(t, rep).hygiene.analyses.list()).map((a) => a.analysisId)).toContain(analysisId);
  });

  it('streams the findings as CSV', async () => {
    const server = await startTestServer(t);
    try {
      const cookie = await signInCookie(server, rep.email, TEST_PASSWORD, '192.0.2.140');
      const res = await fetch(`${server.baseUrl}/api/hygiene/analyses/${analysisId}/findings.csv`, { headers: { cookie } });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/text\/csv/);
      const lines = (await res.text()).replace(/^\ufeff/, '').trim().split(/\r?\n/);
      expect(lines[0]).toBe('Row,Deal,Record key,Owner,Stage,Amount,Close date,Deal health,Rule,Severity,Message');
      expect(lines).toHaveLength(2090);
      expect(lines[1]).toMatch(/^\d+,[^,]+,[0-9A-Z]{8},[^,]+,(Discovery|Prospecting),,,75,missing_close_date,critical,No close date$/);
      const otherCookie = await signInCookie(server, other.email, TEST_PASSWORD, '192.0.2.141');
      expect((await fetch(`${server.baseUrl}/api/hygiene/analyses/${analysisId}/findings.csv`, { headers: { cookie: otherCookie } })).status).toBe(403);
    } finally {
      await server.close();
    }
  });
});

describe('a HubSpot API pull (internal names, numeric custom stages)', () => {
  it('maps internal names, asks only about the custom stages, and finds what the rules say', async () => {
    const preview = await analyse(rep, realFixture('hubspot-deals.csv'), 'deals.csv');
    expect(preview.source).toBe('hubspot');
    expect(preview.mapping).toEqual({ opportunityName: 'dealname', externalId: 'hs_object_id', stage: 'dealstage', amount: 'amount', closeDate: 'closedate', createdAt: 'createdate' });
    expect(preview.stageValues.filter((v) => v.mapped === null).map((v) => [v.value, v.rows])).toEqual([
      ['95211147', 38],
      ['95180904', 34],
    ]);
    // Unmapped custom stages make broken rows; mapped, every row is analysed.
    const unmapped = await callerFor(t, rep).hygiene.analyses.confirmMapping({ analysisId: preview.analysisId, mapping: preview.mapping, asOf: '2024-04-01' });
    expect(unmapped).toMatchObject({ analysedRows: 323, brokenCount: 72 });
    expect(unmapped.brokenRows[0]).toEqual({ row: expect.any(Number), reason: expect.stringMatching(/^Stage "(95211147|95180904)" is not mapped to one of ours$/) });
    const report = await callerFor(t, rep).hygiene.analyses.confirmMapping({
      analysisId: preview.analysisId,
      mapping: preview.mapping,
      stageMapping: { '95211147': 'Proposal', '95180904': 'Negotiation' },
      asOf: '2024-04-01',
    });
    expect(report).toMatchObject({ analysedRows: 395, brokenCount: 0, openDeals: 174, findingsCount: 198, health: 82 });
    expect(Object.fromEntries(report.byRule.map((r) => [r.ruleId, r.count]))).toEqual({
      close_date_past: 120,
      missing_amount: 62,
      missing_close_date: 15,
      closing_this_month_early_stage: 1,
    });
    expect(report.bySeverity).toEqual({ critical: 197, warning: 1, info: 0 });
  });
});

describe("a Salesforce Data Export (Windows-1252, API names, Spanish stages)", () => {
  it('maps the API names, runs the activity and stage-age rules on the dates the export has', async () => {
    const preview = await analyse(rep, realFixture('salesforce-opportunity-cp1252.csv'), 'Opportunity.csv');
    expect(preview.source).toBe('salesforce');
    expect(preview.mapping).toMatchObject({
      opportunityName: 'Name',
      externalId: 'Id',
      stage: 'StageName',
      amount: 'Amount',
      closeDate: 'CloseDate',
      owner: 'OwnerId',
      nextStep: 'NextStep',
      forecastCategory: 'ForecastCategoryName',
      createdAt: 'CreatedDate',
      lastActivityAt: 'LastActivityDate',
      stageEnteredAt: 'LastStageChangeDate',
      // The first of the two loss-reason fields, always empty in this org: the user picks the one it uses.
      lossReason: 'Loss_Reason__c',
    });
    expect(preview.stageValues.filter((v) => v.mapped === null).map((v) => v.value).sort()).toEqual(['Diseño Propuesta', 'Firmas', 'Interes', 'Negociación', 'Presentación Propuesta']);
    const report = await callerFor(t, rep).hygiene.analyses.confirmMapping({
      analysisId: preview.analysisId,
      mapping: { ...preview.mapping, lossReason: 'LossReason__c' },
      stageMapping: { Negociación: 'Negotiation', 'Presentación Propuesta': 'Proposal', Firmas: 'Negotiation', Interes: 'Discovery', 'Diseño Propuesta': 'Solution/Demo' },
      asOf: '2023-09-01',
    });
    expect(report).toMatchObject({ analysedRows: 512, brokenCount: 0, openDeals: 146, findingsCount: 516, health: 75 });
    expect(Object.fromEntries(report.byRule.map((r) => [r.ruleId, r.count]))).toEqual({
      closed_lost_no_reason: 168,
      no_next_step: 124,
      // 30 days idle replaces 14 on the same deal.
      no_activity_30d: 108,
      no_activity_14d: 24,
      // No stage history in a file: the rule's fallback of 21 days applies.
      stale_in_stage: 31,
      close_date_past: 29,
      closing_this_month_early_stage: 14,
      missing_amount: 13,
      amount_outlier: 5,
    });
    expect(report.bySeverity).toEqual({ critical: 150, warning: 361, info: 5 });
  });
});

describe('two HubSpot UI exports of one pipeline, five weeks apart', () => {
  const mapping = {
    opportunityName: 'Deal Name',
    externalId: 'Record ID',
    stage: 'Deal Stage',
    amount: 'Amount',
    closeDate: 'Close Date',
    owner: 'Deal owner',
    lossReason: 'Closed Lost Reason',
    createdAt: 'Create Date',
  };
  const stageMapping = {
    'Closed: abandoned': 'Closed Lost',
    'Opportunity identified': 'Discovery',
    'On hold / future opportunity': 'Prospecting',
    'Awaiting outcome': 'Proposal',
    'Awaiting procurement': 'Negotiation',
    'Awaiting event': 'Solution/Demo',
  } as const;
  let first: number;
  let second: number;

  it('analyses the April export as of its export day', async () => {
    const name = 'hubspot-crm-exports-all-deals-2023-04-03.csv';
    const preview = await analyse(other, realFixture('hubspot-marvell-deals-2023-04-03.csv'), name);
    expect(preview.mapping).toEqual(mapping);
    expect(preview.proposedAsOf).toBe('2023-04-03');
    first = preview.analysisId;
    const report = await callerFor(t, other).hygiene.analyses.confirmMapping({ analysisId: first, mapping, stageMapping, asOf: preview.proposedAsOf });
    expect(report).toMatchObject({ analysedRows: 87, brokenCount: 0, openDeals: 36, findingsCount: 83, health: 79 });
    expect(Object.fromEntries(report.byRule.map((r) => [r.ruleId, r.count]))).toEqual({
      closed_lost_no_reason: 41,
      close_date_past: 30,
      missing_amount: 5,
      missing_close_date: 3,
      closing_this_month_early_stage: 3,
      // lenny@marvell-consulting.com (Deactivated User)
      missing_owner: 1,
    });
    expect(await callerFor(t, other).hygiene.analyses.compare({ analysisId: first })).toEqual({ previous: null });
  });

  it('compares the May export with it: new, resolved and still open per deal and rule, and the health change', async () => {
    const preview = await analyse(other, realFixture('hubspot-marvell-deals-2023-05-09.csv'), 'hubspot-crm-exports-all-deals-2023-05-09.csv');
    second = preview.analysisId;
    const report = await callerFor(t, other).hygiene.analyses.confirmMapping({ analysisId: second, mapping, stageMapping, asOf: '2023-05-09' });
    expect(report).toMatchObject({ analysedRows: 84, brokenCount: 0, openDeals: 24, findingsCount: 80, health: 77 });
    expect(report.bySeverity).toEqual({ critical: 27, warning: 52, info: 1 });
    const compared = await callerFor(t, other).hygiene.analyses.compare({ analysisId: second });
    expect(compared).toMatchObject({
      previous: { analysisId: first, health: 79 },
      current: { analysisId: second, health: 77 },
      healthChange: -2,
      counts: { new: 18, resolved: 21, stillOpen: 62 },
    });
  });
});

describe('files that are not what they should be', () => {
  it('refuses a file with no deal column and keeps nothing of it', async () => {
    const upload = await uploadFile(t, rep.id, realFixture('hubspot-companies.csv'), 'companies.csv');
    const before = await t.db.select({ n: count() }).from(hygieneAnalyses);
    await expect(callerFor(t, rep).hygiene.analyses.create({ uploadId: upload.uploadId })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringMatching(/no column we recognise as a deal's .* Nothing of this file was kept/),
    });
    expect(await t.db.select().from(uploads).where(eq(uploads.id, upload.uploadId))).toEqual([]);
    expect(await t.db.select({ n: count() }).from(hygieneAnalyses)).toEqual(before);
  });

  it("analyses only one's own upload, even for an admin", async () => {
    const upload = await uploadFile(t, rep.id, 'Deal Name,Amount\nA,1\n', 'mine.csv');
    await expect(callerFor(t, admin).hygiene.analyses.create({ uploadId: upload.uploadId })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(callerFor(t, other).hygiene.analyses.create({ uploadId: upload.uploadId })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await t.db.select({ id: uploads.id }).from(uploads).where(eq(uploads.id, upload.uploadId))).toHaveLength(1);
  });

  it('reports broken rows with their row number and reason and analyses the rest', async () => {
    const csv = [
      'Deal Name,Deal Stage,Amount,Close Date',
      'Good deal,Qualified To Buy,1200,2030-01-31',
      'Bad amount,Qualified To Buy,lots,2030-01-31',
      'Bad date,Qualified To Buy,100,31/01/2030',
      ',Qualified To Buy,100,2030-01-31',
      'Odd stage,Thinking about it,100,2030-01-31',
      'Past close,Contract Sent,,2020-01-31',
    ].join('\n');
    const preview = await analyse(rep, csv, 'mixed.csv');
    expect(preview.rows.map((r) => r.problem)).toEqual([
      null,
      'Amount "lots" is not a number',
      'Close date "31/01/2030" is not a date (YYYY-MM-DD)',
      'The row has neither a deal name nor a record id',
      'Stage "Thinking about it" is not mapped to one of ours',
      null,
    ]);
    const report = await callerFor(t, rep).hygiene.analyses.confirmMapping({ analysisId: preview.analysisId, mapping: preview.mapping, asOf: '2026-01-15' });
    expect(report).toMatchObject({ rowCount: 6, analysedRows: 2, brokenCount: 4 });
    expect(report.brokenRows).toEqual([
      { row: 3, reason: 'Amount "lots" is not a number' },
      { row: 4, reason: 'Close date "31/01/2030" is not a date (YYYY-MM-DD)' },
      { row: 5, reason: 'The row has neither a deal name nor a record id' },
      { row: 6, reason: 'Stage "Thinking about it" is not mapped to one of ours' },
    ]);
    // Row 7: Negotiation, no amount, closing in the past: 100 - 25 - 25 = 50; row 2 is healthy at 100 with 1,200.
    expect(Object.fromEntries(report.byRule.map((r) => [r.ruleId, r.count]))).toEqual({ missing_amount: 1, close_date_past: 1 });
    expect(report.health).toBe(100);
  });

  it('refuses a mapping without a name or a deal column, field by field', async () => {
    const preview = await analyse(rep, 'Deal Name,Amount\nA,1\n', 'small.csv');
    await expect(callerFor(t, rep).hygiene.analyses.confirmMapping({ analysisId: preview.analysisId, mapping: { amount: 'Nope' } })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
  });
});

describe('the rules in force', () => {
  it("runs with the organisation's overrides and the custom rules a file can answer", async () => {
    const csv = 'Deal Name,Deal Stage,Amount,Close Date\nBig,Contract Sent,500000,2020-01-01\nSmall,Contract Sent,100,2030-01-01\n';
    const run = async () => {
      const preview = await analyse(rep, csv, 'rules.csv');
      const report = await callerFor(t, rep).hygiene.analyses.confirmMapping({ analysisId: preview.analysisId, mapping: preview.mapping, asOf: '2026-01-15' });
      return { applied: report.rulesApplied, found: report.byRule.map((r) => `${r.ruleId}:${r.severity}:${r.count}`) };
    };
    expect((await run()).found).toEqual(['close_date_past:critical:1']);
    const caller = callerFor(t, admin);
    await caller.hygiene.setOverride({ ruleId: 'close_date_past', severity: 'warning' });
    const big = await caller.hygiene.customRules.create({
      name: 'Big in the file',
      category: 'forecasting',
      severity: 'info',
      stages: [],
      conditions: [{ field: 'amount', operator: 'greater_than', value: 1000 }],
      message: '{name} is big',
      remediation: 'Look at it',
    });
    const alone = await caller.hygiene.customRules.create({
      name: 'Nobody on it',
      category: 'engagement',
      severity: 'critical',
      stages: [],
      conditions: [{ field: 'contactCount', operator: 'less_than', value: 1 }],
      message: '{name} has nobody',
      remediation: 'Add people',
    });
    try {
      const after = await run();
      expect(after.found).toEqual(['close_date_past:warning:1', `custom_${big.id}:info:1`]);
      // People on the deal are not in a file: that custom rule does not run.
      expect(after.applied).not.toContain(`custom_${alone.id}`);
    } finally {
      await caller.hygiene.resetOverride({ ruleId: 'close_date_past' });
      await caller.hygiene.customRules.delete({ id: big.id });
      await caller.hygiene.customRules.delete({ id: alone.id });
    }
  });
});

describe('keeping analyses 30 days', () => {
  it('deletes expired analyses with their deals, findings and file', async () => {
    const preview = await analyse(rep, 'Deal Name,Deal Stage,Close Date\nA,Contract Sent,2020-01-01\n', 'old.csv');
    await callerFor(t, rep).hygiene.analyses.confirmMapping({ analysisId: preview.analysisId, mapping: preview.mapping });
    const later = new Date(Date.now() + 31 * 86_400_000);
    await expect(callerFor(t, rep, { now: () => later }).hygiene.analyses.get({ analysisId: preview.analysisId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await purgeExpiredAnalyses(t.db, later)).toBeGreaterThanOrEqual(1);
    expect(await t.db.select().from(hygieneAnalyses).where(eq(hygieneAnalyses.id, preview.analysisId))).toEqual([]);
    expect(await t.db.select().from(hygieneAnalysisDeals).where(eq(hygieneAnalysisDeals.analysisId, preview.analysisId))).toEqual([]);
    expect(await t.db.select().from(hygieneAnalysisFindings).where(eq(hygieneAnalysisFindings.analysisId, preview.analysisId))).toEqual([]);
    expect(await t.db.select().from(uploads).where(eq(uploads.id, preview.uploadId))).toEqual([]);
  });
});

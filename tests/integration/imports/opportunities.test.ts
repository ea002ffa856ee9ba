// Opportunities, products and activities from real exports: Maven's pipeline, a HubSpot deals pull (internal
// stage values and numeric custom stages), a Salesforce demo org (Prodly: Guid lookups, "#N/A"), a Windows-1252
// Salesforce export's Spanish stages; stage mapping, bad rows, re-runs and undo. Counts were made by hand from
// tests/fixtures/real (python's csv module).
import { and, count, eq, isNotNull, isNull } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { accounts, activities, externalIds, opportunities, opportunityStageHistory, products } from '../../../drizzle/schema';
import { IMPORTED_LOSS_REASON } from '../../../server/imports/opportunityRows';
import { runImport } from '../../../server/imports/service';
import { createLogger } from '../../../server/lib/log';
import type { SessionUser } from '../../../server/trpc';
import { callerFor } from '../../helpers/context';
import { makeUser } from '../../helpers/factories/users';
import { useTestDatabase } from '../../helpers/testDatabase';
import { realFixture, uploadFile } from '../../helpers/uploads';

const t = useTestDatabase();
const log = createLogger('silent');
let rep: SessionUser;
let manager: SessionUser;

beforeAll(async () => {
  rep = await makeUser(t.db, { name: 'Olive Opportunity' });
  manager = await makeUser(t.db, { role: 'manager', name: 'Paula Products' });
});

type Entity = 'accounts' | 'opportunities' | 'products' | 'activities';

async function importFile(user: SessionUser, content: Buffer | string, fileName: string, entity: Entity, extra: Record<string, unknown> = {}) {
  const upload = await uploadFile(t, user.id, content, fileName);
  const { importId } = await callerFor(t, user).imports.start({ uploadId: upload.uploadId, entity, ...extra });
  await runImport(t.db, importId, { now: () => new Date(), log });
  return { upload, importId, status: await callerFor(t, user).imports.status({ importId }) };
}

async function dealByExternalId(externalId: string) {
  const [ext] = await t.db.select().from(externalIds).where(and(eq(externalIds.entityType, 'opportunity'), eq(externalIds.externalId, externalId)));
  const [deal] = await t.db.select().from(opportunities).where(eq(opportunities.id, ext!.recordId));
  return deal!;
}

describe("Maven's CRM sales opportunities (8,800 deals)", () => {
  let importId: number;

  it('proposes the mapping and the stage mapping without help', async () => {
    await importFile(rep, realFixture('maven-accounts.csv'), 'accounts.csv', 'accounts');
    const upload = await uploadFile(t, rep.id, realFixture('maven-sales-pipeline.csv'), 'sales_pipeline.csv');
    const preview = await callerFor(t, rep).imports.preview({ uploadId: upload.uploadId, entity: 'opportunities' });
    expect(preview.mapping).toEqual({
      opportunityName: 'product',
      account: 'account',
      stage: 'deal_stage',
      amount: 'close_value',
      closeDate: 'close_date',
      owner: 'sales_agent',
      externalId: 'opportunity_id',
    });
    expect(preview.mappingProblems).toEqual({});
    expect(preview.rows[0]).toMatchObject({ outcome: 'create', message: null });
    const stages = await callerFor(t, rep).imports.stageValues({ uploadId: upload.uploadId, column: 'deal_stage' });
    expect(stages).toEqual({
      column: 'deal_stage',
      more: false,
      values: [
        { value: 'Won', rows: 4238, proposed: 'Closed Won' },
        { value: 'Lost', rows: 2473, proposed: 'Closed Lost' },
        { value: 'Engaging', rows: 1589, proposed: 'Discovery' },
        { value: 'Prospecting', rows: 500, proposed: 'Prospecting' },
      ],
    });
  });

  it('imports the deals with the stage mapping the user confirmed, rejecting those without an account', async () => {
    const done = await importFile(rep, realFixture('maven-sales-pipeline.csv'), 'sales_pipeline.csv', 'opportunities', {
      options: { stageMapping: { Engaging: 'Solution/Demo' } },
    });
    importId = done.importId;
    // 1,425 open deals name no account; the other 7,375 link to the 85 accounts imported above.
    expect(done.status).toMatchObject({ status: 'done', totalRows: 8800, created: 7375, updated: 0, rejected: 1425, accountsCreated: 0 });
    expect(done.status.rejectionSample[0]?.reason).toBe('Account: the row names no account, and every deal belongs to one');
    const won = await dealByExternalId('1C1I7A6R');
    const [cancity] = await t.db.select().from(accounts).where(eq(accounts.id, won.accountId));
    expect(cancity?.accountName).toBe('Cancity');
    expect(won).toMatchObject({
      opportunityName: 'GTX Plus Basic',
      stage: 'Closed Won',
      amount: '1054.00',
      closeDate: '2017-03-01',
      probability: 100,
      forecastCategory: 'Closed',
      closedAt: new Date('2017-03-01T12:00:00.000Z'),
      // Sales agents are not users here: the importer owns the deals.
      ownerId: rep.id,
    });
    const lost = await dealByExternalId('KWVA7VR1');
    expect(lost).toMatchObject({ stage: 'Closed Lost', lossReason: IMPORTED_LOSS_REASON, probability: 0, forecastCategory: 'Omitted' });
    const stageCounts = await t.db
      .select({ stage: opportunities.stage, n: count() })
      .from(opportunities)
      .where(eq(opportunities.ownerId, rep.id))
      .groupBy(opportunities.stage)
      .orderBy(opportunities.stage);
    expect(Object.fromEntries(stageCounts.map((r) => [r.stage, r.n]))).toEqual({ 'Closed Lost': 2473, 'Closed Won': 4238, Prospecting: 163, 'Solution/Demo': 501 });
    const [history] = await t.db.select({ n: count() }).from(opportunityStageHistory).where(eq(opportunityStageHistory.changedById, rep.id));
    expect(history!.n).toBe(7375);
  });

  it('a second import of the same file updates nothing and duplicates nothing', async () => {
    const again = await importFile(rep, realFixture('maven-sales-pipeline.csv'), 'sales_pipeline.csv', 'opportunities', {
      options: { stageMapping: { Engaging: 'Solution/Demo' } },
    });
    expect(again.status).toMatchObject({ created: 0, updated: 0, unchanged: 7375, rejected: 1425 });
    const [n] = await t.db.select({ n: count() }).from(opportunities).where(eq(opportunities.ownerId, rep.id));
    expect(n!.n).toBe(7375);
    expect((await callerFor(t, rep).imports.undo({ importId: again.importId })).removed).toBe(0);
    expect(importId).toBeGreaterThan(0);
  });
});

describe('a HubSpot deals pull (internal stage values, numeric custom stages, no company column)', () => {
  it('asks for the account column and for the custom stages, and rejects a stage left unmapped', async () => {
    const upload = await uploadFile(t, manager.id, realFixture('hubspot-deals.csv'), 'deals.csv');
    const preview = await callerFor(t, manager).imports.preview({ uploadId: upload.uploadId, entity: 'opportunities' });
    expect(preview.mapping).toEqual({ opportunityName: 'dealname', stage: 'dealstage', amount: 'amount', closeDate: 'closedate', externalId: 'hs_object_id' });
    expect(preview.mappingProblems).toEqual({ account: 'Choose the column that holds the account (name, domain or id)' });
    const stages = await callerFor(t, manager).imports.stageValues({ uploadId: upload.uploadId, column: 'dealstage' });
    expect(stages.values).toEqual([
      { value: 'closedlost', rows: 129, proposed: 'Closed Lost' },
      { value: 'closedwon', rows: 92, proposed: 'Closed Won' },
      { value: 'qualifiedtobuy', rows: 52, proposed: 'Discovery' },
      { value: '95211147', rows: 38, proposed: null },
      { value: '95180904', rows: 34, proposed: null },
      { value: 'appointmentscheduled', rows: 33, proposed: 'Prospecting' },
      { value: 'decisionmakerboughtin', rows: 17, proposed: 'Proposal' },
    ]);

    // The brands' deals are named after the brand: the user files each under an account of that name.
    const { importId } = await callerFor(t, manager).imports.start({
      uploadId: upload.uploadId,
      entity: 'opportunities',
      mapping: { ...preview.mapping, account: 'dealname' },
      options: { stageMapping: { '95211147': 'Proposal' } },
    });
    await runImport(t.db, importId, { now: () => new Date(), log });
    const done = await callerFor(t, manager).imports.status({ importId });
    // 395 deals, 34 in the unmapped custom stage; the other 361 carry 355 distinct names (six repeated).
    expect(done).toMatchObject({ status: 'done', created: 361, rejected: 34, accountsCreated: 355 });
    expect(done.rejectionSample[0]?.reason).toBe('Stage: "95180904" is not one of our stages (map it onto one in the preview)');
    const boston = await dealByExternalId('14316276246');
    expect(boston).toMatchObject({ opportunityName: 'Boston Beer', stage: 'Discovery', amount: null, closeDate: '2023-08-25', closedAt: null, ownerId: manager.id });
    const [nestle] = await t.db.select({ n: count() }).from(opportunities).where(and(eq(opportunities.stage, 'Proposal'), eq(opportunities.ownerId, manager.id)));
    expect(nestle!.n).toBe(38 + 17);
  });
});

describe('a Salesforce demo org (Prodly: Guid ids, lookups by Guid, "#N/A" for nothing)', () => {
  it('links each deal to its account through the account export\'s ids and maps the standard stages', async () => {
    const accountsDone = await importFile(manager, realFixture('salesforce-prodly-accounts.csv'), 'Account.csv', 'accounts');
    expect(accountsDone.status).toMatchObject({ created: 187, rejected: 0 });
    const deals = await importFile(manager, realFixture('salesforce-prodly-opportunities.csv'), 'Opportunity.csv', 'opportunities');
    // 12 deals; one has AccountId "#N/A".
    expect(deals.status).toMatchObject({ created: 11, rejected: 1, accountsCreated: 0 });
    const acme = await dealByExternalId('0e59ba5f-8d74-4cdd-ba82-d7784a5ea726');
    const [acmeAccount] = await t.db.select().from(accounts).where(eq(accounts.id, acme.accountId));
    expect(acmeAccount?.accountName).toBe('Acme');
    // "Value Proposition" is our Solution/Demo; its 50% is Salesforce's stage default, not imported unless mapped.
    expect(acme).toMatchObject({ opportunityName: 'Acme - 1,200 Widgets', stage: 'Solution/Demo', amount: '140000.00', closeDate: '2019-04-17', probability: 20, nextStep: 'Need estimate' });
    const noAmount = await dealByExternalId('441c8c33-aeab-438a-bf7e-b78f863db2ae');
    expect(noAmount).toMatchObject({ amount: null, stage: 'Prospecting' });
    expect((await dealByExternalId(guidStartingWith('e6028a4c'))).stage).toBe('Negotiation');
  });
});

function guidStartingWith(prefix: string) {
  const text = realFixture('salesforce-prodly-opportunities.csv').toString('utf8');
  return text.split(/\r?\n/).find((l) => l.startsWith(prefix))!.split(',')[0]!;
}

describe('a Windows-1252 Salesforce export with Spanish stages', () => {
  it('lists its stages decoded, proposing ours for the ones it knows', async () => {
    const upload = await uploadFile(t, rep.id, realFixture('salesforce-opportunity-cp1252.csv'), 'Opportunity.csv');
    const preview = await callerFor(t, rep).imports.preview({ uploadId: upload.uploadId, entity: 'opportunities' });
    expect(preview.mapping).toMatchObject({ opportunityName: 'Name', account: 'AccountId', stage: 'StageName', amount: 'Amount', closeDate: 'CloseDate', externalId: 'Id' });
    const stages = await callerFor(t, rep).imports.stageValues({ uploadId: upload.uploadId, column: 'StageName' });
    expect(stages.values).toEqual([
      { value: 'Closed Lost', rows: 203, proposed: 'Closed Lost' },
      { value: 'Closed Won', rows: 163, proposed: 'Closed Won' },
      { value: 'Negociación', rows: 61, proposed: null },
      { value: 'Presentación Propuesta', rows: 38, proposed: null },
      { value: 'Firmas', rows: 23, proposed: null },
      { value: 'Interes', rows: 15, proposed: null },
      { value: 'Diseño Propuesta', rows: 9, proposed: null },
    ]);
    // Its AccountIds are Salesforce ids of accounts not imported here: never made into accounts named by an id.
    expect(preview.rows[0]).toMatchObject({
      outcome: 'reject',
      message: 'Account: no account has the id "0018a000020sFKBAA2" (import the accounts first, with their id column)',
    });
  });
});

describe('bad deal rows', () => {
  it('gives each its reason, as the deal form would', async () => {
    const csv = [
      'Deal Name,Company,Stage,Amount,Close Date,Record ID',
      'Good deal,Bad Rows Ltd,Qualified To Buy,"$12,500.50",2026-03-31,bad-1',
      'Negative,Bad Rows Ltd,Discovery,-5,2026-03-31,bad-2',
      'Strange stage,Bad Rows Ltd,Hot lead,100,2026-03-31,bad-3',
      'Unknown account,Nobody Ltd,Discovery,100,2026-03-31,bad-4',
      'Bad date,Bad Rows Ltd,Discovery,100,31/03/2026,bad-5',
      ',Bad Rows Ltd,Discovery,100,2026-03-31,bad-6',
    ].join('\n');
    await importFile(rep, 'Company name,Domain\nBad Rows Ltd,badrows.example\n', 'a.csv', 'accounts');
    const { status } = await importFile(rep, csv, 'bad.csv', 'opportunities', { options: { unknownAccount: 'reject' } });
    expect(status).toMatchObject({ created: 1, rejected: 5 });
    expect(status.rejectionSample.map((r) => r.reason)).toEqual([
      'Amount: Enter an amount of at least 0 with up to 2 decimals',
      'Stage: "Hot lead" is not one of our stages (map it onto one in the preview)',
      'Account: no account called "Nobody Ltd" (choose "create missing accounts" to add it)',
      'Close date: Enter a date as YYYY-MM-DD',
      'Opportunity name is required',
    ]);
    expect(await dealByExternalId('bad-1')).toMatchObject({ stage: 'Discovery', amount: '12500.50' });
  });
});

describe('re-imports and undo', () => {
  const first = 'Deal Name,Account,Stage,Amount,Close Date,Deal ID\nUndo One,Undo Ltd,Discovery,1000,2026-05-01,u-1\nUndo Two,Undo Ltd,Proposal,2000,2026-06-01,u-2\n';

  it('moves a matched deal to its new stage with a history row, and undo puts it back', async () => {
    const created = await importFile(rep, first, 'first.csv', 'opportunities');
    expect(created.status).toMatchObject({ created: 2, accountsCreated: 1 });
    const moved = await importFile(rep, 'Deal ID,Deal Name,Account,Stage,Amount\nu-1,Undo One,Undo Ltd,Closed Won,1500\n', 'moved.csv', 'opportunities');
    expect(moved.status).toMatchObject({ created: 0, updated: 1, accountsCreated: 0 });
    const won = await dealByExternalId('u-1');
    expect(won).toMatchObject({ stage: 'Closed Won', amount: '1500.00', probability: 100, version: 2 });
    const history = await t.db.select().from(opportunityStageHistory).where(eq(opportunityStageHistory.opportunityId, won.id)).orderBy(opportunityStageHistory.id);
    expect(history.map((h) => [h.fromStage, h.toStage])).toEqual([
      [null, 'Discovery'],
      ['Discovery', 'Closed Won'],
    ]);
    await callerFor(t, rep).imports.undo({ importId: moved.importId });
    expect(await dealByExternalId('u-1')).toMatchObject({ stage: 'Discovery', amount: '1000.00', closedAt: null, probability: 10 });
  });

  it('removes the deals and the accounts an import created, and refuses after an edit', async () => {
    const done = await importFile(rep, first.replaceAll('u-', 'v-').replaceAll('Undo Ltd', 'Undone Ltd'), 'v.csv', 'opportunities');
    expect(done.status).toMatchObject({ created: 2, accountsCreated: 1 });
    const deal = await dealByExternalId('v-2');
    await callerFor(t, rep).opportunities.update({ id: deal.id, version: deal.version, nextStep: 'Call back' });
    await expect(callerFor(t, rep).imports.undo({ importId: done.importId })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: '1 of the records this import wrote has been changed or deleted since, so undoing it would lose that work. Nothing was undone.',
    });

    const clean = await importFile(rep, first.replaceAll('u-', 'w-').replaceAll('Undo Ltd', 'Wiped Ltd'), 'w.csv', 'opportunities');
    const w1 = await dealByExternalId('w-1');
    expect(await callerFor(t, rep).imports.undo({ importId: clean.importId })).toMatchObject({ removed: 3 });
    const [gone] = await t.db.select().from(opportunities).where(eq(opportunities.id, w1.id));
    expect(gone?.deletedAt).not.toBeNull();
    const [account] = await t.db.select().from(accounts).where(eq(accounts.id, w1.accountId));
    expect(account?.deletedAt).not.toBeNull();
    const [ext] = await t.db.select({ n: count() }).from(externalIds).where(and(eq(externalIds.entityType, 'opportunity'), eq(externalIds.externalId, 'w-1')));
    expect(ext!.n).toBe(0);
  });
});

describe("Maven's products", () => {
  it('imports the price list with codes made from the names, for managers only', async () => {
    await expect(
      callerFor(t, rep).imports.start({ uploadId: (await uploadFile(t, rep.id, realFixture('maven-products.csv'), 'products.csv')).uploadId, entity: 'products' }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN', message: 'Only managers and admins can change the product catalogue' });
    const { status, importId } = await importFile(manager, realFixture('maven-products.csv'), 'products.csv', 'products');
    expect(status).toMatchObject({ created: 7, rejected: 0 });
    const [gtx] = await t.db.select().from(products).where(eq(products.productCode, 'GTX-PLUS-BASIC'));
    expect(gtx).toMatchObject({ productName: 'GTX Plus Basic', category: 'GTX', listPrice: '1096.00', active: true });
    const again = await importFile(manager, realFixture('maven-products.csv').toString().replace('GTX Pro,GTX,4821', 'GTX Pro,GTX,4999'), 'products.csv', 'products');
    expect(again.status).toMatchObject({ created: 0, updated: 1, unchanged: 6 });
    await callerFor(t, manager).imports.undo({ importId: again.importId });
    const [pro] = await t.db.select().from(products).where(eq(products.productCode, 'GTX-PRO'));
    expect(pro?.listPrice).toBe('4821.00');
    // GTX Pro has been written since the first import (by the second and its undo): that one can no longer be undone.
    await expect(callerFor(t, manager).imports.undo({ importId })).rejects.toMatchObject({ code: 'CONFLICT' });
  });
});

describe('activities', () => {
  it('logs each on the deal, contact or account its row names and moves their last activity', async () => {
    const csv = [
      'Activity ID,Type,Subject,Notes,Date,Deal ID,Contact email,Company',
      'act-1,Logged call,Pricing call,"Talked price, agreed to a demo",2017-02-20 15:30,1C1I7A6R,,',
      'act-2,Meeting,On-site visit,,2017-02-21,,,Cancity',
      'act-3,Fax,Old habit,,2017-02-22,,,Cancity',
      'act-4,Email,Lost deal?,,2017-02-23,NOPE0000,,',
      'act-5,Note,Nobody,,2017-02-24,,,',
    ].join('\n');
    const { status, importId } = await importFile(rep, csv, 'activities.csv', 'activities');
    expect(status).toMatchObject({ created: 2, rejected: 3 });
    expect(status.rejectionSample.map((r) => r.reason)).toEqual([
      'Type: "Fax" is not a call, email, meeting, note or task',
      'Opportunity: no deal has the id "NOPE0000" (import the deals first, with their id column)',
      'The row names no deal, contact or account to log it on',
    ]);
    const deal = await dealByExternalId('1C1I7A6R');
    const [call] = await t.db.select().from(activities).where(eq(activities.subject, 'Pricing call'));
    expect(call).toMatchObject({
      type: 'call',
      body: 'Talked price, agreed to a demo',
      occurredAt: new Date('2017-02-20T15:30:00.000Z'),
      relatedToType: 'opportunity',
      relatedToId: deal.id,
      accountId: deal.accountId,
      ownerId: rep.id,
    });
    const [cancity] = await t.db.select().from(accounts).where(eq(accounts.id, deal.accountId));
    expect(cancity?.lastActivityAt).toEqual(new Date('2017-02-21T00:00:00.000Z'));
    const again = await importFile(rep, csv, 'activities.csv', 'activities');
    expect(again.status).toMatchObject({ created: 0, unchanged: 2, rejected: 3 });
    expect((await callerFor(t, rep).imports.undo({ importId })).removed).toBe(2);
    const [left] = await t.db.select({ n: count() }).from(activities).where(isNotNull(activities.id));
    expect(left!.n).toBe(0);
    const [live] = await t.db.select({ n: count() }).from(opportunities).where(and(eq(opportunities.id, deal.id), isNull(opportunities.deletedAt)));
    expect(live!.n).toBe(1);
  });
});

// The funnel's precomputed counts (insight_stage_flows): rebuilt, they equal the live count from the history
// (and the definition's own query: some entry into stage k in the window with a later entry into a higher
// stage, never Closed Lost), per owner and for a team; and a stage change, a reassignment and a deletion
// keep them equal in their own transaction. A window not held is counted live.
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { insightStageFlows, insightStageFlowWindows, opportunityStageHistory } from '../../../drizzle/schema';
import { liveStageFlows, type StageFlowCount } from '../../../server/insight/stageFlows';
import { refreshStageFlows, stageFlows, stageFlowWindowsAround } from '../../../server/insight/stageFlowAggregate';
import type { SessionUser } from '../../../server/lib/actor';
import { fixedClock } from '../../../server/lib/clock';
import { openStages, type Stage, stages } from '../../../shared/stages';
import { runImport } from '../../../server/imports/service';
import { createLogger } from '../../../server/lib/log';
import { callerFor } from '../../helpers/context';
import { makeAccount } from '../../helpers/factories/accounts';
import { insertRow } from '../../helpers/factories/insertRow';
import { makeOpportunity } from '../../helpers/factories/opportunities';
import { makeUser } from '../../helpers/factories/users';
import { useTestDatabase } from '../../helpers/testDatabase';
import { uploadFile } from '../../helpers/uploads';

const t = useTestDatabase();
// Wednesday 2 December 2026: the win-rate window (and the funnel's) starts 1 July 2026.
const now = new Date('2026-12-02T15:00:00.000Z');
const clock = fixedClock(now);
const FROM = '2026-07-01';
const at = (day: string) => new Date(`${day}T12:00:00.000Z`);
const as = (user: SessionUser) => callerFor(t, user, clock);

let manager: SessionUser;
let rita: SessionUser;
let ravi: SessionUser;
let outsider: SessionUser;
const ids: Record<string, number> = {};

/** The definition as one correlated query (what the funnel counted before the aggregate), per stage. */
async function byDefinition(ownerIds: string[]): Promise<[Stage, number, number][]> {
  const rank = (c: string) => sql.raw(`field(${c}, ${stages.map((s) => `'${s}'`).join(', ')})`);
  const [rows] = (await t.db.execute(sql`
    select h.to_stage as stage, count(distinct h.opportunity_id) as entered,
      count(distinct case when exists (select 1 from opportunity_stage_history h2 where h2.opportunity_id = h.opportunity_id
        and h2.changed_at > h.changed_at and h2.to_stage <> 'Closed Lost' and ${rank('h2.to_stage')} > ${rank('h.to_stage')})
        then h.opportunity_id end) as advanced
    from opportunity_stage_history h join opportunities o on o.id = h.opportunity_id
    where h.changed_at >= ${at(FROM).toISOString().slice(0, 10)} and o.deleted_at is null
      and o.owner_id in (${sql.join(ownerIds.map((id) => sql`${id}`), sql`, `)})
    group by h.to_stage`)) as unknown as [{ stage: Stage; entered: number; advanced: number }[]];
  return openStages.map((s) => {
    const r = rows.find((x) => x.stage === s);
    return [s, Number(r?.entered ?? 0), Number(r?.advanced ?? 0)];
  });
}

const triples = (flows: StageFlowCount[]) => flows.map((f) => [f.stage, f.entered, f.advanced]);

/** What the table holds for these owners, summed. */
async function held(ownerIds: string[]) {
  return triples(await stageFlows(t.db, FROM, ownerIds));
}

async function expectAggregateTrue() {
  for (const owners of [[rita.id], [ravi.id], [manager.id, rita.id, ravi.id], [outsider.id]]) {
    const live = triples(await liveStageFlows(t.db, at(FROM), owners));
    expect(await held(owners)).toEqual(live);
    expect(live).toEqual(await byDefinition(owners));
  }
}

beforeAll(async () => {
  manager = await makeUser(t.db, { role: 'manager', name: 'Mona Manager' });
  rita = await makeUser(t.db, { role: 'rep', name: 'Rita Rep', managerId: manager.id });
  ravi = await makeUser(t.db, { role: 'rep', name: 'Ravi Rep', managerId: manager.id });
  outsider = await makeUser(t.db, { role: 'rep', name: 'Oscar Outsider' });
  const account = await makeAccount(t.db, { ownerId: rita.id, accountName: 'Acme' });
  const deal = async (name: string, ownerId: string, stage: Stage, history: [Stage, string][], deletedAt: Date | null = null) => {
    const row = await makeOpportunity(t.db, { opportunityName: name, ownerId, accountId: account.id, stage, deletedAt, closedAt: stage.startsWith('Closed') ? at(history.at(-1)![1]) : null });
    let from: Stage | null = null;
    for (const [toStage, day] of history) {
      await insertRow(t.db, opportunityStageHistory, { opportunityId: row.id, fromStage: from, toStage, changedAt: at(day), amount: row.amount, closeDate: row.closeDate });
      from = toStage;
    }
    ids[name] = row.id;
  };
  await deal('Straight up', rita.id, 'Proposal', [['Prospecting', '2026-07-10'], ['Discovery', '2026-08-01'], ['Proposal', '2026-10-01']]);
  // Into Discovery before the window, again in it after going back; then up to Proposal: advanced from its window entry.
  await deal('Back and forth', rita.id, 'Proposal', [['Discovery', '2026-05-01'], ['Prospecting', '2026-07-05'], ['Discovery', '2026-09-01'], ['Proposal', '2026-09-15']]);
  // Entered Proposal twice in the window, the later higher stage came between: advanced.
  await deal('Twice', ravi.id, 'Proposal', [['Proposal', '2026-08-01'], ['Negotiation', '2026-08-15'], ['Proposal', '2026-09-01']]);
  // Lost after Discovery: entered, not advanced.
  await deal('Lost', ravi.id, 'Closed Lost', [['Discovery', '2026-07-20'], ['Closed Lost', '2026-10-05']]);
  await deal('Won', ravi.id, 'Closed Won', [['Negotiation', '2026-10-01'], ['Closed Won', '2026-11-10']]);
  await deal('Before the window', rita.id, 'Discovery', [['Prospecting', '2026-03-01'], ['Discovery', '2026-06-01']]);
  await deal('Deleted', ravi.id, 'Proposal', [['Proposal', '2026-11-01']], new Date('2026-11-30T00:00:00.000Z'));
  await deal('Elsewhere', outsider.id, 'Discovery', [['Prospecting', '2026-08-01'], ['Discovery', '2026-08-02']]);
});

describe('the funnel’s precomputed counts', () => {
  it('counts a window the table does not hold live, and holds the windows around today once rebuilt', async () => {
    expect(await t.db.select().from(insightStageFlowWindows)).toEqual([]);
    const team = [manager.id, rita.id, ravi.id];
    const expected = [
      ['Prospecting', 2, 2],
      ['Discovery', 3, 2],
      ['Solution/Demo', 0, 0],
      ['PoC/Trial', 0, 0],
      ['Security Review', 0, 0],
      ['Proposal', 3, 1],
      ['Negotiation', 2, 1],
    ];
    expect(await held(team)).toEqual(expected);
    expect(await byDefinition(team)).toEqual(expected);

    expect(stageFlowWindowsAround(now, 1)).toEqual([FROM]);
    // On 31 December a zone ahead of UTC is already in Q1 2027, whose window opens on 1 October.
    expect(stageFlowWindowsAround(new Date('2026-12-31T20:00:00.000Z'), 1)).toEqual([FROM, '2026-10-01']);
    expect(await refreshStageFlows(t.db, now)).toEqual({ windows: [FROM] });
    expect((await t.db.select().from(insightStageFlowWindows)).map((w) => w.windowFrom)).toEqual([FROM]);
    expect((await t.db.select().from(insightStageFlows)).length).toBeGreaterThan(0);
    expect(await held(team)).toEqual(expected);
    await expectAggregateTrue();

    const d = await as(manager).analytics.dashboard({ scope: 'team', period: 'quarter' });
    if (d.view !== 'manager') throw new Error('expected the manager view');
    expect(triples(d.manager.funnel.stages)).toEqual(expected);
  });

  it('drops windows no longer around today', async () => {
    await t.db.insert(insightStageFlowWindows).values({ windowFrom: '2026-04-01', refreshedAt: now });
    await t.db.insert(insightStageFlows).values({ windowFrom: '2026-04-01', ownerId: rita.id, stage: 'Discovery', entered: 9, advanced: 9 });
    await refreshStageFlows(t.db, now);
    expect((await t.db.select().from(insightStageFlowWindows)).map((w) => w.windowFrom)).toEqual([FROM]);
    expect((await t.db.select().from(insightStageFlows)).filter((r) => r.windowFrom !== FROM)).toEqual([]);
  });

  it('follows a stage change, a new deal, a reassignment and a deletion in the same transaction', async () => {
    const current = async (name: string) => (await as(manager).opportunities.getById({ id: ids[name]! })).version;
    // Proposal -> Negotiation: Rita's Proposal entry now advanced, and she has entered Negotiation.
    await as(rita).opportunities.update({ id: ids['Straight up']!, version: await current('Straight up'), stage: 'Negotiation' });
    await expectAggregateTrue();
    expect((await held([rita.id])).slice(5)).toEqual([['Proposal', 2, 1], ['Negotiation', 1, 0]]);

    const created = await as(ravi).opportunities.create({ opportunityName: 'Fresh', accountId: (await as(manager).opportunities.getById({ id: ids['Twice']! })).accountId, stage: 'Discovery', amount: '5000', closeDate: '2027-01-31' });
    await expectAggregateTrue();
    ids.Fresh = created.id;

    // Ravi's deal goes to Oscar: its counts leave Ravi's rows for his.
    await as(manager).opportunities.update({ id: ids['Twice']!, version: await current('Twice'), ownerId: outsider.id });
    await expectAggregateTrue();
    expect((await held([outsider.id]))[5]).toEqual(['Proposal', 1, 1]);

    await as(rita).opportunities.delete({ id: ids['Back and forth']! });
    await expectAggregateTrue();

    // A stage change and a reassignment at once.
    await as(manager).opportunities.update({ id: ids.Fresh!, version: await current('Fresh'), stage: 'Proposal', ownerId: rita.id });
    await expectAggregateTrue();
  });

  it('follows an import that creates deals, one that moves a deal on, and their undo', async () => {
    const importFile = async (csv: string) => {
      const upload = await uploadFile(t, rita.id, csv, 'deals.csv');
      const { importId } = await as(rita).imports.start({ uploadId: upload.uploadId, entity: 'opportunities' });
      await runImport(t.db, importId, { now: () => now, log: createLogger('silent') });
      return importId;
    };
    await importFile('Deal Name,Account,Stage,Amount,Close Date,Deal ID\nImp One,Imp Ltd,Discovery,1000,2027-01-10,i-1\nImp Two,Imp Ltd,Proposal,2000,2027-01-20,i-2\n');
    await expectAggregateTrue();
    const moved = await importFile('Deal ID,Deal Name,Account,Stage,Amount\ni-1,Imp One,Imp Ltd,Negotiation,1500\n');
    await expectAggregateTrue();
    await as(rita).imports.undo({ importId: moved });
    await expectAggregateTrue();
    // The first import's deals were moved on since, so undo another's: its deals are deleted.
    const fresh = await importFile(`Deal Name,Account,Stage,Amount,Close Date,Deal ID\nImp Three,Imp Ltd,Security Review,3000,2027-02-10,j-1\n`);
    await expectAggregateTrue();
    await as(rita).imports.undo({ importId: fresh });
    await expectAggregateTrue();
  });
});

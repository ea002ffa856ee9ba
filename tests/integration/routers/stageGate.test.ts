// The stage gate's skip reason: a move that leaves expected fields empty says why, and the stage history
// row keeps which fields and the reason (shared/stageGate.ts; README "Stage gate").
import { asc, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { opportunityStageHistory } from '../../../drizzle/schema';
import { fixedClock } from '../../../server/lib/clock';
import type { SessionUser } from '../../../server/lib/actor';
import { callerFor } from '../../helpers/context';
import { clientError } from '../../helpers/errorShape';
import { makeAccount } from '../../helpers/factories/accounts';
import { makeUser } from '../../helpers/factories/users';
import { useTestDatabase } from '../../helpers/testDatabase';

const t = useTestDatabase();
const clock = fixedClock(new Date('2026-12-03T10:00:00.000Z'));
let rep: SessionUser;
let accountId: number;

beforeAll(async () => {
  rep = await makeUser(t.db, { role: 'rep' });
  accountId = (await makeAccount(t.db, { ownerId: rep.id })).id;
});

const api = () => callerFor(t, rep, clock).opportunities;
const newDeal = () => api().create({ opportunityName: 'Gate deal', accountId, stage: 'Discovery', amount: '30000' });
const historyOf = (id: number) =>
  t.db.select().from(opportunityStageHistory).where(eq(opportunityStageHistory.opportunityId, id)).orderBy(asc(opportunityStageHistory.id));

describe('stage gate skip reason', () => {
  it('stores the fields left empty and the reason on the move, with the field filled in the same save', async () => {
    const deal = await newDeal();
    const moved = await api().update({
      id: deal.id,
      version: deal.version,
      stage: 'PoC/Trial',
      identifiedPain: 'Month-end close takes nine days',
      gateSkippedFields: ['decisionCriteria'],
      gateSkipReason: 'Criteria come with the RFP next week',
    });
    expect(moved).toMatchObject({ stage: 'PoC/Trial', identifiedPain: 'Month-end close takes nine days', decisionCriteria: null });
    const [, move] = await historyOf(deal.id);
    expect(move).toMatchObject({
      fromStage: 'Discovery',
      toStage: 'PoC/Trial',
      gateSkippedFields: ['decisionCriteria'],
      gateSkipReason: 'Criteria come with the RFP next week',
    });
    // The detail's history carries it, so the page can show why.
    expect(moved.stageHistory[0]).toMatchObject({ gateSkippedFields: ['decisionCriteria'], gateSkipReason: 'Criteria come with the RFP next week' });
  });

  it('refuses a skip without a reason on the gateSkipReason field, and changes nothing', async () => {
    const deal = await newDeal();
    for (const reason of [undefined, '   ']) {
      const error = await clientError(
        api().update({ id: deal.id, version: deal.version, stage: 'PoC/Trial', gateSkippedFields: ['identifiedPain'], gateSkipReason: reason }),
      );
      expect(error.code).toBe('BAD_REQUEST');
      expect(error.fieldErrors?.gateSkipReason).toEqual(['Say why these fields stay empty']);
    }
    expect((await api().getById({ id: deal.id })).stage).toBe('Discovery');
    expect(await historyOf(deal.id)).toHaveLength(1);
  });

  it('records no skip for a field filled in the same save, nor without a stage change', async () => {
    const deal = await newDeal();
    const moved = await api().update({
      id: deal.id,
      version: deal.version,
      stage: 'Solution/Demo',
      identifiedPain: 'Churn in the first 90 days',
      gateSkippedFields: ['identifiedPain'],
      gateSkipReason: 'n/a',
    });
    await api().update({ id: deal.id, version: moved.version, nextStep: 'Demo', gateSkippedFields: ['decisionCriteria'], gateSkipReason: 'later' });
    const rows = await historyOf(deal.id);
    expect(rows).toHaveLength(2);
    expect(rows[1]).toMatchObject({ toStage: 'Solution/Demo', gateSkippedFields: null, gateSkipReason: null });
  });

  it('refuses a field that is not one of the gate fields', async () => {
    const deal = await newDeal();
    const error = await clientError(
      // @ts-expect-error not a gate field
      api().update({ id: deal.id, version: deal.version, stage: 'Proposal', gateSkippedFields: ['amount'], gateSkipReason: 'x' }),
    );
    expect(error.fieldErrors?.gateSkippedFields).toBeDefined();
  });

  it('records only the fields this move passes empty, not one a later stage expects', async () => {
    const deal = await newDeal();
    await api().update({
      id: deal.id,
      version: deal.version,
      stage: 'Solution/Demo',
      gateSkippedFields: ['identifiedPain', 'paperProcess'],
      gateSkipReason: 'Pain is agreed on the call',
    });
    const [, move] = await historyOf(deal.id);
    expect(move).toMatchObject({ toStage: 'Solution/Demo', gateSkippedFields: ['identifiedPain'], gateSkipReason: 'Pain is agreed on the call' });
  });
});

describe('bulk stage change through the gate', () => {
  it('says per deal what the move would ask, leaving out deals it asks nothing of', async () => {
    const early = await newDeal();
    const filled = await api().create({
      opportunityName: 'Filled deal',
      accountId,
      stage: 'Discovery',
      identifiedPain: 'Manual reconciliations',
      decisionCriteria: 'SOC 2, SSO',
    });
    const late = await api().create({ opportunityName: 'Late deal', accountId, stage: 'PoC/Trial', decisionCriteria: 'Price' });
    const gates = await api().stageGates({ ids: [early.id, filled.id, late.id], stage: 'PoC/Trial' });
    expect(gates).toEqual([
      expect.objectContaining({ id: early.id, fromStage: 'Discovery', missing: ['identifiedPain', 'decisionCriteria'], confirmJump: false }),
    ]);
    const far = await api().stageGates({ ids: [filled.id], stage: 'Proposal' });
    expect(far).toEqual([
      expect.objectContaining({ id: filled.id, missing: ['economicBuyerContactId'], steps: 4, confirmJump: true, jumped: ['Solution/Demo', 'PoC/Trial', 'Security Review'] }),
    ]);
  });

  it('moves each deal and records on each the fields its own move left empty, with the one reason', async () => {
    const a = await newDeal();
    const b = await api().create({ opportunityName: 'Has pain', accountId, stage: 'Discovery', identifiedPain: 'Slow quotes' });
    const results = await api().bulkUpdate({ ids: [a.id, b.id], changes: { stage: 'PoC/Trial', gateSkipReason: 'Filled in at the QBR' } });
    expect(results).toEqual([
      { id: a.id, ok: true },
      { id: b.id, ok: true },
    ]);
    const [, moveA] = await historyOf(a.id);
    const [, moveB] = await historyOf(b.id);
    expect(moveA).toMatchObject({ toStage: 'PoC/Trial', gateSkippedFields: ['identifiedPain', 'decisionCriteria'], gateSkipReason: 'Filled in at the QBR' });
    expect(moveB).toMatchObject({ toStage: 'PoC/Trial', gateSkippedFields: ['decisionCriteria'], gateSkipReason: 'Filled in at the QBR' });
  });
});

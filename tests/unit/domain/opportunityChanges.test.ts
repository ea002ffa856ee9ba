import { describe, expect, it } from 'vitest';
import {
  isCloseDatePush,
  opportunityRuleErrors,
  planStageChange,
  type StageRequest,
  type StageState,
} from '../../../server/domain/opportunityChanges';

const now = new Date('2026-11-23T10:00:00.000Z');
const earlier = new Date('2026-10-01T09:00:00.000Z');

function deal(overrides: Partial<StageState> = {}): StageState {
  return {
    stage: 'Discovery',
    probability: 10,
    probabilityOverridden: false,
    forecastCategory: 'Pipeline',
    forecastCategoryOverridden: false,
    closeDate: '2026-12-15',
    closedAt: null,
    stageEnteredAt: earlier,
    pushCount: 0,
    ...overrides,
  };
}

describe('planStageChange: probability and forecast category', () => {
  const cases: {
    name: string;
    before: StageState | null;
    request: StageRequest;
    expected: Partial<ReturnType<typeof planStageChange>>;
  }[] = [
    {
      name: 'create with no values takes the stage defaults',
      before: null,
      request: { stage: 'PoC/Trial' },
      expected: { probability: 40, probabilityOverridden: false, forecastCategory: 'Best Case', forecastCategoryOverridden: false },
    },
    {
      name: 'create without a stage starts in Prospecting',
      before: null,
      request: {},
      expected: { stage: 'Prospecting', probability: 5, forecastCategory: 'Pipeline', stageChanged: true },
    },
    {
      name: 'create with a value other than the default marks an override',
      before: null,
      request: { stage: 'Discovery', probability: 30, forecastCategory: 'Best Case' },
      expected: { probability: 30, probabilityOverridden: true, forecastCategory: 'Best Case', forecastCategoryOverridden: true },
    },
    {
      name: 'create with the default value is not an override',
      before: null,
      request: { stage: 'Proposal', probability: 70, forecastCategory: 'Commit' },
      expected: { probability: 70, probabilityOverridden: false, forecastCategoryOverridden: false },
    },
    {
      name: 'a stage change moves non-overridden values to the new defaults',
      before: deal(),
      request: { stage: 'Proposal' },
      expected: { probability: 70, probabilityOverridden: false, forecastCategory: 'Commit', forecastCategoryOverridden: false },
    },
    {
      name: 'a stage change keeps an override',
      before: deal({ probability: 35, probabilityOverridden: true }),
      request: { stage: 'Negotiation' },
      expected: { probability: 35, probabilityOverridden: true, forecastCategory: 'Commit', forecastCategoryOverridden: false },
    },
    {
      name: 'a stage change keeps a category override',
      before: deal({ forecastCategory: 'Best Case', forecastCategoryOverridden: true }),
      request: { stage: 'Solution/Demo' },
      expected: { probability: 20, forecastCategory: 'Best Case', forecastCategoryOverridden: true },
    },
    {
      name: 'an explicit value equal to the default clears the override',
      before: deal({ probability: 35, probabilityOverridden: true }),
      request: { probability: 10 },
      expected: { probability: 10, probabilityOverridden: false },
    },
    {
      name: 'an explicit default for the new stage clears the override on a stage change',
      before: deal({ probability: 35, probabilityOverridden: true }),
      request: { stage: 'Proposal', probability: 70 },
      expected: { probability: 70, probabilityOverridden: false },
    },
    {
      name: 'an explicit value on a stage change is an override when it differs from the new default',
      before: deal(),
      request: { stage: 'Proposal', probability: 50 },
      expected: { probability: 50, probabilityOverridden: true },
    },
    {
      name: 'the old value echoed back by a form with a stage change is not an override',
      before: deal(),
      request: { stage: 'Proposal', probability: 10, forecastCategory: 'Pipeline' },
      expected: { probability: 70, probabilityOverridden: false, forecastCategory: 'Commit', forecastCategoryOverridden: false },
    },
    {
      name: 'without a stage change, a value other than the default is an override',
      before: deal(),
      request: { probability: 25 },
      expected: { probability: 25, probabilityOverridden: true, stageChanged: false },
    },
    {
      name: 'Closed Won forces 100 / Closed over an override and an explicit value',
      before: deal({ probability: 35, probabilityOverridden: true, forecastCategory: 'Commit', forecastCategoryOverridden: true }),
      request: { stage: 'Closed Won', probability: 50, forecastCategory: 'Best Case' },
      expected: { probability: 100, probabilityOverridden: false, forecastCategory: 'Closed', forecastCategoryOverridden: false },
    },
    {
      name: 'Closed Lost forces 0 / Omitted',
      before: deal({ probability: 35, probabilityOverridden: true }),
      request: { stage: 'Closed Lost' },
      expected: { probability: 0, probabilityOverridden: false, forecastCategory: 'Omitted', forecastCategoryOverridden: false },
    },
    {
      name: 'reopening a closed deal follows the open stage defaults',
      before: deal({ stage: 'Closed Lost', probability: 0, forecastCategory: 'Omitted', closedAt: earlier }),
      request: { stage: 'Negotiation' },
      expected: { probability: 85, forecastCategory: 'Commit', closedAt: null },
    },
  ];

  it.each(cases)('$name', ({ before, request, expected }) => {
    expect(planStageChange(before, request, now)).toMatchObject(expected);
  });
});

describe('planStageChange: stage entry, closing and history', () => {
  it('create counts as a stage change entered now', () => {
    expect(planStageChange(null, { stage: 'Discovery' }, now)).toMatchObject({ stageChanged: true, stageEnteredAt: now, closedAt: null });
  });

  it('a stage change sets stageEnteredAt; another edit keeps it', () => {
    expect(planStageChange(deal(), { stage: 'Proposal' }, now)).toMatchObject({ stageChanged: true, stageEnteredAt: now });
    expect(planStageChange(deal(), { stage: 'Discovery', probability: 15 }, now)).toMatchObject({
      stageChanged: false,
      stageEnteredAt: earlier,
    });
  });

  it('closing sets closedAt, editing a closed deal keeps it, reopening clears it', () => {
    const closed = planStageChange(deal(), { stage: 'Closed Won' }, now);
    expect(closed.closedAt).toEqual(now);
    const later = new Date('2026-12-01T00:00:00.000Z');
    expect(planStageChange({ ...deal(), ...closed }, { closeDate: '2026-11-20' }, later).closedAt).toEqual(now);
    expect(planStageChange({ ...deal(), ...closed }, { stage: 'Closed Lost' }, later).closedAt).toEqual(later);
    expect(planStageChange({ ...deal(), ...closed }, { stage: 'Proposal' }, later).closedAt).toBeNull();
  });

  it('creating a closed deal sets closedAt', () => {
    expect(planStageChange(null, { stage: 'Closed Won' }, now).closedAt).toEqual(now);
  });
});

describe('push count', () => {
  it.each([
    { before: '2026-12-15', after: '2026-12-16', pushed: true },
    { before: '2026-12-15', after: '2027-01-01', pushed: true },
    { before: '2026-12-15', after: '2026-12-15', pushed: false },
    { before: '2026-12-15', after: '2026-12-01', pushed: false },
    { before: null, after: '2026-12-01', pushed: false },
    { before: '2026-12-15', after: null, pushed: false },
  ])('$before -> $after pushed: $pushed', ({ before, after, pushed }) => {
    expect(isCloseDatePush(before, after)).toBe(pushed);
    const plan = planStageChange(deal({ closeDate: before, pushCount: 2 }), { closeDate: after }, now);
    expect(plan).toMatchObject({ pushed, pushCount: pushed ? 3 : 2, closeDate: after });
  });

  it('an update that does not send the close date keeps it and does not push', () => {
    expect(planStageChange(deal({ pushCount: 1 }), { stage: 'Proposal' }, now)).toMatchObject({
      closeDate: '2026-12-15',
      pushCount: 1,
      pushed: false,
    });
  });

  it('create starts at zero', () => {
    expect(planStageChange(null, { closeDate: '2026-12-15' }, now).pushCount).toBe(0);
  });
});

describe('opportunityRuleErrors', () => {
  it.each([
    { stage: 'Closed Lost' as const, lossReason: null, errors: ['lossReason'] },
    { stage: 'Closed Lost' as const, lossReason: 'Price', errors: [] },
    { stage: 'Closed Won' as const, lossReason: null, errors: [] },
    { stage: 'Proposal' as const, lossReason: null, errors: [] },
  ])('$stage with lossReason $lossReason', ({ stage, lossReason, errors }) => {
    expect(Object.keys(opportunityRuleErrors({ stage, lossReason }))).toEqual(errors);
  });
});

import { describe, expect, it } from 'vitest';
import { planStageFields } from '../../../shared/stagePlan';
import { isCloseDatePast, openStages } from '../../../shared/stages';

describe('openStages', () => {
  it('is every stage but the two closed ones, in order', () => {
    expect(openStages).toEqual(['Prospecting', 'Discovery', 'Solution/Demo', 'PoC/Trial', 'Security Review', 'Proposal', 'Negotiation']);
  });
});

describe('isCloseDatePast', () => {
  it.each([
    [{ stage: 'Proposal' as const, closeDate: '2026-11-30' }, true],
    [{ stage: 'Proposal' as const, closeDate: '2026-12-01' }, false], // today is not past
    [{ stage: 'Proposal' as const, closeDate: null }, false],
    [{ stage: 'Closed Won' as const, closeDate: '2026-01-01' }, false],
  ])('%o -> %s', (deal, past) => {
    expect(isCloseDatePast(deal, '2026-12-01')).toBe(past);
  });
});

describe('planStageFields (what the board shows before the server answers)', () => {
  const deal = {
    stage: 'Discovery' as const,
    probability: 10,
    probabilityOverridden: false,
    forecastCategory: 'Pipeline' as const,
    forecastCategoryOverridden: false,
  };

  it('takes the new stage defaults when nothing was overridden', () => {
    expect(planStageFields(deal, { stage: 'Proposal' })).toEqual({
      stage: 'Proposal',
      probability: 70,
      probabilityOverridden: false,
      forecastCategory: 'Commit',
      forecastCategoryOverridden: false,
      stageChanged: true,
    });
  });

  it("keeps a rep's override across an open move and drops it on closing", () => {
    const overridden = { ...deal, probability: 35, probabilityOverridden: true };
    expect(planStageFields(overridden, { stage: 'Proposal' })).toMatchObject({ probability: 35, probabilityOverridden: true });
    expect(planStageFields(overridden, { stage: 'Closed Lost' })).toMatchObject({
      probability: 0,
      probabilityOverridden: false,
      forecastCategory: 'Omitted',
    });
  });
});

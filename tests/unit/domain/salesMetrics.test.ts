import { describe, expect, it } from 'vitest';
import { averageSalesCycleDays, laterStages, quotaAttainment, recurringRevenue, stageConversion } from '../../../server/domain/salesMetrics';

describe('stage conversion (the README example)', () => {
  it('10 deals entered Discovery, 4 later reached Solution/Demo or beyond -> 40%; none entered -> no rate', () => {
    expect(stageConversion([{ stage: 'Discovery', entered: 10, advanced: 4 }, { stage: 'Negotiation', entered: 0, advanced: 0 }])).toEqual([
      { stage: 'Discovery', entered: 10, advanced: 4, rate: 0.4 },
      { stage: 'Negotiation', entered: 0, advanced: 0, rate: null },
    ]);
  });

  it('counts a move to a later stage or a win as converting, never a loss', () => {
    expect(laterStages('Proposal')).toEqual(['Negotiation', 'Closed Won']);
    expect(laterStages('Negotiation')).toEqual(['Closed Won']);
    expect(laterStages('Prospecting')).not.toContain('Closed Lost');
  });
});

describe('average sales cycle (the README example)', () => {
  it('30 and 60 days from creation to the win -> 45 days; no won deals -> none', () => {
    const day = 86_400_000;
    expect(averageSalesCycleDays(30 * day + 60 * day, 2)).toBe(45);
    expect(averageSalesCycleDays(10 * day + 11 * day + 11 * day, 3)).toBe(10.7);
    expect(averageSalesCycleDays(0, 0)).toBeNull();
  });
});

describe('recurring revenue (the README example)', () => {
  it('120k and 60k won in the last twelve months -> ARR 180k, MRR 15k', () => {
    expect(recurringRevenue('180000')).toEqual({ arr: '180000.00', mrr: '15000.00' });
  });

  it('rounds MRR half up to the cent', () => {
    // 100.00 / 12 = 8.3333 -> 8.33; 100.06 / 12 = 8.338333 -> 8.34; 0.06 / 12 = 0.005 -> 0.01.
    expect(recurringRevenue('100').mrr).toBe('8.33');
    expect(recurringRevenue('100.06').mrr).toBe('8.34');
    expect(recurringRevenue('0.06').mrr).toBe('0.01');
  });
});

describe('quota attainment', () => {
  it('is closed won over quota, none without a quota', () => {
    expect(quotaAttainment('75000', '300000')).toBe(0.25);
    expect(quotaAttainment('75000', null)).toBeNull();
  });
});

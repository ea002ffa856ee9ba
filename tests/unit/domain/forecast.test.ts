import { describe, expect, it } from 'vitest';
import { coverage, forecastAccuracy, forecastTotals, slippageRate, winRate } from '../../../server/domain/forecast';

describe('forecastTotals', () => {
  it('calls Closed + Commit and adds Best Case for the upside, exactly in cents', () => {
    expect(forecastTotals({ closed: '100000.10', commit: '200000.20', bestCase: '150000', pipeline: '75000.5' })).toEqual({
      closed: '100000.10',
      commit: '200000.20',
      bestCase: '150000.00',
      pipeline: '75000.50',
      call: '300000.30',
      upside: '450000.30',
    });
  });
});

describe('winRate', () => {
  it('is won / (won + lost) by count and by value', () => {
    expect(winRate({ wonCount: 3, wonAmount: '300000', lostCount: 1, lostAmount: '100000' })).toEqual({ byCount: 0.75, byValue: 0.75 });
    expect(winRate({ wonCount: 1, wonAmount: '10000', lostCount: 3, lostAmount: '30000' })).toEqual({ byCount: 0.25, byValue: 0.25 });
    expect(winRate({ wonCount: 2, wonAmount: '90000', lostCount: 2, lostAmount: '10000' })).toEqual({ byCount: 0.5, byValue: 0.9 });
  });

  it('has no rate when nothing closed in the window', () => {
    expect(winRate({ wonCount: 0, wonAmount: '0', lostCount: 0, lostAmount: '0' })).toEqual({ byCount: null, byValue: null });
  });
});

describe('forecastAccuracy (the README example)', () => {
  it('snapshot call 300k, actual 250k -> 0.80', () => {
    expect(forecastAccuracy('300000', '250000')).toBeCloseTo(0.8, 10);
  });

  it('misses in either direction count alike and floor at 0', () => {
    expect(forecastAccuracy('200000', '250000')).toBeCloseTo(0.8, 10);
    expect(forecastAccuracy('600000', '250000')).toBe(0);
  });

  it('with nothing won: 1 when nothing was called, else 0', () => {
    expect(forecastAccuracy('0', '0')).toBe(1);
    expect(forecastAccuracy('10', '0')).toBe(0);
  });
});

describe('slippageRate (the README example)', () => {
  it('B (200k) slipped out of Commit + Best Case 450k -> 44%', () => {
    expect(slippageRate('200000', '450000')).toBeCloseTo(0.444444, 6);
  });

  it('has no rate when nothing was committed', () => {
    expect(slippageRate('0', '0')).toBeNull();
  });
});

describe('coverage', () => {
  it('is open pipeline / (quota - closed won)', () => {
    expect(coverage('300000', '200000', '50000')).toBe(2);
  });

  it('has no value without a quota or once the quota is met', () => {
    expect(coverage('300000', null, '0')).toBeNull();
    expect(coverage('300000', '100000', '100000')).toBeNull();
  });
});

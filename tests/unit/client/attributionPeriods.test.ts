// The Attribution page's period picker and how it writes a return.
import { describe, expect, it } from 'vitest';
import { formatReturn } from '../../../client/src/components/campaigns/campaignFormat';
import { attributionPeriod } from '../../../client/src/lib/attributionPeriods';

describe('attribution periods', () => {
  it('counts quarters from the fiscal year start and splits short ranges by month', () => {
    expect(attributionPeriod('this-quarter', '2026-12-07', 1)).toEqual({ from: '2026-10-01', to: '2026-12-31', bucket: 'month' });
    expect(attributionPeriod('last-quarter', '2026-12-07', 2)).toEqual({ from: '2026-08-01', to: '2026-10-31', bucket: 'month' });
    expect(attributionPeriod('last-4-quarters', '2026-12-07', 1)).toEqual({ from: '2026-01-01', to: '2026-12-31', bucket: 'quarter' });
    expect(attributionPeriod('last-12-months', '2026-12-07', 1)).toEqual({ from: '2026-01-01', to: '2026-12-31', bucket: 'month' });
    expect(attributionPeriod('last-12-months', '2026-03-15', 1)).toEqual({ from: '2025-04-01', to: '2026-03-31', bucket: 'month' });
  });

  it('writes a return as a signed percentage, none without a cost', () => {
    expect(formatReturn(11)).toBe('+1,100%');
    expect(formatReturn(-0.5)).toBe('−50%');
    expect(formatReturn(0)).toBe('0%');
    expect(formatReturn(null)).toBe('—');
  });
});

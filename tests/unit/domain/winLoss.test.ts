import { describe, expect, it } from 'vitest';
import { averageDealSize } from '../../../server/domain/winLoss';
import { outcomeOfStage, reasonsOf } from '../../../shared/winLoss';
import { winLossRecord } from '../../../shared/schemas/winLoss';

describe('averageDealSize', () => {
  it('is the mean to the cent, rounded half up', () => {
    expect(averageDealSize('300000', 3)).toBe('100000.00');
    expect(averageDealSize('100.00', 3)).toBe('33.33');
    expect(averageDealSize('0.05', 2)).toBe('0.03');
    expect(averageDealSize('0', 0)).toBeNull();
  });
});

describe('the win/loss taxonomy', () => {
  it('has reasons per outcome and an outcome per closed stage', () => {
    expect(reasonsOf('won')).toContain('Product fit');
    expect(reasonsOf('lost')).toContain('Went dark');
    expect(outcomeOfStage('Closed Won')).toBe('won');
    expect(outcomeOfStage('Closed Lost')).toBe('lost');
    expect(outcomeOfStage('Proposal')).toBeNull();
  });

  it('refuses a reason of the other outcome, naming the field', () => {
    const result = winLossRecord.safeParse({ opportunityId: 1, outcome: 'won', primaryReason: 'Price' });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]).toMatchObject({ path: ['primaryReason'], message: 'Choose one of the reasons a deal is won' });
    expect(winLossRecord.parse({ opportunityId: 1, outcome: 'lost', primaryReason: 'Price', competitor: '  ' })).toMatchObject({ competitor: null });
  });
});

import { describe, expect, it } from 'vitest';
import { averageDealSize } from '../../../server/domain/winLoss';
import { canEditWinLoss, outcomeOfStage, reasonsOf } from '../../../shared/winLoss';
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

describe('canEditWinLoss', () => {
  const owner = { id: 'rep', managerId: 'mona' };
  it('lets the owner, their manager, admins and the system edit, and no one else', () => {
    expect(canEditWinLoss({ id: 'rep', role: 'rep' }, owner)).toBe(true);
    expect(canEditWinLoss({ id: 'mona', role: 'manager' }, owner)).toBe(true);
    expect(canEditWinLoss({ id: 'ada', role: 'admin' }, owner)).toBe(true);
    expect(canEditWinLoss({ id: null, role: 'system' }, owner)).toBe(true);
    expect(canEditWinLoss({ id: 'max', role: 'manager' }, owner)).toBe(false);
    expect(canEditWinLoss({ id: 'other', role: 'rep' }, owner)).toBe(false);
    expect(canEditWinLoss({ id: 'cleo', role: 'csm' }, owner)).toBe(false);
    // A rep in no team: only the owner and admins.
    expect(canEditWinLoss({ id: 'mona', role: 'manager' }, { id: 'rep', managerId: null })).toBe(false);
  });
});

describe('winLossRecord: one message for an empty reason', () => {
  it('says to choose it, not also that it is outside the taxonomy', () => {
    const r = winLossRecord.safeParse({ opportunityId: 1, outcome: 'won', primaryReason: '' });
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.message)).toEqual(['Choose the primary reason']);
  });
});

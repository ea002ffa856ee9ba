import { describe, expect, it } from 'vitest';
import { atRiskReasons } from '../../../server/domain/atRisk';

const now = new Date('2026-12-02T12:00:00.000Z');
const today = '2026-12-02';
const daysAgo = (n: number) => new Date(now.getTime() - n * 86_400_000);
const deal = { stage: 'Proposal' as const, closeDate: '2026-12-20', lastActivityAt: daysAgo(3), createdAt: daysAgo(60) };

describe('atRiskReasons', () => {
  it('flags an open deal idle for more than 14 days', () => {
    expect(atRiskReasons({ ...deal, lastActivityAt: daysAgo(15) }, now, today)).toEqual(['no_activity_14d']);
    expect(atRiskReasons({ ...deal, lastActivityAt: daysAgo(13) }, now, today)).toEqual([]);
  });

  it('counts idleness from creation for a deal never touched', () => {
    expect(atRiskReasons({ ...deal, lastActivityAt: null, createdAt: daysAgo(20) }, now, today)).toEqual(['no_activity_14d']);
    expect(atRiskReasons({ ...deal, lastActivityAt: null, createdAt: daysAgo(2) }, now, today)).toEqual([]);
  });

  it('flags a close date before today, and both when both hold', () => {
    expect(atRiskReasons({ ...deal, closeDate: '2026-12-01' }, now, today)).toEqual(['close_date_past']);
    expect(atRiskReasons({ ...deal, closeDate: today }, now, today)).toEqual([]);
    expect(atRiskReasons({ ...deal, closeDate: '2026-11-01', lastActivityAt: daysAgo(40) }, now, today)).toEqual(['no_activity_14d', 'close_date_past']);
  });

  it('never flags a closed deal', () => {
    expect(atRiskReasons({ ...deal, stage: 'Closed Won', closeDate: '2026-11-01', lastActivityAt: daysAgo(40) }, now, today)).toEqual([]);
  });
});

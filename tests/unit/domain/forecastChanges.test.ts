import { describe, expect, it } from 'vitest';
import { accuracyBasis, type DealState, forecastChanges } from '../../../server/domain/forecastChanges';

const q4 = { start: '2026-10-01', end: '2026-12-31' };
const deal: DealState = { stage: 'Proposal', amount: '100000', forecastCategory: 'Commit', closeDate: '2026-11-15' };

describe('forecastChanges', () => {
  it('is empty when nothing the forecast shows changed', () => {
    expect(forecastChanges(deal, { ...deal, stage: 'Negotiation' }, q4)).toEqual([]);
    expect(forecastChanges(deal, { ...deal, amount: '100000.00' }, q4)).toEqual([]);
  });

  it('names deals added to and removed from the period', () => {
    expect(forecastChanges(null, deal, q4)).toEqual(['added']);
    expect(forecastChanges(deal, null, q4)).toEqual(['removed']);
    expect(forecastChanges(deal, { ...deal, stage: 'Closed Lost', forecastCategory: 'Omitted' }, q4)).toEqual(['lost']);
  });

  it('pushed out of the period, or pulled in from a later one', () => {
    expect(forecastChanges(deal, { ...deal, closeDate: '2027-01-20' }, q4)).toEqual(['pushed']);
    expect(forecastChanges({ ...deal, closeDate: '2027-02-01' }, deal, q4)).toEqual(['pulled']);
    expect(forecastChanges(deal, { ...deal, closeDate: '2026-09-30' }, q4)).toEqual(['pulled']);
  });

  it('moves within the period, amount and category changes, and wins', () => {
    expect(forecastChanges(deal, { ...deal, closeDate: '2026-12-15', amount: '120000' }, q4)).toEqual(['pushed', 'amount']);
    expect(forecastChanges(deal, { ...deal, closeDate: '2026-10-15' }, q4)).toEqual(['pulled']);
    expect(forecastChanges(deal, { ...deal, forecastCategory: 'Best Case' }, q4)).toEqual(['category']);
    expect(forecastChanges(deal, { ...deal, stage: 'Closed Won', forecastCategory: 'Closed' }, q4)).toEqual(['won']);
  });

  it('ignores deals in neither', () => {
    expect(forecastChanges({ ...deal, closeDate: '2027-03-01' }, { ...deal, closeDate: '2027-03-05' }, q4)).toEqual([]);
  });
});

describe('accuracyBasis', () => {
  it('prefers the last snapshot before the period, else the first one in it', () => {
    const before = { snapshotDate: '2026-09-25' };
    const during = { snapshotDate: '2026-10-02' };
    expect(accuracyBasis(before, during)).toEqual({ snapshot: before, basis: 'before' });
    expect(accuracyBasis(null, during)).toEqual({ snapshot: during, basis: 'during' });
    expect(accuracyBasis(null, null)).toBeNull();
  });
});

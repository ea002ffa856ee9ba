import { describe, expect, it } from 'vitest';
import { stagePath, stagesJumped } from '../../../shared/stagePath';

describe('stagePath', () => {
  it('shows the stages a jump from Discovery to Proposal went over as skipped, the ones it went through as passed', () => {
    const path = stagePath('Proposal', [
      { fromStage: null, toStage: 'Prospecting' },
      { fromStage: 'Prospecting', toStage: 'Discovery' },
      { fromStage: 'Discovery', toStage: 'Proposal' },
    ]);
    expect(path).toEqual({
      Prospecting: 'passed',
      Discovery: 'passed',
      'Solution/Demo': 'skipped',
      'PoC/Trial': 'skipped',
      'Security Review': 'skipped',
      Proposal: 'current',
      Negotiation: 'future',
      'Closed Won': 'future',
      'Closed Lost': 'future',
    });
  });

  it('counts a stage the deal was in before or after a jump as passed', () => {
    const path = stagePath('Negotiation', [
      { fromStage: null, toStage: 'Discovery' },
      { fromStage: 'Discovery', toStage: 'PoC/Trial' },
      { fromStage: 'PoC/Trial', toStage: 'Solution/Demo' },
      { fromStage: 'Solution/Demo', toStage: 'Negotiation' },
    ]);
    expect(path['Solution/Demo']).toBe('passed');
    expect(path['PoC/Trial']).toBe('passed');
    expect(path['Security Review']).toBe('skipped');
    expect(path.Proposal).toBe('skipped');
  });

  it('takes the stages before the one a deal was created in as passed (it entered the CRM there)', () => {
    const path = stagePath('Proposal', [{ fromStage: null, toStage: 'Security Review' }, { fromStage: 'Security Review', toStage: 'Proposal' }]);
    expect(path.Prospecting).toBe('passed');
    expect(path['Security Review']).toBe('passed');
    expect(path.Negotiation).toBe('future');
  });

  it('shows a stage visited before a move back as future while the deal is behind it', () => {
    const path = stagePath('Discovery', [
      { fromStage: null, toStage: 'Discovery' },
      { fromStage: 'Discovery', toStage: 'Proposal' },
      { fromStage: 'Proposal', toStage: 'Discovery' },
    ]);
    expect(path.Proposal).toBe('future');
    expect(path['Solution/Demo']).toBe('future');
    expect(path.Prospecting).toBe('passed');
  });

  it('a won deal passed every open stage except the ones it jumped', () => {
    const path = stagePath('Closed Won', [
      { fromStage: null, toStage: 'Prospecting' },
      { fromStage: 'Prospecting', toStage: 'Proposal' },
      { fromStage: 'Proposal', toStage: 'Closed Won' },
    ]);
    expect(path.Discovery).toBe('skipped');
    expect(path.Proposal).toBe('passed');
    expect(path.Negotiation).toBe('skipped');
    expect(path['Closed Won']).toBe('current');
    expect(path['Closed Lost']).toBe('future');
  });

  it('a lost deal passed the stages up to the furthest it reached; a move into Closed Lost jumps nothing', () => {
    const path = stagePath('Closed Lost', [
      { fromStage: null, toStage: 'Discovery' },
      { fromStage: 'Discovery', toStage: 'Closed Lost' },
    ]);
    expect(path.Prospecting).toBe('passed');
    expect(path.Discovery).toBe('passed');
    expect(path['Solution/Demo']).toBe('future');
    expect(path['Closed Won']).toBe('future');
    expect(path['Closed Lost']).toBe('current');
  });

  it('with no history, the stages before the current one are passed', () => {
    expect(stagePath('PoC/Trial', []).Discovery).toBe('passed');
  });
});

describe('stagesJumped', () => {
  it('is the open stages strictly between the two', () => {
    expect(stagesJumped('Discovery', 'PoC/Trial')).toEqual(['Solution/Demo']);
    expect(stagesJumped('Discovery', 'Solution/Demo')).toEqual([]);
    expect(stagesJumped('Proposal', 'Discovery')).toEqual([]);
    expect(stagesJumped('Negotiation', 'Closed Lost')).toEqual([]);
    expect(stagesJumped('Proposal', 'Closed Won')).toEqual(['Negotiation']);
  });
});

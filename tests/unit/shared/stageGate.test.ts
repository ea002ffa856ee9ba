import { describe, expect, it } from 'vitest';
import { stageGate } from '../../../shared/stageGate';

const empty = { identifiedPain: null, decisionCriteria: '', economicBuyerContactId: null, paperProcess: '  ' };

describe('stageGate', () => {
  it('a move two stages forward asks for the fields expected at the stages it reaches, without a confirmation', () => {
    expect(stageGate('Discovery', 'PoC/Trial', empty)).toEqual({
      missing: ['identifiedPain', 'decisionCriteria'],
      jumped: ['Solution/Demo'],
      steps: 2,
      confirmJump: false,
      asks: true,
    });
  });

  it('asks only for the fields that are empty', () => {
    expect(stageGate('Discovery', 'PoC/Trial', { ...empty, identifiedPain: 'Manual reconciliation' }).missing).toEqual(['decisionCriteria']);
    expect(stageGate('Security Review', 'Negotiation', { ...empty, economicBuyerContactId: 12 }).missing).toEqual(['paperProcess']);
  });

  it('does not ask again for a field of a stage the deal is already past', () => {
    expect(stageGate('Solution/Demo', 'Security Review', empty).missing).toEqual(['decisionCriteria']);
  });

  it('a jump of more than two stages asks for confirmation even with every field filled', () => {
    const gate = stageGate('Prospecting', 'Security Review', { identifiedPain: 'x', decisionCriteria: 'y' });
    expect(gate).toMatchObject({ missing: [], steps: 4, confirmJump: true, asks: true });
  });

  it('a one-stage move with nothing expected passes', () => {
    expect(stageGate('Prospecting', 'Discovery', empty).asks).toBe(false);
  });

  it('moving back, closing the deal or moving a closed deal never asks', () => {
    expect(stageGate('Negotiation', 'Discovery', empty).asks).toBe(false);
    expect(stageGate('Discovery', 'Closed Won', empty).asks).toBe(false);
    expect(stageGate('Discovery', 'Closed Lost', empty).asks).toBe(false);
    expect(stageGate('Closed Lost', 'Proposal', empty).asks).toBe(false);
  });
});

// Custom rule conditions over plain deal facts: each operator on a record that holds and one just outside.
import { describe, expect, it } from 'vitest';
import { type CustomCondition, conditionHolds, customEffectiveRule } from '../../../../server/domain/hygiene/customRules';
import { evaluate, evaluationContext } from '../../../../server/domain/hygiene/evaluate';
import { ago, deal, factsOf, NOW, stats } from './fixtures';

const ctx = evaluationContext(stats(), NOW);
const holds = (c: Omit<CustomCondition, 'value'> & { value?: CustomCondition['value'] }, overrides: Parameters<typeof deal>[0] = {}) =>
  conditionHolds({ value: null, ...c }, deal(overrides), ctx);

describe('custom rule conditions', () => {
  it('text: empty, not empty, contains (case-insensitive)', () => {
    expect(holds({ field: 'nextStep', operator: 'is_empty' }, { nextStep: '  ' })).toBe(true);
    expect(holds({ field: 'nextStep', operator: 'is_empty' })).toBe(false);
    expect(holds({ field: 'paperProcess', operator: 'contains', value: 'docusign' })).toBe(true);
    expect(holds({ field: 'paperProcess', operator: 'contains', value: 'wet ink' })).toBe(false);
  });

  it('amount in currency units: greater than is strict; 0 counts as empty', () => {
    expect(holds({ field: 'amount', operator: 'greater_than', value: 49_999 })).toBe(true);
    expect(holds({ field: 'amount', operator: 'greater_than', value: 50_000 })).toBe(false);
    expect(holds({ field: 'amount', operator: 'is_empty' }, { amountCents: 0 })).toBe(true);
    expect(holds({ field: 'amount', operator: 'less_than', value: 10 }, { amountCents: null })).toBe(false);
  });

  it('dates: in the past is before today; within the next N days includes the Nth', () => {
    expect(holds({ field: 'closeDate', operator: 'is_past' }, { closeDate: '2026-11-17' })).toBe(true);
    expect(holds({ field: 'closeDate', operator: 'is_past' }, { closeDate: '2026-11-18' })).toBe(false);
    expect(holds({ field: 'closeDate', operator: 'within_next_days', value: 2 }, { closeDate: '2026-11-20' })).toBe(true);
    expect(holds({ field: 'closeDate', operator: 'within_next_days', value: 2 }, { closeDate: '2026-11-21' })).toBe(false);
  });

  it('moments: more than N days ago counts from creation when there never was one', () => {
    expect(holds({ field: 'lastMeetingAt', operator: 'older_than_days', value: 10 }, { lastMeetingAt: ago(11) })).toBe(true);
    expect(holds({ field: 'lastMeetingAt', operator: 'older_than_days', value: 10 }, { lastMeetingAt: ago(9) })).toBe(false);
    expect(holds({ field: 'lastMeetingAt', operator: 'older_than_days', value: 10 }, { lastMeetingAt: null, createdAt: ago(5) })).toBe(false);
    expect(holds({ field: 'lastMeetingAt', operator: 'within_last_days', value: 10 }, { lastMeetingAt: null })).toBe(false);
  });

  it("probability against the stage default, references and choices", () => {
    // Negotiation's default is 85.
    expect(holds({ field: 'probability', operator: 'differs_from_stage_default_by', value: 5 }, { probability: 95 })).toBe(true);
    expect(holds({ field: 'probability', operator: 'differs_from_stage_default_by', value: 10 }, { probability: 95 })).toBe(false);
    expect(holds({ field: 'champion', operator: 'is_empty' }, { championContactId: null })).toBe(true);
    expect(holds({ field: 'economicBuyer', operator: 'is_not_empty' })).toBe(true);
    expect(holds({ field: 'forecastCategory', operator: 'is', value: 'Commit' })).toBe(true);
    expect(holds({ field: 'forecastCategory', operator: 'is_not', value: 'Commit' })).toBe(false);
  });

  it('a rule holds when every condition does, in its stages only, with its message filled in', () => {
    const rule = customEffectiveRule({
      id: 7,
      name: 'Late and big',
      category: 'forecasting',
      severity: 'critical',
      stages: ['Negotiation'],
      conditions: [
        { field: 'amount', operator: 'greater_than', value: 10_000 },
        { field: 'closeDate', operator: 'is_past', value: null },
      ],
      message: '{name} is late',
      remediation: 'Move the date',
      enabled: true,
    });
    const late = deal({ id: 1, closeDate: '2026-11-01' });
    const small = deal({ id: 2, closeDate: '2026-11-01', amountCents: 100_000 });
    const elsewhere = deal({ id: 3, closeDate: '2026-11-01', stage: 'Proposal' });
    const found = evaluate(factsOf({ opportunities: [late, small, elsewhere] }), [rule], NOW);
    expect(found).toEqual([expect.objectContaining({ ruleId: 'custom_7', recordId: 1, severity: 'critical', message: 'Acme – Platform is late' })]);
  });
});

// Health scores against the worked examples in server/domain/README.md ("Health scores").
import { describe, expect, it } from 'vitest';
import { dealHealth, pipelineHealth } from '../../../../server/domain/hygiene/health';
import { healthLabel } from '../../../../shared/scoreBands';

describe('deal health', () => {
  it('example: close date past (critical), no next step (warning), amount outlier (info) -> 62, At risk', () => {
    const score = dealHealth([
      { ruleId: 'close_date_past', severity: 'critical' },
      { ruleId: 'no_next_step', severity: 'warning' },
      { ruleId: 'amount_outlier', severity: 'info' },
    ]);
    expect(score).toBe(62);
    expect(healthLabel(score)).toBe('At risk');
  });

  it('no open results -> 100, Healthy; five criticals -> 0 (never negative), Critical', () => {
    expect(dealHealth([])).toBe(100);
    const five = ['a', 'b', 'c', 'd', 'e'].map((ruleId) => ({ ruleId, severity: 'critical' as const }));
    expect(dealHealth(five)).toBe(0);
    expect(dealHealth([...five, { ruleId: 'f', severity: 'warning' }])).toBe(0);
    expect(healthLabel(0)).toBe('Critical');
  });

  it('one rule counts once', () => {
    expect(dealHealth([{ ruleId: 'x', severity: 'warning' }, { ruleId: 'x', severity: 'warning' }])).toBe(90);
  });

  it('labels at the band edges: 80 Healthy, 79 and 50 At risk, 49 Critical', () => {
    expect([80, 79, 50, 49].map(healthLabel)).toEqual(['Healthy', 'At risk', 'At risk', 'Critical']);
  });
});

describe('pipeline health', () => {
  it('example: 100k deal at 62 and 300k deal at 100 -> (62×100 + 100×300) / 400 = 90.5 -> 91, Healthy', () => {
    expect(pipelineHealth([{ health: 62, amountCents: 10_000_000 }, { health: 100, amountCents: 30_000_000 }])).toBe(91);
  });

  it('no open deals -> not shown (null), not 100', () => {
    expect(pipelineHealth([])).toBeNull();
  });

  it('deals without an amount weigh nothing, unless none has one', () => {
    expect(pipelineHealth([{ health: 0, amountCents: null }, { health: 80, amountCents: 500 }])).toBe(80);
    expect(pipelineHealth([{ health: 40, amountCents: null }, { health: 80, amountCents: 0 }])).toBe(60);
  });
});

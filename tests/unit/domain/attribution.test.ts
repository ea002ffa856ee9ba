// The three attribution models against worked examples (server/domain/README.md, "Attribution").
import { describe, expect, it } from 'vitest';
import { attribute, campaignReturn, creditDeal, type Touch, type WonDeal } from '../../../server/domain/attribution';

const at = (day: string) => new Date(`${day}T12:00:00.000Z`);
const source = (day: string, name = 'Website form'): Touch => ({ kind: 'source', key: name, label: name, at: at(day) });
const campaign = (day: string, id = '1', name = 'Winter webinar'): Touch => ({ kind: 'campaign', key: id, label: name, at: at(day) });
const playbook = (day: string, id = '7', name = 'Proposal checklist'): Touch => ({ kind: 'playbook', key: id, label: name, at: at(day) });

// Worked example: a $10,000 deal closed on 30 November. Its lead came from the website form on 1 October, joined
// the Winter webinar campaign on 10 October, and the deal entered the Proposal checklist playbook on 25 November.
const deal: WonDeal = {
  id: 1,
  amountCents: 1_000_000n,
  closedAt: at('2026-11-30'),
  touches: [playbook('2026-11-25'), source('2026-10-01'), campaign('2026-10-10')],
};
const credited = (d: WonDeal, model: 'first' | 'last' | 'linear', windowDays = 7) =>
  creditDeal(d, model, windowDays).map((c) => [c.kind, c.label, Number(c.cents) / 100]);

describe('attribution models', () => {
  it('first touch gives the whole deal to the earliest touch', () => {
    expect(credited(deal, 'first')).toEqual([['source', 'Website form', 10_000]]);
  });

  it('last touch gives the whole deal to the latest touch within the window before the close', () => {
    expect(credited(deal, 'last')).toEqual([['playbook', 'Proposal checklist', 10_000]]);
    // With a 3-day window the playbook (5 days before) is outside and nothing else is closer: Unattributed.
    expect(credited(deal, 'last', 3)).toEqual([['unattributed', 'Unattributed', 10_000]]);
    // A wider window still picks the latest, not the earliest.
    expect(credited(deal, 'last', 90)).toEqual([['playbook', 'Proposal checklist', 10_000]]);
  });

  it('last touch counts a touch exactly 7 days before the close, and not one a minute earlier', () => {
    const edge: WonDeal = { id: 2, amountCents: 500_00n, closedAt: at('2026-11-30'), touches: [campaign('2026-11-23')] };
    expect(credited(edge, 'last')).toEqual([['campaign', 'Winter webinar', 500]]);
    const early = { ...edge, touches: [{ ...campaign('2026-11-23'), at: new Date(at('2026-11-23').getTime() - 60_000) }] };
    expect(credited(early, 'last')).toEqual([['unattributed', 'Unattributed', 500]]);
  });

  it('linear splits equally over distinct touchpoints, the odd cents to the earliest', () => {
    expect(credited(deal, 'linear')).toEqual([
      ['source', 'Website form', 3333.34],
      ['campaign', 'Winter webinar', 3333.33],
      ['playbook', 'Proposal checklist', 3333.33],
    ]);
    // The same campaign reached through the lead and a contact counts once.
    const twice = { ...deal, touches: [...deal.touches, campaign('2026-11-01')] };
    expect(credited(twice, 'linear').map((c) => c[2])).toEqual([3333.34, 3333.33, 3333.33]);
  });

  it('ignores touches after the close, and a deal with none is Unattributed under every model', () => {
    const late: WonDeal = { id: 3, amountCents: 200_00n, closedAt: at('2026-11-30'), touches: [campaign('2026-12-05')] };
    for (const model of ['first', 'last', 'linear'] as const) expect(credited(late, model)).toEqual([['unattributed', 'Unattributed', 200]]);
  });

  it('breaks a tie at the same moment: source before campaign before playbook', () => {
    const same: WonDeal = { id: 4, amountCents: 100_00n, closedAt: at('2026-11-30'), touches: [campaign('2026-11-29'), source('2026-11-29')] };
    expect(credited(same, 'first')[0]![0]).toBe('source');
    expect(credited(same, 'last')[0]![0]).toBe('campaign');
  });

  it('sums deals per touchpoint and per period; every deal counts once in the total', () => {
    const other: WonDeal = { id: 5, amountCents: 2_000_00n, closedAt: at('2026-12-02'), touches: [campaign('2026-11-28')] };
    const result = attribute([deal, other], 'first', 7, (d) => d.toISOString().slice(0, 7));
    expect(result.totalCents).toBe(1_200_000n);
    expect(result.totals.map((t) => [t.label, Number(t.cents) / 100, t.deals])).toEqual([
      ['Website form', 10_000, 1],
      ['Winter webinar', 2_000, 1],
    ]);
    expect(result.periods.map((p) => [p.period, Number(p.totalCents) / 100, Number(p.byKind.campaign) / 100])).toEqual([
      ['2026-11', 10_000, 0],
      ['2026-12', 2_000, 2_000],
    ]);
    const linear = attribute([deal, other], 'linear', 7, () => 'all');
    expect(linear.totals.reduce((s, t) => s + t.cents, 0n)).toBe(linear.totalCents);
    expect(linear.totals.find((t) => t.label === 'Winter webinar')).toMatchObject({ cents: 533_333n, deals: 2 });
  });

  it("a campaign's return is won revenue less cost over cost, none when it cost nothing", () => {
    expect(campaignReturn(5_000_00n, 1_000_00n)).toBe(4);
    expect(campaignReturn(500_00n, 1_000_00n)).toBe(-0.5);
    expect(campaignReturn(500_00n, 0n)).toBeNull();
  });
});

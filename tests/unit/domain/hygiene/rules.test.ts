// One test per shipped rule: a record that triggers it, records just inside each threshold that do not, and
// (for deal rules with a stage filter) the same triggering record in a stage the rule does not cover.
import { describe, expect, it } from 'vitest';
import { catalogue, ruleIds } from '../../../../server/domain/hygiene/catalogue';
import type { AccountFacts, CaseFacts, ContactFacts, Facts, OpportunityFacts, ProjectFacts } from '../../../../server/domain/hygiene/facts';
import { addBusinessDays, checkedRuleIds, daysSince, defaultRules, evaluate } from '../../../../server/domain/hygiene/evaluate';
import type { Stage } from '../../../../shared/stages';
import { account, ago, contact, deal, factsOf, NOW, project, stats, supportCase } from './fixtures';

type Case =
  | { kind: 'opportunity'; trigger: Partial<OpportunityFacts>; inside: Partial<OpportunityFacts>[]; otherStage?: Stage; facts?: Partial<Facts> }
  | { kind: 'account'; trigger: Partial<AccountFacts>; inside: Partial<AccountFacts>[] }
  | { kind: 'contact'; trigger: Partial<ContactFacts>; inside: Partial<ContactFacts>[] }
  | { kind: 'project'; trigger: Partial<ProjectFacts>; inside: Partial<ProjectFacts>[] }
  | { kind: 'case'; trigger: Partial<CaseFacts>; inside: Partial<CaseFacts>[] };

const opp = (trigger: Partial<OpportunityFacts>, inside: Partial<OpportunityFacts>[], otherStage?: Stage, facts?: Partial<Facts>): Case => ({ kind: 'opportunity', trigger, inside, otherStage, facts });
const hours = (h: number) => new Date(NOW.getTime() + h * 3_600_000);
// An inbound email on Monday 09:00 is unanswered after Wednesday 09:00 (two business days).
const monday9 = new Date('2026-11-16T09:00:00.000Z');

const cases: Record<string, Case> = {
  missing_amount: opp({ stage: 'Solution/Demo', amountCents: null }, [{ stage: 'Solution/Demo', amountCents: 1 }], 'Discovery'),
  missing_close_date: opp({ closeDate: null }, [{ closeDate: '2026-12-01' }], 'Closed Won'),
  missing_contact: opp({ contactCount: 0 }, [{ contactCount: 1 }], 'Closed Lost'),
  account_missing_industry: { kind: 'account', trigger: { industry: null }, inside: [{ industry: 'Retail' }] },
  contact_missing_email: { kind: 'contact', trigger: { email: null, phone: null }, inside: [{ email: null, phone: '+1 555 0100' }, { email: 'a@b.example', phone: null }] },
  duplicate_account_domain: { kind: 'account', trigger: { domainCount: 2 }, inside: [{ domainCount: 1 }, { domain: null, domainCount: 0 }] },
  duplicate_contact_email: { kind: 'contact', trigger: { emailCount: 2 }, inside: [{ emailCount: 1 }] },
  // Median 50,000.00: 5× is 250,000.00; exactly that is not above it.
  amount_outlier: opp({ amountCents: 25_000_001 }, [{ amountCents: 25_000_000 }], 'Closed Won'),
  missing_owner: opp({ ownerActive: false }, [{ ownerActive: true }]),
  close_date_past: opp({ closeDate: '2026-11-17' }, [{ closeDate: '2026-11-18' }], 'Closed Won'),
  no_next_step: opp({ stage: 'Discovery', nextStep: '  ' }, [{ stage: 'Discovery', nextStep: 'Call' }], 'Prospecting'),
  next_step_overdue: opp({ nextStepDate: '2026-11-17' }, [{ nextStepDate: '2026-11-18' }], 'Closed Lost'),
  no_activity_14d: opp({ lastActivityAt: ago(14) }, [{ lastActivityAt: ago(13) }, { lastActivityAt: null, createdAt: ago(13) }], 'Closed Won'),
  no_activity_30d: opp({ lastActivityAt: ago(30) }, [{ lastActivityAt: ago(29) }], 'Closed Won'),
  // No history: the fallback of 21 days applies.
  stale_in_stage: opp({ stageEnteredAt: ago(22) }, [{ stageEnteredAt: ago(21) }], 'Closed Won'),
  created_and_idle: opp({ stage: 'Prospecting', everAdvanced: false, createdAt: ago(30) }, [{ stage: 'Prospecting', everAdvanced: false, createdAt: ago(29) }, { stage: 'Prospecting', everAdvanced: true, createdAt: ago(90) }], 'Discovery'),
  overdue_tasks: opp({ overdueTasks: 1 }, [{ overdueTasks: 0 }], 'Closed Won'),
  probability_stage_mismatch: opp({ probability: 59 }, [{ probability: 60 }, { probability: 100 }], 'Closed Won'),
  commit_without_economic_buyer: opp({ economicBuyerContactId: null }, [{ forecastCategory: 'Best Case', economicBuyerContactId: null }], 'Closed Won'),
  close_date_pushed_twice: opp({ pushCount: 2 }, [{ pushCount: 1 }], 'Closed Lost'),
  close_date_pushed_thrice: opp({ pushCount: 3 }, [{ pushCount: 2 }], 'Closed Lost'),
  closing_this_month_early_stage: opp({ stage: 'Solution/Demo', closeDate: '2026-11-30' }, [{ stage: 'Solution/Demo', closeDate: '2026-12-01' }], 'PoC/Trial'),
  // 3× the median of 50,000.00, closing within 30 days (by 2026-12-18).
  large_deal_low_stage_near_close: opp(
    { stage: 'PoC/Trial', amountCents: 15_000_000, closeDate: '2026-12-18' },
    [{ stage: 'PoC/Trial', amountCents: 14_999_999, closeDate: '2026-12-18' }, { stage: 'PoC/Trial', amountCents: 15_000_000, closeDate: '2026-12-19' }],
    'Security Review',
  ),
  closed_won_missing_line_items: opp({ stage: 'Closed Won', lineItemCount: 0 }, [{ stage: 'Closed Won', lineItemCount: 1 }], 'Negotiation'),
  category_override_commit_early: opp({ stage: 'Security Review', forecastCategory: 'Commit' }, [{ stage: 'Security Review', forecastCategory: 'Best Case' }], 'Proposal'),
  stage_skipped: opp({ maxForwardJump: 3 }, [{ maxForwardJump: 2 }]),
  backwards_move: opp({ lastBackwardMoveAt: ago(13) }, [{ lastBackwardMoveAt: ago(14) }], 'Closed Won'),
  no_identified_pain: opp({ stage: 'Solution/Demo', identifiedPain: null }, [{ stage: 'Solution/Demo', identifiedPain: 'Churn' }], 'Discovery'),
  no_decision_criteria: opp({ stage: 'PoC/Trial', decisionCriteria: '' }, [{ stage: 'PoC/Trial', decisionCriteria: 'Price' }], 'Solution/Demo'),
  no_economic_buyer_late: opp({ stage: 'Proposal', economicBuyerContactId: null }, [{ stage: 'Proposal', economicBuyerContactId: 7 }], 'Security Review'),
  no_champion: opp({ stage: 'PoC/Trial', championContactId: null, championLastActivityAt: null }, [{ stage: 'PoC/Trial', championContactId: 7 }], 'Solution/Demo'),
  no_paper_process: opp({ paperProcess: null }, [{ paperProcess: 'DocuSign' }], 'Proposal'),
  no_decision_process: opp({ stage: 'Proposal', decisionProcess: null }, [{ stage: 'Proposal', decisionProcess: 'Board' }], 'Security Review'),
  closed_lost_no_reason: opp({ stage: 'Closed Lost', lossReason: null }, [{ stage: 'Closed Lost', lossReason: 'Price' }], 'Negotiation'),
  single_threaded: opp({ stage: 'PoC/Trial', contactLastActivity: [ago(1), ago(30)] }, [{ stage: 'PoC/Trial', contactLastActivity: [ago(1), ago(29)] }], 'Solution/Demo'),
  no_meeting_30d: opp({ stage: 'Discovery', lastMeetingAt: ago(30) }, [{ stage: 'Discovery', lastMeetingAt: ago(29) }, { stage: 'Discovery', lastMeetingAt: null, createdAt: ago(29) }], 'Prospecting'),
  only_outbound_21d: opp({ lastOutboundEmailAt: ago(3), lastInboundEmailAt: ago(21) }, [{ lastOutboundEmailAt: ago(3), lastInboundEmailAt: ago(20) }, { lastOutboundEmailAt: ago(21), lastInboundEmailAt: null }], 'Closed Won'),
  champion_silent: opp({ championLastActivityAt: ago(21) }, [{ championLastActivityAt: ago(20) }, { championContactId: null, championLastActivityAt: null }], 'Closed Won'),
  account_no_activity_60d: { kind: 'account', trigger: { lastActivityAt: ago(60) }, inside: [{ lastActivityAt: ago(59) }, { lastActivityAt: ago(200), hasWonDeal: false }] },
  unanswered_inbound_2d: opp(
    { lastInboundEmailAt: new Date(monday9.getTime() - 60_000), lastOutboundEmailAt: ago(10) },
    [{ lastInboundEmailAt: new Date(monday9.getTime() + 3 * 3_600_000), lastOutboundEmailAt: ago(10) }, { lastInboundEmailAt: ago(10), lastOutboundEmailAt: ago(9) }],
  ),
  discount_over_limit: opp({ maxDiscountPercent: 20.01 }, [{ maxDiscountPercent: 20 }, { maxDiscountPercent: 40, discountApproved: true }], 'Closed Won'),
  security_review_missing: opp(
    { stage: 'Proposal', everInSecurityReview: false, amountCents: 10_000_000 },
    [{ stage: 'Proposal', everInSecurityReview: false, amountCents: 9_999_999 }, { stage: 'Proposal', everInSecurityReview: true, accountSecurityPosture: 'strict' }],
    'Security Review',
  ),
  project_overdue_milestone: { kind: 'project', trigger: { overdueMilestones: 2 }, inside: [{ overdueMilestones: 0 }] },
  // 100 expected: 49 active is under half, 50 is not; a project started 30 days ago is not judged yet.
  project_adoption_low: { kind: 'project', trigger: { activeUsers: 49 }, inside: [{ activeUsers: 50 }, { activeUsers: 10, startDate: '2026-10-20' }, { activeUsers: 10, status: 'On Hold' }] },
  case_sla_breached: { kind: 'case', trigger: { slaDueAt: hours(-0.01) }, inside: [{ slaDueAt: hours(0) }, { slaDueAt: hours(-5), status: 'Closed' }] },
  // Opened 10 hours ago, due in 2 hours: 2/12 = 16.7% left (< 20%); due in 2.5 hours: 2.5/12.5 = 20% (not less).
  case_sla_at_risk: { kind: 'case', trigger: { createdAt: hours(-10), slaDueAt: hours(2) }, inside: [{ createdAt: hours(-10), slaDueAt: hours(2.5) }, { createdAt: hours(-10), slaDueAt: hours(-1) }] },
};

function factsFor(c: Case, overrides: Record<string, unknown>): Facts {
  switch (c.kind) {
    case 'opportunity':
      return { ...factsOf({ opportunities: [deal(overrides)] }), ...c.facts };
    case 'account':
      return factsOf({ accounts: [account(overrides)] });
    case 'contact':
      return factsOf({ contacts: [contact(overrides)] });
    case 'project':
      return factsOf({ projects: [project(overrides)] });
    case 'case':
      return factsOf({ cases: [supportCase(overrides)] });
  }
}

const holds = (ruleId: string, facts: Facts) => evaluate(facts, defaultRules(), NOW).some((f) => f.ruleId === ruleId);

describe('day counts', () => {
  it('count whole UTC calendar days, whatever the hour on either side', () => {
    const at = new Date('2026-11-04T23:59:00.000Z');
    expect(daysSince(at, new Date('2026-11-18T00:00:00.000Z'))).toBe(14);
    expect(daysSince(at, new Date('2026-11-18T23:59:59.999Z'))).toBe(14);
    expect(daysSince(new Date('2026-11-05T00:00:00.000Z'), new Date('2026-11-18T23:59:59.999Z'))).toBe(13);
    expect(daysSince(new Date('2026-11-18T08:00:00.000Z'), new Date('2026-11-18T20:00:00.000Z'))).toBe(0);
  });

  it('give the same findings, details included, to every scan of one day', () => {
    const facts = factsOf({
      opportunities: [deal({ lastActivityAt: new Date('2026-10-30T17:30:00.000Z'), lastMeetingAt: null, createdAt: new Date('2026-09-01T09:00:00.000Z'), stageEnteredAt: new Date('2026-10-01T20:00:00.000Z') })],
    });
    const morning = evaluate(facts, defaultRules(), new Date('2026-11-18T00:05:00.000Z'));
    const evening = evaluate(facts, defaultRules(), new Date('2026-11-18T23:55:00.000Z'));
    const nextDay = evaluate(facts, defaultRules(), new Date('2026-11-19T00:05:00.000Z'));
    expect(morning.length).toBeGreaterThan(0);
    expect(evening).toEqual(morning);
    const idle = (fs: typeof morning) => fs.find((f) => f.ruleId === 'no_activity_14d')?.details;
    expect(idle(morning)).toEqual({ idleDays: 19 });
    expect(idle(nextDay)).toEqual({ idleDays: 20 });
  });
});

describe('the catalogue', () => {
  it('ships the 46 rules of the specification, each with a predicate and a test here', () => {
    expect(ruleIds).toHaveLength(46);
    expect(new Set(ruleIds).size).toBe(46);
    expect(catalogue.map((r) => r.number)).toEqual(Array.from({ length: 46 }, (_, i) => i + 1));
    expect([...checkedRuleIds].sort()).toEqual([...ruleIds].sort());
    expect(Object.keys(cases).sort()).toEqual([...ruleIds].sort());
  });

  it('has sound thresholds: defaults inside their ranges', () => {
    for (const rule of catalogue) {
      for (const [name, spec] of Object.entries(rule.thresholds)) {
        expect(spec.default, `${rule.id}.${name}`).toBeGreaterThanOrEqual(spec.min);
        expect(spec.default, `${rule.id}.${name}`).toBeLessThanOrEqual(spec.max);
        expect(rule.condition, `${rule.id} names {${name}}`).toContain(`{${name}}`);
      }
    }
  });

  it('the clean fixtures trigger nothing', () => {
    const facts = factsOf({ opportunities: [deal()], accounts: [account()], contacts: [contact()], projects: [project()], cases: [supportCase()] });
    expect(evaluate(facts, defaultRules(), NOW)).toEqual([]);
  });
});

describe.each(Object.entries(cases))('%s', (ruleId, c) => {
  it('holds on the triggering record', () => {
    expect(holds(ruleId, factsFor(c, c.trigger))).toBe(true);
  });
  it('does not hold just inside its thresholds', () => {
    for (const inside of c.inside) expect(holds(ruleId, factsFor(c, inside)), JSON.stringify(inside)).toBe(false);
  });
  if (c.kind === 'opportunity' && c.otherStage) {
    it(`does not apply in ${c.otherStage}`, () => {
      expect(holds(ruleId, factsFor(c, { ...c.trigger, stage: c.otherStage }))).toBe(false);
    });
  }
});

describe('replacing rules and thresholds', () => {
  it('no_activity_30d replaces no_activity_14d, and pushed thrice replaces pushed twice', () => {
    const found = evaluate(factsOf({ opportunities: [deal({ lastActivityAt: ago(40), pushCount: 4 })] }), defaultRules(), NOW).map((f) => f.ruleId);
    expect(found).toContain('no_activity_30d');
    expect(found).not.toContain('no_activity_14d');
    expect(found).toContain('close_date_pushed_thrice');
    expect(found).not.toContain('close_date_pushed_twice');
  });

  it('the replaced rule still holds alone when the replacing one is switched off', () => {
    const rules = defaultRules().map((r) => (r.definition.id === 'no_activity_30d' ? { ...r, enabled: false } : r));
    const found = evaluate(factsOf({ opportunities: [deal({ lastActivityAt: ago(40) })] }), rules, NOW).map((f) => f.ruleId);
    expect(found).toContain('no_activity_14d');
  });

  it('a threshold override moves the line, a severity override shows on the finding', () => {
    const rules = defaultRules().map((r) => (r.definition.id === 'no_activity_14d' ? { ...r, severity: 'critical' as const, thresholds: { days: 7 } } : r));
    const [finding] = evaluate(factsOf({ opportunities: [deal({ lastActivityAt: ago(8) })] }), rules, NOW);
    expect(finding).toMatchObject({ ruleId: 'no_activity_14d', severity: 'critical', message: 'No activity for 8 days' });
  });

  it('stale_in_stage uses twice the median of deals that left the stage, once enough did', () => {
    const left = (days: number, leftDaysAgo = 10) => ({ leftAt: ago(leftDaysAgo), days });
    const history = stats({ stageDurations: new Map([['Negotiation', [left(4), left(5), left(6), left(7), left(8)]]]) });
    // Median 6 -> limit 12 days.
    expect(holds('stale_in_stage', { ...factsOf({ opportunities: [deal({ stageEnteredAt: ago(13) })] }), stats: history })).toBe(true);
    expect(holds('stale_in_stage', { ...factsOf({ opportunities: [deal({ stageEnteredAt: ago(12) })] }), stats: history })).toBe(false);
    // Moves older than 180 days do not count: back to the 21-day fallback.
    const old = stats({ stageDurations: new Map([['Negotiation', [4, 5, 6, 7, 8].map((d) => left(d, 181))]]) });
    expect(holds('stale_in_stage', { ...factsOf({ opportunities: [deal({ stageEnteredAt: ago(20) })] }), stats: old })).toBe(false);
  });

  it('messages fill in the record and the thresholds', () => {
    const [f] = evaluate(factsOf({ opportunities: [deal({ closeDate: '2026-11-01' })] }), defaultRules(), NOW);
    expect(f).toMatchObject({ ruleId: 'close_date_past', message: 'Close date 2026-11-01 has passed', recordType: 'opportunity', recordId: 1, ownerId: 'u1' });
  });

  it('business days skip the weekend', () => {
    expect(addBusinessDays(new Date('2026-11-20T10:00:00Z'), 2).toISOString()).toBe('2026-11-24T10:00:00.000Z');
  });
});

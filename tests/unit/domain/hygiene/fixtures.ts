// Clean records (no rule holds on them) that each rule test bends just enough to trigger one rule.
import type { AccountFacts, CaseFacts, ContactFacts, Facts, OpportunityFacts, PipelineStats, ProjectFacts } from '../../../../server/domain/hygiene/facts';

/** A Wednesday. */
export const NOW = new Date('2026-11-18T12:00:00.000Z');
export const TODAY = '2026-11-18';
export const DAY = 86_400_000;
export const ago = (days: number) => new Date(NOW.getTime() - days * DAY);

export function deal(overrides: Partial<OpportunityFacts> = {}): OpportunityFacts {
  return {
    id: 1,
    name: 'Acme – Platform',
    ownerId: 'u1',
    ownerName: 'Priya',
    ownerActive: true,
    accountId: 10,
    stage: 'Negotiation',
    amountCents: 5_000_000,
    closeDate: '2026-12-20',
    probability: 85,
    forecastCategory: 'Commit',
    nextStep: 'Send the order form',
    nextStepDate: '2026-11-25',
    economicBuyerContactId: 100,
    championContactId: 101,
    identifiedPain: 'Manual reporting',
    decisionCriteria: 'Integrations',
    decisionProcess: 'CFO signs',
    paperProcess: 'Legal review then DocuSign',
    lossReason: null,
    pushCount: 0,
    createdAt: ago(60),
    stageEnteredAt: ago(5),
    lastActivityAt: ago(1),
    contactCount: 2,
    contactLastActivity: [ago(1), ago(2)],
    championLastActivityAt: ago(2),
    lastMeetingAt: ago(3),
    lastInboundEmailAt: ago(2),
    lastOutboundEmailAt: ago(1),
    overdueTasks: 0,
    lineItemCount: 1,
    maxDiscountPercent: 10,
    discountApproved: false,
    maxForwardJump: 1,
    lastBackwardMoveAt: null,
    everAdvanced: true,
    everInSecurityReview: true,
    accountSecurityPosture: 'standard',
    ...overrides,
  };
}

export function account(overrides: Partial<AccountFacts> = {}): AccountFacts {
  return {
    id: 10,
    ownerId: 'u1',
    name: 'Acme',
    industry: 'Software',
    domain: 'acme.example',
    domainCount: 1,
    hasWonDeal: true,
    lastActivityAt: ago(5),
    createdAt: ago(400),
    ...overrides,
  };
}

export function contact(overrides: Partial<ContactFacts> = {}): ContactFacts {
  return { id: 100, ownerId: 'u1', name: 'Ada Lovelace', email: 'ada@acme.example', phone: null, emailCount: 1, ...overrides };
}

export function project(overrides: Partial<ProjectFacts> = {}): ProjectFacts {
  return {
    id: 20,
    ownerId: 'u4',
    name: 'Acme onboarding',
    status: 'In Progress',
    startDate: '2026-09-01',
    createdAt: ago(90),
    expectedUsers: 100,
    activeUsers: 80,
    overdueMilestones: 0,
    ...overrides,
  };
}

export function supportCase(overrides: Partial<CaseFacts> = {}): CaseFacts {
  // Opened an hour ago with a 24-hour SLA: plenty of time left.
  return { id: 30, ownerId: 'u4', name: 'C-1 Login fails', status: 'Working', priority: 'Medium', slaDueAt: new Date(NOW.getTime() + 23 * 3_600_000), createdAt: new Date(NOW.getTime() - 3_600_000), ...overrides };
}

export function stats(overrides: Partial<PipelineStats> = {}): PipelineStats {
  return { ownerMedianAmountCents: new Map([['u1', 5_000_000]]), stageDurations: new Map(), productsExist: true, ...overrides };
}

export function factsOf(parts: Partial<Omit<Facts, 'stats'>> & { stats?: PipelineStats }): Facts {
  return { opportunities: [], accounts: [], contacts: [], projects: [], cases: [], stats: stats(), ...parts };
}

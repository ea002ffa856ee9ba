import { describe, expect, it } from 'vitest';
import {
  caseExitReason,
  caseNearsSla,
  leadArrivalMatches,
  leadBecameQualified,
  leadCampaign,
  leadIsQualified,
  projectExitReason,
  projectHealthyAgain,
  projectIsAtRisk,
  projectTurnedAtRisk,
} from '../../../server/domain/playbookTriggers';

const HOUR = 3_600_000;

describe('playbook triggers', () => {
  it('a lead becomes MQL at 50 and SQL at 75, on the crossing only', () => {
    const mql = { type: 'leadQualified', level: 'MQL' } as const;
    const sql = { type: 'leadQualified', level: 'SQL' } as const;
    expect(leadBecameQualified(mql, 49, 50)).toBe(true);
    expect(leadBecameQualified(mql, 50, 60)).toBe(false);
    expect(leadBecameQualified(sql, 40, 80)).toBe(true);
    expect(leadBecameQualified(mql, 40, 80)).toBe(true);
    expect(leadBecameQualified(sql, 70, 74)).toBe(false);
    expect(leadIsQualified(mql, { score: 90, status: 'Converted' })).toBe(false);
    expect(leadIsQualified(sql, { score: 75, status: 'Working' })).toBe(true);
  });

  it('a lead arrives from a source and campaign, ignoring case; an empty one matches any', () => {
    const t = { type: 'leadArrives', source: 'Website form', campaign: 'Winter webinar' } as const;
    expect(leadArrivalMatches(t, { leadSource: 'website FORM', campaign: 'winter webinar ' })).toBe(true);
    expect(leadArrivalMatches(t, { leadSource: 'Website form', campaign: null })).toBe(false);
    expect(leadArrivalMatches({ type: 'leadArrives', source: null, campaign: 'Q4' }, { leadSource: 'Referral', campaign: 'q4' })).toBe(true);
    expect(leadCampaign({ campaign: ' Q4 ebook ', utm_source: 'x' })).toBe('Q4 ebook');
    expect(leadCampaign(null)).toBeNull();
  });

  it('a project turns At Risk (Critical counts) or Critical; healthy again or finished exits', () => {
    const atRisk = { type: 'projectAtRisk', health: 'At Risk' } as const;
    const critical = { type: 'projectAtRisk', health: 'Critical' } as const;
    expect(projectTurnedAtRisk(atRisk, 'Healthy', 'Critical')).toBe(true);
    expect(projectTurnedAtRisk(atRisk, 'At Risk', 'Critical')).toBe(false);
    expect(projectTurnedAtRisk(critical, 'At Risk', 'Critical')).toBe(true);
    expect(projectIsAtRisk(atRisk, { healthStatus: 'At Risk', status: 'Completed' })).toBe(false);
    expect(projectExitReason({ healthStatus: 'Healthy', status: 'In Progress' })).toBe('The project is healthy again');
    expect(projectExitReason({ healthStatus: 'Critical', status: 'Cancelled' })).toBe('The project closed (Cancelled)');
    expect(projectExitReason({ healthStatus: 'Critical', status: 'In Progress' })).toBeNull();
    // Healthy again ends at-risk playbooks only; finished or deleted ends every playbook.
    expect(projectHealthyAgain({ healthStatus: 'Healthy', status: 'In Progress' })).toBe(true);
    expect(projectHealthyAgain({ healthStatus: 'Healthy', status: 'Completed' })).toBe(false);
    expect(projectHealthyAgain({ healthStatus: 'Healthy', status: 'In Progress', deletedAt: new Date() })).toBe(false);
    expect(projectHealthyAgain({ healthStatus: 'At Risk', status: 'In Progress' })).toBe(false);
  });

  it('a case nears its SLA in the last 20% of its window, or past it; closed ones never', () => {
    const opened = new Date('2026-12-02T00:00:00Z');
    const c = { status: 'Working' as const, createdAt: opened, slaDueAt: new Date(opened.getTime() + 10 * HOUR) };
    expect(caseNearsSla(c, new Date(opened.getTime() + 8 * HOUR - 1))).toBe(false);
    expect(caseNearsSla(c, new Date(opened.getTime() + 8 * HOUR + 1))).toBe(true);
    expect(caseNearsSla(c, new Date(opened.getTime() + 11 * HOUR))).toBe(true);
    expect(caseNearsSla({ ...c, status: 'Closed' }, new Date(opened.getTime() + 9 * HOUR))).toBe(false);
    expect(caseExitReason({ status: 'Closed' })).toBe('The case closed');
  });
});

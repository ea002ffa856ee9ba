import { describe, expect, it } from 'vitest';
import { engagementScore, fitScore, leadScore, titleSeniority } from '../../../server/domain/leadScoring';

const now = new Date('2026-12-02T12:00:00.000Z');
const daysAgo = (n: number) => new Date(now.getTime() - n * 86_400_000);
const targets = { targetIndustries: ['Software'], targetRegions: ['North America'] };

describe('leadScore (the README example)', () => {
  it('2 emails, 1 meeting, 1 reply, last activity 10 days ago; target industry, 200 employees, VP -> 24 + 40 = 64, MQL', () => {
    const score = leadScore(
      { emails: 2, meetings: 1, replied: true, lastActivityAt: daysAgo(10) },
      { industry: 'Software', employees: 200, region: 'EMEA', title: 'VP Sales' },
      targets,
      now,
    );
    expect(score.engagement.raw).toBe(30);
    expect(score.engagement.decayed).toBe(23.8);
    expect(score.fit.points).toBe(40);
    expect(score.total).toBe(64);
    expect(score.qualification).toBe('MQL');
    expect(score.engagement.parts.map((p) => p.points)).toEqual([10, 10, 5, 5]);
  });
});

describe('engagement', () => {
  it('caps emails at 15, meetings at 20 and the whole at 50, and gives 10 or 5 for recency, not both', () => {
    const e = engagementScore({ emails: 9, meetings: 5, replied: true, lastActivityAt: daysAgo(2) }, now);
    expect(e.parts.map((p) => p.points)).toEqual([15, 20, 5, 10]);
    expect(e.raw).toBe(50);
    expect(engagementScore({ emails: 1, meetings: 0, replied: false, lastActivityAt: daysAgo(31) }, now).parts.map((p) => p.points)).toEqual([5]);
  });

  it('halves every 30 days without activity (clock injected), and is 0 with no activity at all', () => {
    const facts = (days: number) => ({ emails: 2, meetings: 1, replied: true, lastActivityAt: daysAgo(days) });
    // 30 raw points at 10 days (recency 5); 25 at 40 and 70 days (no recency points).
    expect(engagementScore(facts(40), now)).toMatchObject({ raw: 25, decayed: 9.9, daysSinceLastActivity: 40 });
    expect(engagementScore(facts(70), now)).toMatchObject({ raw: 25, decayed: 5 });
    const later = new Date(now.getTime() + 30 * 86_400_000);
    expect(engagementScore(facts(40), later).decayed).toBe(5);
    expect(engagementScore({ emails: 0, meetings: 0, replied: false, lastActivityAt: null }, now)).toMatchObject({ raw: 0, decayed: 0, daysSinceLastActivity: null });
  });
});

describe('fit', () => {
  it('scores industry, size bands, region and title seniority, capped at 50', () => {
    expect(fitScore({ industry: 'software', employees: 6000, region: 'north america', title: 'Chief Revenue Officer' }, targets).parts.map((p) => p.points)).toEqual([15, 10, 10, 10]);
    expect(fitScore({ industry: 'software', employees: 500, region: 'North America', title: 'CFO' }, targets).points).toBe(50);
    expect(fitScore({ industry: 'Retail', employees: 12, region: null, title: 'Office Manager' }, targets).parts.map((p) => p.points)).toEqual([5, 4]);
    expect(fitScore({ industry: null, employees: null, region: null, title: null }, targets)).toEqual({ points: 0, parts: [] });
  });

  it('reads seniority from the title', () => {
    expect(titleSeniority('SVP, Operations')).toBe('C-level/VP');
    expect(titleSeniority('Vice President of Sales')).toBe('C-level/VP');
    expect(titleSeniority('Head of Procurement')).toBe('Director');
    expect(titleSeniority('Director, IT')).toBe('Director');
    expect(titleSeniority('Account Manager')).toBe('Manager');
    expect(titleSeniority('Engineer')).toBeNull();
    expect(titleSeniority('Developer advocate')).toBeNull();
  });
});

describe('total', () => {
  it('reaches SQL at 75 and stays below 100', () => {
    const s = leadScore({ emails: 3, meetings: 2, replied: true, lastActivityAt: daysAgo(0) }, { industry: 'Software', employees: 300, region: 'North America', title: 'CTO' }, targets, now);
    expect(s.total).toBe(100);
    expect(s.qualification).toBe('SQL');
  });
});

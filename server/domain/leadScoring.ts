// Lead scoring (server/domain/README.md, "Lead scoring"): engagement 0-50 from the last 90 days of activity,
// decayed by inactivity, plus fit 0-50 from who the lead is. Pure: the counts come from one SQL aggregate
// (server/insight/leadScores.ts), `now` is passed in so decay is testable.
import { leadQualification, type LeadQualification } from '../../shared/scoreBands';

export const ENGAGEMENT_WINDOW_DAYS = 90;
/** Engagement halves every this many days without activity. */
export const DECAY_HALF_LIFE_DAYS = 30;
const DAY_MS = 86_400_000;

export interface EngagementFacts {
  /** Email activities (either direction) in the last 90 days. */
  emails: number;
  /** Meetings in the last 90 days. */
  meetings: number;
  /** The lead ever sent us an email (an inbound email activity). */
  replied: boolean;
  /** The latest activity on the lead, of any kind (null: never). */
  lastActivityAt: Date | null;
}

export interface FitFacts {
  industry: string | null;
  employees: number | null;
  region: string | null;
  title: string | null;
}

export interface ScoringTargets {
  targetIndustries: string[];
  targetRegions: string[];
}

export interface ScorePart {
  label: string;
  points: number;
}

export interface LeadScore {
  /** round(decayed engagement) + fit, 0-100. */
  total: number;
  qualification: LeadQualification;
  engagement: {
    /** Before decay, capped at 50. */
    raw: number;
    /** raw × 0.5^(days since last activity / 30), to one decimal. */
    decayed: number;
    daysSinceLastActivity: number | null;
    parts: ScorePart[];
  };
  fit: { points: number; parts: ScorePart[] };
}

export type Seniority = 'C-level/VP' | 'Director' | 'Manager' | null;

/** The seniority a job title shows: C-level and VPs, directors (and heads of), managers. */
export function titleSeniority(title: string | null): Seniority {
  if (!title) return null;
  const t = ` ${title.toLowerCase().replace(/[^a-z]+/g, ' ')} `;
  if (/ (chief|ceo|cto|cfo|coo|cmo|cio|cro|cso|ciso|cpo|president|vp|svp|evp|avp|founder) /.test(t) || / vice president /.test(t)) return 'C-level/VP';
  if (/ (director|head) /.test(t)) return 'Director';
  if (/ manager /.test(t)) return 'Manager';
  return null;
}

const seniorityPoints: Record<Exclude<Seniority, null>, number> = { 'C-level/VP': 10, Director: 7, Manager: 4 };

const sameText = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

export function fitScore(lead: FitFacts, targets: ScoringTargets): { points: number; parts: ScorePart[] } {
  const parts: ScorePart[] = [];
  if (lead.industry && targets.targetIndustries.some((i) => sameText(i, lead.industry!))) parts.push({ label: `Target industry (${lead.industry})`, points: 15 });
  if (lead.employees !== null && lead.employees !== undefined) {
    const n = lead.employees;
    if (n > 5000) parts.push({ label: `${n.toLocaleString('en-US')} employees (over 5,000)`, points: 10 });
    else if (n >= 50) parts.push({ label: `${n.toLocaleString('en-US')} employees (50–5,000)`, points: 15 });
    else parts.push({ label: `${n} employees (under 50)`, points: 5 });
  }
  if (lead.region && targets.targetRegions.some((r) => sameText(r, lead.region!))) parts.push({ label: `Target region (${lead.region})`, points: 10 });
  const seniority = titleSeniority(lead.title);
  if (seniority) parts.push({ label: `${seniority} title (${lead.title})`, points: seniorityPoints[seniority] });
  return { points: Math.min(50, parts.reduce((t, p) => t + p.points, 0)), parts };
}

export function engagementScore(facts: EngagementFacts, now: Date): LeadScore['engagement'] {
  const parts: ScorePart[] = [];
  if (facts.emails > 0) parts.push({ label: `${facts.emails} email${facts.emails === 1 ? '' : 's'} in 90 days (5 each, at most 15)`, points: Math.min(15, 5 * facts.emails) });
  if (facts.meetings > 0) parts.push({ label: `${facts.meetings} meeting${facts.meetings === 1 ? '' : 's'} in 90 days (10 each, at most 20)`, points: Math.min(20, 10 * facts.meetings) });
  if (facts.replied) parts.push({ label: 'Replied to us', points: 5 });
  const days = facts.lastActivityAt ? Math.max(0, (now.getTime() - facts.lastActivityAt.getTime()) / DAY_MS) : null;
  if (days !== null && days <= 7) parts.push({ label: 'Activity in the last 7 days', points: 10 });
  else if (days !== null && days <= 30) parts.push({ label: 'Activity in the last 30 days', points: 5 });
  const raw = Math.min(50, parts.reduce((t, p) => t + p.points, 0));
  const decayed = days === null ? 0 : raw * 0.5 ** (days / DECAY_HALF_LIFE_DAYS);
  return { raw, decayed: Math.round(decayed * 10) / 10, daysSinceLastActivity: days === null ? null : Math.floor(days), parts };
}

export function leadScore(engagement: EngagementFacts, fit: FitFacts, targets: ScoringTargets, now: Date): LeadScore {
  const e = engagementScore(engagement, now);
  const f = fitScore(fit, targets);
  // Rounded from the unrounded decay, so 23.75 and 23.84 both give 24 as the README's example does.
  const days = engagement.lastActivityAt ? Math.max(0, (now.getTime() - engagement.lastActivityAt.getTime()) / DAY_MS) : null;
  const decayedExact = days === null ? 0 : e.raw * 0.5 ** (days / DECAY_HALF_LIFE_DAYS);
  const total = Math.min(100, Math.round(decayedExact) + f.points);
  return { total, qualification: leadQualification(total), engagement: e, fit: f };
}

// When a lead, project or case trigger fires (server/domain/README.md, "Playbooks"): pure, so the change's own
// transaction and the audience preview decide alike. A trigger fires on the crossing (before below, after at or
// above); the audience of a switched-on playbook is whoever stands past it now.
import { MQL_SCORE, SQL_SCORE } from '../../shared/scoreBands';
import { slaState } from '../../shared/caseSla';
import type { CaseStatus, HealthStatus, ProjectStatus } from '../../shared/enums';
import type { PlaybookTrigger } from '../../shared/schemas/playbooks';

type Trigger<T extends PlaybookTrigger['type']> = Extract<PlaybookTrigger, { type: T }>;

export const qualificationScore = (level: 'MQL' | 'SQL') => (level === 'SQL' ? SQL_SCORE : MQL_SCORE);
/** An unconverted lead scoring at least the level. */
export const leadIsQualified = (t: Trigger<'leadQualified'>, lead: { score: number; status: string }) =>
  lead.status !== 'Converted' && lead.score >= qualificationScore(t.level);
export const leadBecameQualified = (t: Trigger<'leadQualified'>, before: number, after: number) =>
  before < qualificationScore(t.level) && after >= qualificationScore(t.level);

/** A lead from the trigger's source and campaign (each compared ignoring case; an empty one matches any). */
export function leadArrivalMatches(t: Trigger<'leadArrives'>, lead: { leadSource: string | null; campaign: string | null }): boolean {
  const same = (want: string | null | undefined, got: string | null) => !want || (got ?? '').trim().toLowerCase() === want.trim().toLowerCase();
  return same(t.source, lead.leadSource) && same(t.campaign, lead.campaign);
}
/** The campaign a lead came with (web-to-lead keeps it with the extra fields). */
export function leadCampaign(extraFields: unknown): string | null {
  const c = (extraFields as { campaign?: unknown } | null)?.campaign;
  return typeof c === 'string' && c.trim() ? c.trim() : null;
}

const healthRank: Record<HealthStatus, number> = { Healthy: 0, 'At Risk': 1, Critical: 2 };
export const FINISHED_PROJECT: readonly ProjectStatus[] = ['Completed', 'Cancelled'];
export const projectIsAtRisk = (t: Trigger<'projectAtRisk'>, p: { healthStatus: HealthStatus; status: ProjectStatus }) =>
  !FINISHED_PROJECT.includes(p.status) && healthRank[p.healthStatus] >= healthRank[t.health];
export const projectTurnedAtRisk = (t: Trigger<'projectAtRisk'>, before: HealthStatus, after: HealthStatus) =>
  healthRank[before] < healthRank[t.health] && healthRank[after] >= healthRank[t.health];
/** Healthy and still live: what ends a project's at-risk playbooks (and only those). */
export const projectHealthyAgain = (p: { healthStatus: HealthStatus; status: ProjectStatus; deletedAt?: Date | null }) =>
  !p.deletedAt && !FINISHED_PROJECT.includes(p.status) && p.healthStatus === 'Healthy';
/** Why a project's enrolments end: healthy again (at-risk playbooks only) or finished (null: still running). */
export function projectExitReason(p: { healthStatus: HealthStatus; status: ProjectStatus; deletedAt?: Date | null }): string | null {
  if (p.deletedAt) return 'The project was deleted';
  if (FINISHED_PROJECT.includes(p.status)) return `The project closed (${p.status})`;
  if (p.healthStatus === 'Healthy') return 'The project is healthy again';
  return null;
}

/** An open case in the last 20% of its SLA window or past it: the delivery alerts' own test (shared/caseSla.ts). */
export const caseNearsSla = (c: { status: CaseStatus; slaDueAt: Date; createdAt: Date }, now: Date) => {
  const state = slaState(c, now);
  return state === 'atRisk' || state === 'breached';
};
export const caseExitReason = (c: { status: CaseStatus }) => (c.status === 'Closed' ? 'The case closed' : null);
export const leadExitReason = (l: { status: string }) => (l.status === 'Converted' ? 'The lead converted' : null);

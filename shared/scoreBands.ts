// The bands a score falls into (server/domain/README.md, "Lead scoring" and "Health scores"), shown by the
// client and used by the server's rules and digests alike.

/** A lead is marketing qualified from 50 and sales qualified from 75 (of 100). */
export const MQL_SCORE = 50;
export const SQL_SCORE = 75;

export type LeadQualification = 'SQL' | 'MQL' | null;

export function leadQualification(score: number): LeadQualification {
  if (score >= SQL_SCORE) return 'SQL';
  if (score >= MQL_SCORE) return 'MQL';
  return null;
}

export const leadQualificationLabels: Record<Exclude<LeadQualification, null>, string> = {
  SQL: 'Sales qualified',
  MQL: 'Marketing qualified',
};

/** Deal and pipeline health 0-100: Healthy from 80, At risk from 50, Critical below. */
export type HealthLabel = 'Healthy' | 'At risk' | 'Critical';

export function healthLabel(score: number): HealthLabel {
  if (score >= 80) return 'Healthy';
  if (score >= 50) return 'At risk';
  return 'Critical';
}

/** A project below half of its expected active users is the low-adoption signal (rule 44). */
export const LOW_ADOPTION_SHARE = 0.5;

export function isLowAdoption(activeUsers: number, expectedUsers: number): boolean {
  return expectedUsers > 0 && activeUsers < LOW_ADOPTION_SHARE * expectedUsers;
}

// What each alert says and when it fires, as plain data (server/domain/README.md, "Alerts"). The sweeps in
// server/delivery/alerts.ts load the candidates and store what these functions decide.
import { DateTime } from 'luxon';
import type { CaseStatus, HealthStatus, ProjectStatus } from '../../shared/enums';
import { slaState } from '../../shared/caseSla';

/** The health states that alert a project's CSM. */
export const ALERTING_HEALTH: readonly HealthStatus[] = ['At Risk', 'Critical'];
/** Projects that are over alert nobody. */
export const FINISHED_PROJECT_STATUSES: readonly ProjectStatus[] = ['Completed', 'Cancelled'];
/** A breach older than this was either alerted already or predates the alerts: nobody hears of it now. */
export const SLA_ALERT_LOOKBACK_MS = 24 * 3_600_000;
/** The owner's local hour of the daily project health check. */
export const MORNING_CHECK_HOUR = 8;

export function isAlertingHealth(health: HealthStatus): boolean {
  return ALERTING_HEALTH.includes(health);
}

/** The calendar date and hour at `now` in an IANA zone; an unknown zone counts as UTC. */
export function localTime(now: Date, timeZone: string): { date: string; hour: number } {
  let local = DateTime.fromJSDate(now, { zone: timeZone });
  if (!local.isValid) local = DateTime.fromJSDate(now, { zone: 'UTC' });
  return { date: local.toISODate()!, hour: local.hour };
}

/**
 * One alert per project, health and local day: the change alert and the 08:00 check of the same day share
 * it, so a project that turned At Risk at 07:30 is not announced twice.
 */
export function projectHealthAlert(
  project: { id: number; projectName: string; healthStatus: HealthStatus; ownerId: string },
  ownerTimeZone: string,
  now: Date,
  reason: 'changed' | 'still',
) {
  const { date } = localTime(now, ownerTimeZone);
  return {
    userId: project.ownerId,
    kind: 'projectHealth' as const,
    title:
      reason === 'changed'
        ? `${project.projectName} turned ${project.healthStatus}`
        : `${project.projectName} is ${project.healthStatus}`,
    recordType: 'project' as const,
    recordId: project.id,
    dedupeKey: `project-health:${project.id}:${project.healthStatus}:${date}:${project.ownerId}`,
  };
}

export interface SlaCandidate {
  id: number;
  caseNumber: string;
  subject: string;
  status: CaseStatus;
  slaDueAt: Date;
  createdAt: Date;
  ownerId: string;
  ownerTimeZone: string;
}

function dueLabel(due: Date, timeZone: string): string {
  let local = DateTime.fromJSDate(due, { zone: timeZone });
  if (!local.isValid) local = DateTime.fromJSDate(due, { zone: 'UTC' });
  return `${local.toFormat('d LLL, HH:mm')} (${local.zoneName})`;
}

/**
 * A case within the last 20% of its SLA window, or past it, alerts its owner once per due time (moving the
 * due time makes a new alert). On track and closed cases: null.
 */
export function caseSlaAlert(c: SlaCandidate, now: Date) {
  const state = slaState(c, now);
  if (state !== 'atRisk' && state !== 'breached') return null;
  return {
    userId: c.ownerId,
    kind: 'caseSla' as const,
    title: `Case ${c.caseNumber} ${state === 'breached' ? 'is past its SLA' : 'is close to its SLA'}: ${c.subject}`,
    body: `${state === 'breached' ? 'Was due' : 'Due'} ${dueLabel(c.slaDueAt, c.ownerTimeZone)}`,
    recordType: 'case' as const,
    recordId: c.id,
    dedupeKey: `case-sla:${c.id}:${c.slaDueAt.getTime()}:${c.ownerId}`,
  };
}

const ERROR_MAX = 500;

/** A job parked dead tells every admin once per death (a retried job that dies again tells them again). */
export function deadJobAlert(job: { id: number; type: string; lastError: string | null; finishedAt: Date }, adminId: string) {
  const error = job.lastError ?? 'No error was recorded';
  return {
    userId: adminId,
    kind: 'deadJob' as const,
    title: `Job ${job.type} (#${job.id}) failed for the last time`,
    body: error.length > ERROR_MAX ? `${error.slice(0, ERROR_MAX - 1)}…` : error,
    recordType: null,
    recordId: null,
    dedupeKey: `dead-job:${job.id}:${job.finishedAt.getTime()}:${adminId}`,
  };
}

/** A mailbox that needs reconnecting tells its owner, again each day (UTC) until it is reconnected. */
export function reconnectAlert(connection: { id: number; userId: string; emailAddress: string }, now: Date) {
  return {
    userId: connection.userId,
    kind: 'emailConnection' as const,
    title: `Reconnect ${connection.emailAddress}: email capture has stopped`,
    body: 'The mailbox no longer grants access. Connect it again to keep capturing its emails.',
    recordType: null,
    recordId: null,
    dedupeKey: `email-reconnect:${connection.id}:${now.toISOString().slice(0, 10)}`,
  };
}

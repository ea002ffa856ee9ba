// Case service levels (server/domain/README.md, rules 45 and 46): how long a case may stay open, by
// priority, and how an open case stands against its due time. The case pages show it; the scan flags it.
import type { CasePriority, CaseStatus } from './enums';

const HOUR = 3_600_000;

/** Hours from opening to the SLA due time. */
export const slaHoursByPriority: Record<CasePriority, number> = { Urgent: 4, High: 8, Medium: 24, Low: 72 };

export function defaultSlaDueAt(priority: CasePriority, openedAt: Date): Date {
  return new Date(openedAt.getTime() + slaHoursByPriority[priority] * HOUR);
}

/**
 * The SLA due time after an update. A time the user sends wins. Otherwise a priority change moves a
 * due time that was the old priority's default to the new priority's default (both counted from
 * opening); a due time someone set by hand stays.
 */
export function planSlaDueAt(
  before: { priority: CasePriority; slaDueAt: Date; createdAt: Date },
  request: { priority?: CasePriority; slaDueAt?: Date },
): Date {
  if (request.slaDueAt) return request.slaDueAt;
  const priority = request.priority ?? before.priority;
  if (priority === before.priority) return before.slaDueAt;
  const wasDefault = before.slaDueAt.getTime() === defaultSlaDueAt(before.priority, before.createdAt).getTime();
  return wasDefault ? defaultSlaDueAt(priority, before.createdAt) : before.slaDueAt;
}

export function isOpenCase(status: CaseStatus): boolean {
  return status !== 'Closed';
}

/** The share of the SLA window left below which an open case is at risk (rule 46). */
export const SLA_AT_RISK_SHARE = 0.2;

export type SlaState = 'closed' | 'breached' | 'atRisk' | 'onTrack';

/** How a case stands against its SLA: breached past its due time, at risk with under 20% of the window left. */
export function slaState(c: { status: CaseStatus; slaDueAt: Date | string; createdAt: Date | string }, now: Date): SlaState {
  if (!isOpenCase(c.status)) return 'closed';
  const due = new Date(c.slaDueAt).getTime();
  const opened = new Date(c.createdAt).getTime();
  const left = due - now.getTime();
  if (left < 0) return 'breached';
  if (due > opened && left < SLA_AT_RISK_SHARE * (due - opened)) return 'atRisk';
  return 'onTrack';
}

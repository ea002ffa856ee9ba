// Case service levels (DOMAIN.md rules 45/46): how long a case may stay open, by priority.
import type { CasePriority, CaseStatus } from '../../shared/enums';

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

/** Open and past its due time. */
export function isSlaBreached(c: { status: CaseStatus; slaDueAt: Date }, now: Date): boolean {
  return isOpenCase(c.status) && c.slaDueAt.getTime() < now.getTime();
}

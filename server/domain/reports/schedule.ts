// When a scheduled report is due, in its owner's zone (server/domain/README.md, "Reports"): daily at an hour,
// weekly on a weekday at an hour, monthly on a day at an hour (a shorter month's last day stands in for 29-31).
// The same wall-clock arithmetic as the digests (server/domain/digests.ts): a daylight-saving change moves
// the instant, never the local hour; an hour that does not exist that day is the first minute after the gap.
import { DateTime } from 'luxon';
import type { ReportSchedule } from '../../../shared/schemas/reports';

/** A slot missed (no scheduler ran) is still run this long after its time, never later. */
export const REPORT_CATCH_UP_MS = 6 * 3_600_000;

export interface ReportSlot {
  /** 2026-11-24 (daily), 2026-W48 (weekly), 2026-11 (monthly): with the report's id, the run's dedupe key. */
  periodKey: string;
  dueAt: Date;
  /** The owner's local day it is due, for the email's heading and the file name. */
  localDate: string;
}

function zoned(at: Date, timeZone: string): DateTime {
  const local = DateTime.fromJSDate(at, { zone: timeZone });
  return local.isValid ? local : DateTime.fromJSDate(at, { zone: 'UTC' });
}

const atHour = (d: DateTime, hour: number) => d.set({ hour, minute: 0, second: 0, millisecond: 0 });

/** The schedule's day within the month holding `d`: its day of month, or the month's last day when shorter. */
const monthDay = (d: DateTime, dayOfMonth: number) => d.set({ day: Math.min(dayOfMonth, d.daysInMonth!) });

function slotAt(s: ReportSchedule, at: DateTime): ReportSlot {
  const periodKey = s.frequency === 'daily' ? at.toISODate()! : s.frequency === 'weekly' ? at.toFormat("kkkk-'W'WW") : at.toFormat('yyyy-MM');
  return { periodKey, dueAt: at.toJSDate(), localDate: at.toISODate()! };
}

/** The slot in the period holding `local` (this day, this week, this month). */
function candidateIn(s: ReportSchedule, local: DateTime): DateTime {
  if (s.frequency === 'daily') return atHour(local, s.hour);
  if (s.frequency === 'weekly') return atHour(local.set({ weekday: s.weekday! as 1 | 2 | 3 | 4 | 5 | 6 | 7 }), s.hour);
  return atHour(monthDay(local.startOf('month'), s.dayOfMonth!), s.hour);
}

function previousPeriod(s: ReportSchedule, local: DateTime): DateTime {
  if (s.frequency === 'daily') return local.minus({ days: 1 });
  if (s.frequency === 'weekly') return local.minus({ weeks: 1 });
  return local.startOf('month').minus({ months: 1 });
}

function nextPeriod(s: ReportSchedule, local: DateTime): DateTime {
  if (s.frequency === 'daily') return local.plus({ days: 1 });
  if (s.frequency === 'weekly') return local.plus({ weeks: 1 });
  return local.startOf('month').plus({ months: 1 });
}

/** The latest slot at or before `now`. */
export function latestReportSlot(s: ReportSchedule, timeZone: string, now: Date): ReportSlot {
  const local = zoned(now, timeZone);
  let candidate = candidateIn(s, local);
  if (candidate.toMillis() > now.getTime()) candidate = candidateIn(s, previousPeriod(s, local));
  return slotAt(s, candidate);
}

/** The slot to run now, if its time has come within the catch-up window. */
export function dueReportSlot(s: ReportSchedule, timeZone: string, now: Date): ReportSlot | null {
  const slot = latestReportSlot(s, timeZone, now);
  return now.getTime() - slot.dueAt.getTime() < REPORT_CATCH_UP_MS ? slot : null;
}

/** The next slot after `now`, for the report page ("next run Monday 1 December, 08:00"). */
export function nextReportSlot(s: ReportSchedule, timeZone: string, now: Date): ReportSlot {
  const local = zoned(now, timeZone);
  let candidate = candidateIn(s, local);
  if (candidate.toMillis() <= now.getTime()) candidate = candidateIn(s, nextPeriod(s, local));
  return slotAt(s, candidate);
}

const weekdays = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const ordinal = (n: number) => `${n}${n % 10 === 1 && n !== 11 ? 'st' : n % 10 === 2 && n !== 12 ? 'nd' : n % 10 === 3 && n !== 13 ? 'rd' : 'th'}`;

/** "Daily at 08:00", "Weekly on Monday at 09:00", "Monthly on the 31st (or the month's last day) at 07:00". */
export function describeSchedule(s: ReportSchedule): string {
  const at = `at ${String(s.hour).padStart(2, '0')}:00`;
  if (s.frequency === 'daily') return `Daily ${at}`;
  if (s.frequency === 'weekly') return `Weekly on ${weekdays[s.weekday! - 1]} ${at}`;
  return `Monthly on the ${ordinal(s.dayOfMonth!)}${s.dayOfMonth! > 28 ? " (or the month's last day)" : ''} ${at}`;
}

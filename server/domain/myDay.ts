// My day, the pure part: a user's "today" in their own time zone, and which hygiene results put a deal on
// the attention list. Specified in server/domain/README.md ("My day").
import type { Severity } from './hygiene/catalogue';

/** The offset of `timeZone` from UTC at `at`, in minutes (e.g. 60 for Europe/Berlin in winter). */
function offsetMinutes(at: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(at);
  const n = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second'));
  return Math.round((asUtc - Math.floor(at.getTime() / 1000) * 1000) / 60_000);
}

/** The calendar date at `at` in `timeZone`, as YYYY-MM-DD. */
export function localDate(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

/** The instant a local calendar date starts in `timeZone` (DST-safe: the offset is taken at that instant). */
export function startOfLocalDay(date: string, timeZone: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const guess = Date.UTC(y, m - 1, d);
  let start = guess - offsetMinutes(new Date(guess), timeZone) * 60_000;
  // Across a DST change the offset at the true start differs from the guess's: settle once more.
  start = guess - offsetMinutes(new Date(start), timeZone) * 60_000;
  return new Date(start);
}

export function addDaysToDate(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** Today for a user: its date, and [start, end) as instants. */
export function dayBounds(now: Date, timeZone: string): { date: string; start: Date; end: Date } {
  const date = localDate(now, timeZone);
  return { date, start: startOfLocalDay(date, timeZone), end: startOfLocalDay(addDaysToDate(date, 1), timeZone) };
}

/**
 * Which open hygiene results make a deal need attention on My day, most severe first: critical and warning.
 * Info-level results are advice (and a user may hide them), so they stay on the deal and the hygiene pages.
 */
export const attentionSeverities = ['critical', 'warning'] as const satisfies readonly Severity[];
export type AttentionSeverity = (typeof attentionSeverities)[number];

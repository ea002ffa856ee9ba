// Pure time-slot arithmetic for the scheduler: does a cron pattern fire at a minute, and which slot
// (dedupe key) that firing belongs to. All in UTC. No I/O.
import cron, { type ParsedFields } from 'node-cron';

export type SlotUnit = 'minute' | 'hour' | 'day' | 'week';

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** ISO 8601 week of a UTC date, e.g. { year: 2026, week: 48 }: weeks start Monday, week 1 holds a Thursday. */
export function isoWeek(date: Date): { year: number; week: number } {
  const d = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  const weekday = d.getUTCDay() || 7;
  d.setUTCDate(d.getUTCDate() + 4 - weekday); // the Thursday of this week decides its year
  const yearStart = Date.UTC(d.getUTCFullYear(), 0, 1);
  return { year: d.getUTCFullYear(), week: Math.ceil(((d.getTime() - yearStart) / 86_400_000 + 1) / 7) };
}

/** The label of the slot holding `date`: 2026-11-25T03:07, 2026-11-25T03, 2026-11-25 or 2026-W48. */
export function slotLabel(unit: SlotUnit, date: Date): string {
  const day = `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
  switch (unit) {
    case 'minute':
      return `${day}T${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}`;
    case 'hour':
      return `${day}T${pad(date.getUTCHours())}`;
    case 'day':
      return day;
    case 'week': {
      const { year, week } = isoWeek(date);
      return `${year}-W${pad(week)}`;
    }
  }
}

/** Dedupe key of one scheduled firing: any number of schedulers produce the same key for the same slot. */
export function slotKey(name: string, unit: SlotUnit, date: Date): string {
  return `${name}:${slotLabel(unit, date)}`;
}

/** The start of the minute holding `date`. */
export function floorToMinute(date: Date): Date {
  return new Date(Math.floor(date.getTime() / 60_000) * 60_000);
}

export interface CronPattern {
  pattern: string;
  fields: ParsedFields;
}

/** Parses a 5-field cron pattern (minute precision, UTC); throws with the pattern in the message if invalid. */
export function parseCron(pattern: string): CronPattern {
  if (pattern.trim().split(/\s+/).length !== 5) {
    throw new Error(`Cron pattern "${pattern}" must have 5 fields (minute hour day-of-month month day-of-week)`);
  }
  if (!cron.validate(pattern)) throw new Error(`Cron pattern "${pattern}" is not valid`);
  const fields = cron.parse(pattern);
  const special = [...fields.dayOfMonth, ...fields.dayOfWeek].find((v) => typeof v !== 'number');
  if (special !== undefined) throw new Error(`Cron pattern "${pattern}": "${special}" is not supported here; use plain numbers`);
  return { pattern, fields };
}

/** Whether the pattern fires in the UTC minute holding `date` (day-of-month AND day-of-week, as node-cron does). */
export function cronFiresAt(cronPattern: CronPattern, date: Date): boolean {
  const f = cronPattern.fields;
  return (
    f.minute.includes(date.getUTCMinutes()) &&
    f.hour.includes(date.getUTCHours()) &&
    (f.dayOfMonth as number[]).includes(date.getUTCDate()) &&
    f.month.includes(date.getUTCMonth() + 1) &&
    (f.dayOfWeek as number[]).includes(date.getUTCDay())
  );
}

/** Firing minutes of the pattern in (now - lookbackMinutes, now], oldest first. */
export function firingsWithin(cronPattern: CronPattern, now: Date, lookbackMinutes: number): Date[] {
  const end = floorToMinute(now).getTime();
  const firings: Date[] = [];
  for (let i = Math.max(0, lookbackMinutes - 1); i >= 0; i -= 1) {
    const minute = new Date(end - i * 60_000);
    if (cronFiresAt(cronPattern, minute)) firings.push(minute);
  }
  return firings;
}

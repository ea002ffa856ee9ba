// Forecast periods (server/domain/README.md, "Forecasting"): a month or a fiscal quarter of close dates.
// Quarters count from the organisation's fiscal year start month; a fiscal year is named by the calendar
// year it ends in (FY2027 starts in February 2026 when the fiscal year starts in February).
// Days are YYYY-MM-DD strings, which compare and sort as text.

export const periodKinds = ['month', 'quarter'] as const;
export type PeriodKind = (typeof periodKinds)[number];

export interface Period {
  kind: PeriodKind;
  /** First day, inclusive. */
  start: string;
  /** Last day, inclusive. */
  end: string;
  label: string;
}

const monthNames = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

const pad = (n: number) => String(n).padStart(2, '0');
const dayString = (y: number, m: number, d: number) => `${y}-${pad(m)}-${pad(d)}`;

function parseDay(day: string): { y: number; m: number; d: number } {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) throw new Error(`Not a day (YYYY-MM-DD): ${day}`);
  return { y: Number(match[1]), m: Number(match[2]), d: Number(match[3]) };
}

/** Days in month m (1-12) of year y. */
const daysInMonth = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

/** The day `n` days after `day` (negative: before). */
export function addDays(day: string, n: number): string {
  const { y, m, d } = parseDay(day);
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

// A formatter is costly to build (time-zone data) and cheap to reuse: one per zone asked about.
const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** The calendar day it is at `now` in a time zone: "today" for a user. */
export function calendarDay(now: Date, timeZone: string): string {
  let format = dayFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormats.set(timeZone, format);
  }
  const parts = format.formatToParts(now);
  const get = (type: string) => parts.find((p) => p.type === type)!.value;
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** Months y/m (1-12) plus n, normalised. */
function addMonths(y: number, m: number, n: number): { y: number; m: number } {
  const index = y * 12 + (m - 1) + n;
  return { y: Math.floor(index / 12), m: (index % 12) + 1 };
}

function monthPeriod(y: number, m: number): Period {
  return { kind: 'month', start: dayString(y, m, 1), end: dayString(y, m, daysInMonth(y, m)), label: `${monthNames[m - 1]} ${y}` };
}

function quarterPeriod(y: number, m: number, fiscalYearStartMonth: number): Period {
  // Months since the fiscal year began (0-11), and the fiscal year's first month.
  const offset = (m - fiscalYearStartMonth + 12) % 12;
  const quarter = Math.floor(offset / 3) + 1;
  const first = addMonths(y, m, -(offset % 3));
  const last = addMonths(first.y, first.m, 2);
  const fiscalStart = addMonths(y, m, -offset);
  const fiscalYear = fiscalYearStartMonth === 1 ? fiscalStart.y : fiscalStart.y + 1;
  return {
    kind: 'quarter',
    start: dayString(first.y, first.m, 1),
    end: dayString(last.y, last.m, daysInMonth(last.y, last.m)),
    label: fiscalYearStartMonth === 1 ? `Q${quarter} ${fiscalYear}` : `Q${quarter} FY${fiscalYear}`,
  };
}

/** The month or fiscal quarter that `day` falls in. */
export function periodContaining(day: string, kind: PeriodKind, fiscalYearStartMonth = 1): Period {
  const { y, m } = parseDay(day);
  return kind === 'month' ? monthPeriod(y, m) : quarterPeriod(y, m, fiscalYearStartMonth);
}

/** The period `n` periods after `period` (negative: before). */
export function shiftPeriod(period: Period, n: number, fiscalYearStartMonth = 1): Period {
  const { y, m } = parseDay(period.start);
  const moved = addMonths(y, m, n * (period.kind === 'month' ? 1 : 3));
  return periodContaining(dayString(moved.y, moved.m, 1), period.kind, fiscalYearStartMonth);
}

export function isDayInPeriod(day: string | null, period: Pick<Period, 'start' | 'end'>): boolean {
  return day !== null && day >= period.start && day <= period.end;
}

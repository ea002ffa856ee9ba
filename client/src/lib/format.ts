// Display formatting for dates, money and people. Everything shown to a user goes through here.

const dateFmt = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
const dateTimeFmt = new Intl.DateTimeFormat(undefined, {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
});
const relativeFmt = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });

type DateLike = Date | string | null | undefined;

function toDate(value: DateLike): Date | null {
  if (!value) return null;
  if (value instanceof Date) return value;
  // A DATE column arrives as YYYY-MM-DD: read it as a calendar day, not UTC midnight.
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (m) return new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
}

export function formatDate(value: DateLike, empty = '—'): string {
  const d = toDate(value);
  return d ? dateFmt.format(d) : empty;
}

export function formatDateTime(value: DateLike, empty = '—'): string {
  const d = toDate(value);
  return d ? dateTimeFmt.format(d) : empty;
}

/** "in 3 hours", "2 days ago". */
export function formatRelative(value: DateLike, now: Date = new Date(), empty = '—'): string {
  const d = toDate(value);
  if (!d) return empty;
  const seconds = Math.round((d.getTime() - now.getTime()) / 1000);
  const abs = Math.abs(seconds);
  if (abs < 60) return relativeFmt.format(seconds, 'second');
  if (abs < 3600) return relativeFmt.format(Math.round(seconds / 60), 'minute');
  if (abs < 86_400) return relativeFmt.format(Math.round(seconds / 3600), 'hour');
  if (abs < 30 * 86_400) return relativeFmt.format(Math.round(seconds / 86_400), 'day');
  if (abs < 365 * 86_400) return relativeFmt.format(Math.round(seconds / (30 * 86_400)), 'month');
  return relativeFmt.format(Math.round(seconds / (365 * 86_400)), 'year');
}

// Money formatting is shared with the server (digests, exports).
export { formatMoney } from '../../../shared/money';

export function formatNumber(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : value.toLocaleString();
}

export function fullName(person: { firstName?: string | null; lastName?: string | null } | null | undefined): string {
  if (!person) return '';
  return [person.firstName, person.lastName].filter(Boolean).join(' ');
}

export function initials(name: string | null | undefined): string {
  if (!name) return '?';
  const parts = name.trim().split(/\s+/);
  return ((parts[0]?.[0] ?? '') + (parts.length > 1 ? (parts[parts.length - 1]?.[0] ?? '') : '')).toUpperCase() || '?';
}

export function capitalize(s: string): string {
  return s ? s[0]!.toUpperCase() + s.slice(1) : s;
}

/** Value for <input type="date"> from a DATE string or Date. */
export function toDateInput(value: DateLike): string {
  const d = toDate(value);
  if (!d) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** Value for <input type="datetime-local"> in the browser's time zone. */
export function toDateTimeInput(value: DateLike): string {
  const d = toDate(value);
  if (!d) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${toDateInput(d)}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

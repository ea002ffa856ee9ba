// When a playbook step is due: its delay counted from the enrolment (T+0, T+1 hour, T+1 day, T+3 business days),
// in the record owner's time zone, so "a day later" keeps the wall-clock time across a DST change and business
// days skip Saturdays and Sundays where the owner is.
import { DateTime } from 'luxon';
import { addDaysToDate, localDate, startOfLocalDay } from './myDay';

export const delayUnits = ['minutes', 'hours', 'days', 'businessDays'] as const;
export type DelayUnit = (typeof delayUnits)[number];

export interface Delay {
  amount: number;
  unit: DelayUnit;
}

const isWeekend = (d: DateTime) => d.weekday === 6 || d.weekday === 7;

/**
 * The moment `delay` after `start` for someone in `timeZone`.
 * - minutes, hours: elapsed time.
 * - days: the same local time N calendar days later.
 * - businessDays: the same local time on the Nth weekday (Mon-Fri) after the start's day; when the start falls on a
 *   weekend, counting begins from that weekend (T+1 business day from Saturday is Monday). T+0 is the start itself.
 */
export function addDelay(start: Date, delay: Delay, timeZone: string): Date {
  if (delay.amount === 0) return new Date(start);
  if (delay.unit === 'minutes') return new Date(start.getTime() + delay.amount * 60_000);
  if (delay.unit === 'hours') return new Date(start.getTime() + delay.amount * 3_600_000);
  const local = DateTime.fromJSDate(start, { zone: timeZone }).isValid
    ? DateTime.fromJSDate(start, { zone: timeZone })
    : DateTime.fromJSDate(start, { zone: 'UTC' });
  if (delay.unit === 'days') return local.plus({ days: delay.amount }).toJSDate();
  let day = local;
  let left = delay.amount;
  while (left > 0) {
    day = day.plus({ days: 1 });
    if (!isWeekend(day)) left -= 1;
  }
  return day.toJSDate();
}

/**
 * When a playbook task "due in N days" is due: the last millisecond of the owner's local day N days after the step
 * ran (0: the end of today). Due at the step's own moment, a task made at 10:00 showed "Overdue" seconds later.
 */
export function taskDueAt(ranAt: Date, dueInDays: number, timeZone: string): Date {
  const zone = DateTime.local().setZone(timeZone).isValid ? timeZone : 'UTC';
  const day = addDaysToDate(localDate(ranAt, zone), dueInDays);
  return new Date(startOfLocalDay(addDaysToDate(day, 1), zone).getTime() - 1);
}

/** "T+0", "T+2 hours", "T+1 day", "T+3 business days": how the screens name a delay. */
export function describeDelay(delay: Delay): string {
  if (delay.amount === 0) return 'T+0';
  const one = delay.amount === 1;
  const unit = { minutes: one ? 'minute' : 'minutes', hours: one ? 'hour' : 'hours', days: one ? 'day' : 'days', businessDays: one ? 'business day' : 'business days' }[delay.unit];
  return `T+${delay.amount} ${unit}`;
}

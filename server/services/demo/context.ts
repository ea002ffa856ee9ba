// What every part of the demo organisation is built from: the seeded generator, "now", the users, and ids.
import type { Role } from '../../../shared/enums';
import type { Random } from '../../domain/random';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export interface DemoUser {
  id: string;
  name: string;
  email: string;
  role: Role;
  /** For what the demo's notifications say in local time; UTC when not given. */
  timeZone?: string;
}

export interface DemoTeam {
  admin: DemoUser;
  managers: DemoUser[];
  reps: DemoUser[];
  csms: DemoUser[];
}

export type DemoTable =
  | 'accounts'
  | 'contacts'
  | 'products'
  | 'opportunities'
  | 'opportunityStageHistory'
  | 'lineItems'
  | 'leads'
  | 'projects'
  | 'milestones'
  | 'cases'
  | 'activities'
  | 'forecastSnapshots';

export interface DemoContext {
  rng: Random;
  now: Date;
  team: DemoTeam;
  /** The next id of a table. Ids are chosen up front so the rows can reference each other before any insert. */
  nextId(table: DemoTable): number;
}

export function idSequence(lastIds: Partial<Record<DemoTable, number>>): (table: DemoTable) => number {
  const last = new Map(Object.entries(lastIds) as [DemoTable, number][]);
  return (table) => {
    const id = (last.get(table) ?? 0) + 1;
    last.set(table, id);
    return id;
  };
}

export const dayOf = (date: Date): string => date.toISOString().slice(0, 10);
export const addDays = (date: Date, days: number): Date => new Date(date.getTime() + days * DAY);
export const laterOf = (a: Date, b: Date): Date => (a.getTime() >= b.getTime() ? a : b);
export const earlierOf = (a: Date, b: Date): Date => (a.getTime() <= b.getTime() ? a : b);

/** A moment during working hours (08:00-18:00 UTC) `days` days from now; never in the future when days <= 0. */
export function workTime(ctx: DemoContext, days: number): Date {
  const at = addDays(ctx.now, days);
  at.setUTCHours(ctx.rng.int(8, 17), ctx.rng.pick([0, 15, 30, 45]), 0, 0);
  if (days <= 0 && at.getTime() > ctx.now.getTime()) return new Date(ctx.now.getTime() - ctx.rng.int(10, 180) * MINUTE);
  return at;
}

/** A moment during working hours on the day of `date`. */
export function workTimeOn(ctx: DemoContext, date: Date): Date {
  const at = new Date(date);
  at.setUTCHours(ctx.rng.int(8, 17), ctx.rng.pick([0, 15, 30, 45]), 0, 0);
  return at;
}

/** A moment in [from, to], moved into working hours of its day when that keeps it inside the range. */
export function workTimeBetween(ctx: DemoContext, from: Date, to: Date): Date {
  const raw = new Date(from.getTime() + ctx.rng.next() * Math.max(0, to.getTime() - from.getTime()));
  const office = new Date(raw);
  office.setUTCHours(ctx.rng.int(8, 17), ctx.rng.pick([0, 15, 30, 45]), 0, 0);
  return office.getTime() >= from.getTime() && office.getTime() <= to.getTime() ? office : raw;
}

/** n moments spread over [from, to], in order, the first at `from` and the last at `to`. */
export function spread(ctx: DemoContext, from: Date, to: Date, n: number): Date[] {
  if (n === 1) return [to];
  const inner = Array.from({ length: n - 2 }, () => from.getTime() + ctx.rng.next() * (to.getTime() - from.getTime()));
  return [from.getTime(), ...inner.sort((a, b) => a - b), to.getTime()].map((t) => new Date(t));
}

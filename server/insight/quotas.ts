// Sales quotas: what a manager expects a rep to close in a month or a fiscal quarter. Managers and admins
// set them (audited as entity 'quota'); the dashboards and the manager digest read them through
// quotaFor / quotasFor, which take the period as shared/periods.ts names it.
//
// A quarter without a quarter quota of its own reads as the sum of the month quotas set inside it, so a
// team that plans by month still has quarter coverage. A month never derives from its quarter.
// A manager sees and sets the quotas of their own team (themselves and their reps: teamOwnerIds); an admin everyone's.
import { and, asc, eq, inArray, or, sql } from 'drizzle-orm';
import { quotas, users } from '../../drizzle/schema';
import { sumMoney } from '../../shared/money';
import { calendarDay, type Period, periodContaining, shiftPeriod } from '../../shared/periods';
import type { QuotaList, QuotaRemove, QuotaSet } from '../../shared/schemas/quotas';
import { type DbOrTx, inTransaction } from '../db';
import { assertManagerOrAdmin } from '../lib/access';
import type { Actor } from '../lib/actor';
import { insertAudited, recordDeleteAudit, recordUpdateAudit } from '../lib/audit';
import { fieldError, forbidden, notFound } from '../lib/errors';
import { getOrganisationSettings } from '../services/settings';
import { teamOwnerIds } from '../services/teams';
import { toMoney } from './aggregates';

const q = quotas;

/** The roles that carry a quota: the people who own deals. */
export const QUOTA_ROLES = ['rep', 'manager'] as const;

type PeriodRef = Pick<Period, 'kind' | 'start' | 'end'>;

/** Each user's quota for the period ('1234.00'); users without one are absent. One query for any number of users. */
export async function quotasFor(db: DbOrTx, userIds: readonly string[], period: PeriodRef): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (userIds.length === 0) return out;
  const own = and(eq(q.periodKind, period.kind), eq(q.periodStart, period.start));
  const months = and(eq(q.periodKind, 'month'), sql`${q.periodStart} between ${period.start} and ${period.end}`);
  const rows = await db
    .select({ userId: q.userId, kind: q.periodKind, amount: sql<string>`sum(${q.amount})`.mapWith(toMoney) })
    .from(q)
    .where(and(inArray(q.userId, [...userIds]), period.kind === 'quarter' ? or(own, months) : own))
    .groupBy(q.userId, q.periodKind);
  // The period's own quota first; a quarter's months only where it has none.
  for (const r of rows) if (r.kind === period.kind) out.set(r.userId, r.amount);
  for (const r of rows) if (!out.has(r.userId)) out.set(r.userId, r.amount);
  return out;
}

/** One user's quota for the period, or null when none is set. */
export async function quotaFor(db: DbOrTx, userId: string, period: PeriodRef): Promise<string | null> {
  return (await quotasFor(db, [userId], period)).get(userId) ?? null;
}

/** A team's quota is the sum of its members' (null when none of them has one). */
export function teamQuota(byUser: Map<string, string>): string | null {
  return byUser.size === 0 ? null : sumMoney([...byUser.values()]);
}

async function resolvePeriod(db: DbOrTx, actor: Actor, input: { period: QuotaList['period']; start?: string }, now: Date) {
  const { fiscalYearStartMonth } = await getOrganisationSettings(db, actor);
  const current = periodContaining(calendarDay(now, 'UTC'), input.period, fiscalYearStartMonth);
  const period = input.start ? periodContaining(input.start, input.period, fiscalYearStartMonth) : current;
  return Object.assign(period, {
    isCurrent: period.start === current.start,
    previousStart: shiftPeriod(period, -1, fiscalYearStartMonth).start,
    nextStart: shiftPeriod(period, 1, fiscalYearStartMonth).start,
  });
}

/** Refuses a manager touching the quota of someone outside their team (admins may touch anyone's). */
async function assertInTeam(db: DbOrTx, actor: Actor, userId: string) {
  const team = await teamOwnerIds(db, actor);
  if (team !== null && !team.includes(userId)) throw forbidden('You can set quotas only for yourself and the reps in your team');
}

/** The Quotas page: every active rep and manager of the reader's team (an admin's: everyone) with their quota for the period (null when unset). */
export async function listQuotas(db: DbOrTx, actor: Actor, input: QuotaList, now: Date) {
  assertManagerOrAdmin(actor, 'Only managers and admins can see quotas');
  const [period, team] = await Promise.all([resolvePeriod(db, actor, input, now), teamOwnerIds(db, actor)]);
  const people = await db
    .select({ id: users.id, name: users.name, role: users.role })
    .from(users)
    .where(and(eq(users.active, true), inArray(users.role, [...QUOTA_ROLES]), team ? inArray(users.id, team) : undefined))
    .orderBy(asc(users.name), asc(users.id));
  const [byUser, own] = await Promise.all([
    quotasFor(db, people.map((p) => p.id), period),
    db
      .select({ userId: q.userId, amount: q.amount, updatedAt: q.updatedAt })
      .from(q)
      .where(and(eq(q.periodKind, period.kind), eq(q.periodStart, period.start), team ? inArray(q.userId, team) : undefined)),
  ]);
  const ownOf = new Map(own.map((r) => [r.userId, r]));
  const { isCurrent, previousStart, nextStart, ...plain } = period;
  return {
    period: plain,
    isCurrent,
    previousStart,
    nextStart,
    total: teamQuota(byUser),
    people: people.map((p) => ({
      ...p,
      quota: byUser.get(p.id) ?? null,
      /** False when a quarter's number is the sum of its months' quotas rather than one set for the quarter. */
      setForPeriod: ownOf.has(p.id),
      updatedAt: ownOf.get(p.id)?.updatedAt ?? null,
    })),
  };
}

async function loadQuotaHolder(db: DbOrTx, userId: string) {
  const [person] = await db.select({ id: users.id, role: users.role, active: users.active }).from(users).where(eq(users.id, userId));
  if (!person) throw notFound('User');
  if (!(QUOTA_ROLES as readonly string[]).includes(person.role)) throw fieldError('invalid', 'userId', 'Only reps and managers carry a quota');
  return person;
}

export async function setQuota(db: DbOrTx, actor: Actor, input: QuotaSet, now: Date) {
  assertManagerOrAdmin(actor, 'Only managers and admins can set quotas');
  return inTransaction(db, async (tx) => {
    await loadQuotaHolder(tx, input.userId);
    await assertInTeam(tx, actor, input.userId);
    const period = await resolvePeriod(tx, actor, input, now);
    const key = and(eq(q.userId, input.userId), eq(q.periodKind, period.kind), eq(q.periodStart, period.start));
    const [before] = await tx.select().from(q).where(key).for('update');
    const values = { amount: input.amount, setById: actor.id };
    if (!before) {
      await insertAudited(
        tx,
        q,
        { userId: input.userId, periodKind: period.kind, periodStart: period.start, periodEnd: period.end, ...values },
        { actor, entityType: 'quota', now },
      );
    } else {
      await tx.update(q).set({ ...values, updatedAt: now }).where(eq(q.id, before.id));
      await recordUpdateAudit(tx, { actor, entityType: 'quota', entityId: before.id, before, after: { ...before, amount: toMoney(input.amount), setById: actor.id } });
    }
    const [row] = await tx.select().from(q).where(key);
    return row!;
  });
}

export async function removeQuota(db: DbOrTx, actor: Actor, input: QuotaRemove, now: Date): Promise<{ removed: boolean }> {
  assertManagerOrAdmin(actor, 'Only managers and admins can remove quotas');
  return inTransaction(db, async (tx) => {
    await assertInTeam(tx, actor, input.userId);
    const period = await resolvePeriod(tx, actor, input, now);
    const [before] = await tx
      .select()
      .from(q)
      .where(and(eq(q.userId, input.userId), eq(q.periodKind, period.kind), eq(q.periodStart, period.start)))
      .for('update');
    if (!before) return { removed: false };
    await tx.delete(q).where(eq(q.id, before.id));
    await recordDeleteAudit(tx, { actor, entityType: 'quota', entityId: before.id, before });
    return { removed: true };
  });
}

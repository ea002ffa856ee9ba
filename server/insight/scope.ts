// Whose numbers a dashboard shows, and the calendar it counts in: the user's "today" in their time zone,
// and the organisation's fiscal quarters. A manager's "team" is their own team (themselves and the reps
// naming them as manager, services/teams.ts); an admin's is the whole organisation.
import { eq, inArray, type SQL } from 'drizzle-orm';
import type { AnyMySqlColumn } from 'drizzle-orm/mysql-core';
import { users } from '../../drizzle/schema';
import { isManagerOrAdmin } from '../../shared/access';
import { calendarDay } from '../../shared/periods';
import type { AnalyticsScope } from '../../shared/schemas/analytics';
import type { DbOrTx } from '../db';
import type { Actor } from '../lib/actor';
import { type HeldAggregates, heldAggregates } from '../lib/precomputed';
import { forbidden, notFound } from '../lib/errors';
import { getOrganisationSettings } from '../services/settings';
import { teamRepIds } from '../services/teams';

export interface InsightScope {
  /** The owners whose deals count; null for everyone's (an admin's team: the whole organisation). */
  ownerIds: string[] | null;
  /** Who the dashboard is about. */
  subject: { id: string; name: string; role: string };
  now: Date;
  /** The subject's calendar day at `now`. */
  today: string;
  fiscalYearStartMonth: number;
  /**
   * The forecast snapshots' scope_keys whose sum on one snapshot day is these numbers' snapshot: the user's
   * id, a manager's team's ids, or [''] (the organisation's).
   */
  snapshotKeys: string[];
  /** The precomputed aggregates complete now (lib/precomputed.ts); absent or false: count live. */
  held?: HeldAggregates;
}

/**
 * Whose deals `actor` may count: an admin's (and the system's) everyone's (null), a manager's their team's
 * (themselves and their active reps), anyone else's only their own.
 */
export async function countableOwnerIds(db: DbOrTx, actor: Actor): Promise<string[] | null> {
  if (actor.id === null || actor.role === 'admin') return null;
  if (actor.role === 'manager') return [actor.id, ...(await teamRepIds(db, actor))];
  return [actor.id];
}

export async function resolveScope(db: DbOrTx, actor: Actor, scope: AnalyticsScope, now: Date): Promise<InsightScope> {
  if (actor.id === null) throw forbidden('A dashboard is always someone’s: name the user');
  const subjectId = scope.scope === 'user' ? scope.userId : actor.id;
  if ((scope.scope === 'team' || subjectId !== actor.id) && !isManagerOrAdmin(actor)) {
    throw forbidden(scope.scope === 'team' ? 'Only managers and admins can open the team’s numbers' : 'Only managers and admins can open someone else’s dashboard');
  }
  const [[subject], settings, team, held] = await Promise.all([
    db.select({ id: users.id, name: users.name, role: users.role, timeZone: users.timeZone }).from(users).where(eq(users.id, subjectId)),
    getOrganisationSettings(db, actor),
    countableOwnerIds(db, actor),
    heldAggregates(db),
  ]);
  if (!subject) throw notFound('User');
  if (team && !team.includes(subject.id)) throw forbidden(`${subject.name} is not in your team: managers open their own team’s numbers`);
  const calendar = { now, today: calendarDay(now, subject.timeZone), fiscalYearStartMonth: settings.fiscalYearStartMonth, held };
  // The team's numbers count in the day of the manager looking at them.
  if (scope.scope === 'team') return { ownerIds: team, subject: { id: '', name: 'Team', role: 'team' }, ...calendar, snapshotKeys: team ?? [''] };
  return { ownerIds: [subject.id], subject: { id: subject.id, name: subject.name, role: subject.role }, ...calendar, snapshotKeys: [subject.id] };
}

/** owner = x for one owner (an equality the owner-first indexes serve best), IN (...) for several, nothing for all. */
export function ownedBy(column: AnyMySqlColumn, ownerIds: string[] | null): SQL | undefined {
  if (ownerIds === null) return undefined;
  return ownerIds.length === 1 ? eq(column, ownerIds[0]!) : inArray(column, ownerIds);
}

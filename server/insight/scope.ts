// Whose numbers a dashboard shows, and the calendar it counts in: the user's "today" in their time zone,
// and the organisation's fiscal quarters.
import { eq, inArray, type SQL } from 'drizzle-orm';
import type { AnyMySqlColumn } from 'drizzle-orm/mysql-core';
import { users } from '../../drizzle/schema';
import { isManagerOrAdmin } from '../../shared/access';
import { calendarDay } from '../../shared/periods';
import type { AnalyticsScope } from '../../shared/schemas/analytics';
import type { DbOrTx } from '../db';
import type { Actor } from '../lib/actor';
import { forbidden, notFound } from '../lib/errors';
import { getOrganisationSettings } from '../services/settings';

export interface InsightScope {
  /** The owners whose deals count; null for everyone's (the team, which is the whole organisation). */
  ownerIds: string[] | null;
  /** Who the dashboard is about. */
  subject: { id: string; name: string; role: string };
  now: Date;
  /** The subject's calendar day at `now`. */
  today: string;
  fiscalYearStartMonth: number;
  /** The forecast snapshots' scope_key of these numbers: the user's id ('' is the organisation). */
  snapshotKey: string;
}

export async function resolveScope(db: DbOrTx, actor: Actor, scope: AnalyticsScope, now: Date): Promise<InsightScope> {
  if (actor.id === null) throw forbidden('A dashboard is always someone’s: name the user');
  const subjectId = scope.scope === 'user' ? scope.userId : actor.id;
  if ((scope.scope === 'team' || subjectId !== actor.id) && !isManagerOrAdmin(actor)) {
    throw forbidden(scope.scope === 'team' ? 'Only managers and admins can open the team’s numbers' : 'Only managers and admins can open someone else’s dashboard');
  }
  const [[subject], settings] = await Promise.all([
    db.select({ id: users.id, name: users.name, role: users.role, timeZone: users.timeZone }).from(users).where(eq(users.id, subjectId)),
    getOrganisationSettings(db, actor),
  ]);
  if (!subject) throw notFound('User');
  const calendar = { now, today: calendarDay(now, subject.timeZone), fiscalYearStartMonth: settings.fiscalYearStartMonth };
  // The team's numbers count in the day of the manager looking at them.
  if (scope.scope === 'team') return { ownerIds: null, subject: { id: '', name: 'Team', role: 'team' }, ...calendar, snapshotKey: '' };
  return { ownerIds: [subject.id], subject: { id: subject.id, name: subject.name, role: subject.role }, ...calendar, snapshotKey: subject.id };
}

/** owner = x for one owner (an equality the owner-first indexes serve best), IN (...) for several, nothing for all. */
export function ownedBy(column: AnyMySqlColumn, ownerIds: string[] | null): SQL | undefined {
  if (ownerIds === null) return undefined;
  return ownerIds.length === 1 ? eq(column, ownerIds[0]!) : inArray(column, ownerIds);
}

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
  /** The owners whose deals count. */
  ownerIds: string[];
  /** Who the dashboard is about. */
  subject: { id: string; name: string; role: string };
  now: Date;
  /** The subject's calendar day at `now`. */
  today: string;
  fiscalYearStartMonth: number;
}

export async function resolveScope(db: DbOrTx, actor: Actor, scope: AnalyticsScope, now: Date): Promise<InsightScope> {
  if (actor.id === null) throw forbidden('A dashboard is always someone’s: name the user');
  const subjectId = scope.scope === 'me' ? actor.id : scope.userId;
  if (subjectId !== actor.id && !isManagerOrAdmin(actor)) {
    throw forbidden('Only managers and admins can open someone else’s dashboard');
  }
  const [[subject], settings] = await Promise.all([
    db.select({ id: users.id, name: users.name, role: users.role, timeZone: users.timeZone }).from(users).where(eq(users.id, subjectId)),
    getOrganisationSettings(db, actor),
  ]);
  if (!subject) throw notFound('User');
  return {
    ownerIds: [subject.id],
    subject: { id: subject.id, name: subject.name, role: subject.role },
    now,
    today: calendarDay(now, subject.timeZone),
    fiscalYearStartMonth: settings.fiscalYearStartMonth,
  };
}

/** owner = x for one owner (an equality the owner-first indexes serve best), IN (...) for several. */
export function ownedBy(column: AnyMySqlColumn, ownerIds: string[]): SQL {
  return ownerIds.length === 1 ? eq(column, ownerIds[0]!) : inArray(column, ownerIds);
}

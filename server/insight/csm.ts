// The CSM dashboard (analytics.dashboard { scope: 'csm' }): a customer success manager's book — projects by
// health, overdue milestones, adoption (active vs expected users), open cases by priority with SLA breaches,
// and customer accounts gone quiet. A CSM sees their own; managers and admins one CSM's or every customer's.
import { and, asc, desc, eq, inArray, isNull, lt, ne, notInArray, or, sql, type SQL } from 'drizzle-orm';
import { accounts, cases, milestones, projects, users } from '../../drizzle/schema';
import { isManagerOrAdmin } from '../../shared/access';
import { casePriorities, healthStatuses } from '../../shared/enums';
import { calendarDay } from '../../shared/periods';
import { LOW_ADOPTION_SHARE } from '../../shared/scoreBands';
import type { DbOrTx } from '../db';
import type { Actor } from '../lib/actor';
import { forbidden, notFound } from '../lib/errors';
import { adoptionRate } from '../domain/salesMetrics';
import { ownedBy } from './scope';

const p = projects;
/** An account with no customer activity for this many days is low-engagement (as in the CSM digest). */
export const LOW_ENGAGEMENT_DAYS = 30;
const LIST_LIMIT = 10;

/** Projects still being delivered: not completed or cancelled, not deleted. */
const activeProjects = (ownerIds: string[] | null) =>
  and(isNull(p.deletedAt), notInArray(p.status, ['Completed', 'Cancelled']), ownedBy(p.ownerId, ownerIds))!;

export async function resolveCsmScope(db: DbOrTx, actor: Actor, userId: string | undefined) {
  if (actor.id === null) throw forbidden('A dashboard is always someone’s: name the user');
  const manager = isManagerOrAdmin(actor);
  if (userId && userId !== actor.id && !manager) throw forbidden('Only managers and admins can open someone else’s dashboard');
  const subjectId = userId ?? (manager ? null : actor.id);
  if (subjectId === null) return { ownerIds: null, subject: { id: '', name: 'Every customer', role: 'team' }, timeZone: 'UTC' };
  const [subject] = await db.select({ id: users.id, name: users.name, role: users.role, timeZone: users.timeZone }).from(users).where(eq(users.id, subjectId));
  if (!subject) throw notFound('User');
  return { ownerIds: [subject.id], subject: { id: subject.id, name: subject.name, role: subject.role }, timeZone: subject.timeZone };
}

export async function csmDashboard(db: DbOrTx, actor: Actor, input: { userId?: string }, now: Date) {
  const scope = await resolveCsmScope(db, actor, input.userId);
  const today = calendarDay(now, scope.timeZone);
  const live = activeProjects(scope.ownerIds);
  const overdue: SQL = and(live, ne(milestones.status, 'Completed'), lt(milestones.dueDate, today))!;
  const openCases = and(ne(cases.status, 'Closed'), ownedBy(cases.ownerId, scope.ownerIds))!;
  const quietSince = new Date(now.getTime() - LOW_ENGAGEMENT_DAYS * 86_400_000);
  const quiet = or(isNull(accounts.lastActivityAt), lt(accounts.lastActivityAt, quietSince))!;
  // Customer accounts of the book: those with a project being delivered.
  const bookAccounts = db.selectDistinct({ id: p.accountId }).from(p).where(live);

  const [byHealth, overdueCount, overdueList, adoption, lowAdoption, casesByPriority, quietCount, quietList] = await Promise.all([
    db.select({ health: p.healthStatus, count: sql<number>`count(*)`.mapWith(Number) }).from(p).where(live).groupBy(p.healthStatus),
    db.select({ count: sql<number>`count(*)`.mapWith(Number) }).from(milestones).innerJoin(p, eq(p.id, milestones.projectId)).where(overdue),
    db
      .select({ id: milestones.id, title: milestones.title, dueDate: milestones.dueDate, status: milestones.status, projectId: p.id, projectName: p.projectName })
      .from(milestones)
      .innerJoin(p, eq(p.id, milestones.projectId))
      .where(overdue)
      .orderBy(asc(milestones.dueDate), asc(milestones.id))
      .limit(LIST_LIMIT),
    db
      .select({
        projects: sql<number>`count(*)`.mapWith(Number),
        activeUsers: sql<number>`coalesce(sum(${p.activeUsers}), 0)`.mapWith(Number),
        expectedUsers: sql<number>`coalesce(sum(${p.expectedUsers}), 0)`.mapWith(Number),
        low: sql<number>`coalesce(sum(${p.expectedUsers} > 0 and ${p.activeUsers} < ${LOW_ADOPTION_SHARE} * ${p.expectedUsers}), 0)`.mapWith(Number),
      })
      .from(p)
      .where(live),
    db
      .select({ id: p.id, projectName: p.projectName, activeUsers: p.activeUsers, expectedUsers: p.expectedUsers, healthStatus: p.healthStatus })
      .from(p)
      .where(and(live, sql`${p.expectedUsers} > 0 and ${p.activeUsers} < ${LOW_ADOPTION_SHARE} * ${p.expectedUsers}`))
      .orderBy(sql`${p.activeUsers} / ${p.expectedUsers}`, asc(p.id))
      .limit(LIST_LIMIT),
    db
      .select({
        priority: cases.priority,
        open: sql<number>`count(*)`.mapWith(Number),
        breached: sql<number>`coalesce(sum(${cases.slaDueAt} < ${now}), 0)`.mapWith(Number),
      })
      .from(cases)
      .where(openCases)
      .groupBy(cases.priority),
    db.select({ count: sql<number>`count(*)`.mapWith(Number) }).from(accounts).where(and(inArray(accounts.id, bookAccounts), isNull(accounts.deletedAt), quiet)),
    db
      .select({ id: accounts.id, accountName: accounts.accountName, lastActivityAt: accounts.lastActivityAt })
      .from(accounts)
      .where(and(inArray(accounts.id, bookAccounts), isNull(accounts.deletedAt), quiet))
      .orderBy(sql`${accounts.lastActivityAt} is not null`, asc(accounts.lastActivityAt), asc(accounts.id))
      .limit(LIST_LIMIT),
  ]);
  const a = adoption[0] ?? { projects: 0, activeUsers: 0, expectedUsers: 0, low: 0 };
  return {
    subject: scope.subject,
    today,
    projectsByHealth: healthStatuses.map((health) => ({ health, count: byHealth.find((r) => r.health === health)?.count ?? 0 })),
    overdueMilestones: { count: overdueCount[0]?.count ?? 0, items: overdueList },
    adoption: { ...a, rate: adoptionRate(a.activeUsers, a.expectedUsers), lowShare: LOW_ADOPTION_SHARE, lowest: lowAdoption },
    openCases: casesByPriority.length
      ? [...casePriorities].reverse().map((priority) => {
          const r = casesByPriority.find((x) => x.priority === priority);
          return { priority, open: r?.open ?? 0, breached: r?.breached ?? 0 };
        })
      : [],
    lowEngagement: { days: LOW_ENGAGEMENT_DAYS, count: quietCount[0]?.count ?? 0, items: quietList },
  };
}

export type CsmDashboard = Awaited<ReturnType<typeof csmDashboard>>;

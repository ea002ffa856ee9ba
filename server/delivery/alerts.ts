// The alert sweeps: each loads its candidates in one query, lets server/domain/alerts.ts decide, and adds
// the notifications in one statement. Dedupe keys make every sweep safe to run on any number of schedulers
// and again on every tick.
import { and, between, eq, gte, inArray, isNull, ne, notInArray } from 'drizzle-orm';
import { cases, emailConnections, jobs, projects, users } from '../../drizzle/schema';
import type { HealthStatus } from '../../shared/enums';
import { type DbOrTx, inTransaction } from '../db';
import { enrolCasesNearSla } from '../automation/recordTriggers';
import type { Actor } from '../lib/actor';
import {
  ALERTING_HEALTH,
  caseSlaAlert,
  deadJobAlert,
  FINISHED_PROJECT_STATUSES,
  isAlertingHealth,
  localTime,
  MORNING_CHECK_HOUR,
  projectHealthAlert,
  reconnectAlert,
  SLA_ALERT_LOOKBACK_MS,
} from '../domain/alerts';
import { notify } from './notifications';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** The longest at-risk window the sweep looks ahead for (20% of a 60-day SLA). */
const SLA_LOOKAHEAD_MS = 12 * DAY_MS;
const DEAD_JOB_LOOKBACK_MS = DAY_MS;

/**
 * At once when a project's health changes to At Risk or Critical: its CSM (owner) hears of it, unless they
 * made the change themselves (then the 08:00 check reminds them).
 */
export async function notifyProjectHealthChange(
  tx: DbOrTx,
  actor: Actor,
  project: { id: number; projectName: string; healthStatus: HealthStatus; ownerId: string },
  previousHealth: HealthStatus,
  now: Date,
): Promise<void> {
  if (project.healthStatus === previousHealth || !isAlertingHealth(project.healthStatus)) return;
  if (actor.id === project.ownerId) return;
  const [owner] = await tx.select({ timeZone: users.timeZone, active: users.active }).from(users).where(eq(users.id, project.ownerId));
  if (!owner?.active) return;
  await notify(tx, [projectHealthAlert(project, owner.timeZone, now, 'changed')], now);
}

/** Hourly: owners for whom it is 08:00 hear of each of their live projects that is At Risk or Critical. */
export async function checkProjectHealth(db: DbOrTx, now: Date): Promise<number> {
  const rows = await db
    .select({
      id: projects.id,
      projectName: projects.projectName,
      healthStatus: projects.healthStatus,
      ownerId: projects.ownerId,
      ownerTimeZone: users.timeZone,
    })
    .from(projects)
    .innerJoin(users, eq(users.id, projects.ownerId))
    .where(
      and(
        inArray(projects.healthStatus, [...ALERTING_HEALTH]),
        notInArray(projects.status, [...FINISHED_PROJECT_STATUSES]),
        isNull(projects.deletedAt),
        eq(users.active, true),
      ),
    );
  const due = rows.filter((r) => localTime(now, r.ownerTimeZone).hour === MORNING_CHECK_HOUR);
  return notify(db, due.map((r) => projectHealthAlert(r, r.ownerTimeZone, now, 'still')), now);
}

/** Open cases in the last 20% of their SLA window or just past it alert their owners. */
export async function alertCasesNearSla(db: DbOrTx, now: Date): Promise<number> {
  const rows = await db
    .select({
      id: cases.id,
      caseNumber: cases.caseNumber,
      subject: cases.subject,
      status: cases.status,
      slaDueAt: cases.slaDueAt,
      createdAt: cases.createdAt,
      ownerId: cases.ownerId,
      ownerTimeZone: users.timeZone,
    })
    .from(cases)
    .innerJoin(users, eq(users.id, cases.ownerId))
    .where(
      and(
        between(cases.slaDueAt, new Date(now.getTime() - SLA_ALERT_LOOKBACK_MS), new Date(now.getTime() + SLA_LOOKAHEAD_MS)),
        ne(cases.status, 'Closed'),
        eq(users.active, true),
      ),
    );
  // The same cases, by the same test, start the case playbooks (server/automation/recordTriggers.ts).
  return inTransaction(db, async (tx) => {
    await enrolCasesNearSla(tx, now, rows);
    return notify(tx, rows.flatMap((c) => caseSlaAlert(c, now) ?? []), now);
  });
}

/** Jobs that died in the last day tell every active admin. */
export async function alertDeadJobs(db: DbOrTx, now: Date): Promise<number> {
  const dead = await db
    .select({ id: jobs.id, type: jobs.type, lastError: jobs.lastError, finishedAt: jobs.finishedAt })
    .from(jobs)
    .where(and(eq(jobs.status, 'dead'), gte(jobs.finishedAt, new Date(now.getTime() - DEAD_JOB_LOOKBACK_MS))));
  if (dead.length === 0) return 0;
  const admins = await db.select({ id: users.id }).from(users).where(and(eq(users.role, 'admin'), eq(users.active, true)));
  return notify(
    db,
    dead.flatMap((job) => admins.map((admin) => deadJobAlert({ ...job, finishedAt: job.finishedAt ?? now }, admin.id))),
    now,
  );
}

/** Mailboxes marked "needs reconnect" tell their owners. */
export async function alertReconnectNeeded(db: DbOrTx, now: Date): Promise<number> {
  const rows = await db
    .select({ id: emailConnections.id, userId: emailConnections.userId, emailAddress: emailConnections.emailAddress })
    .from(emailConnections)
    .innerJoin(users, eq(users.id, emailConnections.userId))
    .where(and(eq(emailConnections.status, 'needs_reconnect'), eq(users.active, true)));
  return notify(db, rows.map((c) => reconnectAlert(c, now)), now);
}

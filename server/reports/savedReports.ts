// Saved reports: a definition with a name, private to its owner or shared with everyone, optionally on a
// schedule, whose CSV goes to the owner and to the users added to it (a shared report's only). Everyone may read and run their own and the shared ones (each run as the one who runs it); only
// the owner changes or deletes a report. Writes are audited. saveReport is a plain service: the assistant's
// "save this answer as a report" calls it as the asking user.
import { asc, desc, eq, inArray, or, sql } from 'drizzle-orm';
import { reportExecutions, reportRecipients, type SavedReport, savedReports, users } from '../../drizzle/schema';
import { reportDefinition, type ReportSave, type ReportSchedule, type ReportUpdate, reportSave } from '../../shared/schemas/reports';
import { type DbOrTx, inTransaction } from '../db';
import { describeSchedule, nextReportSlot } from '../domain/reports/schedule';
import type { Actor } from '../lib/actor';
import { insertAudited, recordDeleteAudit, recordUpdateAudit } from '../lib/audit';
import { fieldError, forbidden, invalid, invalidFields, notFound } from '../lib/errors';
import { teamRepIds } from '../services/teams';
import { latestRuns, planFor } from './execute';

const RUNS_SHOWN = 10;

export function scheduleOf(report: Pick<SavedReport, 'scheduleFrequency' | 'scheduleHour' | 'scheduleWeekday' | 'scheduleDayOfMonth'>): ReportSchedule | null {
  if (!report.scheduleFrequency || report.scheduleHour === null) return null;
  return { frequency: report.scheduleFrequency, hour: report.scheduleHour, weekday: report.scheduleWeekday, dayOfMonth: report.scheduleDayOfMonth };
}

function scheduleColumns(schedule: ReportSchedule | null) {
  return {
    scheduleFrequency: schedule?.frequency ?? null,
    scheduleHour: schedule?.hour ?? null,
    scheduleWeekday: schedule?.weekday ?? null,
    scheduleDayOfMonth: schedule?.dayOfMonth ?? null,
  };
}

/** The report if `actor` may read it (their own, or shared); anyone else's private report is "not found". */
export async function loadReportForRead(db: DbOrTx, actor: Actor, id: number): Promise<SavedReport> {
  const [row] = await db.select().from(savedReports).where(eq(savedReports.id, id));
  if (!row || (row.ownerId !== actor.id && !row.shared && actor.role !== 'system')) throw notFound('Report');
  return row;
}

async function loadReportForWrite(tx: DbOrTx, actor: Actor, id: number): Promise<SavedReport> {
  const [row] = await tx.select().from(savedReports).where(eq(savedReports.id, id)).for('update');
  if (!row || (row.ownerId !== actor.id && !row.shared)) throw notFound('Report');
  if (row.ownerId !== actor.id) throw forbidden('Only the report’s owner can change it; save a copy to make it yours');
  return row;
}

/**
 * The users besides the owner who get a scheduled report, checked: active users only, and only when the
 * report is shared (nobody else may read a private one). The owner always gets it and is left out here.
 */
async function checkedRecipients(tx: DbOrTx, ownerId: string, shared: boolean, ids: string[]): Promise<string[]> {
  const others = ids.filter((id) => id !== ownerId);
  if (others.length === 0) return [];
  if (!shared) throw fieldError('invalid', 'recipientIds', 'Only you can get a private report: share it to send it to others');
  const found = new Map((await tx.select({ id: users.id, name: users.name, active: users.active }).from(users).where(inArray(users.id, others))).map((u) => [u.id, u]));
  const unknown = others.find((id) => !found.has(id));
  if (unknown) throw fieldError('invalid', 'recipientIds', 'One of the people chosen is not a user any more');
  const inactive = others.map((id) => found.get(id)!).find((u) => !u.active);
  if (inactive) throw fieldError('invalid', 'recipientIds', `${inactive.name} is deactivated and cannot get the report`);
  return others;
}

async function recipientIdsOf(db: DbOrTx, reportId: number): Promise<string[]> {
  return (await db.select({ userId: reportRecipients.userId }).from(reportRecipients).where(eq(reportRecipients.reportId, reportId)).orderBy(asc(reportRecipients.id))).map((r) => r.userId);
}

async function replaceRecipients(tx: DbOrTx, reportId: number, ids: string[], now: Date): Promise<void> {
  await tx.delete(reportRecipients).where(eq(reportRecipients.reportId, reportId));
  if (ids.length > 0) await tx.insert(reportRecipients).values(ids.map((userId) => ({ reportId, userId, createdAt: now })));
}

/** The Schedule panel's "Also send to": active users to choose from, and the reader's team for "Add my team". */
export async function recipientOptions(db: DbOrTx, actor: Actor) {
  const people = await db
    .select({ id: users.id, name: users.name, role: users.role })
    .from(users)
    .where(eq(users.active, true))
    .orderBy(asc(users.name), asc(users.id));
  return { users: people, teamIds: actor.id ? await teamRepIds(db, { id: actor.id, role: actor.role }) : [] };
}

function requireUser(actor: Actor): string {
  if (!actor.id) throw invalid('A report belongs to a user: save it as one');
  return actor.id;
}

/** Saves a new report for `actor`; the definition is checked against the whitelist first (errors under `definition.`). */
export async function saveReport(db: DbOrTx, actor: Actor, input: ReportSave | Parameters<typeof reportSave.parse>[0], now: Date): Promise<ReportView> {
  const parsed = reportSave.safeParse(input);
  if (!parsed.success) {
    throw invalidFields(Object.fromEntries(parsed.error.issues.map((i) => [i.path.join('.') || 'input', [i.message]])));
  }
  const values = parsed.data;
  const ownerId = requireUser(actor);
  planFor(actor, values.definition, now, 'definition.');
  return inTransaction(db, async (tx) => {
    const recipientIds = await checkedRecipients(tx, ownerId, values.shared, values.recipientIds);
    const id = await insertAudited(
      tx,
      savedReports,
      { ownerId, name: values.name, definition: values.definition, shared: values.shared, ...scheduleColumns(values.schedule) },
      { actor, entityType: 'savedReport', now },
    );
    await replaceRecipients(tx, id, recipientIds, now);
    return getReport(tx, actor, { id }, now);
  });
}

export async function updateReport(db: DbOrTx, actor: Actor, input: ReportUpdate, now: Date): Promise<ReportView> {
  return inTransaction(db, async (tx) => {
    const before = await loadReportForWrite(tx, actor, input.id);
    if (input.definition) planFor(actor, input.definition, now, 'definition.');
    const changes = {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.definition !== undefined ? { definition: input.definition } : {}),
      ...(input.shared !== undefined ? { shared: input.shared } : {}),
      ...(input.schedule !== undefined ? scheduleColumns(input.schedule) : {}),
    };
    const recipientsBefore = await recipientIdsOf(tx, before.id);
    const shared = input.shared ?? before.shared;
    // Unsharing a report keeps others off it: they must be taken off in the same change.
    if (!shared && input.recipientIds === undefined && recipientsBefore.some((id) => id !== before.ownerId)) {
      throw fieldError('invalid', 'shared', 'Others get this report on its schedule: take them off it (Schedule → Also send to) before making it private');
    }
    const recipientIds = await checkedRecipients(tx, before.ownerId, shared, input.recipientIds ?? recipientsBefore);
    const recipientsChanged = recipientIds.join() !== recipientsBefore.join();
    if (Object.keys(changes).length > 0) await tx.update(savedReports).set({ ...changes, updatedAt: now }).where(eq(savedReports.id, before.id));
    if (recipientsChanged) await replaceRecipients(tx, before.id, recipientIds, now);
    if (Object.keys(changes).length > 0 || recipientsChanged) {
      await recordUpdateAudit(tx, {
        actor,
        entityType: 'savedReport',
        entityId: before.id,
        before: { ...before, recipientIds: recipientsBefore },
        after: { ...changes, ...(recipientsChanged ? { recipientIds } : {}) },
      });
    }
    return getReport(tx, actor, { id: before.id }, now);
  });
}

export async function deleteReport(db: DbOrTx, actor: Actor, { id }: { id: number }): Promise<{ id: number }> {
  return inTransaction(db, async (tx) => {
    const before = await loadReportForWrite(tx, actor, id);
    await tx.delete(savedReports).where(eq(savedReports.id, id));
    await recordDeleteAudit(tx, { actor, entityType: 'savedReport', entityId: id, before });
    return { id };
  });
}

export type ReportView = Awaited<ReturnType<typeof getReport>>;

/** A report with what its page shows: owner, whether the reader may change it, schedule, next run, last runs. */
export async function getReport(db: DbOrTx, actor: Actor, { id }: { id: number }, now: Date) {
  const report = await loadReportForRead(db, actor, id);
  const [owner] = await db.select({ name: users.name, timeZone: users.timeZone }).from(users).where(eq(users.id, report.ownerId));
  const schedule = scheduleOf(report);
  const timeZone = owner?.timeZone ?? 'UTC';
  const runs = await latestRuns(db, report.id, RUNS_SHOWN);
  const recipients = await db
    .select({ id: users.id, name: users.name, active: users.active })
    .from(reportRecipients)
    .innerJoin(users, eq(users.id, reportRecipients.userId))
    .where(eq(reportRecipients.reportId, report.id))
    .orderBy(asc(reportRecipients.id));
  const runnerIds = [...new Set(runs.map((r) => r.runById).filter((v): v is string => !!v))];
  const runners = runnerIds.length ? new Map((await db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, runnerIds))).map((u) => [u.id, u.name])) : new Map<string, string>();
  return {
    id: report.id,
    name: report.name,
    /** Null when the saved definition no longer reads (the page says so; saving a new one fixes it). */
    definition: reportDefinition.safeParse(report.definition).data ?? null,
    shared: report.shared,
    ownerId: report.ownerId,
    ownerName: owner?.name ?? '',
    canEdit: report.ownerId === actor.id,
    schedule,
    scheduleLabel: schedule ? `${describeSchedule(schedule)} (${timeZone})` : null,
    nextRunAt: schedule ? nextReportSlot(schedule, timeZone, now).dueAt : null,
    /** Who gets each scheduled CSV besides the owner. */
    recipients,
    createdAt: report.createdAt,
    updatedAt: report.updatedAt,
    runs: runs.map((r) => ({
      id: r.id,
      trigger: r.trigger,
      status: r.status,
      startedAt: r.startedAt,
      durationMs: r.durationMs,
      rowCount: r.rowCount,
      delivery: r.delivery,
      /** Each recipient's copy of a scheduled run, by name. */
      deliveries: (r.deliveries ?? []).map((d) => ({ ...d, name: d.userId === report.ownerId ? (owner?.name ?? '') : (recipients.find((p) => p.id === d.userId)?.name ?? null) })),
      error: r.error,
      runByName: r.runById ? (runners.get(r.runById) ?? null) : null,
    })),
  };
}

/** The reader's own reports and everyone's shared ones, by name, each with its latest run. */
export async function listReports(db: DbOrTx, actor: Actor) {
  const latest = db
    .select({ reportId: reportExecutions.reportId, last: sql<number>`max(${reportExecutions.id})`.as('last') })
    .from(reportExecutions)
    .groupBy(reportExecutions.reportId)
    .as('latest');
  const rows = await db
    .select({
      report: savedReports,
      ownerName: users.name,
      lastRunAt: reportExecutions.startedAt,
      lastRunStatus: reportExecutions.status,
      lastRunRows: reportExecutions.rowCount,
    })
    .from(savedReports)
    .innerJoin(users, eq(users.id, savedReports.ownerId))
    .leftJoin(latest, eq(latest.reportId, savedReports.id))
    .leftJoin(reportExecutions, eq(reportExecutions.id, latest.last))
    .where(or(eq(savedReports.ownerId, actor.id ?? ''), eq(savedReports.shared, true)))
    .orderBy(savedReports.name, desc(savedReports.id));
  return rows.map(({ report, ownerName, lastRunAt, lastRunStatus, lastRunRows }) => {
    const schedule = scheduleOf(report);
    const definition = reportDefinition.safeParse(report.definition);
    return {
      id: report.id,
      name: report.name,
      entity: definition.success ? definition.data.entity : null,
      grouped: definition.success && (definition.data.groupBy.length > 0 || definition.data.aggregates.length > 0),
      shared: report.shared,
      ownerName,
      mine: report.ownerId === actor.id,
      scheduleLabel: schedule ? describeSchedule(schedule) : null,
      lastRun: lastRunAt ? { at: lastRunAt, status: lastRunStatus!, rowCount: lastRunRows } : null,
    };
  });
}


// Running a report: compile its definition against the whitelist as the reader, run the plan, and for saved
// reports log each run (reportExecutions: who, when, rows, how long, how it ended).
import { eq, sql } from 'drizzle-orm';
import { reportExecutions, type SavedReport } from '../../drizzle/schema';
import { type ReportDefinition, type ReportExecutionTrigger, type ReportRecipientDelivery, reportDefinition } from '../../shared/schemas/reports';
import type { DbOrTx } from '../db';
import { compileReport, ReportDefinitionError, type ReportPlan } from '../domain/reports/compile';
import type { Actor } from '../lib/actor';
import { DomainError, invalid, invalidFields } from '../lib/errors';
import { countRows, type ReportPage, runPlan } from './sql';

/** A saved definition as the current schema reads it (defaults filled in); a broken one fails its runs plainly. */
export function storedDefinition(report: Pick<SavedReport, 'definition'>): ReportDefinition {
  const parsed = reportDefinition.safeParse(report.definition);
  if (!parsed.success) throw invalid('This report’s saved definition can no longer be read; open it in the builder and save it again');
  return parsed.data;
}

/** The definition's plan for this reader, or the definition's problems as field errors under `prefix`. */
export function planFor(actor: Actor, definition: ReportDefinition, now: Date, prefix = ''): ReportPlan {
  try {
    return compileReport(definition, { actorId: actor.id, now });
  } catch (error) {
    if (!(error instanceof ReportDefinitionError)) throw error;
    throw invalidFields(Object.fromEntries(Object.entries(error.fieldErrors).map(([path, messages]) => [`${prefix}${path}`, messages])));
  }
}

export interface ReportResult extends ReportPage {
  /** Rows (or groups) in the whole result; given with the first page only. */
  total: number | null;
}

/** How many rows (or groups) the whole report has: the plan's query without paging, counted by the database. */
export function countPlan(db: DbOrTx, plan: ReportPlan, readerId: string | null): Promise<number> {
  return countRows(db, plan, readerId);
}

/** reports.execute: a definition as the builder holds it, one page, not logged. */
export async function executeReport(
  db: DbOrTx,
  actor: Actor,
  input: ReportDefinition & { cursor?: string | null; limit: number },
  now: Date,
): Promise<ReportResult> {
  const { cursor, limit, ...definition } = input;
  const plan = planFor(actor, definition, now);
  const page = await runPlan(db, plan, actor.id, { cursor, limit });
  return { ...page, total: cursor ? null : await countPlan(db, plan, actor.id) };
}

/** Starts a run's log row; finishRun closes it. */
export async function startRun(db: DbOrTx, report: Pick<SavedReport, 'id'>, runBy: string | null, trigger: ReportExecutionTrigger, now: Date): Promise<number> {
  const [row] = await db.insert(reportExecutions).values({ reportId: report.id, trigger, runById: runBy, status: 'running', startedAt: now, createdAt: now, updatedAt: now }).$returningId();
  return row!.id;
}

export async function finishRun(
  db: DbOrTx,
  executionId: number,
  outcome: { rowCount?: number | null; error?: string | null; delivery?: 'attachment' | 'link' | 'inApp' | null; deliveries?: ReportRecipientDelivery[] },
  startedAt: Date,
  finishedAt: Date,
): Promise<void> {
  await db
    .update(reportExecutions)
    .set({
      status: outcome.error ? 'failed' : 'succeeded',
      finishedAt,
      durationMs: Math.max(0, finishedAt.getTime() - startedAt.getTime()),
      rowCount: outcome.rowCount ?? null,
      error: outcome.error ?? null,
      delivery: outcome.delivery ?? null,
      ...(outcome.deliveries ? { deliveries: outcome.deliveries } : {}),
      updatedAt: finishedAt,
    })
    .where(eq(reportExecutions.id, executionId));
}

/** What a failed run records: our own errors in their words, anything else as a plain line (details in the log). */
export function runErrorMessage(error: unknown): string {
  if (error instanceof DomainError) return error.message;
  return 'The report could not be run; the error has been logged.';
}

/**
 * A saved report's page as `actor` may see it. The first page logs a manual run; its duration is the
 * database's time for the page and the count. `clock` is read again at the end for the duration.
 */
export async function runSavedReport(
  db: DbOrTx,
  actor: Actor,
  report: SavedReport,
  page: { cursor?: string | null; limit: number },
  clock: { now(): Date },
): Promise<ReportResult & { executionId: number | null }> {
  const startedAt = clock.now();
  if (page.cursor) {
    const plan = planFor(actor, storedDefinition(report), startedAt, 'definition.');
    return { ...(await runPlan(db, plan, actor.id, page)), total: null, executionId: null };
  }
  const executionId = await startRun(db, report, actor.id, 'manual', startedAt);
  try {
    const plan = planFor(actor, storedDefinition(report), startedAt, 'definition.');
    const result = await runPlan(db, plan, actor.id, page);
    const total = await countPlan(db, plan, actor.id);
    await finishRun(db, executionId, { rowCount: total }, startedAt, clock.now());
    return { ...result, total, executionId };
  } catch (error) {
    await finishRun(db, executionId, { error: runErrorMessage(error) }, startedAt, clock.now());
    throw error;
  }
}

/** The latest runs of some reports, newest first (for the list's "last run" and the report's history). */
export async function latestRuns(db: DbOrTx, reportId: number, limit: number) {
  return db
    .select()
    .from(reportExecutions)
    .where(eq(reportExecutions.reportId, reportId))
    .orderBy(sql`${reportExecutions.startedAt} desc`, sql`${reportExecutions.id} desc`)
    .limit(limit);
}


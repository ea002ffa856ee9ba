// Scheduled reports (issue #19): every tick finds the reports whose slot has come in their owner's zone and
// queues one job per report and slot; the job runs the report as its owner, emails the CSV (attached, or a
// link when it is larger than REPORT_ATTACHMENT_MAX_MB), and logs one reportExecutions row per slot, which a
// retry after a failed send picks up again. Without SMTP the run lands in the owner's in-app inbox.
import { and, eq, inArray, isNotNull } from 'drizzle-orm';
import { reportExecutions, type ReportExecution, savedReports } from '../../drizzle/schema';
import { calendarDay } from '../../shared/periods';
import type { DbOrTx } from '../db';
import { dueReportSlot, describeSchedule } from '../domain/reports/schedule';
import { recipientsWithPreferences } from '../delivery/preferences';
import { notify } from '../delivery/notifications';
import type { Env } from '../env';
import { mailerFor } from '../integrations/mailer';
import { enqueue } from '../jobs/enqueue';
import { userActor } from '../lib/actor';
import { finishRun, planFor, runErrorMessage, storedDefinition } from './execute';
import { reportCsvStream, reportFileName } from './reportCsv';
import { scheduleOf } from './savedReports';

export const reportSlotKey = (reportId: number, periodKey: string) => `r${reportId}:${periodKey}`;
const jobKey = (slotKey: string) => `report:${slotKey}`;

/** The scheduler's part: one job per scheduled report whose slot has come (and has no finished run yet). */
export async function enqueueDueReports(db: DbOrTx, now: Date): Promise<number> {
  const reports = await db
    .select({ id: savedReports.id, ownerId: savedReports.ownerId, scheduleFrequency: savedReports.scheduleFrequency, scheduleHour: savedReports.scheduleHour, scheduleWeekday: savedReports.scheduleWeekday, scheduleDayOfMonth: savedReports.scheduleDayOfMonth })
    .from(savedReports)
    .where(isNotNull(savedReports.scheduleFrequency));
  if (reports.length === 0) return 0;
  const owners = new Map((await recipientsWithPreferences(db, [...new Set(reports.map((r) => r.ownerId))])).map((r) => [r.user.id, r]));
  const due = reports.flatMap((report) => {
    const owner = owners.get(report.ownerId);
    const schedule = scheduleOf(report);
    if (!owner?.user.active || !schedule) return [];
    const slot = dueReportSlot(schedule, owner.preferences.timeZone, now);
    return slot ? [{ reportId: report.id, slotKey: reportSlotKey(report.id, slot.periodKey), localDate: slot.localDate }] : [];
  });
  if (due.length === 0) return 0;
  const done = new Set(
    (await db.select({ slotKey: reportExecutions.slotKey }).from(reportExecutions).where(and(inArray(reportExecutions.slotKey, due.map((d) => d.slotKey)), eq(reportExecutions.status, 'succeeded')))).map((r) => r.slotKey),
  );
  let offered = 0;
  for (const payload of due.filter((d) => !done.has(d.slotKey))) {
    await enqueue(db, { type: 'reports.runScheduled', payload, dedupeKey: jobKey(payload.slotKey), maxAttempts: 5 }, now);
    offered += 1;
  }
  return offered;
}

/** The slot's run, started (or started again after a failed attempt). */
async function claimRun(db: DbOrTx, reportId: number, runById: string, slotKey: string, now: Date): Promise<ReportExecution> {
  await db
    .insert(reportExecutions)
    .values({ reportId, trigger: 'schedule', runById, slotKey, status: 'running', startedAt: now, createdAt: now, updatedAt: now })
    .onDuplicateKeyUpdate({ set: { status: 'running', startedAt: now, error: null, updatedAt: now } });
  const [row] = await db.select().from(reportExecutions).where(eq(reportExecutions.slotKey, slotKey));
  return row!;
}

/** The CSV as text while it stays within `maxBytes`; past that only its rows are counted, nothing kept. */
async function renderCsv(stream: AsyncIterable<Buffer | string>, maxBytes: number): Promise<{ csv: string | null; bytes: number }> {
  const chunks: Buffer[] = [];
  let bytes = 0;
  for await (const chunk of stream) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    bytes += buffer.length;
    if (bytes <= maxBytes) chunks.push(buffer);
    else chunks.length = 0;
  }
  return { csv: bytes <= maxBytes ? Buffer.concat(chunks).toString('utf8') : null, bytes };
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

export interface ScheduledRun {
  reportId: number;
  slotKey: string;
  localDate: string;
}

/**
 * Runs one slot of a scheduled report. Returns its execution, or null when there is nothing to do (the report
 * was deleted or unscheduled, or its owner deactivated, since the job was queued). A failed send throws after
 * recording the failure, so the job queue retries with backoff; the retry reuses the slot's execution row.
 */
export async function runScheduledReport(db: DbOrTx, env: Env, payload: ScheduledRun, now: Date): Promise<ReportExecution | null> {
  const [report] = await db.select().from(savedReports).where(eq(savedReports.id, payload.reportId));
  const schedule = report ? scheduleOf(report) : null;
  if (!report || !schedule) return null;
  const [owner] = await recipientsWithPreferences(db, [report.ownerId]);
  if (!owner?.user.active) return null;
  const [existing] = await db.select().from(reportExecutions).where(eq(reportExecutions.slotKey, payload.slotKey));
  if (existing?.status === 'succeeded') return existing;

  const execution = await claimRun(db, report.id, owner.user.id, payload.slotKey, now);
  const started = Date.now();
  const finishedAt = () => new Date(now.getTime() + (Date.now() - started));
  let rows = 0;
  try {
    const actor = userActor(owner.user);
    const plan = planFor(actor, storedDefinition(report), now, 'definition.');
    const { csv, bytes } = await renderCsv(reportCsvStream(db, plan, actor.id, () => (rows += 1)), env.reportAttachmentMaxBytes);
    const fileName = reportFileName(report.name, payload.localDate || calendarDay(now, owner.preferences.timeZone));
    const reportUrl = `${env.publicUrl}/reports/${report.id}`;
    const downloadUrl = `${env.publicUrl}/api/reports/${report.id}/export.csv`;
    const rowsText = `${rows} ${rows === 1 ? 'row' : 'rows'}`;
    const when = `${describeSchedule(schedule)} (${owner.preferences.timeZone})`;
    const subject = `${report.name}: ${rowsText} (${payload.localDate})`;
    const mailer = mailerFor(env);
    let delivery: 'attachment' | 'link' | 'inApp';
    if (!mailer) {
      delivery = 'inApp';
      await notify(
        db,
        [{ userId: owner.user.id, kind: 'report', title: subject, body: `Your scheduled report ran (${when}). Open it to see or export the result.`, recordType: 'report', recordId: report.id, dedupeKey: jobKey(payload.slotKey) }],
        now,
      );
    } else {
      delivery = csv !== null ? 'attachment' : 'link';
      const lines = [
        `Your scheduled report "${report.name}" ran for ${payload.localDate}: ${rowsText}.`,
        csv !== null ? `The CSV is attached (${fileName}).` : `The CSV is ${megabytes(bytes)}, too large to attach. Download it (signed in): ${downloadUrl}`,
        '',
        `Open the report: ${reportUrl}`,
        `Schedule: ${when}. Change or stop it on the report's page.`,
      ];
      await sending(mailer.send({
        to: owner.user.email,
        subject,
        text: lines.join('\n'),
        html: `<div style="font-family:-apple-system,Segoe UI,Roboto,Arial,sans-serif;color:#18181c;font-size:14px">${lines
          .filter(Boolean)
          .map((l) => `<p style="margin:6px 0">${escapeHtml(l).replace(/(https?:\/\/[^\s<]+)/g, '<a href="$1" style="color:#4343b0">$1</a>')}</p>`)
          .join('')}</div>`,
        attachments: csv !== null ? [{ filename: fileName, content: csv, contentType: 'text/csv; charset=utf-8' }] : undefined,
      }));
    }
    await finishRun(db, execution.id, { rowCount: rows, delivery }, now, finishedAt());
  } catch (error) {
    await finishRun(db, execution.id, { rowCount: rows, error: error instanceof SendError ? error.message : runErrorMessage(error) }, now, finishedAt());
    throw error;
  }
  const [done] = await db.select().from(reportExecutions).where(eq(reportExecutions.id, execution.id));
  return done!;
}

/** The mail server's refusal, in its own words (the owner can act on "connection refused"); the cause is kept for the log. */
class SendError extends Error {
  constructor(cause: unknown) {
    super(`Could not send the email: ${(cause instanceof Error ? cause.message : String(cause)).slice(0, 300)}`, { cause });
    this.name = 'SendError';
  }
}

async function sending<T>(send: Promise<T>): Promise<T> {
  try {
    return await send;
  } catch (error) {
    throw new SendError(error);
  }
}

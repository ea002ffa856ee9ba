// Scheduled reports (issue #19): every tick finds the reports whose slot has come in their owner's zone and
// queues one job per report and slot; the job runs the report as its owner and as each user added to it
// (report_recipients), emails each their own CSV (attached, or a link when it is larger than
// REPORT_ATTACHMENT_MAX_MB), and logs one reportExecutions row per slot with each copy's outcome, which a retry
// after a failed send picks up again, sending only the copies that failed. Without SMTP each copy lands in
// its recipient's in-app inbox.
import { and, eq, inArray, isNotNull } from 'drizzle-orm';
import { reportExecutions, type ReportExecution, reportRecipients, type SavedReport, savedReports } from '../../drizzle/schema';
import { calendarDay } from '../../shared/periods';
import type { ReportRecipientDelivery, ReportSchedule } from '../../shared/schemas/reports';
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

/** The report's recipients who get this run: its owner first, then the active users added to it. */
async function recipientsOf(db: DbOrTx, report: SavedReport) {
  const added = (await db.select({ userId: reportRecipients.userId }).from(reportRecipients).where(eq(reportRecipients.reportId, report.id))).map((r) => r.userId);
  const ids = [report.ownerId, ...added.filter((id) => id !== report.ownerId)];
  const byId = new Map((await recipientsWithPreferences(db, ids)).map((r) => [r.user.id, r]));
  // Someone added to a report that is no longer shared may not read it: only its owner gets it then.
  return ids.flatMap((id) => (byId.get(id)?.user.active && (id === report.ownerId || report.shared) ? [byId.get(id)!] : []));
}

type Recipient = Awaited<ReturnType<typeof recipientsOf>>[number];

/** One recipient's copy: the report run as them (their "me", what they may see), emailed or kept in their inbox. */
async function deliverCopy(db: DbOrTx, env: Env, report: SavedReport, schedule: ReportSchedule, owner: Recipient, to: Recipient, payload: ScheduledRun, now: Date, counted: { rows: number }) {
  const actor = userActor(to.user);
  const plan = planFor(actor, storedDefinition(report), now, 'definition.');
  const { csv, bytes } = await renderCsv(reportCsvStream(db, plan, actor.id, () => (counted.rows += 1)), env.reportAttachmentMaxBytes);
  const rows = counted.rows;
  const isOwner = to.user.id === owner.user.id;
  const fileName = reportFileName(report.name, payload.localDate || calendarDay(now, owner.preferences.timeZone));
  const reportUrl = `${env.publicUrl}/reports/${report.id}`;
  const downloadUrl = `${env.publicUrl}/api/reports/${report.id}/export.csv`;
  const rowsText = `${rows} ${rows === 1 ? 'row' : 'rows'}`;
  const when = `${describeSchedule(schedule)} (${owner.preferences.timeZone})`;
  const subject = `${report.name}: ${rowsText} (${payload.localDate})`;
  const mailer = mailerFor(env);
  if (!mailer) {
    await notify(
      db,
      [
        {
          userId: to.user.id,
          kind: 'report',
          title: subject,
          body: isOwner ? `Your scheduled report ran (${when}). Open it to see or export the result.` : `${owner.user.name}’s scheduled report ran (${when}), as you may see it. Open it to see or export the result.`,
          recordType: 'report',
          recordId: report.id,
          // The owner's key as before recipients existed; each other recipient a key of their own.
          dedupeKey: isOwner ? jobKey(payload.slotKey) : `${jobKey(payload.slotKey)}:${to.user.id}`,
        },
      ],
      now,
    );
    return { rows, delivery: 'inApp' as const };
  }
  const lines = [
    isOwner
      ? `Your scheduled report "${report.name}" ran for ${payload.localDate}: ${rowsText}.`
      : `${owner.user.name}’s scheduled report "${report.name}" ran for ${payload.localDate}: ${rowsText}, as you may see them.`,
    csv !== null ? `The CSV is attached (${fileName}).` : `The CSV is ${megabytes(bytes)}, too large to attach. Download it (signed in): ${downloadUrl}`,
    '',
    `Open the report: ${reportUrl}`,
    isOwner ? `Schedule: ${when}. Change or stop it on the report's page.` : `Schedule: ${when}. ${owner.user.name} added you; ask them to take you off it.`,
  ];
  await sending(
    mailer.send({
      to: to.user.email,
      subject,
      text: lines.join('\n'),
      html: `<div style="font-family:-apple-system,Segoe UI,Roboto,Arial,sans-serif;color:#18181c;font-size:14px">${lines
        .filter(Boolean)
        .map((l) => `<p style="margin:6px 0">${escapeHtml(l).replace(/(https?:\/\/[^\s<]+)/g, '<a href="$1" style="color:#4343b0">$1</a>')}</p>`)
        .join('')}</div>`,
      attachments: csv !== null ? [{ filename: fileName, content: csv, contentType: 'text/csv; charset=utf-8' }] : undefined,
    }),
  );
  return { rows, delivery: csv !== null ? ('attachment' as const) : ('link' as const) };
}

/**
 * Runs one slot of a scheduled report: one copy per recipient (the owner and the users added to it), each run
 * as that recipient. Returns its execution, or null when there is nothing to do (the report was deleted or
 * unscheduled, or its owner deactivated, since the job was queued). When a copy fails the run records which
 * (report_executions.deliveries) and throws, so the job queue retries with backoff; the retry reuses the slot's
 * execution row and sends only the copies not yet sent.
 */
export async function runScheduledReport(db: DbOrTx, env: Env, payload: ScheduledRun, now: Date): Promise<ReportExecution | null> {
  const [report] = await db.select().from(savedReports).where(eq(savedReports.id, payload.reportId));
  const schedule = report ? scheduleOf(report) : null;
  if (!report || !schedule) return null;
  const recipients = await recipientsOf(db, report);
  const owner = recipients[0];
  if (owner?.user.id !== report.ownerId) return null;
  const [existing] = await db.select().from(reportExecutions).where(eq(reportExecutions.slotKey, payload.slotKey));
  if (existing?.status === 'succeeded') return existing;
  const sentBefore = new Map((existing?.deliveries ?? []).filter((d) => d.status === 'sent').map((d) => [d.userId, d]));

  const execution = await claimRun(db, report.id, owner.user.id, payload.slotKey, now);
  const started = Date.now();
  const deliveries: ReportRecipientDelivery[] = [];
  const errors: unknown[] = [];
  for (const to of recipients) {
    const sent = sentBefore.get(to.user.id);
    if (sent) {
      deliveries.push(sent);
      continue;
    }
    const counted = { rows: 0 };
    try {
      const copy = await deliverCopy(db, env, report, schedule, owner, to, payload, now, counted);
      deliveries.push({ userId: to.user.id, status: 'sent', delivery: copy.delivery, rowCount: copy.rows, error: null });
    } catch (error) {
      errors.push(error);
      const message = error instanceof SendError ? error.message : runErrorMessage(error);
      deliveries.push({ userId: to.user.id, status: 'failed', delivery: null, rowCount: counted.rows, error: message });
    }
  }
  const finishedAt = new Date(now.getTime() + (Date.now() - started));
  const mine = deliveries[0]!;
  const failed = deliveries.filter((d) => d.status === 'failed');
  const names = new Map(recipients.map((r) => [r.user.id, r.user.name]));
  // The owner's own words when only their copy failed (as before recipients existed), else who did not get it.
  const error =
    failed.length === 0 ? null : failed.length === 1 && failed[0] === mine ? mine.error : failed.map((d) => `${names.get(d.userId)}: ${d.error}`).join('; ');
  await finishRun(db, execution.id, { rowCount: mine.rowCount, delivery: mine.delivery, error, deliveries }, now, finishedAt);
  // A refused send is worth a retry (which sends only the failed copies); a refusal of ours alone is not.
  if (errors.length > 0) throw errors.find((e) => e instanceof SendError) ?? errors[0];
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

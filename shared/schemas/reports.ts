// Report definitions, saved reports and their schedules: the builder's form and the server validate the same
// shapes. The field names inside a definition are checked against the whitelist (shared/reportFields.ts) by
// server/domain/reports/compile.ts, which answers each bad one with a message on its own path
// (`filters.2.value`), so the builder shows it in place.
import { z } from 'zod';
import { aggregateFunctions, dateBuckets, filterOperators, reportEntities } from '../reportFields';
import { recordId, requiredText, text, userId } from './common';

const fieldKey = text().trim().min(1, 'Choose a field').max(64, 'Unknown field');

const scalar = z.union([text().max(255, 'Must be at most 255 characters'), z.number(), z.boolean()]);
const filterValue = z.union([scalar, z.null(), z.array(z.union([text().max(255, 'Must be at most 255 characters'), z.number()])).max(100, 'At most 100 values')]);

export const reportFilter = z.object({
  field: fieldKey,
  op: z.enum(filterOperators, { message: 'Choose an operator' }),
  value: filterValue.optional(),
});
export type ReportFilter = z.infer<typeof reportFilter>;

export const reportGroup = z.object({ field: fieldKey, bucket: z.enum(dateBuckets).nullish() });
export type ReportGroup = z.infer<typeof reportGroup>;

export const reportAggregate = z.object({ fn: z.enum(aggregateFunctions, { message: 'Choose count, sum, average, minimum or maximum' }), field: fieldKey.nullish() });
export type ReportAggregate = z.infer<typeof reportAggregate>;

export const reportSort = z.object({ by: text().trim().min(1).max(80), direction: z.enum(['asc', 'desc']).default('asc') });
export type ReportSort = z.infer<typeof reportSort>;

export const MAX_REPORT_COLUMNS = 30;
export const MAX_REPORT_GROUPS = 2;

/** A report: which records, which columns (or groups and aggregates), which filters, what order. */
export const reportDefinition = z.object({
  entity: z.enum(reportEntities, { message: 'Choose what the report is about' }),
  columns: z.array(fieldKey).max(MAX_REPORT_COLUMNS, `At most ${MAX_REPORT_COLUMNS} columns`).default([]),
  filters: z.array(reportFilter).max(20, 'At most 20 filters').default([]),
  groupBy: z.array(reportGroup).max(MAX_REPORT_GROUPS, `Group by at most ${MAX_REPORT_GROUPS} fields`).default([]),
  aggregates: z.array(reportAggregate).max(10, 'At most 10 aggregates').default([]),
  sort: z.array(reportSort).max(3, 'Sort by at most 3 fields').default([]),
});
export type ReportDefinition = z.output<typeof reportDefinition>;
export type ReportDefinitionInput = z.input<typeof reportDefinition>;

export const REPORT_PAGE_DEFAULT = 50;
export const REPORT_PAGE_MAX = 500;
const paging = {
  cursor: z.string().max(4000).nullish(),
  limit: z.number().int().min(1).max(REPORT_PAGE_MAX).default(REPORT_PAGE_DEFAULT),
};

/** reports.execute: a definition as it stands in the builder (not saved, not logged), one page of it. */
export const reportExecute = reportDefinition.extend(paging);

// ---- Schedules (issue #19) ------------------------------------------------------------------------------

export const reportFrequencies = ['daily', 'weekly', 'monthly'] as const;
export type ReportFrequency = (typeof reportFrequencies)[number];

/** Daily at an hour, weekly on an ISO weekday (1 = Monday) at an hour, monthly on a day (29-31: the month's last day when shorter) at an hour; in the owner's time zone. */
export const reportSchedule = z
  .object({
    frequency: z.enum(reportFrequencies, { message: 'Choose daily, weekly or monthly' }),
    hour: z.number({ message: 'Choose an hour' }).int().min(0, 'Choose an hour from 0 to 23').max(23, 'Choose an hour from 0 to 23'),
    weekday: z.number().int().min(1, 'Choose a weekday').max(7, 'Choose a weekday').nullish(),
    dayOfMonth: z.number().int().min(1, 'Choose a day from 1 to 31').max(31, 'Choose a day from 1 to 31').nullish(),
  })
  .superRefine((s, ctx) => {
    if (s.frequency === 'weekly' && !s.weekday) ctx.addIssue({ code: 'custom', path: ['weekday'], message: 'Choose the weekday it goes out on' });
    if (s.frequency === 'monthly' && !s.dayOfMonth) ctx.addIssue({ code: 'custom', path: ['dayOfMonth'], message: 'Choose the day of the month it goes out on' });
  })
  .transform((s) => ({
    frequency: s.frequency,
    hour: s.hour,
    weekday: s.frequency === 'weekly' ? s.weekday! : null,
    dayOfMonth: s.frequency === 'monthly' ? s.dayOfMonth! : null,
  }));
export type ReportSchedule = z.output<typeof reportSchedule>;

const reportName = requiredText('Name', 255);

export const MAX_REPORT_RECIPIENTS = 50;
/** Who else gets each scheduled CSV (the owner always does), each run as them; only users who may read the report. */
const recipientIds = z
  .array(userId, { message: 'Choose who else gets it' })
  .max(MAX_REPORT_RECIPIENTS, `At most ${MAX_REPORT_RECIPIENTS} recipients`)
  .transform((ids) => [...new Set(ids)]);

export const reportSave = z.object({
  name: reportName,
  definition: reportDefinition,
  /** Shared reports are listed for everyone, who run them as themselves; only the owner changes them. */
  shared: z.boolean().default(false),
  schedule: reportSchedule.nullable().default(null),
  recipientIds: recipientIds.default([]),
});
export type ReportSave = z.output<typeof reportSave>;

export const reportUpdate = z.object({
  id: recordId,
  name: reportName.optional(),
  definition: reportDefinition.optional(),
  shared: z.boolean().optional(),
  /** null removes the schedule. */
  schedule: reportSchedule.nullable().optional(),
  recipientIds: recipientIds.optional(),
});
export type ReportUpdate = z.output<typeof reportUpdate>;

export const reportRef = z.object({ id: recordId });
/** reports.run: a saved report, as the one who runs it may see it; the first page logs a run. */
export const reportRun = z.object({ id: recordId, ...paging });

export const reportExecutionTriggers = ['manual', 'schedule', 'export'] as const;
export type ReportExecutionTrigger = (typeof reportExecutionTriggers)[number];
export const reportExecutionStatuses = ['running', 'succeeded', 'failed'] as const;
/** How a scheduled run reached its owner: the CSV attached, a link (too large to attach), or the in-app inbox (no SMTP). */
export const reportDeliveries = ['attachment', 'link', 'inApp'] as const;
export type ReportDelivery = (typeof reportDeliveries)[number];

/** One recipient's copy of a scheduled run (report_executions.deliveries). */
export interface ReportRecipientDelivery {
  userId: string;
  status: 'sent' | 'failed';
  delivery: ReportDelivery | null;
  rowCount: number | null;
  error: string | null;
}

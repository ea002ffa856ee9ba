// "Save this answer as a report": an answer's deal look-up (a list_opportunities or aggregate_opportunities call,
// as validated when it ran) turned into a report definition for the report builder (shared/reportFields.ts), or
// the reason it cannot be one. Pure: the caller re-reads the stored calls and re-validates them with the tools'
// own schemas; named periods resolve here on the day the question was asked, as the tool resolved them.
import { filterOperatorLabels, reportCatalogue, reportField } from '../../../shared/reportFields';
import { reportableTools } from '../../../shared/schemas/assistant';
import type { ReportDefinition, ReportFilter, ReportGroup } from '../../../shared/schemas/reports';
import type { Stage } from '../../../shared/stages';
import { type NamedPeriod, resolvePeriod } from './periods';

/** Fields list_opportunities can ask to be empty. */
export const dealMissingFields = ['economicBuyer', 'champion', 'nextStep', 'closeDate', 'amount'] as const;
export type DealMissingField = (typeof dealMissingFields)[number];
/** What aggregate_opportunities groups by. */
export const dealGroupings = ['stage', 'owner', 'forecastCategory', 'account', 'competitor', 'lossReason', 'closeMonth', 'closeQuarter', 'closedQuarter', 'none'] as const;
export type DealGrouping = (typeof dealGroupings)[number];

export { reportableTools };

interface DealFilters {
  owner?: string;
  stage?: Stage[];
  open?: boolean;
  closePeriod?: NamedPeriod;
  closeDateFrom?: string;
  closeDateTo?: string;
  accountId?: number;
  amountMin?: number;
}

export interface ListDealsCall extends DealFilters {
  missing?: DealMissingField[];
  sort?: 'closeDate' | 'amount' | 'updatedAt';
  sortDirection?: 'asc' | 'desc';
  limit?: number;
}

export interface AggregateDealsCall extends DealFilters {
  groupBy: DealGrouping;
  closedPeriod?: NamedPeriod;
  closedFrom?: string;
  closedTo?: string;
  competitor?: string;
}

/** One step of an answer, its input already checked against its tool's schema (invalid: null). */
export type AnswerCall =
  | { tool: 'list_opportunities'; ok: boolean; input: ListDealsCall | null }
  | { tool: 'aggregate_opportunities'; ok: boolean; input: AggregateDealsCall | null }
  | { tool: string; ok: boolean; input: unknown };

export interface AnswerReportContext {
  /** The asker's calendar day when the question was asked: what "this quarter" meant in the answer. */
  today: string;
  fiscalYearStartMonth: number;
}

export type AnswerReport =
  | { ok: true; stepIndex: number; definition: ReportDefinition; notes: string[] }
  | { ok: false; reason: string };

const why: Record<string, string> = {
  search_records: 'a search for records by name has no report equivalent',
  list_users: 'the list of users is not a report',
  record_timeline: "a record's timeline is on its page, not in a report",
  get_opportunity: "one deal's details are on its page, not in a report",
};

const periodWords = (name: NamedPeriod) => name.replace('_', ' ');

function dateFilter(field: 'closeDate' | 'closedAt', from: string | undefined, to: string | undefined): ReportFilter | null {
  if (from && to) return { field, op: 'between', value: [from, to] };
  if (from) return { field, op: 'gte', value: from };
  if (to) return { field, op: 'lte', value: to };
  return null;
}

/** A named period as the days it covered when asked; a report keeps dates, so the note says so. */
function periodFilter(field: 'closeDate' | 'closedAt', name: NamedPeriod, ctx: AnswerReportContext, notes: string[]): ReportFilter {
  const range = resolvePeriod(name, ctx.today, ctx.fiscalYearStartMonth);
  const label = reportField('opportunities', field)!.label;
  notes.push(`${label}: "${periodWords(name)}" was ${range.label} (${range.start} to ${range.end}) when you asked; the report keeps those dates.`);
  return { field, op: 'between', value: [range.start, range.end] };
}

function commonFilters(input: DealFilters, ctx: AnswerReportContext, notes: string[]): ReportFilter[] {
  const out: (ReportFilter | null)[] = [
    input.owner ? { field: 'owner', op: 'eq', value: input.owner } : null,
    input.stage ? { field: 'stage', op: 'in', value: input.stage } : null,
    input.open !== undefined ? { field: 'open', op: 'eq', value: input.open } : null,
    input.closePeriod ? periodFilter('closeDate', input.closePeriod, ctx, notes) : dateFilter('closeDate', input.closeDateFrom, input.closeDateTo),
    input.accountId !== undefined ? { field: 'accountId', op: 'eq', value: input.accountId } : null,
    input.amountMin !== undefined ? { field: 'amount', op: 'gte', value: input.amountMin } : null,
  ];
  return out.filter((f): f is ReportFilter => f !== null);
}

function listReport(input: ListDealsCall, ctx: AnswerReportContext): { definition: ReportDefinition; notes: string[] } {
  const notes: string[] = [];
  const filters = commonFilters(input, ctx, notes);
  for (const field of input.missing ?? []) filters.push({ field, op: 'isEmpty' });
  notes.push(`The report lists every matching deal; the answer looked at ${input.missing ? 'up to 200 and showed' : 'showed'} at most ${input.limit ?? 25}.`);
  return {
    definition: {
      entity: 'opportunities',
      columns: [...reportCatalogue.opportunities.defaultColumns],
      filters,
      groupBy: [],
      aggregates: [],
      sort: [{ by: input.sort ?? 'closeDate', direction: input.sortDirection ?? 'asc' }],
    },
    notes,
  };
}

/**
 * A grouping as the report builder's groups. Its quarters are calendar quarters, so with a fiscal year that
 * starts in another month a fiscal quarter becomes its three months (each month lies in one fiscal quarter).
 */
function groupsFor(groupBy: DealGrouping, ctx: AnswerReportContext, notes: string[]): ReportGroup[] {
  const quarter = (field: 'closeDate' | 'closedAt'): ReportGroup => {
    if (ctx.fiscalYearStartMonth === 1) return { field, bucket: 'quarter' };
    notes.push(`Grouped by month: the report builder's quarters are calendar quarters and your fiscal year starts in another month, so each fiscal quarter shows as its three months.`);
    return { field, bucket: 'month' };
  };
  switch (groupBy) {
    case 'account':
      return [{ field: 'accountName' }];
    case 'closeMonth':
      return [{ field: 'closeDate', bucket: 'month' }];
    case 'closeQuarter':
      return [quarter('closeDate')];
    case 'closedQuarter':
      return [quarter('closedAt')];
    case 'none':
      return [];
    default:
      return [{ field: groupBy }];
  }
}

function aggregateReport(input: AggregateDealsCall, ctx: AnswerReportContext): { definition: ReportDefinition; notes: string[] } {
  const notes: string[] = [];
  const filters = commonFilters(input, ctx, notes);
  const closed = input.closedPeriod ? periodFilter('closedAt', input.closedPeriod, ctx, notes) : dateFilter('closedAt', input.closedFrom, input.closedTo);
  if (closed) filters.push(closed);
  if (input.competitor) filters.push({ field: 'competitor', op: 'eq', value: input.competitor });
  const groupBy = groupsFor(input.groupBy, ctx, notes);
  // A report has no won, lost or win-rate totals; on closed deals, the stage groups show won and lost.
  const aboutClosed = input.open === false || closed !== null || input.groupBy === 'closedQuarter';
  if (input.groupBy !== 'stage' && aboutClosed) {
    groupBy.push({ field: 'stage' });
    notes.push('Won and lost show as the Closed Won and Closed Lost rows of each group (a report has no win-rate total).');
  } else if (input.groupBy !== 'stage') {
    notes.push('Won, lost and win rate are not report totals; group by stage in the report builder to see them.');
  }
  return {
    definition: {
      entity: 'opportunities',
      columns: [],
      filters,
      groupBy,
      aggregates: [{ fn: 'count' }, { fn: 'sum', field: 'amount' }, { fn: 'avg', field: 'amount' }],
      sort: [],
    },
    notes,
  };
}

/**
 * The report for an answer: the step at `stepIndex` when given, else the answer's last deal look-up that ran
 * (the one the answer is most likely built on).
 */
export function answerReport(calls: readonly AnswerCall[], ctx: AnswerReportContext, stepIndex?: number): AnswerReport {
  const usable = (c: AnswerCall | undefined) => !!c && c.ok && c.input !== null && (reportableTools as readonly string[]).includes(c.tool);
  let index = stepIndex;
  if (index === undefined) {
    index = calls.findLastIndex(usable);
    if (index < 0) {
      if (calls.length === 0) return { ok: false, reason: 'This answer looked nothing up in the CRM, so there is no query to save as a report.' };
      const tools = [...new Set(calls.map((c) => c.tool))];
      const reasons = tools.map((t) => why[t] ?? `${t.replace(/_/g, ' ')} has no report equivalent`);
      return { ok: false, reason: `Only answers that list or count deals can be saved as a report: ${reasons.join('; ')}.` };
    }
  }
  const call = calls[index];
  if (!call) return { ok: false, reason: `The answer has no step ${index + 1}.` };
  if (!call.ok || call.input === null) return { ok: false, reason: `Step ${index + 1} was refused, so it has no result to save.` };
  if (call.tool === 'list_opportunities') return { ok: true, stepIndex: index, ...listReport(call.input as ListDealsCall, ctx) };
  if (call.tool === 'aggregate_opportunities') return { ok: true, stepIndex: index, ...aggregateReport(call.input as AggregateDealsCall, ctx) };
  return { ok: false, reason: `Step ${index + 1} cannot be a report: ${why[call.tool] ?? `${call.tool.replace(/_/g, ' ')} has no report equivalent`}.` };
}

/** A report name from the question it answers: its first line, at most 120 characters, without the question mark. */
export function reportNameFor(question: string | null): string {
  const line = (question ?? '').split('\n')[0]!.trim().replace(/\?+$/, '').trim();
  if (!line) return 'Report from Ask the CRM';
  return line.length > 120 ? `${line.slice(0, 119)}…` : line;
}

/** A filter in words for the dialog ("Stage is any of Proposal, Negotiation"); owners by name where known. */
export function describeFilter(filter: ReportFilter, userNames: ReadonlyMap<string, string>): string {
  const field = reportField('opportunities', filter.field);
  const label = field?.label ?? filter.field;
  const op = filterOperatorLabels[filter.op];
  if (filter.value === undefined || filter.value === null) return `${label} ${op}`;
  const show = (v: string | number | boolean) => (field?.kind === 'user' ? (v === 'me' ? 'me' : (userNames.get(String(v)) ?? String(v))) : field?.kind === 'boolean' ? (v ? 'yes' : 'no') : String(v));
  const values = Array.isArray(filter.value) ? filter.value.map(show) : [show(filter.value)];
  return `${label} ${op} ${filter.op === 'between' ? values.join(' and ') : values.join(', ')}`;
}

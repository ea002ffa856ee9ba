// A report definition checked against the whitelist (shared/reportFields.ts) and turned into a plan: which
// result columns, which filters with their values normalised (dates resolved against `now`, "me" to the
// actor), what order. Pure: the plan names fields only by their whitelisted keys, and server/reports/sql.ts
// maps each key to its column; no text from the definition ever becomes SQL. Every problem is reported at
// once, each on its own path (`columns.1`, `filters.0.value`), so the builder can show it beside its input.
import {
  type AggregateFunction,
  aggregateKey,
  aggregateKinds,
  aggregateLabels,
  type DateBucket,
  dateBuckets,
  filterOperatorLabels,
  groupKey,
  listOperators,
  operatorsByKind,
  type ReportEntity,
  type ReportField,
  type ReportFieldKind,
  reportCatalogue,
  reportField,
  valuelessOperators,
} from '../../../shared/reportFields';
import type { ReportDefinition, ReportFilter } from '../../../shared/schemas/reports';

export type FieldErrors = Record<string, string[]>;

export class ReportDefinitionError extends Error {
  constructor(readonly fieldErrors: FieldErrors) {
    super(Object.values(fieldErrors)[0]?.[0] ?? 'The report definition is not valid');
    this.name = 'ReportDefinitionError';
  }
}

/** Where a result column's values come from. */
export type ColumnSource =
  | { type: 'field'; field: string }
  | { type: 'group'; field: string; bucket: DateBucket | null }
  | { type: 'aggregate'; fn: AggregateFunction; field: string | null };

export interface PlanColumn {
  key: string;
  label: string;
  /** How the value reads: a date group reads as text ("2026-Q4"), a count as a number. */
  kind: ReportFieldKind;
  source: ColumnSource;
}

export interface Bound {
  value: string | number | Date;
  inclusive: boolean;
}

export type PlanFilter = { field: string; kind: ReportFieldKind } & (
  | { op: 'in' | 'notIn'; values: (string | number)[] }
  | { op: 'contains' | 'startsWith'; value: string }
  | { op: 'range'; from: Bound | null; to: Bound | null }
  | { op: 'empty' | 'notEmpty' }
  | { op: 'is'; value: boolean }
);

export interface PlanSort {
  source: ColumnSource;
  /** The field's kind, or the aggregate's (enum fields sort in their natural order). */
  kind: ReportFieldKind;
  direction: 'asc' | 'desc';
}

export interface ReportPlan {
  entity: ReportEntity;
  /** rows: one per record, paged; groups: one per group (or one summary row when only aggregates are asked for). */
  mode: 'rows' | 'groups';
  columns: PlanColumn[];
  filters: PlanFilter[];
  sort: PlanSort[];
}

export interface CompileContext {
  /** The user the report runs as: "me" in an owner filter is them. Null for the system (no "me"). */
  actorId: string | null;
  now: Date;
}

const DAY_MS = 86_400_000;
const MAX_DAYS = 3650;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const MONEY = /^-?\d{1,13}(\.\d{1,2})?$/;

const isValidDate = (s: string) => ISO_DATE.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s);
const addDays = (isoDate: string, days: number) => new Date(Date.parse(`${isoDate}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
const startOf = (isoDate: string) => new Date(`${isoDate}T00:00:00.000Z`);

function aggregateKind(fn: AggregateFunction, field: ReportField | null): ReportFieldKind {
  if (fn === 'count' || !field) return 'number';
  if (fn === 'avg') return field.kind === 'money' ? 'money' : 'number';
  return field.kind;
}

function aggregateLabel(fn: AggregateFunction, field: ReportField | null): string {
  return fn === 'count' || !field ? aggregateLabels.count : `${aggregateLabels[fn]} of ${field.label.replace(/ \(%\)$/, '')}`;
}

function groupLabel(field: ReportField, bucket: DateBucket | null): string {
  return bucket ? `${field.label} (${bucket})` : field.label;
}

export function compileReport(definition: ReportDefinition, ctx: CompileContext): ReportPlan {
  const errors: FieldErrors = {};
  const fail = (path: string, message: string) => {
    (errors[path] ??= []).push(message);
  };
  const entity = definition.entity;
  const info = reportCatalogue[entity];
  const known = (key: string, path: string): ReportField | null => {
    const field = reportField(entity, key);
    if (!field) fail(path, `"${key}" is not a field of ${info.label.toLowerCase()} a report can use`);
    return field ?? null;
  };

  const grouped = definition.groupBy.length > 0 || definition.aggregates.length > 0;
  const columns: PlanColumn[] = [];

  if (grouped) {
    if (definition.columns.length > 0) fail('columns', 'A grouped report shows its groups and aggregates: leave the columns empty, or remove the grouping');
    const seenGroups = new Set<string>();
    definition.groupBy.forEach((g, i) => {
      const field = known(g.field, `groupBy.${i}.field`);
      if (!field) return;
      const bucket = g.bucket ?? null;
      const dated = field.kind === 'date' || field.kind === 'datetime';
      if (bucket && !dated) return fail(`groupBy.${i}.bucket`, `${field.label} is not a date: group it without a period`);
      if (!bucket && field.kind === 'datetime') return fail(`groupBy.${i}.bucket`, `Choose a period (${dateBuckets.join(', ')}) to group ${field.label} by`);
      const key = groupKey(field.key, bucket);
      if (seenGroups.has(key)) return fail(`groupBy.${i}.field`, `${groupLabel(field, bucket)} is grouped twice`);
      seenGroups.add(key);
      columns.push({ key, label: groupLabel(field, bucket), kind: bucket && bucket !== 'day' ? 'text' : field.kind, source: { type: 'group', field: field.key, bucket } });
    });
    const aggregates = definition.aggregates.length > 0 ? definition.aggregates : [{ fn: 'count' as const, field: null }];
    const seenAggregates = new Set<string>();
    aggregates.forEach((a, i) => {
      let field: ReportField | null = null;
      if (a.fn !== 'count') {
        if (!a.field) return fail(`aggregates.${i}.field`, `Choose the field to take the ${aggregateLabels[a.fn].toLowerCase()} of`);
        field = known(a.field, `aggregates.${i}.field`);
        if (!field) return;
        if (!aggregateKinds[a.fn].includes(field.kind)) {
          return fail(`aggregates.${i}.field`, `${aggregateLabels[a.fn]} needs a ${a.fn === 'sum' || a.fn === 'avg' ? 'number or amount' : 'number, amount or date'}; ${field.label} is not one`);
        }
      }
      const key = aggregateKey(a.fn, field?.key);
      if (seenAggregates.has(key)) return fail(`aggregates.${i}.fn`, `${aggregateLabel(a.fn, field)} is asked for twice`);
      seenAggregates.add(key);
      columns.push({ key, label: aggregateLabel(a.fn, field), kind: aggregateKind(a.fn, field), source: { type: 'aggregate', fn: a.fn, field: field?.key ?? null } });
    });
  } else {
    const selected = definition.columns.length > 0 ? definition.columns : [];
    if (selected.length === 0) fail('columns', 'Choose at least one column');
    const seen = new Set<string>();
    selected.forEach((key, i) => {
      const field = known(key, `columns.${i}`);
      if (!field) return;
      if (seen.has(key)) return fail(`columns.${i}`, `${field.label} is a column twice`);
      seen.add(key);
      columns.push({ key, label: field.label, kind: field.kind, source: { type: 'field', field: key } });
    });
  }

  const filters: PlanFilter[] = [];
  definition.filters.forEach((filter, i) => {
    const field = known(filter.field, `filters.${i}.field`);
    if (!field) return;
    const compiled = compileFilter(field, filter, ctx, (message) => fail(`filters.${i}.value`, message), (message) => fail(`filters.${i}.op`, message));
    if (compiled) filters.push(compiled);
  });

  const sort: PlanSort[] = [];
  definition.sort.forEach((s, i) => {
    const path = `sort.${i}.by`;
    if (grouped) {
      const column = columns.find((c) => c.key === s.by);
      if (!column) return fail(path, `Sort a grouped report by one of its groups or aggregates (${columns.map((c) => c.label).join(', ') || 'none yet'})`);
      const kind = column.source.type === 'group' && !column.source.bucket ? reportField(entity, column.source.field)!.kind : column.kind;
      sort.push({ source: column.source, kind, direction: s.direction });
    } else {
      const field = known(s.by, path);
      if (!field) return;
      sort.push({ source: { type: 'field', field: field.key }, kind: field.kind, direction: s.direction });
    }
  });
  const sortKeys = sort.map((s) => JSON.stringify(s.source));
  if (new Set(sortKeys).size !== sortKeys.length) fail('sort', 'Each field can be sorted on once');

  if (Object.keys(errors).length > 0) throw new ReportDefinitionError(errors);

  // Default order: a grouped report by its groups (a date group is chronological), a list by its first column.
  if (sort.length === 0) {
    const first = columns[0];
    if (grouped) {
      for (const c of columns.filter((c) => c.source.type === 'group')) {
        const src = c.source as Extract<ColumnSource, { type: 'group' }>;
        sort.push({ source: src, kind: src.bucket ? c.kind : reportField(entity, src.field)!.kind, direction: 'asc' });
      }
    } else if (first) sort.push({ source: first.source, kind: first.kind, direction: 'asc' });
  }

  return { entity, mode: grouped ? 'groups' : 'rows', columns, filters, sort };
}

function compileFilter(
  field: ReportField,
  filter: ReportFilter,
  ctx: CompileContext,
  badValue: (message: string) => void,
  badOp: (message: string) => void,
): PlanFilter | null {
  const { op } = filter;
  const base = { field: field.key, kind: field.kind };
  if (!operatorsByKind[field.kind].includes(op)) {
    badOp(`"${filterOperatorLabels[op]}" does not apply to ${field.label}`);
    return null;
  }
  if (valuelessOperators.includes(op)) return { ...base, op: op === 'isEmpty' ? 'empty' : 'notEmpty' };

  const raw = filter.value;
  const list = Array.isArray(raw) ? raw : raw === undefined || raw === null || raw === '' ? [] : [raw];
  if (listOperators.includes(op) && !Array.isArray(raw) && op !== 'in' && op !== 'notIn') {
    badValue(`Give two values for "${filterOperatorLabels[op]}"`);
    return null;
  }
  if (list.length === 0) {
    badValue(`Give a value for ${field.label}`);
    return null;
  }
  if (!listOperators.includes(op) && list.length > 1) {
    badValue(`"${filterOperatorLabels[op]}" takes one value`);
    return null;
  }

  switch (field.kind) {
    case 'text': {
      const values = list.map((v) => String(v).trim());
      if (values.some((v) => v === '')) return badValue(`Give a value for ${field.label}`), null;
      if (op === 'contains' || op === 'startsWith') return { ...base, op, value: values[0]! };
      return { ...base, op: op === 'neq' || op === 'notIn' ? 'notIn' : 'in', values };
    }
    case 'enum': {
      const values = list.map(String);
      const unknown = values.find((v) => !field.options!.includes(v));
      if (unknown !== undefined) return badValue(`"${unknown}" is not a ${field.label.toLowerCase()}; choose from ${field.options!.join(', ')}`), null;
      return { ...base, op: op === 'neq' || op === 'notIn' ? 'notIn' : 'in', values };
    }
    case 'user': {
      const values: string[] = [];
      for (const v of list) {
        const id = String(v);
        if (id === 'me') {
          if (!ctx.actorId) return badValue('"me" needs a signed-in user; choose the owner'), null;
          values.push(ctx.actorId);
        } else if (id.length > 0 && id.length <= 36) values.push(id);
        else return badValue('Choose an owner'), null;
      }
      return { ...base, op: op === 'neq' || op === 'notIn' ? 'notIn' : 'in', values };
    }
    case 'boolean': {
      const v = list[0];
      const value = v === true || v === 'true' ? true : v === false || v === 'false' ? false : null;
      if (value === null) return badValue(`Choose yes or no for ${field.label}`), null;
      return { ...base, op: 'is', value };
    }
    case 'number':
    case 'money': {
      const values: (string | number)[] = [];
      for (const v of list) {
        const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : Number.NaN;
        if (!Number.isFinite(n)) return badValue(`${field.label} needs a number`), null;
        if (field.kind === 'money') {
          const text = typeof v === 'number' ? v.toFixed(2) : String(v).trim();
          if (!MONEY.test(text)) return badValue(`${field.label} needs an amount with up to 2 decimals`), null;
          values.push(text);
        } else values.push(n);
      }
      if (op === 'between') {
        if (values.length !== 2) return badValue('Give a lowest and a highest value'), null;
        if (Number(values[0]) > Number(values[1])) return badValue('The lowest value comes first'), null;
        return { ...base, op: 'range', from: { value: values[0]!, inclusive: true }, to: { value: values[1]!, inclusive: true } };
      }
      const v = values[0]!;
      if (op === 'eq') return { ...base, op: 'in', values: [v] };
      if (op === 'neq') return { ...base, op: 'notIn', values: [v] };
      if (op === 'gt' || op === 'gte') return { ...base, op: 'range', from: { value: v, inclusive: op === 'gte' }, to: null };
      return { ...base, op: 'range', from: null, to: { value: v, inclusive: op === 'lte' } };
    }
    case 'date':
    case 'datetime':
      return compileDateFilter(field, base, op, list, ctx, badValue);
  }
}

/**
 * Date filters become a half-open range [from, to): a date's day, or N days back or ahead from now.
 * Dates are calendar days; a datetime is compared in UTC from the start of the first day to the start of the
 * day after the last.
 */
function compileDateFilter(
  field: ReportField,
  base: { field: string; kind: ReportFieldKind },
  op: ReportFilter['op'],
  list: (string | number | boolean)[],
  ctx: CompileContext,
  badValue: (message: string) => void,
): PlanFilter | null {
  const asDatetime = field.kind === 'datetime';
  const bound = (isoDate: string, inclusive: boolean): Bound => ({ value: asDatetime ? startOf(isoDate) : isoDate, inclusive });
  if (op === 'inLastDays' || op === 'inNextDays') {
    const days = Number(list[0]);
    if (!Number.isInteger(days) || days < 1 || days > MAX_DAYS) return badValue(`Give a number of days from 1 to ${MAX_DAYS}`), null;
    if (asDatetime) {
      const now = ctx.now.getTime();
      return op === 'inLastDays'
        ? { ...base, op: 'range', from: { value: new Date(now - days * DAY_MS), inclusive: true }, to: { value: ctx.now, inclusive: true } }
        : { ...base, op: 'range', from: { value: ctx.now, inclusive: true }, to: { value: new Date(now + days * DAY_MS), inclusive: true } };
    }
    const today = ctx.now.toISOString().slice(0, 10);
    return op === 'inLastDays'
      ? { ...base, op: 'range', from: bound(addDays(today, -days), true), to: bound(today, true) }
      : { ...base, op: 'range', from: bound(today, true), to: bound(addDays(today, days), true) };
  }
  const dates = list.map(String);
  const bad = dates.find((d) => !isValidDate(d));
  if (bad !== undefined) return badValue('Enter a date as YYYY-MM-DD'), null;
  // A datetime's "on or before D" runs to the start of the next day, exclusive.
  const upTo = (d: string): Bound => (asDatetime ? { value: startOf(addDays(d, 1)), inclusive: false } : { value: d, inclusive: true });
  switch (op) {
    case 'eq':
      return { ...base, op: 'range', from: bound(dates[0]!, true), to: upTo(dates[0]!) };
    case 'gte':
      return { ...base, op: 'range', from: bound(dates[0]!, true), to: null };
    case 'gt':
      return { ...base, op: 'range', from: asDatetime ? { value: startOf(addDays(dates[0]!, 1)), inclusive: true } : bound(dates[0]!, false), to: null };
    case 'lte':
      return { ...base, op: 'range', from: null, to: upTo(dates[0]!) };
    case 'lt':
      return { ...base, op: 'range', from: null, to: bound(dates[0]!, false) };
    case 'between': {
      if (dates.length !== 2) return badValue('Give a first and a last date'), null;
      if (dates[0]! > dates[1]!) return badValue('The first date comes first'), null;
      return { ...base, op: 'range', from: bound(dates[0]!, true), to: upTo(dates[1]!) };
    }
    default:
      return badValue(`"${filterOperatorLabels[op]}" does not apply to ${field.label}`), null;
  }
}

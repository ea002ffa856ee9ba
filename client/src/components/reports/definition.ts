// The builder's working copy of a report definition, and the small pure edits the controls make to it.
import {
  aggregateKey,
  aggregateLabels,
  groupKey,
  operatorsByKind,
  type ReportEntity,
  type ReportField,
  reportCatalogue,
  reportField,
} from '../../../../shared/reportFields';
import type { ReportAggregate, ReportFilter, ReportGroup, ReportSort } from '../../../../shared/schemas/reports';

export interface Definition {
  entity: ReportEntity;
  columns: string[];
  filters: ReportFilter[];
  groupBy: ReportGroup[];
  aggregates: ReportAggregate[];
  sort: ReportSort[];
}

export function newDefinition(entity: ReportEntity = 'opportunities'): Definition {
  return { entity, columns: [...reportCatalogue[entity].defaultColumns], filters: [], groupBy: [], aggregates: [], sort: [] };
}

/** A stored definition with every list present (older or hand-made ones may leave some out). */
export function fromStored(d: Partial<Definition> & { entity: ReportEntity }): Definition {
  return { entity: d.entity, columns: d.columns ?? [], filters: d.filters ?? [], groupBy: d.groupBy ?? [], aggregates: d.aggregates ?? [], sort: d.sort ?? [] };
}

export const isGrouped = (d: Definition) => d.groupBy.length > 0 || d.aggregates.length > 0;

export const fieldsOf = (entity: ReportEntity): readonly ReportField[] => reportCatalogue[entity].fields;

/** A filter on `field` with the operator and empty value that suit its kind. */
export function newFilter(entity: ReportEntity, fieldKey: string): ReportFilter {
  const field = reportField(entity, fieldKey)!;
  const op = operatorsByKind[field.kind][0]!;
  return { field: fieldKey, op, value: initialValue(field, op) };
}

export function initialValue(field: ReportField, op: ReportFilter['op']): ReportFilter['value'] {
  if (op === 'isEmpty' || op === 'isNotEmpty') return undefined;
  if (op === 'in' || op === 'notIn') return field.kind === 'user' ? ['me'] : [];
  if (op === 'between') return ['', ''];
  if (op === 'inLastDays' || op === 'inNextDays') return 30;
  if (field.kind === 'boolean') return true;
  if (field.kind === 'user') return 'me';
  return '';
}

/** Switching to grouping: group by the first enum or owner field, count; back to a list: the entity's columns. */
export function toGrouped(d: Definition): Definition {
  const fields = fieldsOf(d.entity);
  const first = fields.find((f) => f.kind === 'enum') ?? fields.find((f) => f.kind === 'user') ?? fields[1]!;
  return { ...d, columns: [], groupBy: [{ field: first.key, bucket: null }], aggregates: [{ fn: 'count', field: null }], sort: [] };
}

export function toList(d: Definition): Definition {
  return { ...d, columns: [...reportCatalogue[d.entity].defaultColumns], groupBy: [], aggregates: [], sort: [] };
}

/** What a report can be sorted by: any field in a list, its groups and aggregates when grouped. */
export function sortOptions(d: Definition): { value: string; label: string }[] {
  if (!isGrouped(d)) return fieldsOf(d.entity).map((f) => ({ value: f.key, label: f.label }));
  const groups = d.groupBy.flatMap((g) => {
    const f = reportField(d.entity, g.field);
    return f ? [{ value: groupKey(g.field, g.bucket), label: g.bucket ? `${f.label} (${g.bucket})` : f.label }] : [];
  });
  const aggregates = (d.aggregates.length ? d.aggregates : [{ fn: 'count' as const, field: null }]).map((a) => {
    const f = a.field ? reportField(d.entity, a.field) : null;
    return { value: aggregateKey(a.fn, a.field), label: a.fn === 'count' || !f ? 'Count' : `${aggregateLabels[a.fn]} of ${f.label}` };
  });
  return [...groups, ...aggregates];
}

/** The definition as the server takes it: blank values of half-filled filters left as they are, for the server to name. */
export function toInput(d: Definition) {
  return { ...d, groupBy: d.groupBy.map((g) => ({ field: g.field, bucket: g.bucket ?? null })) };
}

export function move<T>(list: T[], from: number, to: number): T[] {
  if (to < 0 || to >= list.length) return list;
  const next = [...list];
  const [item] = next.splice(from, 1);
  next.splice(to, 0, item!);
  return next;
}

// The report compiler: the whitelist, each problem on its own path, filters normalised (dates against now,
// "me" to the reader), default orders; and the SQL it becomes carries every value as a bound parameter.
import { describe, expect, it } from 'vitest';
import { compileReport, ReportDefinitionError } from '../../../../server/domain/reports/compile';
import { reportCatalogue, reportEntities } from '../../../../shared/reportFields';
import { reportDefinition, type ReportDefinitionInput } from '../../../../shared/schemas/reports';

const NOW = new Date('2026-11-24T15:00:00.000Z');
const ctx = { actorId: 'user-1', now: NOW };
const compile = (d: ReportDefinitionInput) => compileReport(reportDefinition.parse(d), ctx);
const errorsOf = (d: ReportDefinitionInput) => {
  try {
    compile(d);
  } catch (error) {
    if (error instanceof ReportDefinitionError) return error.fieldErrors;
    throw error;
  }
  throw new Error('expected the definition to be refused');
};

describe('the whitelist', () => {
  it('knows every entity the issue names, each with default columns of its own fields', () => {
    expect(reportEntities).toEqual(['accounts', 'contacts', 'leads', 'opportunities', 'activities', 'projects', 'cases', 'ruleResults']);
    for (const entity of reportEntities) {
      const keys = reportCatalogue[entity].fields.map((f) => f.key);
      expect(new Set(keys).size).toBe(keys.length);
      expect(reportCatalogue[entity].defaultColumns.every((c) => keys.includes(c))).toBe(true);
      expect(compile({ entity, columns: [...reportCatalogue[entity].defaultColumns] }).mode).toBe('rows');
    }
  });

  it.each([
    ['a column', { entity: 'accounts', columns: ['passwordHash'] }, 'columns.0'],
    ['a filter', { entity: 'accounts', columns: ['accountName'], filters: [{ field: 'deletedAt', op: 'isEmpty' }] }, 'filters.0.field'],
    ['a group', { entity: 'leads', groupBy: [{ field: 'extraFields' }] }, 'groupBy.0.field'],
    ['an aggregate', { entity: 'opportunities', aggregates: [{ fn: 'sum', field: 'metrics' }] }, 'aggregates.0.field'],
    ['a sort', { entity: 'contacts', columns: ['email'], sort: [{ by: 'version', direction: 'asc' }] }, 'sort.0.by'],
    ['SQL in a name', { entity: 'accounts', columns: ['accountName`, (select 1)'] }, 'columns.0'],
    ['a field of another entity', { entity: 'leads', columns: ['stage'] }, 'columns.0'],
  ] as const)('refuses a field outside the whitelist in %s', (_what, definition, path) => {
    expect(Object.keys(errorsOf(definition as unknown as ReportDefinitionInput))).toEqual([path]);
  });

  it('reports every problem at once', () => {
    expect(errorsOf({ entity: 'opportunities', columns: ['amount', 'amount'], filters: [{ field: 'stage', op: 'gt', value: 'Proposal' }, { field: 'closeDate', op: 'eq', value: '24/11/2026' }] })).toEqual({
      'columns.1': ['Amount is a column twice'],
      'filters.0.op': ['"greater than" does not apply to Stage'],
      'filters.1.value': ['Enter a date as YYYY-MM-DD'],
    });
  });
});

describe('grouping and aggregates', () => {
  it('groups with a count by default, and sorts by the groups', () => {
    const plan = compile({ entity: 'opportunities', groupBy: [{ field: 'stage' }] });
    expect(plan.mode).toBe('groups');
    expect(plan.columns.map((c) => [c.key, c.label, c.kind])).toEqual([
      ['stage', 'Stage', 'enum'],
      ['count', 'Count', 'number'],
    ]);
    expect(plan.sort).toEqual([{ source: { type: 'group', field: 'stage', bucket: null }, kind: 'enum', direction: 'asc' }]);
  });

  it('names date groups and totals, and keeps the kinds money needs', () => {
    const plan = compile({ entity: 'opportunities', groupBy: [{ field: 'closeDate', bucket: 'quarter' }], aggregates: [{ fn: 'sum', field: 'amount' }, { fn: 'avg', field: 'probability' }, { fn: 'max', field: 'closeDate' }] });
    expect(plan.columns.map((c) => [c.key, c.label, c.kind])).toEqual([
      ['closeDate:quarter', 'Close date (quarter)', 'text'],
      ['sum:amount', 'Sum of Amount', 'money'],
      ['avg:probability', 'Average of Probability', 'number'],
      ['max:closeDate', 'Maximum of Close date', 'date'],
    ]);
  });

  it.each([
    [{ entity: 'opportunities', columns: ['stage'], groupBy: [{ field: 'stage' }] }, 'columns', /leave the columns empty/],
    [{ entity: 'opportunities', groupBy: [{ field: 'stage', bucket: 'month' }] }, 'groupBy.0.bucket', /Stage is not a date/],
    [{ entity: 'opportunities', groupBy: [{ field: 'createdAt' }] }, 'groupBy.0.bucket', /Choose a period/],
    [{ entity: 'opportunities', aggregates: [{ fn: 'avg', field: 'closeDate' }] }, 'aggregates.0.field', /needs a number or amount/],
    [{ entity: 'opportunities', aggregates: [{ fn: 'sum' }] }, 'aggregates.0.field', /Choose the field/],
    [{ entity: 'opportunities', groupBy: [{ field: 'stage' }], sort: [{ by: 'amount', direction: 'asc' }] }, 'sort.0.by', /one of its groups or aggregates/],
  ] as const)('refuses a grouping that cannot work (%#)', (definition, path, message) => {
    const errors = errorsOf(definition as unknown as ReportDefinitionInput);
    expect(Object.keys(errors)).toEqual([path]);
    expect(errors[path]![0]).toMatch(message);
  });
});

describe('filters', () => {
  const filterOf = (entity: ReportDefinitionInput['entity'], field: string, op: string, value?: unknown) =>
    compile({ entity, columns: ['id'], filters: [{ field, op, value } as never] }).filters[0];

  it('resolves "me", lists and "is not"', () => {
    expect(filterOf('opportunities', 'owner', 'eq', 'me')).toEqual({ field: 'owner', kind: 'user', op: 'in', values: ['user-1'] });
    expect(filterOf('opportunities', 'stage', 'neq', 'Closed Lost')).toEqual({ field: 'stage', kind: 'enum', op: 'notIn', values: ['Closed Lost'] });
    expect(filterOf('accounts', 'industry', 'in', ['Retail', 'Energy'])).toEqual({ field: 'industry', kind: 'text', op: 'in', values: ['Retail', 'Energy'] });
    expect(() => compileReport(reportDefinition.parse({ entity: 'opportunities', columns: ['id'], filters: [{ field: 'owner', op: 'eq', value: 'me' }] }), { actorId: null, now: NOW })).toThrow(/needs a signed-in user/);
  });

  it('turns date filters into half-open ranges: days for dates, UTC instants for times', () => {
    expect(filterOf('opportunities', 'closeDate', 'between', ['2026-10-01', '2026-12-31'])).toMatchObject({ op: 'range', from: { value: '2026-10-01', inclusive: true }, to: { value: '2026-12-31', inclusive: true } });
    expect(filterOf('opportunities', 'closedAt', 'lte', '2026-11-30')).toMatchObject({ op: 'range', from: null, to: { value: new Date('2026-12-01T00:00:00.000Z'), inclusive: false } });
    expect(filterOf('opportunities', 'closedAt', 'eq', '2026-11-24')).toMatchObject({ from: { value: new Date('2026-11-24T00:00:00.000Z') }, to: { value: new Date('2026-11-25T00:00:00.000Z'), inclusive: false } });
    expect(filterOf('opportunities', 'closeDate', 'inNextDays', 30)).toMatchObject({ from: { value: '2026-11-24' }, to: { value: '2026-12-24', inclusive: true } });
    expect(filterOf('activities', 'occurredAt', 'inLastDays', 7)).toMatchObject({ from: { value: new Date('2026-11-17T15:00:00.000Z') }, to: { value: NOW } });
  });

  it('takes amounts as exact decimals and refuses what is not one', () => {
    expect(filterOf('opportunities', 'amount', 'gte', 1000.5)).toMatchObject({ op: 'range', from: { value: '1000.50', inclusive: true } });
    expect(errorsOf({ entity: 'opportunities', columns: ['id'], filters: [{ field: 'amount', op: 'gte', value: '1.005' }] })).toEqual({ 'filters.0.value': ['Amount needs an amount with up to 2 decimals'] });
    expect(errorsOf({ entity: 'opportunities', columns: ['id'], filters: [{ field: 'amount', op: 'between', value: ['10', '5'] }] })).toEqual({ 'filters.0.value': ['The lowest value comes first'] });
    expect(errorsOf({ entity: 'leads', columns: ['id'], filters: [{ field: 'score', op: 'gt', value: 'lots' }] })).toEqual({ 'filters.0.value': ['Score needs a number'] });
  });

  it('needs a value where the operator takes one, and none where it does not', () => {
    expect(errorsOf({ entity: 'accounts', columns: ['id'], filters: [{ field: 'industry', op: 'contains', value: '  ' }] })).toEqual({ 'filters.0.value': ['Give a value for Industry'] });
    expect(filterOf('accounts', 'industry', 'isEmpty')).toEqual({ field: 'industry', kind: 'text', op: 'empty' });
  });
});

describe('the SQL it becomes', () => {
  it('binds every value as a parameter, never in the statement text', async () => {
    const { runPlan } = await import('../../../../server/reports/sql');
    const hostile = "x' or '1'='1";
    const plan = compile({ entity: 'opportunities', columns: ['opportunityName'], filters: [{ field: 'opportunityName', op: 'contains', value: hostile }, { field: 'stage', op: 'in', value: ['Proposal'] }] });
    let captured: { sql: string; params: unknown[] } | null = null;
    // drizzle's proxy driver stands in for the database: it only records the statement it would send.
    const { drizzle } = await import('drizzle-orm/mysql-proxy');
    const db = drizzle(async (sql, params) => {
      captured = { sql, params };
      return { rows: [] };
    }, { casing: 'snake_case' });
    await runPlan(db as never, plan, 'user-1', { limit: 10 });
    expect(captured!.sql).not.toContain(hostile);
    expect(captured!.sql).not.toContain('Proposal');
    expect(captured!.params).toContain(`%${hostile}%`);
    expect(captured!.params).toContain('Proposal');
  });
});

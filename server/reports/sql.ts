// A compiled report plan (server/domain/reports/compile.ts) as one SQL statement: each whitelisted field key
// maps to a column or expression written here, every value from the definition is a bound parameter, and the
// rows are what the lists show the user running the report: soft-deleted accounts, deals and projects left
// out, a captured email's subject at its mailbox's sharing level unless the reader owns it (as asSeenBy does
// for the activity lists). Paged by keyset on the sort values and the row's id (or the group's keys).
import { and, eq, isNull, sql, type SQL } from 'drizzle-orm';
import type { AnyMySqlColumn, MySqlTable } from 'drizzle-orm/mysql-core';
import superjson from 'superjson';
import { accounts, activities, cases, contacts, emailConnections, leads, opportunities, projects, ruleResults, users } from '../../drizzle/schema';
import { type DateBucket, type ReportEntity, type ReportFieldKind, reportField } from '../../shared/reportFields';
import type { DbOrTx } from '../db';
import { sharedView } from '../domain/emailMatching';
import type { Bound, ColumnSource, PlanFilter, PlanSort, ReportPlan } from '../domain/reports/compile';
import { invalid } from '../lib/errors';

type Expr = SQL | AnyMySqlColumn;

interface EntitySql {
  table: MySqlTable;
  id: AnyMySqlColumn;
  ownerId: AnyMySqlColumn;
  /** The column to join accounts on, for accountName; absent when the entity is accounts itself or has none. */
  accountId?: AnyMySqlColumn;
  /** What the lists leave out (soft-deleted records). */
  visible?: SQL;
  captureConnection?: boolean;
  /** Field key -> its value expression (owner is handled apart: shown by name, filtered by id). */
  fields: (readerId: string | null) => Record<string, Expr>;
}

const PRIVATE_EMAIL = sharedView({ type: 'email', subject: '', body: null }, 'metadata').subject;
const PRIVATE_MEETING = sharedView({ type: 'meeting', subject: '', body: null }, 'metadata').subject;

/** A deal's MEDDIC contact by name, read by its own id (a subquery: the report's joins stay one per table). */
const contactName = (contactId: AnyMySqlColumn) =>
  sql`(select concat_ws(' ', ${contacts.firstName}, ${contacts.lastName}) from ${contacts} where ${contacts.id} = ${contactId})`;

const entities: Record<ReportEntity, EntitySql> = {
  accounts: {
    table: accounts,
    id: accounts.id,
    ownerId: accounts.ownerId,
    visible: isNull(accounts.deletedAt),
    fields: () => ({
      id: accounts.id,
      accountName: accounts.accountName,
      industry: accounts.industry,
      region: accounts.region,
      vertical: accounts.vertical,
      securityPosture: accounts.securityPosture,
      domain: accounts.domain,
      website: accounts.website,
      lastActivityAt: accounts.lastActivityAt,
      createdAt: accounts.createdAt,
      updatedAt: accounts.updatedAt,
    }),
  },
  contacts: {
    table: contacts,
    id: contacts.id,
    ownerId: contacts.ownerId,
    accountId: contacts.accountId,
    fields: () => ({
      id: contacts.id,
      firstName: contacts.firstName,
      lastName: contacts.lastName,
      email: contacts.email,
      phone: contacts.phone,
      title: contacts.title,
      role: contacts.role,
      accountName: accounts.accountName,
      lastActivityAt: contacts.lastActivityAt,
      createdAt: contacts.createdAt,
    }),
  },
  leads: {
    table: leads,
    id: leads.id,
    ownerId: leads.ownerId,
    fields: () => ({
      id: leads.id,
      firstName: leads.firstName,
      lastName: leads.lastName,
      email: leads.email,
      company: leads.company,
      title: leads.title,
      industry: leads.industry,
      employees: leads.employees,
      region: leads.region,
      leadSource: leads.leadSource,
      score: leads.score,
      status: leads.status,
      convertedAt: leads.convertedAt,
      createdAt: leads.createdAt,
    }),
  },
  opportunities: {
    table: opportunities,
    id: opportunities.id,
    ownerId: opportunities.ownerId,
    accountId: opportunities.accountId,
    visible: isNull(opportunities.deletedAt),
    fields: () => ({
      id: opportunities.id,
      opportunityName: opportunities.opportunityName,
      accountName: accounts.accountName,
      accountId: opportunities.accountId,
      stage: opportunities.stage,
      amount: opportunities.amount,
      closeDate: opportunities.closeDate,
      probability: opportunities.probability,
      forecastCategory: opportunities.forecastCategory,
      open: sql`(${opportunities.closedAt} is null)`,
      nextStep: opportunities.nextStep,
      nextStepDate: opportunities.nextStepDate,
      economicBuyer: contactName(opportunities.economicBuyerContactId),
      champion: contactName(opportunities.championContactId),
      competitor: opportunities.competitor,
      lossReason: opportunities.lossReason,
      pushCount: opportunities.pushCount,
      closedAt: opportunities.closedAt,
      lastActivityAt: opportunities.lastActivityAt,
      createdAt: opportunities.createdAt,
      updatedAt: opportunities.updatedAt,
    }),
  },
  activities: {
    table: activities,
    id: activities.id,
    ownerId: activities.ownerId,
    accountId: activities.accountId,
    captureConnection: true,
    fields: (readerId) => ({
      id: activities.id,
      type: activities.type,
      // The same rule as asSeenBy: the owner and mailboxes sharing subjects show it, 'metadata' hides it.
      subject: sql`(case when ${emailConnections.sharingLevel} is null or ${emailConnections.sharingLevel} <> 'metadata' or ${activities.ownerId} = ${readerId ?? ''} then ${activities.subject} when ${activities.type} = 'meeting' then ${PRIVATE_MEETING} else ${PRIVATE_EMAIL} end)`,
      direction: activities.direction,
      relatedToType: activities.relatedToType,
      accountName: accounts.accountName,
      occurredAt: activities.occurredAt,
      dueAt: activities.dueAt,
      completedAt: activities.completedAt,
      createdAt: activities.createdAt,
    }),
  },
  projects: {
    table: projects,
    id: projects.id,
    ownerId: projects.ownerId,
    accountId: projects.accountId,
    visible: isNull(projects.deletedAt),
    fields: () => ({
      id: projects.id,
      projectName: projects.projectName,
      accountName: accounts.accountName,
      status: projects.status,
      healthStatus: projects.healthStatus,
      expectedUsers: projects.expectedUsers,
      activeUsers: projects.activeUsers,
      startDate: projects.startDate,
      targetEndDate: projects.targetEndDate,
      createdAt: projects.createdAt,
    }),
  },
  cases: {
    table: cases,
    id: cases.id,
    ownerId: cases.ownerId,
    accountId: cases.accountId,
    fields: () => ({
      id: cases.id,
      caseNumber: cases.caseNumber,
      subject: cases.subject,
      status: cases.status,
      priority: cases.priority,
      open: sql`(${cases.closedAt} is null)`,
      accountName: accounts.accountName,
      slaDueAt: cases.slaDueAt,
      closedAt: cases.closedAt,
      createdAt: cases.createdAt,
    }),
  },
  ruleResults: {
    table: ruleResults,
    id: ruleResults.id,
    ownerId: ruleResults.ownerId,
    fields: () => ({
      id: ruleResults.id,
      ruleId: ruleResults.ruleId,
      recordType: ruleResults.recordType,
      recordId: ruleResults.recordId,
      severity: ruleResults.severity,
      message: ruleResults.message,
      open: sql`(${ruleResults.resolvedAt} is null)`,
      occurrence: ruleResults.occurrence,
      firstSeenAt: ruleResults.firstSeenAt,
      lastSeenAt: ruleResults.lastSeenAt,
      resolvedAt: ruleResults.resolvedAt,
    }),
  },
};

/** Expressions of one report run: the entity's fields as the reader sees them. */
class Fields {
  private readonly map: Record<string, Expr>;
  constructor(
    readonly entity: ReportEntity,
    readonly def: EntitySql,
    readerId: string | null,
  ) {
    this.map = def.fields(readerId);
  }

  kind(field: string): ReportFieldKind {
    return reportField(this.entity, field)!.kind;
  }

  /** What a column shows: the owner by name, everything else as it is. */
  value(field: string): Expr {
    if (this.kind(field) === 'user') return users.name;
    const expr = this.map[field];
    if (!expr) throw new Error(`Report field ${this.entity}.${field} has no SQL`); // the catalogue and this file disagree
    return expr;
  }

  /** What a filter compares: the owner by id. */
  filterValue(field: string): Expr {
    return this.kind(field) === 'user' ? this.def.ownerId : this.value(field);
  }

  /** What a group is keyed by: the owner by id as well as name (two people may share a name). */
  groupExprs(field: string, bucket: DateBucket | null): Expr[] {
    if (this.kind(field) === 'user') return [users.name, this.def.ownerId];
    return [bucket ? bucketed(this.value(field), bucket) : this.value(field)];
  }
}

/** Calendar buckets as sortable labels (2026-11-24, 2026-W48, 2026-11, 2026-Q4, 2026); datetimes in UTC. */
function bucketed(expr: Expr, bucket: DateBucket): SQL {
  switch (bucket) {
    case 'day':
      return sql`date_format(${expr}, '%Y-%m-%d')`;
    case 'week':
      return sql`date_format(${expr}, '%x-W%v')`;
    case 'month':
      return sql`date_format(${expr}, '%Y-%m')`;
    case 'quarter':
      return sql`concat(year(${expr}), '-Q', quarter(${expr}))`;
    case 'year':
      return sql`date_format(${expr}, '%Y')`;
  }
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** A value bound for comparison with an expression of this kind: decimals compared as decimals, not floats. */
function param(kind: ReportFieldKind, value: string | number | Date | boolean | null): SQL {
  if (kind === 'money') return sql`cast(${value} as decimal(30,6))`;
  return sql`${value}`;
}

function filterSql(fields: Fields, f: PlanFilter): SQL | undefined {
  const expr = fields.filterValue(f.field);
  switch (f.op) {
    case 'in':
      return f.values.length === 1 ? sql`${expr} = ${param(f.kind, f.values[0]!)}` : sql`${expr} in (${sql.join(f.values.map((v) => param(f.kind, v)), sql`, `)})`;
    case 'notIn':
      // "is not X" keeps the records with no value at all, as a reader would expect.
      return sql`(${expr} is null or ${expr} not in (${sql.join(f.values.map((v) => param(f.kind, v)), sql`, `)}))`;
    case 'contains':
      return sql`${expr} like ${`%${escapeLike(f.value)}%`}`;
    case 'startsWith':
      return sql`${expr} like ${`${escapeLike(f.value)}%`}`;
    case 'range':
      return and(bound(expr, f.kind, f.from, '>'), bound(expr, f.kind, f.to, '<'));
    case 'empty':
      return f.kind === 'text' ? sql`(${expr} is null or ${expr} = '')` : sql`${expr} is null`;
    case 'notEmpty':
      return f.kind === 'text' ? sql`(${expr} is not null and ${expr} <> '')` : sql`${expr} is not null`;
    case 'is':
      return f.value ? sql`${expr}` : sql`not ${expr}`;
  }
}

function bound(expr: Expr, kind: ReportFieldKind, b: Bound | null, side: '>' | '<'): SQL | undefined {
  if (!b) return undefined;
  const op = sql.raw(b.inclusive ? `${side}=` : side);
  return sql`${expr} ${op} ${param(kind, b.value)}`;
}

function aggregateSql(fields: Fields, source: Extract<ColumnSource, { type: 'aggregate' }>): SQL {
  if (source.fn === 'count') return sql`count(*)`;
  const expr = fields.value(source.field!);
  switch (source.fn) {
    case 'sum':
      return sql`coalesce(sum(${expr}), 0)`;
    case 'avg':
      // Money averages to the cent; other numbers to two decimals.
      return sql`round(avg(${expr}), 2)`;
    case 'min':
      return sql`min(${expr})`;
    case 'max':
      return sql`max(${expr})`;
  }
}

/** The expression a column selects. */
function columnSql(fields: Fields, source: ColumnSource): SQL | Expr {
  if (source.type === 'field') return fields.value(source.field);
  if (source.type === 'group') return fields.groupExprs(source.field, source.bucket)[0]!;
  return aggregateSql(fields, source);
}

/** The key a sort orders by: enum fields in their natural order (stages as the pipeline runs), as a number. */
function sortPart(fields: Fields, s: PlanSort): KeyPart {
  const expr = columnSql(fields, s.source);
  const field = s.source.type === 'aggregate' ? null : reportField(fields.entity, s.source.field)!;
  if (field?.kind === 'enum' && !(s.source.type === 'group' && s.source.bucket)) {
    return { expr: sql`field(${expr}, ${sql.join(field.options!.map((o) => sql`${o}`), sql`, `)})`, direction: s.direction, kind: 'number' };
  }
  return { expr, direction: s.direction, kind: s.kind };
}

/** A group's keys with the kinds their cursor values are bound back as. */
function groupParts(fields: Fields, source: Extract<ColumnSource, { type: 'group' }>): KeyPart[] {
  const kind: ReportFieldKind = source.bucket ? 'text' : fields.kind(source.field) === 'user' ? 'text' : fields.kind(source.field);
  return fields.groupExprs(source.field, source.bucket).map((expr) => ({ expr, direction: 'asc' as const, kind }));
}

// ---- Keyset ------------------------------------------------------------------------------------------------

type CursorValue = string | number | Date | null;
interface KeyPart {
  expr: SQL | Expr;
  direction: 'asc' | 'desc';
  /** How the cursor's value is bound back. */
  kind: ReportFieldKind | 'id';
}

const isCursorValue = (v: unknown): v is CursorValue =>
  v === null || (typeof v === 'string' && v.length <= 1000) || (typeof v === 'number' && Number.isFinite(v)) || (v instanceof Date && !Number.isNaN(v.getTime()));

function encodeReportCursor(values: CursorValue[]): string {
  return Buffer.from(superjson.stringify(values)).toString('base64url');
}

function decodeReportCursor(cursor: string, length: number): CursorValue[] {
  let parsed: unknown;
  try {
    parsed = superjson.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    // answered below
  }
  if (Array.isArray(parsed) && parsed.length === length && parsed.every(isCursorValue)) return parsed;
  throw invalid('The page cursor is invalid; start again from the first page');
}

/**
 * Rows after the cursor for ORDER BY parts (MySQL puts NULLs first ascending, last descending):
 * part 1 beyond its value, or equal and the rest after theirs.
 */
function afterCursor(parts: KeyPart[], values: CursorValue[], i = 0): SQL {
  if (i === parts.length) return sql`false`;
  const { expr, direction, kind } = parts[i]!;
  const v = values[i]!;
  const bind = (value: CursorValue) => (kind === 'id' ? sql`${value}` : kind === 'money' || kind === 'number' ? sql`cast(${value} as decimal(30,6))` : sql`${value}`);
  const beyond = v === null ? (direction === 'asc' ? sql`${expr} is not null` : sql`false`) : direction === 'asc' ? sql`${expr} > ${bind(v)}` : sql`(${expr} < ${bind(v)} or ${expr} is null)`;
  const equal = v === null ? sql`${expr} is null` : sql`${expr} = ${bind(v)}`;
  return sql`(${beyond} or (${equal} and ${afterCursor(parts, values, i + 1)}))`;
}

// ---- Values ------------------------------------------------------------------------------------------------

/** A DECIMAL as the driver gives it ('1234.500000', '12') as a plain money string with two decimals. */
function toMoneyString(value: unknown): string {
  const text = String(value);
  const negative = text.startsWith('-');
  const [whole = '0', fraction = ''] = text.replace(/^-/, '').split('.');
  // Averages are rounded in SQL; anything finer than a cent is only the driver's trailing zeros.
  const cents = `${fraction}00`.slice(0, 2);
  return `${negative ? '-' : ''}${whole.replace(/^0+(?=\d)/, '')}.${cents}`;
}

export function normalizeValue(kind: ReportFieldKind, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  switch (kind) {
    case 'money':
      return toMoneyString(value);
    case 'number': {
      const n = Number(value);
      return Number.isFinite(n) ? n : String(value);
    }
    case 'boolean':
      return value === true || Number(value) === 1;
    case 'date':
      return value instanceof Date ? value.toISOString().slice(0, 10) : String(value).slice(0, 10);
    case 'datetime':
      if (value instanceof Date) return value;
      return new Date(`${String(value).replace(' ', 'T')}${/[zZ+]/.test(String(value).slice(10)) ? '' : 'Z'}`);
    default:
      return String(value);
  }
}

/** The cursor keeps a sort value as it compares: datetimes as instants, decimals as their text. */
function cursorValue(kind: ReportFieldKind | 'id', value: unknown): CursorValue {
  if (value === null || value === undefined) return null;
  if (kind === 'id') return Number(value);
  if (kind === 'datetime') return normalizeValue('datetime', value) as Date;
  if (typeof value === 'number' || typeof value === 'string') return value;
  if (value instanceof Date) return value;
  return String(value);
}

// ---- The query ---------------------------------------------------------------------------------------------

export interface ResultColumn {
  key: string;
  label: string;
  kind: ReportFieldKind;
  /** A record's field, a group's key or a total. */
  role: ColumnSource['type'];
}

export interface ReportRow {
  /** The record's id in a list report, so the screen can link it; null for a group. */
  id: number | null;
  cells: unknown[];
}

export interface ReportPage {
  mode: ReportPlan['mode'];
  columns: ResultColumn[];
  rows: ReportRow[];
  nextCursor: string | null;
}

interface Prepared {
  fields: Fields;
  def: EntitySql;
  grouped: boolean;
  /** Aggregates without groups: one summary row. */
  summary: boolean;
  parts: KeyPart[];
  groupExprs: (SQL | Expr)[];
  where: SQL | undefined;
}

function prepare(plan: ReportPlan, readerId: string | null): Prepared {
  const def = entities[plan.entity];
  const fields = new Fields(plan.entity, def, readerId);
  const grouped = plan.mode === 'groups';
  const parts: KeyPart[] = plan.sort.map((s) => sortPart(fields, s));
  const groupKeys = plan.columns.flatMap((c) => (c.source.type === 'group' ? groupParts(fields, c.source) : []));
  // Ties broken by the row's id, or by every group key: each row has a place of its own in the order.
  if (grouped) parts.push(...groupKeys);
  else parts.push({ expr: def.id, direction: 'asc', kind: 'id' });
  const where = and(def.visible, ...plan.filters.map((f) => filterSql(fields, f)));
  return { fields, def, grouped, summary: grouped && groupKeys.length === 0, parts, groupExprs: groupKeys.map((p) => p.expr), where };
}

function baseQuery(db: DbOrTx, p: Prepared, selection: Record<string, SQL | Expr>) {
  let query = db.select(selection as Record<string, SQL>).from(p.def.table).leftJoin(users, eq(users.id, p.def.ownerId)).$dynamic();
  if (p.def.accountId) query = query.leftJoin(accounts, eq(accounts.id, p.def.accountId));
  if (p.def.captureConnection) query = query.leftJoin(emailConnections, eq(emailConnections.id, activities.captureConnectionId));
  return query;
}

export async function runPlan(db: DbOrTx, plan: ReportPlan, readerId: string | null, page: { cursor?: string | null; limit: number }): Promise<ReportPage> {
  const p = prepare(plan, readerId);
  const selection: Record<string, SQL | Expr> = {};
  plan.columns.forEach((c, i) => {
    selection[`c${i}`] = columnSql(p.fields, c.source);
  });
  p.parts.forEach((part, i) => {
    selection[`k${i}`] = part.expr;
  });
  if (!p.grouped) selection._id = p.def.id;

  const after = page.cursor && !p.summary ? afterCursor(p.parts, decodeReportCursor(page.cursor, p.parts.length)) : undefined;
  let query = baseQuery(db, p, selection).where(p.grouped ? p.where : and(p.where, after));
  if (p.grouped && !p.summary) query = query.groupBy(...(p.groupExprs as SQL[]));
  if (p.grouped && after) query = query.having(after);
  query = query.orderBy(...p.parts.map((part) => (part.direction === 'asc' ? sql`${part.expr} asc` : sql`${part.expr} desc`)));
  if (!p.summary) query = query.limit(page.limit + 1);

  const raw = (await query) as Record<string, unknown>[];
  const shown = p.summary ? raw : raw.slice(0, page.limit);
  const rows: ReportRow[] = shown.map((r) => ({
    id: p.grouped ? null : Number(r._id),
    cells: plan.columns.map((c, i) => normalizeValue(c.kind, r[`c${i}`])),
  }));
  const last = shown[shown.length - 1];
  const nextCursor = !p.summary && raw.length > page.limit && last ? encodeReportCursor(p.parts.map((part, i) => cursorValue(part.kind, last[`k${i}`]))) : null;
  return { mode: plan.mode, columns: plan.columns.map(({ key, label, kind, source }) => ({ key, label, kind, role: source.type })), rows, nextCursor };
}

/** Rows in the whole report (groups, for a grouped one): counted by the database, nothing loaded. */
export async function countRows(db: DbOrTx, plan: ReportPlan, readerId: string | null): Promise<number> {
  const p = prepare(plan, readerId);
  if (p.summary) return 1;
  if (!p.grouped) {
    const [row] = await baseQuery(db, p, { n: sql`count(*)` }).where(p.where);
    return Number(row?.n ?? 0);
  }
  const groups = baseQuery(db, p, { one: sql`1` }).where(p.where).groupBy(...(p.groupExprs as SQL[])).as('report_groups');
  const [row] = await db.select({ n: sql<number>`count(*)` }).from(groups);
  return Number(row?.n ?? 0);
}

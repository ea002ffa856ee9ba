// The report builder's whitelist: every entity a report can read and every field of it, with its kind. Pure
// data, shared by the builder screen (pickers, operators, value inputs) and the server (server/domain/reports/
// compile.ts validates a definition against it; server/reports/sql.ts maps each field to its column).
// A field that is not listed here cannot be selected, filtered, grouped or sorted on.
import {
  activityDirections,
  activityTypes,
  casePriorities,
  caseStatuses,
  healthStatuses,
  leadStatuses,
  projectStatuses,
  relatedToTypes,
  securityPostures,
} from './enums';
import { forecastCategories, stages } from './stages';

export const reportEntities = ['accounts', 'contacts', 'leads', 'opportunities', 'activities', 'projects', 'cases', 'ruleResults'] as const;
export type ReportEntity = (typeof reportEntities)[number];

/**
 * text and enum compare as text; number and money as numbers (money summed exactly as DECIMAL); date is a
 * calendar date, datetime a UTC instant; user is a record's owner (shown by name, filtered by id or "me");
 * boolean a yes/no derived from the record (a deal is open while it has no closedAt).
 */
export const reportFieldKinds = ['text', 'enum', 'number', 'money', 'date', 'datetime', 'user', 'boolean'] as const;
export type ReportFieldKind = (typeof reportFieldKinds)[number];

export interface ReportField {
  key: string;
  label: string;
  kind: ReportFieldKind;
  /** The values of an enum field, in their natural order. */
  options?: readonly string[];
}

export interface ReportEntityInfo {
  label: string;
  /** The singular for a count: "12 opportunities". */
  noun: string;
  fields: readonly ReportField[];
  /** What a new report on this entity starts with. */
  defaultColumns: readonly string[];
}

const f = (key: string, label: string, kind: ReportFieldKind = 'text', options?: readonly string[]): ReportField =>
  options ? { key, label, kind, options } : { key, label, kind };

const severities = ['critical', 'warning', 'info'] as const;

export const reportCatalogue: Record<ReportEntity, ReportEntityInfo> = {
  accounts: {
    label: 'Accounts',
    noun: 'account',
    defaultColumns: ['accountName', 'industry', 'region', 'owner'],
    fields: [
      f('id', 'Account ID', 'number'),
      f('accountName', 'Account name'),
      f('industry', 'Industry'),
      f('region', 'Region'),
      f('vertical', 'Vertical'),
      f('securityPosture', 'Security posture', 'enum', securityPostures),
      f('domain', 'Domain'),
      f('website', 'Website'),
      f('owner', 'Owner', 'user'),
      f('lastActivityAt', 'Last activity', 'datetime'),
      f('createdAt', 'Created', 'datetime'),
      f('updatedAt', 'Updated', 'datetime'),
    ],
  },
  contacts: {
    label: 'Contacts',
    noun: 'contact',
    defaultColumns: ['firstName', 'lastName', 'email', 'accountName'],
    fields: [
      f('id', 'Contact ID', 'number'),
      f('firstName', 'First name'),
      f('lastName', 'Last name'),
      f('email', 'Email'),
      f('phone', 'Phone'),
      f('title', 'Title'),
      f('role', 'Buying role'),
      f('accountName', 'Account'),
      f('owner', 'Owner', 'user'),
      f('lastActivityAt', 'Last activity', 'datetime'),
      f('createdAt', 'Created', 'datetime'),
    ],
  },
  leads: {
    label: 'Leads',
    noun: 'lead',
    defaultColumns: ['firstName', 'lastName', 'company', 'leadSource', 'status'],
    fields: [
      f('id', 'Lead ID', 'number'),
      f('firstName', 'First name'),
      f('lastName', 'Last name'),
      f('email', 'Email'),
      f('company', 'Company'),
      f('title', 'Title'),
      f('industry', 'Industry'),
      f('employees', 'Employees', 'number'),
      f('region', 'Region'),
      f('leadSource', 'Lead source'),
      f('score', 'Score', 'number'),
      f('status', 'Status', 'enum', leadStatuses),
      f('owner', 'Owner', 'user'),
      f('convertedAt', 'Converted', 'datetime'),
      f('createdAt', 'Created', 'datetime'),
    ],
  },
  opportunities: {
    label: 'Opportunities',
    noun: 'opportunity',
    defaultColumns: ['opportunityName', 'accountName', 'stage', 'amount', 'closeDate', 'owner'],
    fields: [
      f('id', 'Opportunity ID', 'number'),
      f('opportunityName', 'Opportunity name'),
      f('accountName', 'Account'),
      f('accountId', 'Account ID', 'number'),
      f('stage', 'Stage', 'enum', stages),
      f('amount', 'Amount', 'money'),
      f('closeDate', 'Close date', 'date'),
      f('probability', 'Probability (%)', 'number'),
      f('forecastCategory', 'Forecast category', 'enum', forecastCategories),
      f('open', 'Open', 'boolean'),
      f('nextStep', 'Next step'),
      f('nextStepDate', 'Next step date', 'date'),
      // MEDDIC contacts, by name (empty when none is named).
      f('economicBuyer', 'Economic buyer'),
      f('champion', 'Champion'),
      f('competitor', 'Competitor'),
      f('lossReason', 'Loss reason'),
      f('pushCount', 'Times pushed', 'number'),
      f('closedAt', 'Closed', 'datetime'),
      f('owner', 'Owner', 'user'),
      f('lastActivityAt', 'Last activity', 'datetime'),
      f('createdAt', 'Created', 'datetime'),
      f('updatedAt', 'Updated', 'datetime'),
    ],
  },
  activities: {
    label: 'Activities',
    noun: 'activity',
    defaultColumns: ['type', 'subject', 'occurredAt', 'owner'],
    fields: [
      f('id', 'Activity ID', 'number'),
      f('type', 'Type', 'enum', activityTypes),
      // Captured email at its mailbox's sharing level, as the activity lists show it (server/reports/sql.ts).
      f('subject', 'Subject'),
      f('direction', 'Direction', 'enum', activityDirections),
      f('relatedToType', 'Related to', 'enum', relatedToTypes),
      f('accountName', 'Account'),
      f('occurredAt', 'Occurred', 'datetime'),
      f('dueAt', 'Due', 'datetime'),
      f('completedAt', 'Completed', 'datetime'),
      f('owner', 'Owner', 'user'),
      f('createdAt', 'Created', 'datetime'),
    ],
  },
  projects: {
    label: 'Projects',
    noun: 'project',
    defaultColumns: ['projectName', 'accountName', 'status', 'healthStatus', 'owner'],
    fields: [
      f('id', 'Project ID', 'number'),
      f('projectName', 'Project name'),
      f('accountName', 'Account'),
      f('status', 'Status', 'enum', projectStatuses),
      f('healthStatus', 'Health', 'enum', healthStatuses),
      f('expectedUsers', 'Expected users', 'number'),
      f('activeUsers', 'Active users', 'number'),
      f('startDate', 'Start date', 'date'),
      f('targetEndDate', 'Target end date', 'date'),
      f('owner', 'Owner', 'user'),
      f('createdAt', 'Created', 'datetime'),
    ],
  },
  cases: {
    label: 'Cases',
    noun: 'case',
    defaultColumns: ['caseNumber', 'subject', 'status', 'priority', 'accountName'],
    fields: [
      f('id', 'Case ID', 'number'),
      f('caseNumber', 'Case number'),
      f('subject', 'Subject'),
      f('status', 'Status', 'enum', caseStatuses),
      f('priority', 'Priority', 'enum', casePriorities),
      f('open', 'Open', 'boolean'),
      f('accountName', 'Account'),
      f('slaDueAt', 'SLA due', 'datetime'),
      f('closedAt', 'Closed', 'datetime'),
      f('owner', 'Owner', 'user'),
      f('createdAt', 'Created', 'datetime'),
    ],
  },
  ruleResults: {
    label: 'Rule results',
    noun: 'rule result',
    defaultColumns: ['ruleId', 'severity', 'message', 'owner', 'firstSeenAt'],
    fields: [
      f('id', 'Result ID', 'number'),
      f('ruleId', 'Rule'),
      f('recordType', 'Record type'),
      f('recordId', 'Record ID', 'number'),
      f('severity', 'Severity', 'enum', severities),
      f('message', 'Message'),
      f('open', 'Open', 'boolean'),
      f('occurrence', 'Occurrence', 'number'),
      f('firstSeenAt', 'First seen', 'datetime'),
      f('lastSeenAt', 'Last seen', 'datetime'),
      f('resolvedAt', 'Resolved', 'datetime'),
      f('owner', 'Owner', 'user'),
    ],
  },
};

export function reportField(entity: ReportEntity, key: string): ReportField | undefined {
  return reportCatalogue[entity].fields.find((field) => field.key === key);
}

// ---- What a definition can ask for -------------------------------------------------------------------------

export const aggregateFunctions = ['count', 'sum', 'avg', 'min', 'max'] as const;
export type AggregateFunction = (typeof aggregateFunctions)[number];
export const aggregateLabels: Record<AggregateFunction, string> = { count: 'Count', sum: 'Sum', avg: 'Average', min: 'Minimum', max: 'Maximum' };

/** Which kinds each aggregate takes: count takes none (rows), sum and avg numbers, min and max anything ordered. */
export const aggregateKinds: Record<Exclude<AggregateFunction, 'count'>, readonly ReportFieldKind[]> = {
  sum: ['number', 'money'],
  avg: ['number', 'money'],
  min: ['number', 'money', 'date', 'datetime'],
  max: ['number', 'money', 'date', 'datetime'],
};

/** Date and time groups; calendar buckets, datetimes in UTC. */
export const dateBuckets = ['day', 'week', 'month', 'quarter', 'year'] as const;
export type DateBucket = (typeof dateBuckets)[number];
export const dateBucketLabels: Record<DateBucket, string> = { day: 'day', week: 'week', month: 'month', quarter: 'quarter', year: 'year' };

export const filterOperators = [
  'eq',
  'neq',
  'in',
  'notIn',
  'contains',
  'startsWith',
  'gt',
  'gte',
  'lt',
  'lte',
  'between',
  'inLastDays',
  'inNextDays',
  'isEmpty',
  'isNotEmpty',
] as const;
export type FilterOperator = (typeof filterOperators)[number];

export const filterOperatorLabels: Record<FilterOperator, string> = {
  eq: 'is',
  neq: 'is not',
  in: 'is any of',
  notIn: 'is none of',
  contains: 'contains',
  startsWith: 'starts with',
  gt: 'greater than',
  gte: 'at least',
  lt: 'less than',
  lte: 'at most',
  between: 'between',
  inLastDays: 'in the last … days',
  inNextDays: 'in the next … days',
  isEmpty: 'is empty',
  isNotEmpty: 'is not empty',
};

/** The operators that fit each kind of field; the first is the builder's default. */
export const operatorsByKind: Record<ReportFieldKind, readonly FilterOperator[]> = {
  text: ['contains', 'eq', 'neq', 'startsWith', 'in', 'notIn', 'isEmpty', 'isNotEmpty'],
  enum: ['in', 'notIn', 'eq', 'neq', 'isEmpty', 'isNotEmpty'],
  number: ['gte', 'lte', 'gt', 'lt', 'eq', 'neq', 'between', 'isEmpty', 'isNotEmpty'],
  money: ['gte', 'lte', 'gt', 'lt', 'eq', 'neq', 'between', 'isEmpty', 'isNotEmpty'],
  date: ['between', 'gte', 'lte', 'eq', 'inLastDays', 'inNextDays', 'isEmpty', 'isNotEmpty'],
  datetime: ['inLastDays', 'between', 'gte', 'lte', 'eq', 'inNextDays', 'isEmpty', 'isNotEmpty'],
  user: ['in', 'eq', 'neq', 'notIn'],
  boolean: ['eq'],
};

/** Operators that take no value, and those that take a list. */
export const valuelessOperators: readonly FilterOperator[] = ['isEmpty', 'isNotEmpty'];
export const listOperators: readonly FilterOperator[] = ['in', 'notIn', 'between'];

/** A result column's key: a field (`stage`), a date group (`closeDate:quarter`) or an aggregate (`sum:amount`, `count`). */
export function groupKey(field: string, bucket?: DateBucket | null): string {
  return bucket ? `${field}:${bucket}` : field;
}
export function aggregateKey(fn: AggregateFunction, field?: string | null): string {
  return fn === 'count' ? 'count' : `${fn}:${field}`;
}

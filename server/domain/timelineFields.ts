// Which audited fields a record's timeline shows, under which label, and how a value is named. A field not
// listed here never leaves the server on a timeline: bookkeeping (lastActivityAt, version, stageEnteredAt),
// values computed by jobs (lead score, push count) and whatever a later column adds until someone decides
// it is fit to show. Pure data and functions: no I/O.
import type { RelatedToType } from '../../shared/enums';

/** A value that is an id of another record, named on the timeline by that record's name. */
export type FieldReference = 'user' | 'account' | 'contact' | 'opportunity';

export interface TimelineField {
  label: string;
  ref?: FieldReference;
}

const owner: TimelineField = { label: 'Owner', ref: 'user' };
const account: TimelineField = { label: 'Account', ref: 'account' };

export const timelineFields: Record<RelatedToType, Record<string, TimelineField>> = {
  account: {
    accountName: { label: 'Name' },
    industry: { label: 'Industry' },
    region: { label: 'Region' },
    vertical: { label: 'Vertical' },
    securityPosture: { label: 'Security posture' },
    website: { label: 'Website' },
    domain: { label: 'Domain' },
    parentAccountId: { label: 'Parent account', ref: 'account' },
    ownerId: owner,
  },
  contact: {
    firstName: { label: 'First name' },
    lastName: { label: 'Last name' },
    email: { label: 'Email' },
    phone: { label: 'Phone' },
    title: { label: 'Title' },
    role: { label: 'Buying role' },
    accountId: account,
    ownerId: owner,
  },
  lead: {
    firstName: { label: 'First name' },
    lastName: { label: 'Last name' },
    email: { label: 'Email' },
    phone: { label: 'Phone' },
    company: { label: 'Company' },
    title: { label: 'Title' },
    industry: { label: 'Industry' },
    employees: { label: 'Employees' },
    region: { label: 'Region' },
    leadSource: { label: 'Lead source' },
    status: { label: 'Status' },
    ownerId: owner,
    convertedAccountId: { label: 'Converted to account', ref: 'account' },
    convertedContactId: { label: 'Converted to contact', ref: 'contact' },
    convertedOpportunityId: { label: 'Converted to opportunity', ref: 'opportunity' },
  },
  opportunity: {
    opportunityName: { label: 'Name' },
    accountId: account,
    stage: { label: 'Stage' },
    amount: { label: 'Amount' },
    closeDate: { label: 'Close date' },
    probability: { label: 'Probability' },
    forecastCategory: { label: 'Forecast category' },
    nextStep: { label: 'Next step' },
    nextStepDate: { label: 'Next step date' },
    economicBuyerContactId: { label: 'Economic buyer', ref: 'contact' },
    championContactId: { label: 'Champion', ref: 'contact' },
    metrics: { label: 'Metrics' },
    decisionCriteria: { label: 'Decision criteria' },
    decisionProcess: { label: 'Decision process' },
    paperProcess: { label: 'Paper process' },
    identifiedPain: { label: 'Identified pain' },
    competition: { label: 'Competition' },
    competitor: { label: 'Main competitor' },
    lossReason: { label: 'Loss reason' },
    ownerId: owner,
  },
  project: {
    projectName: { label: 'Name' },
    accountId: account,
    opportunityId: { label: 'Opportunity', ref: 'opportunity' },
    status: { label: 'Status' },
    healthStatus: { label: 'Health' },
    expectedUsers: { label: 'Expected users' },
    activeUsers: { label: 'Active users' },
    startDate: { label: 'Start date' },
    targetEndDate: { label: 'Target end date' },
    ownerId: owner,
  },
  case: {
    subject: { label: 'Subject' },
    description: { label: 'Description' },
    status: { label: 'Status' },
    priority: { label: 'Priority' },
    accountId: account,
    contactId: { label: 'Contact', ref: 'contact' },
    ownerId: owner,
  },
};

/** One field's change as the timeline shows it; values are still raw (ids, strings, numbers). */
export interface RawFieldChange {
  field: string;
  label: string;
  ref?: FieldReference;
  from: unknown;
  to: unknown;
}

/** An audit row's { field: [before, after] } reduced to the fields the timeline shows, in the record's field order. */
export function visibleChanges(type: RelatedToType, changes: unknown): RawFieldChange[] {
  if (!changes || typeof changes !== 'object') return [];
  const fields = timelineFields[type];
  const out: RawFieldChange[] = [];
  for (const [field, spec] of Object.entries(fields)) {
    const pair = (changes as Record<string, unknown>)[field];
    if (!Array.isArray(pair) || pair.length !== 2) continue;
    out.push({ field, label: spec.label, ...(spec.ref ? { ref: spec.ref } : {}), from: pair[0] ?? null, to: pair[1] ?? null });
  }
  return out;
}

/** A field's value as text: null stays null (the client shows "empty"); long text is cut. */
export function valueText(value: unknown, max = 280): string | null {
  if (value === null || value === undefined || value === '') return null;
  const text = typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : JSON.stringify(value);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

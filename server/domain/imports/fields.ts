// The fields an import can fill for each entity, and the headers other CRMs' exports give them: HubSpot's
// labels ("Company name", "Record ID") and internal names (name, hs_object_id), Salesforce's labels, API names
// (BillingCountry) and Data Loader's upper-case API names (NAME). Headers are compared normalised (lower
// case, letters and digits only), so "Phone Number", "phone_number" and "PHONENUMBER" are one header.

import type { ImportEntityName } from '../../../shared/schemas/imports';

export type ImportEntity = ImportEntityName;

export interface ImportField {
  key: string;
  label: string;
  required?: boolean;
  /** Normalised headers that map to this field, best first. */
  aliases: string[];
}

export const normaliseHeader = (header: string) => header.toLowerCase().replace(/[^a-z0-9]/g, '');

const externalIdAliases = (object: string) => [
  'recordid',
  `recordid${object}`,
  'hsobjectid',
  'id',
  `${object}id`,
  'externalid',
  'sourceid',
  // Prodly's Salesforce saves carry the tool's UUID instead of the record's Id.
  'guid',
];

const ownerAliases = (object: string) => [`${object}owner`, 'owner', 'owneremail', 'ownername', 'hubspotowner', 'ownerid', 'hubspotownerid'];

export const importFields: Record<ImportEntity, ImportField[]> = {
  accounts: [
    {
      key: 'accountName',
      label: 'Account name',
      required: true,
      aliases: ['accountname', 'companyname', 'name', 'company', 'account', 'organization', 'organisation', 'organizationname'],
    },
    { key: 'domain', label: 'Domain', aliases: ['domain', 'companydomainname', 'companydomain', 'domainname', 'emaildomain'] },
    { key: 'website', label: 'Website', aliases: ['website', 'websiteurl', 'companywebsite', 'url', 'web'] },
    { key: 'industry', label: 'Industry', aliases: ['industry', 'sector', 'vertical'] },
    {
      key: 'region',
      label: 'Region',
      aliases: ['region', 'countryregion', 'country', 'billingcountry', 'shippingcountry', 'officelocation', 'stateregion', 'billingstate'],
    },
    { key: 'owner', label: 'Owner (email or name)', aliases: ownerAliases('account').concat(ownerAliases('company')) },
    { key: 'externalId', label: 'External id', aliases: externalIdAliases('account').concat(externalIdAliases('company')) },
  ],
  contacts: [
    { key: 'firstName', label: 'First name', required: true, aliases: ['firstname', 'givenname', 'first', 'forename'] },
    { key: 'lastName', label: 'Last name', required: true, aliases: ['lastname', 'surname', 'familyname', 'last'] },
    { key: 'email', label: 'Email', aliases: ['email', 'emailaddress', 'email1', 'workemail', 'primaryemail', 'mail'] },
    { key: 'phone', label: 'Phone', aliases: ['phone', 'phonenumber', 'mobilephone', 'mobilephonenumber', 'workphone', 'telephone', 'mobile'] },
    { key: 'title', label: 'Title', aliases: ['title', 'jobtitle', 'position', 'role'] },
    {
      key: 'account',
      label: 'Account (name or domain)',
      aliases: ['accountname', 'companyname', 'company', 'associatedcompany', 'account', 'organization', 'organisation', 'accountid', 'companydomainname'],
    },
    { key: 'owner', label: 'Owner (email or name)', aliases: ownerAliases('contact') },
    { key: 'externalId', label: 'External id', aliases: externalIdAliases('contact') },
  ],
  leads: [
    { key: 'firstName', label: 'First name', required: true, aliases: ['firstname', 'givenname', 'first', 'forename'] },
    { key: 'lastName', label: 'Last name', required: true, aliases: ['lastname', 'surname', 'familyname', 'last'] },
    { key: 'company', label: 'Company', required: true, aliases: ['company', 'companyname', 'companyaccount', 'account', 'accountname', 'organization', 'organisation'] },
    { key: 'email', label: 'Email', aliases: ['email', 'emailaddress', 'workemail', 'primaryemail'] },
    { key: 'phone', label: 'Phone', aliases: ['phone', 'phonenumber', 'mobilephone', 'mobile', 'telephone'] },
    { key: 'title', label: 'Title', aliases: ['title', 'jobtitle', 'position'] },
    { key: 'industry', label: 'Industry', aliases: ['industry', 'sector'] },
    { key: 'employees', label: 'Employees', aliases: ['employees', 'numberofemployees', 'companysize', 'headcount'] },
    { key: 'region', label: 'Region', aliases: ['region', 'country', 'countryregion', 'state', 'stateregion'] },
    { key: 'leadSource', label: 'Lead source', aliases: ['leadsource', 'source', 'originalsource', 'originaltrafficsource', 'originalsourcetype'] },
    { key: 'status', label: 'Status', aliases: ['status', 'leadstatus', 'hsleadstatus'] },
    { key: 'owner', label: 'Owner (email or name)', aliases: ownerAliases('lead') },
    { key: 'externalId', label: 'External id', aliases: externalIdAliases('lead') },
  ],
  opportunities: [
    {
      key: 'opportunityName',
      label: 'Opportunity name',
      required: true,
      // A file without a name column (Maven's pipeline) names each deal after its product.
      aliases: ['opportunityname', 'dealname', 'name', 'opportunity', 'deal', 'title', 'product', 'productname'],
    },
    {
      key: 'account',
      label: 'Account (name, domain or id)',
      required: true,
      aliases: ['accountname', 'account', 'associatedcompany', 'companyname', 'company', 'accountid', 'associatedcompanyids', 'companydomainname', 'organization'],
    },
    { key: 'stage', label: 'Stage', aliases: ['stage', 'stagename', 'dealstage', 'opportunitystage', 'status', 'dealstatus'] },
    { key: 'amount', label: 'Amount', aliases: ['amount', 'dealamount', 'closevalue', 'value', 'dealvalue', 'opportunityamount', 'amountincompanycurrency'] },
    { key: 'closeDate', label: 'Close date', aliases: ['closedate', 'expectedclosedate', 'closingdate', 'closedon'] },
    // Never proposed: other CRMs write their stage's default probability on every deal, which here would
    // override our stage defaults on all of them. Map it by hand when the file holds the reps' own estimates.
    { key: 'probability', label: 'Probability (%)', aliases: [] },
    { key: 'nextStep', label: 'Next step', aliases: ['nextstep', 'nextsteps'] },
    { key: 'lossReason', label: 'Loss reason', aliases: ['lossreason', 'closedlostreason', 'lossreasonc', 'reasonlost'] },
    { key: 'owner', label: 'Owner (email or name)', aliases: ownerAliases('opportunity').concat(ownerAliases('deal'), ['salesagent', 'salesrep', 'rep']) },
    { key: 'externalId', label: 'External id', aliases: externalIdAliases('opportunity').concat(externalIdAliases('deal')) },
  ],
  products: [
    { key: 'productName', label: 'Product name', required: true, aliases: ['productname', 'product', 'name', 'item', 'itemname'] },
    { key: 'productCode', label: 'Product code', aliases: ['productcode', 'code', 'sku', 'partnumber', 'itemcode'] },
    { key: 'category', label: 'Category', aliases: ['category', 'family', 'productfamily', 'series', 'productline', 'type'] },
    { key: 'listPrice', label: 'List price', required: true, aliases: ['listprice', 'price', 'unitprice', 'salesprice', 'standardprice', 'msrp'] },
    { key: 'active', label: 'Active', aliases: ['active', 'isactive', 'status'] },
  ],
  activities: [
    { key: 'type', label: 'Type', aliases: ['type', 'activitytype', 'tasksubtype', 'engagementtype', 'kind'] },
    { key: 'subject', label: 'Subject', required: true, aliases: ['subject', 'title', 'name', 'activitysubject', 'tasktitle'] },
    { key: 'body', label: 'Notes', aliases: ['body', 'description', 'notes', 'note', 'comments', 'details', 'callnotes', 'meetingnotes'] },
    { key: 'occurredAt', label: 'Date', aliases: ['date', 'occurredat', 'activitydate', 'createdate', 'createddate', 'timestamp', 'hstimestamp', 'startdate'] },
    { key: 'dueAt', label: 'Due date', aliases: ['duedate', 'dueat', 'due', 'reminderdate'] },
    { key: 'direction', label: 'Direction (inbound or outbound)', aliases: ['direction', 'calldirection', 'emaildirection'] },
    { key: 'opportunity', label: 'Opportunity (id or name)', aliases: ['opportunityid', 'opportunity', 'dealid', 'deal', 'associateddeal', 'associateddealids', 'whatid'] },
    { key: 'contact', label: 'Contact (email or id)', aliases: ['contactemail', 'email', 'contact', 'associatedcontact', 'contactid', 'whoid', 'associatedcontactids'] },
    { key: 'account', label: 'Account (name, domain or id)', aliases: ['accountname', 'account', 'company', 'associatedcompany', 'accountid', 'associatedcompanyids'] },
    { key: 'owner', label: 'Owner (email or name)', aliases: ownerAliases('activity').concat(ownerAliases('task'), ['assignedto', 'activityassignedto']) },
    { key: 'externalId', label: 'External id', aliases: externalIdAliases('activity').concat(externalIdAliases('task'), externalIdAliases('engagement')) },
  ],
};

/** Lead statuses of other CRMs (Salesforce's defaults, HubSpot's lead status) as ours; unknown ones are null. */
const leadStatusAliases: Record<string, string> = {
  new: 'New',
  open: 'New',
  opennotcontacted: 'New',
  notcontacted: 'New',
  working: 'Working',
  workingcontacted: 'Working',
  contacted: 'Working',
  inprogress: 'Working',
  attemptedtocontact: 'Working',
  connected: 'Working',
  openingdeal: 'Working',
  nurture: 'Nurture',
  nurturing: 'Nurture',
  qualified: 'Qualified',
  closedconverted: 'Qualified',
  unqualified: 'Unqualified',
  closednotconverted: 'Unqualified',
  badtiming: 'Nurture',
  disqualified: 'Unqualified',
};

export function leadStatusFrom(value: string): string | null {
  if (!value.trim()) return 'New';
  return leadStatusAliases[normaliseHeader(value)] ?? null;
}

export type ImportMapping = Record<string, string>;

/**
 * Each field takes the first column whose header is one of its aliases, best alias first; a column maps to one
 * field at most. Shared by the import's mapping and a hygiene file analysis's.
 */
export function matchAliases(
  fields: readonly { key: string; aliases: readonly string[] }[],
  columns: readonly string[],
): { mapping: Record<string, string>; byHeader: Map<string, string>; taken: Set<string> } {
  const byHeader = new Map<string, string>();
  for (const column of columns) {
    const key = normaliseHeader(column);
    if (key && !byHeader.has(key)) byHeader.set(key, column);
  }
  const taken = new Set<string>();
  const mapping: Record<string, string> = {};
  for (const field of fields) {
    for (const alias of field.aliases) {
      const column = byHeader.get(alias);
      if (column && !taken.has(column)) {
        mapping[field.key] = column;
        taken.add(column);
        break;
      }
    }
  }
  return { mapping, byHeader, taken };
}

/**
 * A proposed mapping: each field takes the first column whose header is one of its aliases, best alias first;
 * a column maps to one field at most (a bare "Name" goes to the first field that wants it).
 */
export function proposeMapping(entity: ImportEntity, columns: string[]): ImportMapping {
  const { mapping, byHeader, taken } = matchAliases(importFields[entity], columns);
  // "Full name" / "Name" alone for contacts: split it when there is no first/last name column.
  if (entity === 'contacts' && !mapping.firstName && !mapping.lastName) {
    const full = byHeader.get('fullname') ?? byHeader.get('name') ?? byHeader.get('contactname');
    if (full && !taken.has(full)) mapping.fullName = full;
  }
  return mapping;
}

/** Problems with a mapping a user chose: a required field left out, a column that does not exist. */
export function mappingProblems(entity: ImportEntity, columns: string[], mapping: ImportMapping): Record<string, string> {
  const problems: Record<string, string> = {};
  const known = new Set(columns);
  const fieldKeys = new Set(importFields[entity].map((f) => f.key).concat(entity === 'contacts' ? ['fullName'] : []));
  for (const [field, column] of Object.entries(mapping)) {
    if (!fieldKeys.has(field)) problems[field] = `There is no field "${field}" to import into`;
    else if (!known.has(column)) problems[field] = `The file has no column "${column}"`;
  }
  for (const field of importFields[entity]) {
    if (!field.required || mapping[field.key]) continue;
    if (entity === 'contacts' && mapping.fullName && (field.key === 'firstName' || field.key === 'lastName')) continue;
    problems[field.key] = `Choose the column that holds the ${field.label.toLowerCase()}`;
  }
  return problems;
}

/** "Ada Lovelace" -> first "Ada", last "Lovelace"; "Cher" -> last name only, first name repeated. */
export function splitFullName(full: string): { firstName: string; lastName: string } {
  const parts = full.trim().split(/\s+/);
  if (parts.length <= 1) return { firstName: parts[0] ?? '', lastName: parts[0] ?? '' };
  return { firstName: parts.slice(0, -1).join(' '), lastName: parts[parts.length - 1]! };
}

/** HubSpot shows a removed user as "lenny@x.com (Deactivated User)"; match on what is before the note. */
export function ownerReference(value: string): string {
  return value.replace(/\s*\((deactivated user|inactive)\)\s*$/i, '').trim();
}

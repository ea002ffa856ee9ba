// From a batch of uploaded rows to a plan per row: create, update (an existing record matched by external id,
// email, domain or name), merge into a record an earlier row of the batch creates, or reject with a reason.
// Each row is validated with the same zod schema as the record's form. Lookups are one query per batch, never
// one per row. Nothing is written here: the import job applies a batch's plans (server/imports/batches.ts),
// and imports.preview shows them.
import { and, eq, inArray, isNull, or } from 'drizzle-orm';
import type { z } from 'zod';
import { accounts, contacts, externalIds, type ImportOptions, leads, users } from '../../drizzle/schema';
import { canAssignTo, canEdit } from '../../shared/access';
import { accountCreate } from '../../shared/schemas/accounts';
import { contactCreate } from '../../shared/schemas/contacts';
import { leadCreate } from '../../shared/schemas/leads';
import { chooseAccountDomain, normaliseDomain } from '../domain/domains';
import { type ImportEntity, type ImportMapping, importFields, leadStatusFrom, ownerReference, splitFullName } from '../domain/imports/fields';
import type { DbOrTx } from '../db';
import type { Actor } from '../lib/actor';
import { planActivities } from './activityRows';
import { planOpportunities } from './opportunityRows';
import { planProducts } from './productRows';
import type { UploadRow } from './uploadStore';

export interface ImportSpec {
  entity: ImportEntity;
  mapping: ImportMapping;
  options: ImportOptions;
  columns: string[];
  /** Who imports: owner of what has no owner column, and whose access every row meets. */
  actor: Actor & { id: string };
  /** The time the batch is written (stage dates of imported deals). */
  now: () => Date;
}

/** Active users by lower-case email and name, loaded once per run (the users table is small). */
export type Owners = Map<string, { id: string; name: string }>;

export async function loadOwners(db: DbOrTx): Promise<Owners> {
  const rows = await db.select({ id: users.id, email: users.email, name: users.name }).from(users).where(eq(users.active, true));
  const owners: Owners = new Map();
  for (const row of rows) {
    owners.set(row.email.toLowerCase(), row);
    if (!owners.has(row.name.toLowerCase())) owners.set(row.name.toLowerCase(), row);
    owners.set(row.id.toLowerCase(), row);
  }
  return owners;
}

export type Values = Record<string, unknown>;

export type RowPlan =
  | { kind: 'reject'; index: number; cells: string[]; reason: string }
  | { kind: 'create'; index: number; values: Values; externalId: string | null; newAccountKey?: string }
  | { kind: 'merge'; index: number; into: number }
  | { kind: 'update'; index: number; recordId: number; changes: Values; externalId: string | null; newAccountKey?: string };

/** An account a contact's row names that does not exist yet, created with the batch. */
export interface NewAccount {
  key: string;
  values: { accountName: string; domain: string | null; ownerId: string };
}

export interface BatchPlan {
  plans: RowPlan[];
  newAccounts: NewAccount[];
  /** Before-state of the records the batch updates, by id (for the audit and undo). */
  existing: Map<number, Values>;
}

export const lower = (v: string) => v.toLowerCase();

const nullSentinel = (cell: string) => (cell === '#N/A' ? '' : cell);

export function cellsByField(spec: ImportSpec, cells: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [field, column] of Object.entries(spec.mapping)) {
    const i = spec.columns.indexOf(column);
    // "#N/A" is how spreadsheets and Salesforce tools (Prodly) write a missing value.
    if (i >= 0) out[field] = nullSentinel((cells[i] ?? '').trim());
  }
  return out;
}

/** zod's issues as one line a person can act on: "Email: Enter a valid email address". */
export function reasonOf(entity: ImportEntity, error: z.ZodError): string {
  const labels = new Map(importFields[entity].map((f) => [f.key, f.label]));
  return error.issues
    .map((issue) => {
      const key = String(issue.path[0] ?? '');
      const label = labels.get(key) ?? (key === 'ownerId' ? 'Owner' : key);
      return label && !issue.message.startsWith(label) ? `${label}: ${issue.message}` : issue.message;
    })
    .join('; ');
}

export type OwnerChoice = { ok: true; ownerId: string } | { ok: false; reason: string };

export function chooseOwner(spec: ImportSpec, owners: Owners, value: string | undefined): OwnerChoice {
  const reference = value ? ownerReference(value) : '';
  let ownerId = spec.actor.id;
  if (reference) {
    const found = owners.get(lower(reference));
    if (found) ownerId = found.id;
    else if (spec.options.unknownOwner === 'reject') return { ok: false, reason: `Owner: nobody called "${reference}" uses Tru-CRM` };
  }
  if (!canAssignTo(spec.actor, ownerId)) return { ok: false, reason: 'Owner: only managers and admins can import records for someone else' };
  return { ok: true, ownerId };
}

/** Only fields the row fills change a matched record; an empty cell never clears what is there. */
export function changesFrom(existing: Values, next: Values): Values {
  const changes: Values = {};
  for (const [key, value] of Object.entries(next)) {
    if (value === null || value === undefined || value === '') continue;
    if (existing[key] !== value) changes[key] = value;
  }
  return changes;
}

export async function externalMatches(db: DbOrTx, entityType: string, ids: string[]): Promise<Map<string, number>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ externalId: externalIds.externalId, recordId: externalIds.recordId })
    .from(externalIds)
    .where(and(eq(externalIds.entityType, entityType), inArray(externalIds.externalId, ids)));
  return new Map(rows.map((r) => [lower(r.externalId), r.recordId]));
}

export interface AccountIndex {
  byId: Map<number, Values & { id: number; ownerId: string; domain: string | null; accountName: string }>;
  byDomain: Map<string, number>;
  byName: Map<string, number[]>;
}

export async function accountIndex(db: DbOrTx, domains: string[], names: string[], ids: number[]): Promise<AccountIndex> {
  const index: AccountIndex = { byId: new Map(), byDomain: new Map(), byName: new Map() };
  const conditions = [
    domains.length ? inArray(accounts.domain, domains) : undefined,
    names.length ? inArray(accounts.accountName, names) : undefined,
    ids.length ? inArray(accounts.id, ids) : undefined,
  ].filter((c) => c !== undefined);
  if (conditions.length === 0) return index;
  const rows = await db
    .select({
      id: accounts.id,
      accountName: accounts.accountName,
      domain: accounts.domain,
      website: accounts.website,
      industry: accounts.industry,
      region: accounts.region,
      ownerId: accounts.ownerId,
      version: accounts.version,
    })
    .from(accounts)
    .where(and(isNull(accounts.deletedAt), or(...conditions)))
    .orderBy(accounts.id);
  for (const row of rows) addToIndex(index, row.id, row);
  return index;
}

export function addToIndex(index: AccountIndex, id: number, account: { accountName: string; domain: string | null; ownerId: string }) {
  index.byId.set(id, { id, ...account });
  if (account.domain && !index.byDomain.has(account.domain)) index.byDomain.set(account.domain, id);
  const name = lower(account.accountName);
  index.byName.set(name, [...(index.byName.get(name) ?? []), id]);
}

/**
 * Accounts by domain, then by name: a name matches only an account whose domain does not contradict the
 * row's (two "General Mills" with different domains are two accounts).
 */
export function matchAccount(index: AccountIndex, domain: string | null, name: string): number | undefined {
  if (domain) {
    const byDomain = index.byDomain.get(domain);
    if (byDomain !== undefined) return byDomain;
  }
  return (index.byName.get(lower(name)) ?? []).find((id) => {
    const other = index.byId.get(id)!.domain;
    return !domain || !other || other === domain;
  });
}

/** Keys a row is known by inside its batch, so a repeated row merges into the record the first one creates. */
export class BatchKeys {
  private readonly keys = new Map<string, number>();
  find(candidates: (string | null)[]): number | undefined {
    for (const key of candidates) if (key && this.keys.has(key)) return this.keys.get(key);
    return undefined;
  }
  add(candidates: (string | null)[], planIndex: number) {
    for (const key of candidates) if (key && !this.keys.has(key)) this.keys.set(key, planIndex);
  }
}

export function mergeInto(target: RowPlan, values: Values) {
  if (target.kind === 'create') target.values = { ...target.values, ...changesFrom(target.values, values) };
  if (target.kind === 'update') target.changes = { ...target.changes, ...values };
}

export interface PlanState {
  plans: RowPlan[];
  existing: Map<number, Values>;
  /** The plan index that updates each matched record: later rows matching it merge into that plan. */
  updates: Map<number, number>;
}

export const newPlanState = (): PlanState => ({ plans: [], existing: new Map(), updates: new Map() });

/** A row that matched an existing record: refused without the right to edit it, else an update (or a merge). */
export function planMatch(
  state: PlanState,
  spec: ImportSpec,
  row: UploadRow,
  match: { id: number; record: Values & { ownerId: string }; values: Values; externalId: string | null; refusal: string; newAccountKey?: string },
): RowPlan {
  if (!canEdit(spec.actor, match.record.ownerId)) return { kind: 'reject', index: row.index, cells: row.cells, reason: match.refusal };
  state.existing.set(match.id, match.record);
  const changes = changesFrom(match.record, match.values);
  const earlier = state.updates.get(match.id);
  if (earlier !== undefined) {
    mergeInto(state.plans[earlier]!, changes);
    return { kind: 'merge', index: row.index, into: state.plans[earlier]!.index };
  }
  state.updates.set(match.id, state.plans.length);
  return { kind: 'update', index: row.index, recordId: match.id, changes, externalId: match.externalId, newAccountKey: match.newAccountKey };
}

function parseAccounts(spec: ImportSpec, owners: Owners, rows: UploadRow[]) {
  return rows.map((row) => {
    const v = cellsByField(spec, row.cells);
    const owner = chooseOwner(spec, owners, v.owner);
    if (!owner.ok) return { row, error: owner.reason };
    const result = accountCreate.safeParse({
      accountName: v.accountName ?? '',
      domain: v.domain || null,
      website: v.website || null,
      industry: v.industry || null,
      region: v.region || null,
      ownerId: owner.ownerId,
    });
    if (!result.success) return { row, error: reasonOf('accounts', result.error) };
    const domain = chooseAccountDomain(null, result.data);
    if (!domain.ok) return { row, error: `Domain: "${v.domain}" is not a web domain like example.com` };
    const values = {
      accountName: result.data.accountName,
      domain: domain.domain,
      website: result.data.website,
      industry: result.data.industry,
      region: result.data.region,
      ownerId: result.data.ownerId!,
    };
    return { row, values, externalId: v.externalId || null, ownerMapped: Boolean(v.owner) };
  });
}

async function planAccounts(db: DbOrTx, spec: ImportSpec, parsed: ReturnType<typeof parseAccounts>): Promise<BatchPlan> {
  const ok = parsed.filter((p) => p.values);
  const external = await externalMatches(db, 'account', ok.flatMap((p) => (p.externalId ? [p.externalId] : [])));
  const index = await accountIndex(
    db,
    ok.flatMap((p) => (p.values!.domain ? [p.values!.domain] : [])),
    ok.map((p) => p.values!.accountName),
    [...external.values()],
  );
  const state = newPlanState();
  const { plans, existing } = state;
  const batch = new BatchKeys();
  /** Accounts the batch creates, by plan index, matched by the same rule as the database's. */
  const pending: AccountIndex = { byId: new Map(), byDomain: new Map(), byName: new Map() };
  for (const p of parsed) {
    const { row } = p;
    if (!p.values) {
      plans.push({ kind: 'reject', index: row.index, cells: row.cells, reason: p.error! });
      continue;
    }
    const values: Values = { ...p.values };
    if (!p.ownerMapped) delete values.ownerId;
    const fromExternal = p.externalId ? external.get(lower(p.externalId)) : undefined;
    const matched = fromExternal !== undefined && index.byId.has(fromExternal) ? fromExternal : matchAccount(index, p.values.domain, p.values.accountName);
    if (matched !== undefined) {
      const record = index.byId.get(matched)!;
      const refusal = `Matches the account "${record.accountName}", which only its owner, managers and admins can change`;
      plans.push(planMatch(state, spec, row, { id: matched, record, values, externalId: p.externalId, refusal }));
      continue;
    }
    // Within the batch: the same external id, or the same domain-then-name rule as against the database.
    const earlier = (p.externalId ? batch.find([`ext:${lower(p.externalId)}`]) : undefined) ?? matchAccount(pending, p.values.domain, p.values.accountName);
    if (earlier !== undefined) {
      mergeInto(plans[earlier]!, p.values);
      plans.push({ kind: 'merge', index: row.index, into: plans[earlier]!.index });
      continue;
    }
    if (p.externalId) batch.add([`ext:${lower(p.externalId)}`], plans.length);
    addToIndex(pending, plans.length, p.values);
    plans.push({ kind: 'create', index: row.index, values: p.values, externalId: p.externalId });
  }
  return { plans, newAccounts: [], existing };
}

function parseContacts(spec: ImportSpec, owners: Owners, rows: UploadRow[]) {
  return rows.map((row) => {
    const v = cellsByField(spec, row.cells);
    const owner = chooseOwner(spec, owners, v.owner);
    if (!owner.ok) return { row, error: owner.reason };
    const names = v.fullName !== undefined && !v.firstName && !v.lastName ? splitFullName(v.fullName) : { firstName: v.firstName ?? '', lastName: v.lastName ?? '' };
    const result = contactCreate.safeParse({
      ...names,
      email: v.email || null,
      phone: v.phone || null,
      title: v.title || null,
      ownerId: owner.ownerId,
      accountId: null,
    });
    if (!result.success) return { row, error: reasonOf('contacts', result.error) };
    return { row, values: result.data, account: v.account || null, externalId: v.externalId || null, ownerMapped: Boolean(v.owner) };
  });
}

async function planContacts(db: DbOrTx, spec: ImportSpec, parsed: ReturnType<typeof parseContacts>): Promise<BatchPlan> {
  const ok = parsed.filter((p) => p.values);
  const accountRefs = [...new Set(ok.flatMap((p) => (p.account ? [p.account] : [])))];
  const accountExternal = await externalMatches(db, 'account', accountRefs);
  const accountsFound = await accountIndex(
    db,
    accountRefs.map((r) => normaliseDomain(r)).filter((d): d is string => d !== null && /\./.test(d)),
    accountRefs,
    [...accountExternal.values()],
  );
  const external = await externalMatches(db, 'contact', ok.flatMap((p) => (p.externalId ? [p.externalId] : [])));
  const emails = ok.flatMap((p) => (p.values!.email ? [p.values!.email] : []));
  const contactIds = [...external.values()];
  const found =
    emails.length || contactIds.length
      ? await db
          .select({
            id: contacts.id,
            firstName: contacts.firstName,
            lastName: contacts.lastName,
            email: contacts.email,
            phone: contacts.phone,
            title: contacts.title,
            accountId: contacts.accountId,
            ownerId: contacts.ownerId,
            version: contacts.version,
          })
          .from(contacts)
          .where(or(emails.length ? inArray(contacts.email, emails) : undefined, contactIds.length ? inArray(contacts.id, contactIds) : undefined))
      : [];
  const byId = new Map(found.map((c) => [c.id, c]));
  const byEmail = new Map(found.flatMap((c) => (c.email ? [[lower(c.email), c.id] as const] : [])));

  const state = newPlanState();
  const { plans, existing } = state;
  const newAccounts = new Map<string, NewAccount>();
  const batch = new BatchKeys();
  for (const p of parsed) {
    const { row } = p;
    if (!p.values) {
      plans.push({ kind: 'reject', index: row.index, cells: row.cells, reason: p.error! });
      continue;
    }
    const values: Values = { ...p.values };
    let newAccountKey: string | undefined;
    if (p.account) {
      const fromExternal = accountExternal.get(lower(p.account));
      const domain = normaliseDomain(p.account);
      const accountId =
        fromExternal !== undefined && accountsFound.byId.has(fromExternal)
          ? fromExternal
          : matchAccount(accountsFound, domain && /\./.test(p.account) ? domain : null, p.account);
      if (accountId !== undefined) values.accountId = accountId;
      else if (spec.options.unknownAccount === 'reject') {
        plans.push({ kind: 'reject', index: row.index, cells: row.cells, reason: `Account: no account called "${p.account}" (choose "create missing accounts" to add it)` });
        continue;
      } else {
        newAccountKey = lower(p.account);
        if (!newAccounts.has(newAccountKey)) {
          newAccounts.set(newAccountKey, { key: newAccountKey, values: { accountName: p.account.slice(0, 255), domain: null, ownerId: p.values.ownerId! } });
        }
        delete values.accountId;
      }
    } else delete values.accountId;
    if (!p.ownerMapped) delete values.ownerId;
    const fromExternal = p.externalId ? external.get(lower(p.externalId)) : undefined;
    const matched = fromExternal !== undefined && byId.has(fromExternal) ? fromExternal : p.values.email ? byEmail.get(p.values.email) : undefined;
    if (matched !== undefined) {
      const record = byId.get(matched)!;
      const refusal = `Matches the contact ${record.firstName} ${record.lastName}, whom only their owner, managers and admins can change`;
      plans.push(planMatch(state, spec, row, { id: matched, record, values, externalId: p.externalId, refusal, newAccountKey }));
      continue;
    }
    const keys = [p.externalId ? `ext:${lower(p.externalId)}` : null, p.values.email ? `email:${p.values.email}` : null];
    const earlier = batch.find(keys);
    if (earlier !== undefined) {
      mergeInto(plans[earlier]!, values);
      plans.push({ kind: 'merge', index: row.index, into: plans[earlier]!.index });
      continue;
    }
    batch.add(keys, plans.length);
    plans.push({ kind: 'create', index: row.index, values: { ...p.values, accountId: values.accountId ?? null }, externalId: p.externalId, newAccountKey });
  }
  return { plans, newAccounts: [...newAccounts.values()], existing };
}

/** "1,200" or "1200" employees; anything else is left for the schema to refuse. */
function wholeNumber(value: string | undefined): number | string | null {
  if (!value) return null;
  const digits = value.replace(/[,\s]/g, '');
  return /^\d+(\.0+)?$/.test(digits) ? Number(digits) : value;
}

function parseLeads(spec: ImportSpec, owners: Owners, rows: UploadRow[]) {
  return rows.map((row) => {
    const v = cellsByField(spec, row.cells);
    const owner = chooseOwner(spec, owners, v.owner);
    if (!owner.ok) return { row, error: owner.reason };
    const status = leadStatusFrom(v.status ?? '');
    if (!status) return { row, error: `Status: "${v.status}" is not a lead status (New, Working, Nurture, Qualified or Unqualified)` };
    const result = leadCreate.safeParse({
      firstName: v.firstName ?? '',
      lastName: v.lastName ?? '',
      company: v.company ?? '',
      status,
      email: v.email || null,
      phone: v.phone || null,
      title: v.title || null,
      industry: v.industry || null,
      employees: wholeNumber(v.employees),
      region: v.region || null,
      leadSource: v.leadSource || null,
      ownerId: owner.ownerId,
    });
    if (!result.success) return { row, error: reasonOf('leads', result.error) };
    return { row, values: result.data, externalId: v.externalId || null, ownerMapped: Boolean(v.owner), statusMapped: Boolean(v.status) };
  });
}

async function planLeads(db: DbOrTx, spec: ImportSpec, parsed: ReturnType<typeof parseLeads>): Promise<BatchPlan> {
  const ok = parsed.filter((p) => p.values);
  const external = await externalMatches(db, 'lead', ok.flatMap((p) => (p.externalId ? [p.externalId] : [])));
  const emails = ok.flatMap((p) => (p.values!.email ? [p.values!.email] : []));
  const ids = [...external.values()];
  const found =
    emails.length || ids.length
      ? await db
          .select()
          .from(leads)
          .where(or(emails.length ? inArray(leads.email, emails) : undefined, ids.length ? inArray(leads.id, ids) : undefined))
          .orderBy(leads.id)
      : [];
  const byId = new Map(found.map((l) => [l.id, l]));
  const byEmail = new Map<string, number>();
  for (const l of found) if (l.email && !byEmail.has(lower(l.email))) byEmail.set(lower(l.email), l.id);
  const state = newPlanState();
  const batch = new BatchKeys();
  for (const p of parsed) {
    const { row } = p;
    if (!p.values) {
      state.plans.push({ kind: 'reject', index: row.index, cells: row.cells, reason: p.error! });
      continue;
    }
    const values: Values = { ...p.values };
    if (!p.ownerMapped) delete values.ownerId;
    // A converted lead keeps its status; an unmapped status never moves a matched lead back to New.
    if (!p.statusMapped) delete values.status;
    const fromExternal = p.externalId ? external.get(lower(p.externalId)) : undefined;
    const matched = fromExternal !== undefined && byId.has(fromExternal) ? fromExternal : p.values.email ? byEmail.get(p.values.email) : undefined;
    if (matched !== undefined) {
      const record = byId.get(matched)!;
      if (record.status === 'Converted') delete values.status;
      const refusal = `Matches the lead ${record.firstName} ${record.lastName}, whom only their owner, managers and admins can change`;
      state.plans.push(planMatch(state, spec, row, { id: matched, record, values, externalId: p.externalId, refusal }));
      continue;
    }
    const keys = [p.externalId ? `ext:${lower(p.externalId)}` : null, p.values.email ? `email:${p.values.email}` : null];
    const earlier = batch.find(keys);
    if (earlier !== undefined) {
      mergeInto(state.plans[earlier]!, values);
      state.plans.push({ kind: 'merge', index: row.index, into: state.plans[earlier]!.index });
      continue;
    }
    batch.add(keys, state.plans.length);
    state.plans.push({ kind: 'create', index: row.index, values: p.values, externalId: p.externalId });
  }
  return { plans: state.plans, newAccounts: [], existing: state.existing };
}

/**
 * A batch's rows with the part of planning that needs no database done (cells to validated values): the import
 * job prepares the next batch this way while the previous one is written. Entities without it plan from the rows.
 */
export type PreparedBatch =
  | { entity: 'accounts'; rows: UploadRow[]; parsed: ReturnType<typeof parseAccounts> }
  | { entity: 'contacts'; rows: UploadRow[]; parsed: ReturnType<typeof parseContacts> }
  | { entity: 'leads'; rows: UploadRow[]; parsed: ReturnType<typeof parseLeads> }
  | { entity: 'opportunities' | 'products' | 'activities'; rows: UploadRow[]; parsed?: undefined };

export function prepareBatch(spec: ImportSpec, owners: Owners, rows: UploadRow[]): PreparedBatch {
  switch (spec.entity) {
    case 'accounts':
      return { entity: spec.entity, rows, parsed: parseAccounts(spec, owners, rows) };
    case 'contacts':
      return { entity: spec.entity, rows, parsed: parseContacts(spec, owners, rows) };
    case 'leads':
      return { entity: spec.entity, rows, parsed: parseLeads(spec, owners, rows) };
    default:
      return { entity: spec.entity, rows };
  }
}

/** Consecutive slices of one batch, prepared one at a time, as the batch they make up. */
export function joinPrepared(slices: PreparedBatch[]): PreparedBatch {
  const first = slices[0]!;
  if (slices.length === 1) return first;
  const rows = slices.flatMap((s) => s.rows);
  return (first.parsed ? { entity: first.entity, rows, parsed: slices.flatMap((s) => s.parsed as unknown[]) } : { entity: first.entity, rows }) as PreparedBatch;
}

// A switch, not a table: the planners of the other entities import this module's helpers.
export function planBatch(db: DbOrTx, spec: ImportSpec, owners: Owners, batch: UploadRow[] | PreparedBatch): Promise<BatchPlan> {
  const prepared = Array.isArray(batch) ? prepareBatch(spec, owners, batch) : batch;
  switch (prepared.entity) {
    case 'accounts':
      return planAccounts(db, spec, prepared.parsed);
    case 'contacts':
      return planContacts(db, spec, prepared.parsed);
    case 'leads':
      return planLeads(db, spec, prepared.parsed);
    case 'opportunities':
      return planOpportunities(db, spec, owners, prepared.rows);
    case 'products':
      return planProducts(db, spec, owners, prepared.rows);
    case 'activities':
      return planActivities(db, spec, owners, prepared.rows);
  }
}

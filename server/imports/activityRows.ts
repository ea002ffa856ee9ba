// Activities from a file (calls, emails, meetings, notes and tasks logged in another CRM): each goes on the
// deal its row names (by the deal's external id), else the contact (email or external id), else the account
// (external id, domain or name), like an activity logged in the app. Matched only by external id: a second
// import of the same file skips what the first one created (activities are a log, not records to update).
import { inArray, or, and, isNull } from 'drizzle-orm';
import { activities, contacts, opportunities } from '../../drizzle/schema';
import { activityTypes, type ActivityType } from '../../shared/enums';
import { activityCreate } from '../../shared/schemas/activities';
import { normaliseValue } from '../domain/imports/stages';
import { dateTimeCell, referenceCell } from '../domain/imports/values';
import type { DbOrTx } from '../db';
import { loadAccountRefs } from './accountRefs';
import { type BatchPlan, BatchKeys, cellsByField, chooseOwner, externalMatches, type ImportSpec, lower, newPlanState, type Owners, reasonOf, type Values } from './rows';
import type { UploadRow } from './uploadStore';

/** "Logged call", "EMAIL", "Meeting", "To-do" ... -> ours; null for a type we do not have. */
export function activityTypeFrom(value: string): ActivityType | null {
  const v = normaliseValue(value);
  if (!v) return 'note';
  if ((activityTypes as readonly string[]).includes(v)) return v as ActivityType;
  if (/call|phone/.test(v)) return 'call';
  if (/email|mail/.test(v)) return 'email';
  if (/meeting|event|appointment/.test(v)) return 'meeting';
  if (/task|todo/.test(v)) return 'task';
  if (/note|comment/.test(v)) return 'note';
  return null;
}

const directionFrom = (value: string | undefined) => {
  const v = normaliseValue(value ?? '');
  if (!v) return null;
  if (/^(in|inbound|incoming|received)$/.test(v)) return 'inbound';
  if (/^(out|outbound|outgoing|sent)$/.test(v)) return 'outbound';
  return value;
};

type Related = { type: 'opportunity' | 'contact' | 'account'; id: number; accountId: number | null };

export async function planActivities(db: DbOrTx, spec: ImportSpec, owners: Owners, rows: UploadRow[]): Promise<BatchPlan> {
  const parsed = rows.map((row) => {
    const v = cellsByField(spec, row.cells);
    const externalId = v.externalId || null;
    const owner = chooseOwner(spec, owners, v.owner);
    if (!owner.ok) return { row, error: owner.reason, externalId };
    const type = activityTypeFrom(v.type ?? '');
    if (!type) return { row, error: `Type: "${v.type}" is not a call, email, meeting, note or task`, externalId };
    const occurredAt = dateTimeCell(v.occurredAt);
    const dueAt = dateTimeCell(v.dueAt);
    const result = activityCreate.safeParse({
      type,
      subject: v.subject ?? '',
      body: v.body || null,
      occurredAt: occurredAt === 'invalid' ? 'not a date' : (occurredAt ?? undefined),
      dueAt: dueAt === 'invalid' ? 'not a date' : dueAt,
      direction: directionFrom(v.direction),
      // The record is found below; the form's rule (a type and an id) is met here with a stand-in.
      relatedToType: 'account',
      relatedToId: 1,
    });
    if (!result.success) return { row, error: reasonOf('activities', result.error).replace('Enter a valid date and time', 'Enter a date as YYYY-MM-DD or YYYY-MM-DD HH:MM'), externalId };
    const refs = { opportunity: referenceCell(v.opportunity), contact: referenceCell(v.contact), account: referenceCell(v.account) };
    if (!refs.opportunity && !refs.contact && !refs.account) return { row, error: 'The row names no deal, contact or account to log it on', externalId };
    return { row, values: result.data, ownerId: owner.ownerId, refs, externalId };
  });
  const ok = parsed.filter((p) => p.values);
  const dealRefs = ok.flatMap((p) => (p.refs!.opportunity ? [p.refs!.opportunity] : []));
  const contactRefs = ok.flatMap((p) => (p.refs!.contact ? [p.refs!.contact] : []));
  const dealExternal = await externalMatches(db, 'opportunity', dealRefs);
  const contactExternal = await externalMatches(db, 'contact', contactRefs);
  const deals = dealExternal.size
    ? await db
        .select({ id: opportunities.id, accountId: opportunities.accountId })
        .from(opportunities)
        .where(and(inArray(opportunities.id, [...dealExternal.values()]), isNull(opportunities.deletedAt)))
    : [];
  const emails = contactRefs.filter((r) => r.includes('@')).map(lower);
  const people = emails.length || contactExternal.size
    ? await db
        .select({ id: contacts.id, email: contacts.email, accountId: contacts.accountId })
        .from(contacts)
        .where(or(emails.length ? inArray(contacts.email, emails) : undefined, contactExternal.size ? inArray(contacts.id, [...contactExternal.values()]) : undefined))
    : [];
  const accountRefs = await loadAccountRefs(db, ok.flatMap((p) => (p.refs!.account ? [p.refs!.account] : [])));
  const dealById = new Map(deals.map((d) => [d.id, d]));
  const personById = new Map(people.map((c) => [c.id, c]));
  const personByEmail = new Map(people.flatMap((c) => (c.email ? [[lower(c.email), c] as const] : [])));
  const already = await externalMatches(db, 'activity', ok.flatMap((p) => (p.externalId ? [p.externalId] : [])));
  const stillThere = already.size
    ? new Set((await db.select({ id: activities.id }).from(activities).where(inArray(activities.id, [...already.values()]))).map((r) => r.id))
    : new Set<number>();

  const relatedOf = (refs: { opportunity: string | null; contact: string | null; account: string | null }): Related | string => {
    if (refs.opportunity) {
      const id = dealExternal.get(lower(refs.opportunity));
      const deal = id !== undefined ? dealById.get(id) : undefined;
      if (!deal) return `Opportunity: no deal has the id "${refs.opportunity}" (import the deals first, with their id column)`;
      return { type: 'opportunity', id: deal.id, accountId: deal.accountId };
    }
    if (refs.contact) {
      const id = contactExternal.get(lower(refs.contact));
      const person = (id !== undefined ? personById.get(id) : undefined) ?? personByEmail.get(lower(refs.contact));
      if (!person) return `Contact: no contact has the email or id "${refs.contact}"`;
      return { type: 'contact', id: person.id, accountId: person.accountId };
    }
    const accountId = accountRefs.find(refs.account!);
    if (accountId === undefined) return `Account: no account called or with the id "${refs.account}"`;
    return { type: 'account', id: accountId, accountId };
  };

  const state = newPlanState();
  const batch = new BatchKeys();
  for (const p of parsed) {
    const { row } = p;
    if (!p.values) {
      state.plans.push({ kind: 'reject', index: row.index, cells: row.cells, reason: p.error! });
      continue;
    }
    const fromExternal = p.externalId ? already.get(lower(p.externalId)) : undefined;
    if (fromExternal !== undefined && stillThere.has(fromExternal)) {
      // Imported before: left as it is (counted unchanged).
      state.plans.push({ kind: 'update', index: row.index, recordId: fromExternal, changes: {}, externalId: null });
      continue;
    }
    const related = relatedOf(p.refs!);
    if (typeof related === 'string') {
      state.plans.push({ kind: 'reject', index: row.index, cells: row.cells, reason: related });
      continue;
    }
    const keys = [p.externalId ? `ext:${lower(p.externalId)}` : null];
    const earlier = batch.find(keys);
    if (earlier !== undefined) {
      state.plans.push({ kind: 'merge', index: row.index, into: state.plans[earlier]!.index });
      continue;
    }
    batch.add(keys, state.plans.length);
    const values: Values = {
      type: p.values.type,
      subject: p.values.subject,
      body: p.values.body,
      occurredAt: p.values.occurredAt ?? spec.now(),
      dueAt: p.values.dueAt ?? null,
      completedAt: null,
      direction: p.values.direction ?? null,
      relatedToType: related.type,
      relatedToId: related.id,
      accountId: related.accountId,
      ownerId: p.ownerId,
    };
    state.plans.push({ kind: 'create', index: row.index, values, externalId: p.externalId });
  }
  return { plans: state.plans, newAccounts: [], existing: state.existing };
}

// Cases: customer support requests with a number people can quote and a service-level due time.
import { onCaseChanged } from '../automation/recordTriggers';
import { randomBytes } from 'node:crypto';
import { and, asc, desc, eq, getTableColumns, gt, gte, isNull, lt, ne, or, type SQL, sql } from 'drizzle-orm';
import { accounts, type Case, cases, contacts, users } from '../../drizzle/schema';
import { casePriorities } from '../../shared/enums';
import type { CaseCreate, CaseList, CaseUpdate } from '../../shared/schemas/cases';
import { type DbOrTx, inTransaction, type Tx } from '../db';
import { formatCaseNumber } from '../domain/caseNumbers';
import { defaultSlaDueAt, planSlaDueAt } from '../../shared/caseSla';
import { completionTime } from '../domain/completion';
import { assertCanWrite } from '../lib/access';
import type { Actor } from '../lib/actor';
import { enqueueRecordScan } from '../hygiene/jobs';
import { insertAudited, recordDeleteAudit, recordUpdateAudit } from '../lib/audit';
import { fieldError, notFound } from '../lib/errors';
import { decodeCursor, keysetAfter, keysetOrder, toPage } from '../lib/keyset';
import { matchesSearch, withinRange } from '../lib/listFilters';
import { assertOwnerChangeAllowed, resolveOwner } from '../lib/owners';
import { assertCurrentVersion, sentFields } from '../lib/updates';
import { assertAccountExists } from './accounts';
import { notifyAssignment } from '../delivery/assignments';

const caseColumns = getTableColumns(cases);

/** Urgency as a number (Low 1 … Urgent 4), so a priority sort means "most urgent first", not A-Z. */
const priorityRank = sql<number>`FIELD(${cases.priority}, ${sql.join(
  casePriorities.map((p) => sql`${p}`),
  sql`, `,
)})`;
const rankOf = (priority: Case['priority']) => casePriorities.indexOf(priority) + 1;

const liveAccountOfCase = and(eq(accounts.id, cases.accountId), isNull(accounts.deletedAt));
const contactName = sql<string | null>`CONCAT(${contacts.firstName}, ' ', ${contacts.lastName})`;

/** Loads a case to change it (row-locked): NOT_FOUND if missing, FORBIDDEN unless owner/manager/admin. */
export async function loadCaseForWrite(tx: Tx, actor: Actor, id: number): Promise<Case> {
  const [row] = await tx.select().from(cases).where(eq(cases.id, id)).for('update');
  if (!row) throw notFound('Case');
  assertCanWrite(actor, row.ownerId, 'case');
  return row;
}

export async function getCase(db: DbOrTx, _actor: Actor, { id }: { id: number }) {
  const [row] = await db
    .select({ ...caseColumns, accountName: accounts.accountName, contactName, ownerName: users.name })
    .from(cases)
    .innerJoin(users, eq(users.id, cases.ownerId))
    .leftJoin(accounts, liveAccountOfCase)
    .leftJoin(contacts, eq(contacts.id, cases.contactId))
    .where(eq(cases.id, id));
  if (!row) throw notFound('Case');
  return row;
}

/** The list's filters as a WHERE at `now` (also a saved view's segment, server/automation/segments.ts). */
export function caseFilterCondition(input: Pick<CaseList, 'ownerId' | 'status' | 'priority' | 'accountId' | 'slaDueAt' | 'search' | 'breached'>, now: Date): SQL | undefined {
  const breached = and(ne(cases.status, 'Closed'), lt(cases.slaDueAt, now));
  return and(
    input.ownerId ? eq(cases.ownerId, input.ownerId) : undefined,
    input.status ? eq(cases.status, input.status) : undefined,
    input.priority ? eq(cases.priority, input.priority) : undefined,
    input.accountId ? eq(cases.accountId, input.accountId) : undefined,
    withinRange(cases.slaDueAt, input.slaDueAt),
    matchesSearch(input.search, [cases.subject, cases.caseNumber]),
    input.breached === true ? breached : undefined,
    input.breached === false ? or(eq(cases.status, 'Closed'), gte(cases.slaDueAt, now)) : undefined,
  );
}

export async function listCases(db: DbOrTx, _actor: Actor, input: CaseList, now: Date) {
  const order = input.sort === 'priority' ? priorityOrder(input) : columnOrder(input);
  const rows = await db
    .select({ ...caseColumns, accountName: accounts.accountName, contactName, ownerName: users.name })
    .from(cases)
    .innerJoin(users, eq(users.id, cases.ownerId))
    .leftJoin(accounts, liveAccountOfCase)
    .leftJoin(contacts, eq(contacts.id, cases.contactId))
    .where(and(caseFilterCondition(input, now), order.after))
    .orderBy(...order.orderBy)
    .limit(input.limit + 1);
  return toPage(rows, input.limit, order.cursorValue);
}

interface Ordering {
  after: SQL | undefined;
  orderBy: SQL[];
  cursorValue: (row: Case) => Date | number;
}

/** Keyset over a time column and id. */
function columnOrder(input: CaseList): Ordering {
  const sort = input.sort === 'priority' ? 'slaDueAt' : input.sort;
  const column = { slaDueAt: cases.slaDueAt, createdAt: cases.createdAt, updatedAt: cases.updatedAt }[sort];
  return {
    after: keysetAfter(column, cases.id, input.sortDirection, input.cursor),
    orderBy: keysetOrder(column, cases.id, input.sortDirection),
    cursorValue: (row) => row[sort],
  };
}

/** Keyset over the urgency rank (never null) and id. */
function priorityOrder(input: CaseList): Ordering {
  const dir = input.sortDirection === 'asc' ? asc : desc;
  const beyond = input.sortDirection === 'asc' ? gt : lt;
  let after: SQL | undefined;
  if (input.cursor) {
    const [rank, id] = decodeCursor(input.cursor);
    if (typeof rank !== 'number') throw fieldError('invalid', 'cursor', 'The page cursor is invalid; start again from the first page');
    after = or(beyond(priorityRank, rank), and(eq(priorityRank, rank), beyond(cases.id, id)));
  }
  return { after, orderBy: [dir(priorityRank), dir(cases.id)], cursorValue: (row) => rankOf(row.priority) };
}

/** The contact on a case is a person at the case's account. */
async function assertContactOfAccount(db: DbOrTx, contactId: number, accountId: number): Promise<void> {
  const [row] = await db.select({ accountId: contacts.accountId }).from(contacts).where(eq(contacts.id, contactId));
  if (row?.accountId !== accountId) throw fieldError('invalid', 'contactId', "Choose a contact of the case's account");
}

function assertSlaAfterOpening(slaDueAt: Date, openedAt: Date): void {
  if (slaDueAt.getTime() <= openedAt.getTime()) {
    throw fieldError('invalid', 'slaDueAt', 'The SLA due time must be after the case was opened');
  }
}

export async function createCase(db: DbOrTx, actor: Actor, input: CaseCreate, now: Date) {
  return inTransaction(db, async (tx) => {
    const ownerId = await resolveOwner(tx, actor, input.ownerId);
    await assertAccountExists(tx, input.accountId);
    if (input.contactId !== null) await assertContactOfAccount(tx, input.contactId, input.accountId);
    if (input.slaDueAt) assertSlaAfterOpening(input.slaDueAt, now);
    const values = {
      accountId: input.accountId,
      contactId: input.contactId,
      subject: input.subject,
      description: input.description,
      status: input.status,
      priority: input.priority,
      slaDueAt: input.slaDueAt ?? defaultSlaDueAt(input.priority, now),
      closedAt: completionTime(null, input.status === 'Closed', now),
      ownerId,
      // The number comes from the id, known only after the insert: a unique placeholder holds the
      // column until it is set, inside the same transaction, so nobody sees it.
      caseNumber: `new-${randomBytes(12).toString('hex')}`,
    };
    const id = await insertAudited(tx, cases, values, { actor, entityType: 'case', now }, async (newId) => {
      const caseNumber = formatCaseNumber(newId);
      await tx.update(cases).set({ caseNumber }).where(eq(cases.id, newId));
      return { caseNumber };
    });
    const name = `${formatCaseNumber(id)} ${values.subject}`;
    await notifyAssignment(tx, actor, { type: 'case', id, name }, { previousOwnerId: null, ownerId }, now);
    await onCaseChanged(tx, null, { id, status: values.status, slaDueAt: values.slaDueAt, createdAt: now }, now);
    await enqueueRecordScan(tx, 'case', id, now);
    return getCase(tx, actor, { id });
  });
}

export async function updateCase(db: DbOrTx, actor: Actor, input: CaseUpdate, now: Date) {
  return inTransaction(db, async (tx) => {
    const before = await loadCaseForWrite(tx, actor, input.id);
    assertCurrentVersion(before, input.version, 'case');
    const { id, version: _version, ...rest } = input;
    const fields = sentFields(rest);
    await assertOwnerChangeAllowed(tx, actor, before.ownerId, fields.ownerId);
    const merged = { ...before, ...fields };
    if (merged.accountId !== before.accountId) await assertAccountExists(tx, merged.accountId);
    if (merged.contactId !== null && (merged.contactId !== before.contactId || merged.accountId !== before.accountId)) {
      await assertContactOfAccount(tx, merged.contactId, merged.accountId);
    }
    if (fields.slaDueAt) assertSlaAfterOpening(fields.slaDueAt, before.createdAt);
    const changes = {
      ...fields,
      slaDueAt: planSlaDueAt(before, fields),
      closedAt: completionTime({ done: before.status === 'Closed', at: before.closedAt }, merged.status === 'Closed', now),
    };
    await tx
      .update(cases)
      .set({ ...changes, version: before.version + 1, updatedAt: now })
      .where(eq(cases.id, id));
    await recordUpdateAudit(tx, { actor, entityType: 'case', entityId: id, before, after: changes });
    await enqueueRecordScan(tx, 'case', id, now);
    const name = `${before.caseNumber} ${merged.subject}`;
    await notifyAssignment(tx, actor, { type: 'case', id, name }, { previousOwnerId: before.ownerId, ownerId: fields.ownerId }, now);
    await onCaseChanged(tx, before, { ...merged, ...changes, id }, now);
    return getCase(tx, actor, { id });
  });
}

/** Removes the case for good (audited, as contacts are); its case number is not reused. */
export async function deleteCase(db: DbOrTx, actor: Actor, { id }: { id: number }, now: Date): Promise<{ id: number }> {
  return inTransaction(db, async (tx) => {
    const before = await loadCaseForWrite(tx, actor, id);
    await tx.delete(cases).where(eq(cases.id, id));
    await recordDeleteAudit(tx, { actor, entityType: 'case', entityId: id, before });
    await enqueueRecordScan(tx, 'case', id, now); // resolves its results
    return { id };
  });
}

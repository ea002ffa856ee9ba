// Contacts: the people at accounts. Hard-deleted (audited); email unique whatever its case.
import { and, asc, eq, getTableColumns, isNull, type SQL, sql } from 'drizzle-orm';
import { accounts, type Contact, contacts, users } from '../../drizzle/schema';
import type {
  ContactCreate,
  ContactList,
  ContactListByAccount,
  ContactSort,
  ContactUpdate,
} from '../../shared/schemas/contacts';
import { type DbOrTx, inTransaction, type Tx } from '../db';
import { assertCanWrite } from '../lib/access';
import type { Actor } from '../lib/actor';
import { insertAudited, recordDeleteAudit, recordUpdateAudit } from '../lib/audit';
import { conflictOnDuplicate, notFound } from '../lib/errors';
import { keysetAfter, keysetOrder, toPage } from '../lib/keyset';
import { matchesSearch, withinRange } from '../lib/listFilters';
import { assertOwnerChangeAllowed, resolveOwner } from '../lib/owners';
import { assertCurrentVersion } from '../lib/updates';
import { assertAccountExists } from './accounts';
import { reassignActivitiesAccount } from './activities';
import { notifyAssignment } from '../delivery/assignments';
import { enqueueRecordScan } from '../hygiene/jobs';
import { personName } from '../../shared/people';

const contactColumns = getTableColumns(contacts);

const sortColumns = {
  lastName: contacts.lastName,
  createdAt: contacts.createdAt,
  updatedAt: contacts.updatedAt,
  lastActivityAt: contacts.lastActivityAt,
} satisfies Record<ContactSort, unknown>;

/** A deleted account's name is not shown; the contact keeps its accountId so the link can be restored. */
const liveAccountOfContact = and(eq(accounts.id, contacts.accountId), isNull(accounts.deletedAt));

/** Loads a contact to change it (row-locked): NOT_FOUND if missing, FORBIDDEN unless owner/manager/admin. */
export async function loadContactForWrite(tx: Tx, actor: Actor, id: number): Promise<Contact> {
  const [row] = await tx.select().from(contacts).where(eq(contacts.id, id)).for('update');
  if (!row) throw notFound('Contact');
  assertCanWrite(actor, row.ownerId, 'contact');
  return row;
}

export async function getContact(db: DbOrTx, _actor: Actor, { id }: { id: number }) {
  const [row] = await db
    .select({ ...contactColumns, accountName: accounts.accountName, ownerName: users.name })
    .from(contacts)
    .innerJoin(users, eq(users.id, contacts.ownerId))
    .leftJoin(accounts, liveAccountOfContact)
    .where(eq(contacts.id, id));
  if (!row) throw notFound('Contact');
  return row;
}

/** The list's filters as a WHERE (also a saved view's segment, server/automation/segments.ts). */
export function contactFilterCondition(input: Pick<ContactList, 'ownerId' | 'accountId' | 'search' | 'createdAt'>): SQL | undefined {
  return and(
    input.ownerId ? eq(contacts.ownerId, input.ownerId) : undefined,
    input.accountId ? eq(contacts.accountId, input.accountId) : undefined,
    matchesSearch(input.search, [
      contacts.firstName,
      contacts.lastName,
      contacts.email,
      sql`concat(${contacts.firstName}, ' ', ${contacts.lastName})`,
    ]),
    withinRange(contacts.createdAt, input.createdAt),
  );
}

export async function listContacts(db: DbOrTx, _actor: Actor, input: ContactList) {
  const column = sortColumns[input.sort];
  // LEFT JOIN users: MariaDB then reads contacts first, walking the sort index a page at a time; with an inner
  // join it may start from users and sort every row (14 s a page at a million contacts). Every row has an owner.
  const rows = await db
    .select({ ...contactColumns, accountName: accounts.accountName, ownerName: sql<string>`coalesce(${users.name}, '')` })
    .from(contacts)
    .leftJoin(users, eq(users.id, contacts.ownerId))
    .leftJoin(accounts, liveAccountOfContact)
    .where(and(contactFilterCondition(input), keysetAfter(column, contacts.id, input.sortDirection, input.cursor)))
    .orderBy(...keysetOrder(column, contacts.id, input.sortDirection))
    .limit(input.limit + 1);
  return toPage(rows, input.limit, (row) => row[input.sort]);
}

/** An account's people by last name; served by contacts_account_idx (accountId, lastName, id). */
export async function listContactsByAccount(db: DbOrTx, _actor: Actor, input: ContactListByAccount) {
  const [account] = await db
    .select({ id: accounts.id })
    .from(accounts)
    .where(and(eq(accounts.id, input.accountId), isNull(accounts.deletedAt)));
  if (!account) throw notFound('Account');
  const rows = await db
    .select(contactColumns)
    .from(contacts)
    .where(and(eq(contacts.accountId, input.accountId), keysetAfter(contacts.lastName, contacts.id, 'asc', input.cursor)))
    .orderBy(asc(contacts.lastName), asc(contacts.id))
    .limit(input.limit + 1);
  return toPage(rows, input.limit, (row) => row.lastName);
}

export async function createContact(db: DbOrTx, actor: Actor, input: ContactCreate, now: Date) {
  return inTransaction(db, async (tx) => {
    const ownerId = await resolveOwner(tx, actor, input.ownerId);
    if (input.accountId !== null) await assertAccountExists(tx, input.accountId);
    const values = {
      firstName: input.firstName,
      lastName: input.lastName,
      email: input.email,
      phone: input.phone,
      title: input.title,
      role: input.role,
      accountId: input.accountId,
      ownerId,
    };
    const id = await refuseDuplicateEmail(insertAudited(tx, contacts, values, { actor, entityType: 'contact', now }));
    await enqueueRecordScan(tx, 'contact', id, now);
    await notifyAssignment(tx, actor, { type: 'contact', id, name: personName(values) }, { previousOwnerId: null, ownerId }, now);
    return getContact(tx, actor, { id });
  });
}

export async function updateContact(db: DbOrTx, actor: Actor, input: ContactUpdate, now: Date) {
  return inTransaction(db, async (tx) => {
    const before = await loadContactForWrite(tx, actor, input.id);
    assertCurrentVersion(before, input.version, 'contact');
    const { id, version: _version, ...changes } = input;
    await assertOwnerChangeAllowed(tx, actor, before.ownerId, changes.ownerId);
    if (changes.accountId != null && changes.accountId !== before.accountId) {
      await assertAccountExists(tx, changes.accountId);
    }
    await refuseDuplicateEmail(
      tx
        .update(contacts)
        .set({ ...changes, version: sql`${contacts.version} + 1`, updatedAt: now })
        .where(eq(contacts.id, id)),
    );
    if (changes.accountId !== undefined && changes.accountId !== before.accountId) {
      // The contact's activities follow it to its new account's timeline.
      await reassignActivitiesAccount(tx, { type: 'contact', id }, changes.accountId);
    }
    await recordUpdateAudit(tx, { actor, entityType: 'contact', entityId: id, before, after: changes });
    await enqueueRecordScan(tx, 'contact', id, now);
    const name = personName({ ...before, ...changes });
    await notifyAssignment(tx, actor, { type: 'contact', id, name }, { previousOwnerId: before.ownerId, ownerId: changes.ownerId }, now);
    return getContact(tx, actor, { id });
  });
}

/** Removes the contact for good; opportunities and cases that named them keep going without them. */
export async function deleteContact(db: DbOrTx, actor: Actor, { id }: { id: number }, now: Date): Promise<{ id: number }> {
  return inTransaction(db, async (tx) => {
    const before = await loadContactForWrite(tx, actor, id);
    await tx.delete(contacts).where(eq(contacts.id, id));
    await recordDeleteAudit(tx, { actor, entityType: 'contact', entityId: id, before });
    await enqueueRecordScan(tx, 'contact', id, now); // resolves its results
    return { id };
  });
}

/** email is the contacts table's only unique key, so a duplicate entry is always a taken email. */
function refuseDuplicateEmail<T>(write: Promise<T>): Promise<T> {
  return conflictOnDuplicate(write, 'email', 'A contact with this email already exists');
}

// Accounts: the companies we sell to, in a parent hierarchy. Soft-deleted (deletedAt), never removed.
import { and, asc, eq, getTableColumns, inArray, isNull, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/mysql-core';
import { type Account, accounts, users } from '../../drizzle/schema';
import type { AccountCreate, AccountList, AccountSort, AccountUpdate } from '../../shared/schemas/accounts';
import { type DbOrTx, inTransaction, type Tx } from '../db';
import { chooseAccountDomain, type DomainChoice } from '../domain/domains';
import { assertCanWrite } from '../lib/access';
import type { Actor } from '../lib/actor';
import { insertAudited, recordAudits, recordDeleteAudit, recordUpdateAudit } from '../lib/audit';
import { conflict, fieldError, mysqlErrorCode, notFound } from '../lib/errors';
import { keysetAfter, keysetOrder, toPage } from '../lib/keyset';
import { matchesSearch, withinRange } from '../lib/listFilters';
import { assertOwnerChangeAllowed, resolveOwner } from '../lib/owners';
import { assertCurrentVersion } from '../lib/updates';
import { notifyAssignment } from '../delivery/assignments';
import { enqueueAccountScans } from '../hygiene/recordScans';

/** Hierarchies deeper than this are not real company structures; it also bounds the ancestor walk. */
const MAX_HIERARCHY_DEPTH = 100;
/** Enough for any real group of companies; the full set is `list({ parentAccountId })`. */
const MAX_CHILDREN_SHOWN = 500;

const { deletedAt: _deletedAt, ...accountColumns } = getTableColumns(accounts);
const parentAccounts = alias(accounts, 'parent_accounts');

const sortColumns = {
  accountName: accounts.accountName,
  createdAt: accounts.createdAt,
  updatedAt: accounts.updatedAt,
  lastActivityAt: accounts.lastActivityAt,
} satisfies Record<AccountSort, unknown>;

const notDeleted = isNull(accounts.deletedAt);

/** Loads an account to change it (row-locked): NOT_FOUND if missing or deleted, FORBIDDEN unless owner/manager/admin. */
export async function loadAccountForWrite(tx: Tx, actor: Actor, id: number): Promise<Account> {
  const [row] = await tx.select().from(accounts).where(and(eq(accounts.id, id), notDeleted)).for('update');
  if (!row) throw notFound('Account');
  assertCanWrite(actor, row.ownerId, 'account');
  return row;
}

/** For records that link to an account (contacts, opportunities, projects ...): it must exist and not be deleted. */
export async function assertAccountExists(db: DbOrTx, id: number, field = 'accountId'): Promise<void> {
  const [row] = await db.select({ id: accounts.id }).from(accounts).where(and(eq(accounts.id, id), notDeleted));
  if (!row) throw fieldError('invalid', field, 'Choose an existing account');
}

/**
 * assertAccountExists plus a row lock held to the end of the transaction, so a concurrent delete cannot
 * leave what is being attached to the account (a child account, a converted lead's records) orphaned.
 */
export async function lockAccountToAttach(tx: Tx, id: number, field: string, message = 'Choose an existing account'): Promise<void> {
  const [row] = await tx
    .select({ id: accounts.id })
    .from(accounts)
    .where(and(eq(accounts.id, id), notDeleted))
    .for('update');
  if (!row) throw fieldError('invalid', field, message);
}

export async function getAccount(db: DbOrTx, _actor: Actor, { id }: { id: number }) {
  const [row] = await db
    .select({ ...accountColumns, ownerName: users.name, parentAccountName: parentAccounts.accountName })
    .from(accounts)
    .innerJoin(users, eq(users.id, accounts.ownerId))
    .leftJoin(parentAccounts, and(eq(parentAccounts.id, accounts.parentAccountId), isNull(parentAccounts.deletedAt)))
    .where(and(eq(accounts.id, id), notDeleted));
  if (!row) throw notFound('Account');
  const childAccounts = await db
    .select({ id: accounts.id, accountName: accounts.accountName })
    .from(accounts)
    .where(and(eq(accounts.parentAccountId, id), notDeleted))
    .orderBy(asc(accounts.accountName), asc(accounts.id))
    .limit(MAX_CHILDREN_SHOWN);
  return { ...row, childAccounts };
}

export async function listAccounts(db: DbOrTx, _actor: Actor, input: AccountList) {
  const column = sortColumns[input.sort];
  // LEFT JOIN users: MariaDB then reads accounts first, walking the sort index a page at a time; with an inner
  // join it may start from users and sort every row (14 s a page at a million contacts). Every row has an owner.
  const rows = await db
    .select({ ...accountColumns, ownerName: sql<string>`coalesce(${users.name}, '')` })
    .from(accounts)
    .leftJoin(users, eq(users.id, accounts.ownerId))
    .where(
      and(
        notDeleted,
        input.ownerId ? eq(accounts.ownerId, input.ownerId) : undefined,
        input.industry ? eq(accounts.industry, input.industry) : undefined,
        input.region ? eq(accounts.region, input.region) : undefined,
        input.parentAccountId ? eq(accounts.parentAccountId, input.parentAccountId) : undefined,
        matchesSearch(input.search, [accounts.accountName, accounts.domain]),
        withinRange(accounts.createdAt, input.createdAt),
        keysetAfter(column, accounts.id, input.sortDirection, input.cursor),
      ),
    )
    .orderBy(...keysetOrder(column, accounts.id, input.sortDirection))
    .limit(input.limit + 1);
  return toPage(rows, input.limit, (row) => row[input.sort]);
}

export async function createAccount(db: DbOrTx, actor: Actor, input: AccountCreate, now: Date) {
  return inTransaction(db, async (tx) => {
    const ownerId = await resolveOwner(tx, actor, input.ownerId);
    if (input.parentAccountId !== null) await lockParentAccount(tx, input.parentAccountId);
    const values = {
      accountName: input.accountName,
      industry: input.industry,
      region: input.region,
      vertical: input.vertical,
      securityPosture: input.securityPosture,
      website: input.website,
      domain: domainOrFieldError(chooseAccountDomain(null, input)),
      parentAccountId: input.parentAccountId,
      ownerId,
    };
    const id = await insertAudited(tx, accounts, values, { actor, entityType: 'account', now });
    await enqueueAccountScans(tx, id, [values.domain], now);
    await notifyAssignment(tx, actor, { type: 'account', id, name: values.accountName }, { previousOwnerId: null, ownerId }, now);
    return getAccount(tx, actor, { id });
  });
}

export async function updateAccount(db: DbOrTx, actor: Actor, input: AccountUpdate, now: Date) {
  try {
    return await inTransaction(db, async (tx) => {
      const before = await loadAccountForWrite(tx, actor, input.id);
      assertCurrentVersion(before, input.version, 'account');
      const { id, version: _version, ...fields } = input;
      const changes: Partial<typeof accounts.$inferInsert> = { ...fields };
      await assertOwnerChangeAllowed(tx, actor, before.ownerId, fields.ownerId);
      if (fields.parentAccountId != null && fields.parentAccountId !== before.parentAccountId) {
        await lockParentAccount(tx, fields.parentAccountId);
        await assertNotOwnAncestor(tx, id, fields.parentAccountId);
      }
      if (fields.website !== undefined || fields.domain !== undefined) {
        changes.domain = domainOrFieldError(chooseAccountDomain(before, fields));
      }
      await tx
        .update(accounts)
        .set({ ...changes, version: sql`${accounts.version} + 1`, updatedAt: now })
        .where(eq(accounts.id, id));
      await recordUpdateAudit(tx, { actor, entityType: 'account', entityId: id, before, after: changes });
      await enqueueAccountScans(tx, id, [before.domain, changes.domain], now);
      const name = changes.accountName ?? before.accountName;
      await notifyAssignment(tx, actor, { type: 'account', id, name }, { previousOwnerId: before.ownerId, ownerId: fields.ownerId }, now);
      return getAccount(tx, actor, { id });
    });
  } catch (error) {
    // Two people re-parenting accounts into each other at the same moment: one of them must retry.
    if (mysqlErrorCode(error) === 'ER_LOCK_DEADLOCK') {
      throw conflict('Someone changed this account hierarchy at the same moment. Reload and try again.', { cause: error });
    }
    throw error;
  }
}

/** Soft delete. Child accounts stay, moved to the top level (no parent). */
export async function deleteAccount(db: DbOrTx, actor: Actor, { id }: { id: number }, now: Date): Promise<{ id: number }> {
  return inTransaction(db, async (tx) => {
    const before = await loadAccountForWrite(tx, actor, id);
    const children = await tx
      .select({ id: accounts.id })
      .from(accounts)
      .where(and(eq(accounts.parentAccountId, id), notDeleted))
      .for('update');
    if (children.length > 0) {
      const childIds = children.map((c) => c.id);
      await tx
        .update(accounts)
        .set({ parentAccountId: null, version: sql`${accounts.version} + 1`, updatedAt: now })
        .where(inArray(accounts.id, childIds));
      await recordAudits(
        tx,
        childIds.map((childId) => ({
          actor,
          action: 'update' as const,
          entityType: 'account',
          entityId: childId,
          changes: { parentAccountId: [id, null] },
        })),
      );
    }
    await tx
      .update(accounts)
      .set({ deletedAt: now, version: sql`${accounts.version} + 1`, updatedAt: now })
      .where(eq(accounts.id, id));
    await recordDeleteAudit(tx, { actor, entityType: 'account', entityId: id, before });
    // Its own results resolve, and a duplicate it made with another account is no longer one.
    await enqueueAccountScans(tx, id, [before.domain], now);
    return { id };
  });
}

/** The parent must be a live account; locking it keeps a concurrent delete from orphaning the new child. */
async function lockParentAccount(tx: Tx, parentId: number): Promise<void> {
  await lockAccountToAttach(tx, parentId, 'parentAccountId', 'Choose an existing account as the parent');
}

/** Refuses a parent that is the account itself or one of its descendants (it would make a loop). */
async function assertNotOwnAncestor(tx: Tx, accountId: number, parentId: number): Promise<void> {
  const loop = () => fieldError('invalid', 'parentAccountId', 'An account cannot sit under itself or one of its own sub-accounts');
  if (parentId === accountId) throw loop();
  // Walk up from the new parent; finding the account on the way means the account is its own ancestor.
  const [rows] = (await tx.execute(sql`
    WITH RECURSIVE ancestors (id, parent_account_id, depth) AS (
      SELECT id, parent_account_id, 1 FROM ${accounts} WHERE id = ${parentId}
      UNION ALL
      SELECT a.id, a.parent_account_id, ancestors.depth + 1
      FROM ${accounts} a JOIN ancestors ON a.id = ancestors.parent_account_id
      WHERE ancestors.depth < ${MAX_HIERARCHY_DEPTH}
    )
    SELECT id FROM ancestors WHERE id = ${accountId} LIMIT 1`)) as unknown as [unknown[]];
  if (rows.length > 0) throw loop();
}

function domainOrFieldError(choice: DomainChoice): string | null {
  if (!choice.ok) throw fieldError('invalid', 'domain', 'Enter a web domain like acme.com');
  return choice.domain;
}

// Users: admins create them, change roles and deactivate them; a deactivated user's sessions end at once.
import { hashPassword } from 'better-auth/crypto';
import { and, asc, eq, like, or } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import { authAccounts, sessions, users } from '../../drizzle/schema';
import type { UserCreate, UserUpdate } from '../../shared/schemas/users';
import { type DbOrTx, inTransaction } from '../db';
import { assertAdmin } from '../lib/access';
import type { Actor } from '../lib/actor';
import { recordAudit, recordUpdateAudit } from '../lib/audit';
import { conflictOnDuplicate, invalid, notFound } from '../lib/errors';

export const publicUserColumns = {
  id: users.id,
  email: users.email,
  name: users.name,
  role: users.role,
  active: users.active,
  timeZone: users.timeZone,
  createdAt: users.createdAt,
};

export async function listUsers(db: DbOrTx, _actor: Actor, params: { includeInactive: boolean; search?: string }) {
  const search = params.search ? `%${params.search}%` : null;
  return db
    .select(publicUserColumns)
    .from(users)
    .where(
      and(
        params.includeInactive ? undefined : eq(users.active, true),
        search ? or(like(users.name, search), like(users.email, search)) : undefined,
      ),
    )
    .orderBy(asc(users.name))
    .limit(1000);
}

/** Inserts a user with a password login (better-auth's credential account), in the caller's transaction. */
export async function insertUserWithPassword(db: DbOrTx, input: UserCreate): Promise<string> {
  const id = randomUUID();
  await conflictOnDuplicate(
    db.insert(users).values({
      id,
      email: input.email,
      name: input.name,
      role: input.role,
      timeZone: input.timeZone,
      emailVerified: true,
    }),
    'email',
    'A user with this email already exists',
  );
  await db.insert(authAccounts).values({
    id: randomUUID(),
    accountId: id,
    providerId: 'credential',
    userId: id,
    password: await hashPassword(input.password),
  });
  return id;
}

const USER_ADMINS = 'Only admins can manage users';

export async function createUser(db: DbOrTx, actor: Actor, input: UserCreate) {
  assertAdmin(actor, USER_ADMINS);
  return inTransaction(db, async (tx) => {
    const id = await insertUserWithPassword(tx, input);
    await recordAudit(tx, {
      actor,
      action: 'create',
      entityType: 'user',
      entityId: id,
      changes: { email: input.email, name: input.name, role: input.role },
    });
    return getUser(tx, actor, { id });
  });
}

export async function getUser(db: DbOrTx, _actor: Actor, { id }: { id: string }) {
  const [row] = await db.select(publicUserColumns).from(users).where(eq(users.id, id));
  if (!row) throw notFound('User');
  return row;
}

export async function updateUser(db: DbOrTx, actor: Actor, input: UserUpdate) {
  assertAdmin(actor, USER_ADMINS);
  if (input.id === actor.id && (input.active === false || (input.role && input.role !== 'admin'))) {
    throw invalid('You cannot deactivate yourself or remove your own admin role');
  }
  return inTransaction(db, async (tx) => {
    const [before] = await tx.select(publicUserColumns).from(users).where(eq(users.id, input.id)).for('update');
    if (!before) throw notFound('User');
    const { id, password, ...fields } = input;
    if (Object.keys(fields).length > 0) await tx.update(users).set(fields).where(eq(users.id, id));
    // A team is a manager and reps: a manager who is no longer one lets their reps go, a rep who is no longer one leaves.
    if (fields.role && fields.role !== before.role) {
      if (before.role === 'manager') await tx.update(users).set({ managerId: null }).where(eq(users.managerId, id));
      if (before.role === 'rep') await tx.update(users).set({ managerId: null }).where(eq(users.id, id));
    }
    if (password) {
      await tx
        .update(authAccounts)
        .set({ password: await hashPassword(password) })
        .where(and(eq(authAccounts.userId, id), eq(authAccounts.providerId, 'credential')));
    }
    // Deactivation and a new password both end every session of the user at once.
    if (fields.active === false || password) await tx.delete(sessions).where(eq(sessions.userId, id));
    await recordUpdateAudit(tx, {
      actor,
      entityType: 'user',
      entityId: id,
      before,
      after: { ...fields, ...(password ? { password: '(changed)' } : {}) },
    });
    return getUser(tx, actor, { id });
  });
}

// Record owners: who a new record belongs to, and that the owner is a real, active user.
import { and, eq } from 'drizzle-orm';
import { users } from '../../drizzle/schema';
import type { DbOrTx } from '../db';
import type { SessionUser } from '../trpc';
import { assertCanAssign } from './access';
import { fieldError } from './errors';

/** The owner for a new or reassigned record: the caller unless a manager/admin names someone else. */
export async function resolveOwner(db: DbOrTx, user: SessionUser, requested: string | null | undefined): Promise<string> {
  const ownerId = requested ?? user.id;
  assertCanAssign(user, ownerId);
  await assertActiveUser(db, ownerId, 'ownerId');
  return ownerId;
}

/** On an update: a record changing hands gets the same checks as a new one; keeping its owner needs none. */
export async function assertOwnerChangeAllowed(
  db: DbOrTx,
  user: SessionUser,
  currentOwnerId: string,
  requestedOwnerId: string | undefined,
): Promise<void> {
  if (requestedOwnerId !== undefined && requestedOwnerId !== currentOwnerId) await resolveOwner(db, user, requestedOwnerId);
}

export async function assertActiveUser(db: DbOrTx, userId: string, field: string): Promise<void> {
  const [row] = await db.select({ id: users.id }).from(users).where(and(eq(users.id, userId), eq(users.active, true)));
  if (!row) throw fieldError('BAD_REQUEST', field, 'Choose an active user');
}

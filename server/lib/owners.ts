// Record owners: who a new record belongs to, and that the owner is a real, active user.
import { and, eq } from 'drizzle-orm';
import { users } from '../../drizzle/schema';
import type { DbOrTx } from '../db';
import { assertCanAssign } from './access';
import type { Actor } from './actor';
import { fieldError } from './errors';

/** The owner for a new or reassigned record: the caller unless a manager/admin names someone else. */
export async function resolveOwner(db: DbOrTx, actor: Actor, requested: string | null | undefined): Promise<string> {
  const ownerId = requested ?? actor.id;
  // The system owns nothing: what it creates must name its owner.
  if (ownerId === null) throw fieldError('invalid', 'ownerId', 'Choose an owner');
  assertCanAssign(actor, ownerId);
  await assertActiveUser(db, ownerId, 'ownerId');
  return ownerId;
}

/** On an update: a record changing hands gets the same checks as a new one; keeping its owner needs none. */
export async function assertOwnerChangeAllowed(
  db: DbOrTx,
  actor: Actor,
  currentOwnerId: string,
  requestedOwnerId: string | undefined,
): Promise<void> {
  if (requestedOwnerId !== undefined && requestedOwnerId !== currentOwnerId) await resolveOwner(db, actor, requestedOwnerId);
}

export async function assertActiveUser(db: DbOrTx, userId: string, field: string): Promise<void> {
  const [row] = await db.select({ id: users.id }).from(users).where(and(eq(users.id, userId), eq(users.active, true)));
  if (!row) throw fieldError('invalid', field, 'Choose an active user');
}

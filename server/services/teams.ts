// Teams: a manager and the active reps naming them as manager. A manager's digest, per-rep table and team
// pipeline reviews count their team; an admin's count every active rep (the whole organisation).
import { and, asc, eq, inArray } from 'drizzle-orm';
import { users } from '../../drizzle/schema';
import type { TeamSetManager } from '../../shared/schemas/teams';
import { type DbOrTx, inTransaction } from '../db';
import { assertManagerOrAdmin } from '../lib/access';
import type { Actor } from '../lib/actor';
import { recordUpdateAudit } from '../lib/audit';
import { fieldError, forbidden, notFound } from '../lib/errors';

const TEAM_KEEPERS = 'Only managers and admins set who is in a team';

/** The active reps a manager's numbers count, by name: their team's; an admin's: every rep's; else none. */
export async function teamReps(db: DbOrTx, lead: { id: string; role: string }): Promise<{ id: string; name: string }[]> {
  if (lead.role !== 'manager' && lead.role !== 'admin') return [];
  return db
    .select({ id: users.id, name: users.name })
    .from(users)
    .where(and(eq(users.role, 'rep'), eq(users.active, true), lead.role === 'manager' ? eq(users.managerId, lead.id) : undefined))
    .orderBy(asc(users.name), asc(users.id));
}

export async function teamRepIds(db: DbOrTx, lead: { id: string; role: string }): Promise<string[]> {
  return (await teamReps(db, lead)).map((r) => r.id);
}

/**
 * Whose records "the team's" are for the reader (the Opportunities list's "Team's open deals", a manager's
 * hygiene summary): a manager's own and their reps'; anyone else's, their own; null for an admin: everyone's.
 */
export async function teamOwnerIds(db: DbOrTx, actor: Actor): Promise<string[] | null> {
  if (actor.role === 'admin' || actor.role === 'system') return null;
  if (!actor.id) return [];
  return actor.role === 'manager' ? [actor.id, ...(await teamRepIds(db, { id: actor.id, role: actor.role }))] : [actor.id];
}

/** Every active manager with their reps, and the active reps in no (active manager's) team. */
export async function listTeams(db: DbOrTx, actor: Actor) {
  assertManagerOrAdmin(actor, TEAM_KEEPERS);
  const people = await db
    .select({ id: users.id, name: users.name, email: users.email, role: users.role, managerId: users.managerId })
    .from(users)
    .where(and(eq(users.active, true), inArray(users.role, ['manager', 'rep'])))
    .orderBy(asc(users.name), asc(users.id));
  const managers = people.filter((p) => p.role === 'manager').map(({ id, name, email }) => ({ id, name, email }));
  const managerIds = new Set(managers.map((m) => m.id));
  const reps = people
    .filter((p) => p.role === 'rep')
    .map(({ id, name, email, managerId }) => ({ id, name, email, managerId: managerId && managerIds.has(managerId) ? managerId : null }));
  return { managers, reps };
}

/**
 * Puts a rep in a manager's team, or in none. Admins move anyone; a manager takes reps who are in no team
 * into their own and lets their own reps go, but never moves another manager's rep.
 */
export async function setRepManager(db: DbOrTx, actor: Actor, input: TeamSetManager, now: Date) {
  assertManagerOrAdmin(actor, TEAM_KEEPERS);
  return inTransaction(db, async (tx) => {
    const [rep] = await tx
      .select({ id: users.id, name: users.name, role: users.role, managerId: users.managerId })
      .from(users)
      .where(eq(users.id, input.repId))
      .for('update');
    if (!rep) throw notFound('User');
    if (rep.role !== 'rep') throw fieldError('invalid', 'repId', 'Only reps are in a team');
    let current: string | null = null;
    if (rep.managerId) {
      const [m] = await tx.select({ role: users.role, active: users.active }).from(users).where(eq(users.id, rep.managerId));
      current = m && m.role === 'manager' && m.active ? rep.managerId : null;
    }
    if (input.managerId) {
      const [m] = await tx.select({ id: users.id, role: users.role, active: users.active }).from(users).where(eq(users.id, input.managerId));
      if (!m || m.role !== 'manager' || !m.active) throw fieldError('invalid', 'managerId', 'Choose an active manager');
    }
    if (actor.role === 'manager') {
      if (input.managerId !== null && input.managerId !== actor.id) throw forbidden('Managers add reps to their own team only');
      if (current !== null && current !== actor.id) throw forbidden(`${rep.name} is in another manager’s team: an admin can move them`);
    }
    if (rep.managerId !== input.managerId) {
      await tx.update(users).set({ managerId: input.managerId, updatedAt: now }).where(eq(users.id, rep.id));
      await recordUpdateAudit(tx, { actor, entityType: 'user', entityId: rep.id, before: { managerId: rep.managerId }, after: { managerId: input.managerId } });
    }
    return { repId: rep.id, managerId: input.managerId };
  });
}

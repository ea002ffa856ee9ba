// Access checks on a loaded row, as services make them: the rule itself lives once in shared/access.ts.
import { canAssignTo, canEdit, isManagerOrAdmin } from '../../shared/access';
import type { Actor } from './actor';
import { forbidden } from './errors';

export function assertCanWrite(actor: Actor, ownerId: string, what: string): void {
  if (!canEdit(actor, ownerId)) throw forbidden(`Only the ${what}'s owner, managers and admins can change it`);
}

export function assertCanAssign(actor: Actor, ownerId: string): void {
  if (!canAssignTo(actor, ownerId)) throw forbidden('Only managers and admins can assign records to someone else');
}

/** For what only managers and admins maintain (the product catalogue); the system may too. */
export function assertManagerOrAdmin(actor: Actor, message: string): void {
  if (actor.role !== 'system' && !isManagerOrAdmin(actor)) throw forbidden(message);
}

/** For what only admins do (users, roles, failed jobs); the system may too. */
export function assertAdmin(actor: Actor, message: string): void {
  if (actor.role !== 'system' && actor.role !== 'admin') throw forbidden(message);
}

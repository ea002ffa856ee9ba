// Who may change a row: its owner, managers and admins. Everyone signed in may read.
import type { SessionUser } from '../trpc';
import { forbidden } from './errors';

export function isManagerOrAdmin(user: SessionUser): boolean {
  return user.role === 'manager' || user.role === 'admin';
}

export function canWrite(user: SessionUser, ownerId: string): boolean {
  return ownerId === user.id || isManagerOrAdmin(user);
}

export function assertCanWrite(user: SessionUser, ownerId: string, what: string): void {
  if (!canWrite(user, ownerId)) {
    throw forbidden(`Only the ${what}'s owner, managers and admins can change it`);
  }
}

/** Reps create records for themselves; managers and admins may assign them to anyone. */
export function assertCanAssign(user: SessionUser, ownerId: string): void {
  if (ownerId !== user.id && !isManagerOrAdmin(user)) {
    throw forbidden('Only managers and admins can assign records to someone else');
  }
}

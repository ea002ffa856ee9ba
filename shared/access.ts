// Who may change a record: its owner, managers and admins; the system (jobs, capture, imports acting on
// their own) too. Everyone signed in may read every record. The client shows read-only views from the same
// rule; the server still decides.
import type { Role } from './enums';

/** Whoever asks: a signed-in user, or the system acting on its own (id null). */
export interface Editor {
  id: string | null;
  role: Role | 'system';
}

export function isManagerOrAdmin(who: Editor): boolean {
  return who.role === 'manager' || who.role === 'admin';
}

/** May `who` change a record owned by `ownerId`? */
export function canEdit(who: Editor, ownerId: string | null | undefined): boolean {
  return who.role === 'system' || isManagerOrAdmin(who) || (who.id !== null && who.id === ownerId);
}

/** Reps create records for themselves; managers, admins and the system may give them to anyone. */
export function canAssignTo(who: Editor, ownerId: string): boolean {
  return ownerId === who.id || who.role === 'system' || isManagerOrAdmin(who);
}

/** Who may change a record, in the words a read-only view shows beside it. */
export const editRule = 'owners, managers and admins can edit';

/** Why `who` sees a record read-only, or null when they may change it. */
export function readOnlyReason(who: Editor, owner: { id: string | null | undefined; name: string | null | undefined }): string | null {
  if (canEdit(who, owner.id)) return null;
  return `Owned by ${owner.name || 'someone else'}; ${editRule}.`;
}

// Who performs an operation. Services take an Actor, never a request, so a router, a job, a webhook, an
// import and the assistant's tools call them the same way and meet the same access checks.
import type { Role } from '../../shared/enums';

/** The signed-in user, as the session gives it. */
export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  active: boolean;
  timeZone: string;
}

export interface UserActor {
  id: string;
  role: Role;
  name: string;
}

/** The product acting on its own (a scheduled job, email capture): it may change any record; audited with no user. */
export interface SystemActor {
  id: null;
  role: 'system';
  /** What acts, for logs: 'email capture', 'nightly hygiene scan'. */
  name: string;
}

export type Actor = UserActor | SystemActor;

export function userActor(user: Pick<SessionUser, 'id' | 'role' | 'name'>): UserActor {
  return { id: user.id, role: user.role, name: user.name };
}

export function systemActor(name: string): SystemActor {
  return { id: null, role: 'system', name };
}

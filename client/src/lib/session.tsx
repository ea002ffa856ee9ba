// The signed-in user, from auth.me, for any component below the app shell.
import { createContext, type ReactNode, useContext } from 'react';
import type { RouterOutputs } from '../trpc';

export type SessionUser = NonNullable<RouterOutputs['auth']['me']>;

const SessionContext = createContext<SessionUser | null>(null);

export function SessionProvider({ user, children }: { user: SessionUser; children: ReactNode }) {
  return <SessionContext.Provider value={user}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionUser {
  const user = useContext(SessionContext);
  if (!user) throw new Error('useSession outside SessionProvider');
  return user;
}

/** Mirrors the server's rule: the owner, managers and admins change a record. The server still decides. */
export function canWrite(user: SessionUser, ownerId: string | null | undefined): boolean {
  return user.role === 'admin' || user.role === 'manager' || user.id === ownerId;
}

export const isManagerOrAdmin = (user: SessionUser) => user.role === 'admin' || user.role === 'manager';

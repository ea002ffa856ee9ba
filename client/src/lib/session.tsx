// The signed-in user, from auth.me, for any component below the app shell.
import { createContext, type ReactNode, useContext } from 'react';
import { canEdit, isManagerOrAdmin } from '../../../shared/access';
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

/** May the signed-in user change a record with this owner? The rule is shared/access.ts; the server still decides. */
export function canWrite(user: SessionUser, ownerId: string | null | undefined): boolean {
  return canEdit(user, ownerId);
}

export { isManagerOrAdmin };

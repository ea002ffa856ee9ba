// The signed-in user's name and role in the top bar, with sign out.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useCallback, useId, useRef, useState } from 'react';
import { errorMessage } from '../lib/errors';
import { initials } from '../lib/format';
import { useSession } from '../lib/session';
import { useDismiss } from '../lib/useDismiss';
import { useTRPC } from '../trpc';
import { Badge } from './Badge';
import { Icon } from './Icon';
import { useToast } from './Toaster';

export function UserMenu() {
  const user = useSession();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const [open, setOpen] = useState(false);
  const closeMenu = useCallback(() => setOpen(false), []);
  const menuId = useId();
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);

  const logout = useMutation(
    trpc.auth.logout.mutationOptions({
      onSuccess: () => {
        const meKey = trpc.auth.me.queryKey();
        // Nothing of the previous user stays in the cache for the next one.
        queryClient.removeQueries({ predicate: (q) => JSON.stringify(q.queryKey) !== JSON.stringify(meKey) });
        queryClient.setQueryData(meKey, null);
      },
      onError: (error) => toast.error(errorMessage(error)),
    }),
  );

  useDismiss(open, closeMenu, rootRef, buttonRef);

  return (
    <div className="user-menu" ref={rootRef}>
      <button
        ref={buttonRef}
        type="button"
        className="user-menu__button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={menuId}
        onClick={() => setOpen((o) => !o)}
      >
        <span className="avatar" aria-hidden="true">
          {initials(user.name)}
        </span>
        <span className="user-menu__name">{user.name}</span>
        <Badge tone="neutral">{user.role}</Badge>
      </button>
      {open && (
        <div className="menu" id={menuId} role="menu">
          <div className="menu__header">
            <div className="menu__title">{user.name}</div>
            <div className="muted-text">{user.email}</div>
          </div>
          <button
            type="button"
            role="menuitem"
            className="menu__item"
            autoFocus
            disabled={logout.isPending}
            onClick={() => logout.mutate()}
          >
            <Icon name="logout" />
            Sign out
          </button>
        </div>
      )}
    </div>
  );
}

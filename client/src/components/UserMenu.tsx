// The signed-in user's name and role in the top bar, with the theme (system, light, dark) and sign out.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useCallback, useId, useRef, useState } from 'react';
import { errorMessage } from '../lib/errors';
import { initials } from '../lib/format';
import { useSession } from '../lib/session';
import { applyTheme } from '../lib/theme';
import type { Theme } from '../../../shared/schemas/appearance';
import { useDismiss } from '../lib/useDismiss';
import { useTRPC } from '../trpc';
import { Badge } from './Badge';
import { Icon } from './Icon';
import { useToast } from './Toaster';

const themeChoices: { value: Theme; label: string }[] = [
  { value: 'system', label: 'Match system' },
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' },
];

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
        // Nothing of the previous user stays in the cache for the next one.
        queryClient.removeQueries({ predicate: (q) => JSON.stringify(q.queryKey) !== JSON.stringify(meKey) });
        queryClient.setQueryData(meKey, null);
      },
      onError: (error) => toast.error(errorMessage(error)),
    }),
  );

  const meKey = trpc.auth.me.queryKey();
  const saveTheme = useMutation(trpc.auth.setTheme.mutationOptions());
  const chooseTheme = (theme: Theme) => {
    const previous = user.theme;
    // Shown at once; kept on the server for every browser the user signs in from.
    applyTheme(theme);
    queryClient.setQueryData(meKey, (me) => (me ? { ...me, theme } : me));
    saveTheme.mutate(
      { theme },
      {
        onError: (error) => {
          applyTheme(previous);
          queryClient.setQueryData(meKey, (me) => (me ? { ...me, theme: previous } : me));
          toast.error(`Your theme was not saved: ${errorMessage(error)}`);
        },
      },
    );
  };

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
          <div role="group" aria-label="Theme" className="menu__group">
            <div className="menu__label" aria-hidden="true">
              Theme
            </div>
            {themeChoices.map((choice) => (
              <button
                key={choice.value}
                type="button"
                role="menuitemradio"
                aria-checked={user.theme === choice.value}
                className="menu__item"
                autoFocus={user.theme === choice.value}
                onClick={() => chooseTheme(choice.value)}
              >
                <span className="menu__check" aria-hidden="true">
                  {user.theme === choice.value ? '✓' : ''}
                </span>
                {choice.label}
              </button>
            ))}
          </div>
          <button
            type="button"
            role="menuitem"
            className="menu__item"
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

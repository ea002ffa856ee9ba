// On narrow screens the sidebar is an off-canvas drawer: this owns whether it is open and where focus goes.
import { useCallback, useEffect, useRef, useState } from 'react';
import { useLocation } from 'react-router';

/** Keep in step with the drawer breakpoint in styles.css. */
export const NAV_DRAWER_QUERY = '(max-width: 859.98px)';

export function useNavDrawer() {
  const [open, setOpen] = useState(false);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const drawerRef = useRef<HTMLElement>(null);
  const wasOpen = useRef(false);
  const { pathname } = useLocation();

  const close = useCallback(() => setOpen(false), []);
  const toggle = useCallback(() => setOpen((o) => !o), []);

  // Focus follows the drawer: onto the current page's link when it opens, back to the menu button when it closes.
  useEffect(() => {
    if (open) {
      const drawer = drawerRef.current;
      const target =
        drawer?.querySelector<HTMLElement>('[aria-current="page"]') ?? drawer?.querySelector<HTMLElement>('a[href]');
      target?.focus();
    } else if (wasOpen.current) {
      buttonRef.current?.focus();
    }
    wasOpen.current = open;
  }, [open]);

  // Following a link lands on another page: the drawer has done its job.
  useEffect(() => close(), [pathname, close]);

  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') close();
    };
    // Grown past the breakpoint (rotation, resize): the sidebar is back in the page, so nothing is "open".
    const wide = window.matchMedia(NAV_DRAWER_QUERY);
    const onMedia = () => {
      if (!wide.matches) close();
    };
    // The page under the scrim must not scroll along with the drawer.
    const { overflow } = document.body.style;
    document.body.style.overflow = 'hidden';
    document.addEventListener('keydown', onKey);
    wide.addEventListener('change', onMedia);
    return () => {
      document.body.style.overflow = overflow;
      document.removeEventListener('keydown', onKey);
      wide.removeEventListener('change', onMedia);
    };
  }, [open, close]);

  return { open, toggle, close, buttonRef, drawerRef };
}

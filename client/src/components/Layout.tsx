// The app shell: sidebar navigation, a top bar with the section title and the user menu, and the screen.
// Below the drawer breakpoint the sidebar leaves the page and opens over it from the top bar's menu button.
import { lazy, type MouseEvent, type Ref, Suspense, useEffect, useState } from 'react';
import { Link, Outlet, useLocation } from 'react-router';
import { activeNavItem, navGroups, visibleGroups } from '../lib/nav';
import { useSession } from '../lib/session';
import { useNavDrawer } from '../lib/useNavDrawer';
import { useShortcuts } from '../lib/useShortcuts';
import { onNewTask } from '../lib/newTask';
import { Icon } from './Icon';
import { DetailSkeleton } from './States';
import { NotificationBell } from './notifications/NotificationBell';
import { UserMenu } from './UserMenu';

const NAV_ID = 'app-nav';

// The overlays are not part of the first page (cmdk and its dialog weigh ~35 kB): each loads when the browser
// is idle after the first paint, and mounts on its first opening, staying mounted after for its focus return.
const loadPalette = () => import('./CommandPalette');
const loadShortcuts = () => import('./ShortcutsDialog');
const loadNewTask = () => import('./tasks/NewTaskDialog');
const CommandPalette = lazy(() => loadPalette().then((m) => ({ default: m.CommandPalette })));
const ShortcutsDialog = lazy(() => loadShortcuts().then((m) => ({ default: m.ShortcutsDialog })));
const NewTaskDialog = lazy(() => loadNewTask().then((m) => ({ default: m.NewTaskDialog })));

function usePrefetchOverlays() {
  useEffect(() => {
    const prefetch = () => void Promise.all([loadPalette(), loadShortcuts(), loadNewTask()]);
    if (typeof requestIdleCallback === 'function') {
      const id = requestIdleCallback(prefetch, { timeout: 3_000 });
      return () => cancelIdleCallback(id);
    }
    const id = setTimeout(prefetch, 1_000);
    return () => clearTimeout(id);
  }, []);
}

/** True from the first time `open` is true: the overlay mounts then and stays mounted. */
function useOpenedOnce(open: boolean) {
  const [opened, setOpened] = useState(open);
  if (open && !opened) setOpened(true);
  return opened;
}

function Sidebar({ drawerRef, onClose }: { drawerRef: Ref<HTMLElement>; onClose: () => void }) {
  const user = useSession();
  const { pathname } = useLocation();
  const groups = visibleGroups(user.role);
  const active = activeNavItem(pathname, groups.flatMap((g) => g.items));
  // A link to the page already shown changes no route, so the drawer closes on the click itself.
  const onClick = (e: MouseEvent<HTMLElement>) => {
    if ((e.target as Element).closest('a[href]')) onClose();
  };
  return (
    <nav id={NAV_ID} ref={drawerRef} className="sidebar" aria-label="Main" onClick={onClick}>
      <button type="button" className="icon-btn sidebar__close" aria-label="Close navigation" onClick={onClose}>
        ×
      </button>
      <Link to="/" className="sidebar__brand">
        <span className="sidebar__logo" aria-hidden="true">
          T
        </span>
        Tru-CRM
      </Link>
      {groups.map((group) => (
        <div key={group.label} className="sidebar__group">
          <div className="sidebar__group-label">{group.label}</div>
          <ul>
            {group.items.map((item) =>
              item.comingSoon ? (
                <li key={item.to}>
                  <span className="sidebar__item sidebar__item--soon" aria-disabled="true" title="Coming soon">
                    <Icon name={item.icon} />
                    <span className="sidebar__label">{item.label}</span>
                    <span className="sidebar__soon">Soon</span>
                  </span>
                </li>
              ) : (
                <li key={item.to}>
                  <Link
                    to={item.to}
                    className={`sidebar__item${active === item ? ' sidebar__item--active' : ''}`}
                    aria-current={active === item ? 'page' : undefined}
                  >
                    <Icon name={item.icon} />
                    <span className="sidebar__label">{item.label}</span>
                  </Link>
                </li>
              ),
            )}
          </ul>
        </div>
      ))}
    </nav>
  );
}

function TopBar({
  navOpen,
  onToggleNav,
  menuButtonRef,
  onSearch,
}: {
  navOpen: boolean;
  onToggleNav: () => void;
  menuButtonRef: Ref<HTMLButtonElement>;
  onSearch: () => void;
}) {
  const mac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
  const { pathname } = useLocation();
  const section = activeNavItem(pathname, navGroups.flatMap((g) => g.items));
  const title = section?.label ?? (pathname.startsWith('/inbox') ? 'Inbox' : 'Tru-CRM');
  return (
    <header className="topbar">
      <button
        ref={menuButtonRef}
        type="button"
        className="icon-btn topbar__menu"
        aria-label="Open navigation"
        aria-expanded={navOpen}
        aria-controls={NAV_ID}
        onClick={onToggleNav}
      >
        <Icon name="menu" size={18} />
      </button>
      <div className="topbar__title">{title}</div>
      <button type="button" className="topbar__search" onClick={onSearch} aria-keyshortcuts="Control+K Meta+K /">
        <Icon name="search" />
        <span className="topbar__search-label">Search…</span>
        <kbd className="kbd topbar__search-kbd">{mac ? '⌘ K' : 'Ctrl K'}</kbd>
      </button>
      <div className="topbar__end">
        <NotificationBell />
        <UserMenu />
      </div>
    </header>
  );
}

export function Layout() {
  const drawer = useNavDrawer();
  const [palette, setPalette] = useState(false);
  const [help, setHelp] = useState(false);
  const [newTask, setNewTask] = useState(false);
  useShortcuts({ openPalette: () => setPalette(true), openHelp: () => setHelp(true) });
  useEffect(() => onNewTask(() => setNewTask(true)), []);
  usePrefetchOverlays();
  const overlays = { palette: useOpenedOnce(palette), help: useOpenedOnce(help), newTask: useOpenedOnce(newTask) };
  // While the drawer is open it is the only thing to interact with: the page behind is inert.
  const behind = drawer.open || undefined;
  return (
    <div className={`app${drawer.open ? ' app--nav-open' : ''}`}>
      <a href="#main" className="skip-link" inert={behind}>
        Skip to content
      </a>
      <Sidebar drawerRef={drawer.drawerRef} onClose={drawer.close} />
      {drawer.open && <div className="app__scrim" aria-hidden="true" onClick={drawer.close} />}
      <div className="app__main" inert={behind}>
        <TopBar navOpen={drawer.open} onToggleNav={drawer.toggle} menuButtonRef={drawer.buttonRef} onSearch={() => setPalette(true)} />
        <main id="main" className="content" tabIndex={-1}>
          <Suspense fallback={<DetailSkeleton />}>
            <Outlet />
          </Suspense>
        </main>
      </div>
      <Suspense fallback={null}>
        {overlays.palette && <CommandPalette open={palette} onClose={() => setPalette(false)} />}
        {overlays.help && <ShortcutsDialog open={help} onClose={() => setHelp(false)} />}
        {overlays.newTask && <NewTaskDialog open={newTask} onClose={() => setNewTask(false)} />}
      </Suspense>
    </div>
  );
}

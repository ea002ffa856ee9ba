// The app shell: sidebar navigation, a top bar with the section title and the user menu, and the screen.
import { Suspense } from 'react';
import { Link, Outlet, useLocation } from 'react-router';
import { activeNavItem, navGroups, visibleGroups } from '../lib/nav';
import { useSession } from '../lib/session';
import { Icon } from './Icon';
import { DetailSkeleton } from './States';
import { UserMenu } from './UserMenu';

function Sidebar() {
  const user = useSession();
  const { pathname } = useLocation();
  const groups = visibleGroups(user.role);
  const active = activeNavItem(pathname, groups.flatMap((g) => g.items));
  return (
    <nav className="sidebar" aria-label="Main">
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

function TopBar() {
  const { pathname } = useLocation();
  const section = activeNavItem(pathname, navGroups.flatMap((g) => g.items));
  return (
    <header className="topbar">
      <div className="topbar__title">{section?.label ?? 'Tru-CRM'}</div>
      <UserMenu />
    </header>
  );
}

export function Layout() {
  return (
    <div className="app">
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <Sidebar />
      <div className="app__main">
        <TopBar />
        <main id="main" className="content" tabIndex={-1}>
          <Suspense fallback={<DetailSkeleton />}>
            <Outlet />
          </Suspense>
        </main>
      </div>
    </div>
  );
}

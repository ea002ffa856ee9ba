// The Settings area: its sections in a side list, the chosen section's page beside it.
import { Suspense } from 'react';
import { NavLink, Outlet } from 'react-router';
import { useSession } from '../lib/session';
import { visibleSections } from '../lib/settingsSections';
import { DetailSkeleton } from './States';

export function SettingsLayout() {
  const user = useSession();
  return (
    <div className="settings-layout">
      <nav className="settings-nav" aria-label="Settings">
        <h1 className="settings-nav__title">Settings</h1>
        <ul>
          {visibleSections(user.role).map((section) => (
            <li key={section.path}>
              <NavLink to={`/settings/${section.path}`} className={({ isActive }) => `settings-nav__item${isActive ? ' settings-nav__item--active' : ''}`}>
                <span className="settings-nav__label">{section.label}</span>
                <span className="settings-nav__description">{section.description}</span>
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <div className="settings-layout__page">
        <Suspense fallback={<DetailSkeleton />}>
          <Outlet />
        </Suspense>
      </div>
    </div>
  );
}

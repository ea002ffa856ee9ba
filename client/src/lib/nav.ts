// The sidebar, as data: adding a screen to the navigation is one line here (and its route in App.tsx).
import type { Role } from '../../../shared/enums';
import type { IconName } from '../components/Icon';

export interface NavItem {
  label: string;
  to: string;
  icon: IconName;
  /** Only these roles see it (default: everyone). */
  roles?: Role[];
  /** Shown muted and not linked until the screen exists. */
  comingSoon?: boolean;
}

export interface NavGroup {
  label: string;
  items: NavItem[];
}

export const navGroups: NavGroup[] = [
  {
    label: 'Workspace',
    items: [
      { label: 'My day', to: '/', icon: 'home' },
      { label: 'Tasks', to: '/tasks', icon: 'tasks' },
    ],
  },
  {
    label: 'Sales',
    items: [
      { label: 'Accounts', to: '/accounts', icon: 'accounts' },
      { label: 'Contacts', to: '/contacts', icon: 'contacts' },
      { label: 'Leads', to: '/leads', icon: 'leads' },
      { label: 'Opportunities', to: '/opportunities', icon: 'opportunities' },
      { label: 'Pipeline board', to: '/opportunities/board', icon: 'board' },
    ],
  },
  {
    label: 'Customer success',
    items: [
      { label: 'Projects', to: '/projects', icon: 'projects' },
      { label: 'Cases', to: '/cases', icon: 'cases' },
    ],
  },
  {
    label: 'Insight',
    items: [
      { label: 'Dashboards', to: '/dashboards', icon: 'dashboards' },
      { label: 'Ask the CRM', to: '/assistant', icon: 'assistant' },
      { label: 'Forecast', to: '/forecast', icon: 'forecast' },
      { label: 'Win/loss', to: '/win-loss', icon: 'reports' },
      { label: 'My hygiene', to: '/hygiene/mine', icon: 'hygiene' },
      { label: 'Hygiene', to: '/hygiene', icon: 'hygiene', roles: ['manager', 'admin'] },
      { label: 'Analyse a file', to: '/hygiene/files', icon: 'imports' },
      { label: 'Reports', to: '/reports', icon: 'reports' },
    ],
  },
  {
    label: 'Data',
    items: [{ label: 'Imports', to: '/imports', icon: 'imports' }],
  },
  {
    label: 'Automation',
    items: [
      { label: 'Playbooks', to: '/automation', icon: 'automation' },
      { label: 'Campaigns', to: '/campaigns', icon: 'campaign' },
      { label: 'Attribution', to: '/attribution', icon: 'forecast' },
    ],
  },
  {
    label: 'Admin',
    items: [
      { label: 'Users', to: '/settings/users', icon: 'users', roles: ['admin'] },
      { label: 'Settings', to: '/settings', icon: 'settings' },
    ],
  },
];

/** The nav item a path belongs to: the longest `to` that prefixes it (/opportunities/board beats /opportunities). */
export function activeNavItem(pathname: string, items: NavItem[]): NavItem | undefined {
  return items
    .filter((i) => !i.comingSoon && (pathname === i.to || pathname.startsWith(`${i.to}/`)))
    .sort((a, b) => b.to.length - a.to.length)[0];
}

export function visibleGroups(role: Role): NavGroup[] {
  return navGroups
    .map((g) => ({ ...g, items: g.items.filter((i) => !i.roles || i.roles.includes(role)) }))
    .filter((g) => g.items.length > 0);
}

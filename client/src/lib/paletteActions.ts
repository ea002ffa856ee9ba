// The command palette's actions, as data: a screen or capability adds its own with one entry here.
// Record-specific actions ("Log a call on …") come from the page the user is on (recordOnPage below).
import type { RelatedToType, Role } from '../../../shared/enums';
import type { IconName } from '../components/Icon';
import { openNewTask } from './newTask';

export interface PaletteAction {
  id: string;
  label: string;
  /** Other words that find it ("create", "add", "kanban"). */
  keywords?: string[];
  icon: IconName;
  /** Where it goes, or what it does (open a dialog). */
  to?: string;
  run?: () => void;
  /** Only these roles see it (default: everyone). */
  roles?: Role[];
  /** The keys that do the same outside the palette, as shown ("G then B"). */
  shortcut?: string;
}

export const paletteActions: PaletteAction[] = [
  { id: 'new-task', label: 'New task', keywords: ['create', 'add', 'todo', 'follow', 'reminder'], icon: 'tasks', run: openNewTask, shortcut: 'N' },
  { id: 'go-my-day', label: 'Go to My day', keywords: ['home', 'today', 'start'], icon: 'home', to: '/', shortcut: 'G then H' },
  { id: 'go-tasks', label: 'Go to tasks', keywords: ['todo'], icon: 'tasks', to: '/tasks', shortcut: 'G then T' },
  { id: 'new-opportunity', label: 'New opportunity', keywords: ['create', 'add', 'deal'], icon: 'plus', to: '/opportunities/new' },
  { id: 'new-account', label: 'New account', keywords: ['create', 'add', 'company'], icon: 'plus', to: '/accounts/new' },
  { id: 'new-contact', label: 'New contact', keywords: ['create', 'add', 'person'], icon: 'plus', to: '/contacts/new' },
  { id: 'new-lead', label: 'New lead', keywords: ['create', 'add'], icon: 'plus', to: '/leads/new' },
  { id: 'new-case', label: 'New case', keywords: ['create', 'add', 'support', 'ticket'], icon: 'plus', to: '/cases/new' },
  { id: 'new-project', label: 'New project', keywords: ['create', 'add', 'onboarding'], icon: 'plus', to: '/projects/new' },
  { id: 'go-board', label: 'Go to board', keywords: ['pipeline', 'kanban'], icon: 'board', to: '/opportunities/board', shortcut: 'G then B' },
  { id: 'go-opportunities', label: 'Go to opportunities', keywords: ['deals'], icon: 'opportunities', to: '/opportunities', shortcut: 'G then O' },
  { id: 'go-accounts', label: 'Go to accounts', icon: 'accounts', to: '/accounts', shortcut: 'G then A' },
  { id: 'go-contacts', label: 'Go to contacts', keywords: ['people'], icon: 'contacts', to: '/contacts', shortcut: 'G then C' },
  { id: 'go-leads', label: 'Go to leads', icon: 'leads', to: '/leads', shortcut: 'G then L' },
  { id: 'go-projects', label: 'Go to projects', icon: 'projects', to: '/projects', shortcut: 'G then P' },
  { id: 'go-cases', label: 'Go to cases', keywords: ['support'], icon: 'cases', to: '/cases', shortcut: 'G then S' },
  { id: 'go-settings', label: 'Go to settings', keywords: ['organisation', 'preferences'], icon: 'settings', to: '/settings' },
  { id: 'go-users', label: 'Go to users', keywords: ['people', 'roles', 'invite'], icon: 'users', to: '/settings/users', roles: ['admin'] },
];

/** "G then <key>" moves, from the actions that have one. */
export const goToKeys: Record<string, string> = Object.fromEntries(
  paletteActions.flatMap((a) => {
    const key = a.shortcut?.match(/^G then (\w)$/)?.[1];
    return key && a.to ? [[key.toLowerCase(), a.to]] : [];
  }),
);

const recordRoutes: [RegExp, RelatedToType, string][] = [
  [/^\/accounts\/(\d+)$/, 'account', 'account'],
  [/^\/contacts\/(\d+)$/, 'contact', 'contact'],
  [/^\/leads\/(\d+)$/, 'lead', 'lead'],
  [/^\/opportunities\/(\d+)$/, 'opportunity', 'opportunity'],
  [/^\/projects\/(\d+)$/, 'project', 'project'],
  [/^\/cases\/(\d+)$/, 'case', 'case'],
];

/** The record whose page is open, if any: the palette offers to log on it. */
export function recordOnPage(pathname: string): { type: RelatedToType; id: number; label: string } | null {
  for (const [pattern, type, label] of recordRoutes) {
    const match = pathname.match(pattern);
    if (match) return { type, id: Number(match[1]), label };
  }
  return null;
}

/** Does the action match what was typed (every word starts a word of its label or keywords)? */
export function actionMatches(action: PaletteAction, q: string): boolean {
  const words = q.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const haystack = [action.label, ...(action.keywords ?? [])].join(' ').toLowerCase().split(/[\s/-]+/);
  return words.every((w) => haystack.some((h) => h.startsWith(w)));
}

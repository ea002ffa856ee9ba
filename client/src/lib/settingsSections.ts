// The Settings area's sections, as data: a capability adds its page here (and its route in App.tsx).
import type { Role } from '../../../shared/enums';

export interface SettingsSection {
  label: string;
  /** Relative to /settings. */
  path: string;
  description: string;
  /** Only these roles see it (default: everyone). */
  roles?: Role[];
}

export const settingsSections: SettingsSection[] = [
  { label: 'Organisation', path: 'organisation', description: 'Name, email domains and fiscal year' },
  { label: 'Quotas', path: 'quotas', description: 'Each rep’s quota per month or quarter', roles: ['manager', 'admin'] },
  { label: 'Fields', path: 'fields', description: 'Picklists: industry, region, lead source, buying role, competitor' },
  { label: 'Notifications', path: 'notifications', description: 'Your digest, its channels and a preview' },
  { label: 'Connections', path: 'connections', description: 'Email and calendar capture, blocklist' },
  { label: 'Teams', path: 'teams', description: 'Which reps report to which manager', roles: ['admin', 'manager'] },
  { label: 'Users', path: 'users', description: 'People, roles and sign-in', roles: ['admin'] },
  { label: 'AI usage', path: 'ai', description: 'Assistant calls, tokens, latency, errors and thumbs per prompt version', roles: ['admin'] },
  { label: 'AI prompts', path: 'ai-prompts', description: 'Prompt versions, activation and experiments', roles: ['admin'] },
  { label: 'Hygiene rules', path: 'hygiene', description: 'The 46 rules: on/off, severity, thresholds' },
  { label: 'Audit log', path: 'audit-log', description: 'Who changed what and when, by user, record type and date', roles: ['admin'] },
  { label: 'Web-to-lead', path: 'web-to-lead', description: 'Forms and systems that post leads', roles: ['admin'] },
];

export function visibleSections(role: Role): SettingsSection[] {
  return settingsSections.filter((s) => !s.roles || s.roles.includes(role));
}

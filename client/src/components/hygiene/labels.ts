// Words for hygiene values, shared by the hygiene screens.
import { hygieneCategoryLabels } from '../../../../shared/hygiene';
import type { Tone } from '../Badge';

export const severityTones: Record<string, Tone> = { critical: 'danger', warning: 'warning', info: 'info' };
export const severityLabels: Record<string, string> = { critical: 'Critical', warning: 'Warning', info: 'Info' };
export const actByLabels: Record<string, string> = { rep: 'The rep', manager: 'The manager', csm: 'The CSM', admin: 'An admin' };
export const categoryLabels: Record<string, string> = hygieneCategoryLabels;
export const recordPaths: Record<string, string> = {
  opportunity: '/opportunities',
  account: '/accounts',
  contact: '/contacts',
  project: '/projects',
  case: '/cases',
};

// Where each kind of record lives in the app: the client's routes, and the links in digests and emails.
import type { RelatedToType } from './enums';

export const recordBasePaths: Record<RelatedToType, string> = {
  account: '/accounts',
  contact: '/contacts',
  lead: '/leads',
  opportunity: '/opportunities',
  project: '/projects',
  case: '/cases',
};

export function recordPath(type: RelatedToType, id: number | string): string {
  return `${recordBasePaths[type]}/${id}`;
}

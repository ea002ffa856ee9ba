// Where each kind of record lives in the client.
import type { RelatedToType } from '../../../shared/enums';

const basePaths: Record<RelatedToType, string> = {
  account: '/accounts',
  contact: '/contacts',
  lead: '/leads',
  opportunity: '/opportunities',
  project: '/projects',
  case: '/cases',
};

export function recordPath(type: RelatedToType, id: number | string): string {
  return `${basePaths[type]}/${id}`;
}

/** Route param :id as a positive integer, or null for a malformed URL. */
export function parseId(raw: string | undefined): number | null {
  if (!raw || !/^\d+$/.test(raw)) return null;
  const n = Number(raw);
  return Number.isSafeInteger(n) && n > 0 ? n : null;
}

/** A numeric query-string prefill (?accountId=12), or null. */
export function idParam(params: URLSearchParams, name: string): number | null {
  return parseId(params.get(name) ?? undefined);
}

// Where each kind of record lives in the client.
export { recordPath } from '../../../shared/recordPaths';

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

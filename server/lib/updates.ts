// What every record update shares: only the fields sent change, and an edit made on an old copy is refused.
import { staleUpdate } from './errors';

/** The fields of an update input that were sent; a key present with `undefined` counts as not sent. */
export function sentFields<T extends object>(input: T): Partial<T> {
  return Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined)) as Partial<T>;
}

/** Optimistic concurrency: a client that names the version it loaded is refused (CONFLICT) if the row has moved on. */
export function assertCurrentVersion(row: { version: number }, expectedVersion: number | undefined, what: string): void {
  if (expectedVersion !== undefined && expectedVersion !== row.version) throw staleUpdate(what);
}

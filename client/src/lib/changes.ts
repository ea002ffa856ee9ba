// An update sends only what the user changed, so the server's "not sent = unchanged" rules apply
// (e.g. an account's domain keeps following its website unless the domain itself was edited).

const blank = (v: unknown) => v === null || v === undefined || v === '';

function same(a: unknown, b: unknown): boolean {
  if (blank(a) && blank(b)) return true;
  if (a instanceof Date || b instanceof Date) return new Date(a as Date).getTime() === new Date(b as Date).getTime();
  return String(a) === String(b);
}

export function changedOnly<T extends Record<string, unknown>>(
  data: T,
  initial: Record<string, unknown>,
  keep: string[] = ['id', 'version'],
): Partial<T> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data)) {
    if (keep.includes(key) || !same(value, initial[key])) out[key] = value;
  }
  return out as Partial<T>;
}

/** Picks the form fields out of a loaded record, nulls included. */
export function pick<T extends object, K extends keyof T>(row: T, keys: readonly K[]): Pick<T, K> {
  const out = {} as Pick<T, K>;
  for (const k of keys) out[k] = row[k];
  return out;
}

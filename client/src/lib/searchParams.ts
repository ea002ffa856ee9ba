// URL search params changed by a patch: a value sets its key, null (or undefined, or '') removes it.
export type ParamsPatch = Record<string, string | null | undefined>;

export function patchParams(prev: URLSearchParams, patch: ParamsPatch): URLSearchParams {
  const next = new URLSearchParams(prev);
  for (const [key, value] of Object.entries(patch)) {
    if (value === null || value === undefined || value === '') next.delete(key);
    else next.set(key, value);
  }
  return next;
}

// List filters and sort kept in the URL (?q=&owner=&status=&sort=&dir=), so a view can be shared and reloaded.
import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import type { SortDirection, SortState } from '../components/DataTable';
import { type ParamsPatch, patchParams } from './searchParams';

export interface ListParamsConfig<Sort extends string> {
  sorts: readonly Sort[];
  defaultSort: Sort;
  defaultDirection?: SortDirection;
  /** URL params this screen filters by besides the common ones (a toggle such as `open`). */
  extraFilters?: readonly string[];
}

/** Rows a list screen loads at a time. */
const pageSize = 50;

export function useListParams<Sort extends string>({
  sorts,
  defaultSort,
  defaultDirection = 'asc',
  extraFilters = [],
}: ListParamsConfig<Sort>) {
  const [params, setParams] = useSearchParams();

  const set = useCallback(
    (patch: ParamsPatch) => setParams((prev) => patchParams(prev, patch), { replace: true }),
    [setParams],
  );

  const rawSort = params.get('sort');
  const sort: Sort = rawSort && (sorts as readonly string[]).includes(rawSort) ? (rawSort as Sort) : defaultSort;
  const rawDir = params.get('dir');
  const sortDirection: SortDirection = rawDir === 'asc' || rawDir === 'desc' ? rawDir : defaultDirection;

  const sortState: SortState = useMemo(
    () => ({ sort, sortDirection, onSort: (s, d) => set({ sort: s, dir: d }) }),
    [sort, sortDirection, set],
  );

  /** A filter value, or undefined when it is not one of the allowed values (a hand-edited URL). */
  const oneOf = <V extends string>(name: string, allowed: readonly V[]): V | undefined => {
    const v = params.get(name);
    return v && (allowed as readonly string[]).includes(v) ? (v as V) : undefined;
  };

  const search = params.get('q') ?? '';
  const ownerId = params.get('owner') ?? '';
  const filterKeys = ['q', 'owner', 'status', 'priority', 'health', 'stage', 'account', 'sla', 'industry', ...extraFilters];
  const hasFilters = filterKeys.some((k) => params.has(k));

  return {
    params,
    get: (name: string) => params.get(name) ?? '',
    oneOf,
    set,
    search,
    ownerId,
    sort,
    sortDirection,
    sortState,
    hasFilters,
    // One URL update: two in a row would each start from the same params and the first would be lost.
    clearFilters: () => set(Object.fromEntries(filterKeys.map((k) => [k, null]))),
    /** The part of a `list` procedure's input every list screen sends; a screen adds its own filters. */
    listInput: {
      search: search || undefined,
      ownerId: ownerId || undefined,
      sort,
      sortDirection,
      limit: pageSize,
    },
  };
}

export type ListParams = ReturnType<typeof useListParams<string>>;

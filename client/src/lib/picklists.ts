// The admin-managed picklists (Settings -> Fields), read once per session and shared by forms and filters.
import { useQuery } from '@tanstack/react-query';
import type { Picklist } from '../../../shared/schemas/picklists';
import { useTRPC } from '../trpc';

export function usePicklists() {
  const trpc = useTRPC();
  return useQuery({ ...trpc.picklists.list.queryOptions(undefined), staleTime: 5 * 60_000 });
}

/** The values a form or filter offers for `picklist`, in the admin's order: active ones only. */
export function usePicklistValues(picklist: Picklist): string[] {
  const { data } = usePicklists();
  return (data ?? []).filter((v) => v.picklist === picklist && v.active).map((v) => v.value);
}

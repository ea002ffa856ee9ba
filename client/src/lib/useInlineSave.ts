// The save behind a list's inline edits: the record's update procedure, then the list refetched, so the cell
// shows the saved value (and the row its new version) when the edit closes.
import { type QueryFilters, type UseMutationOptions, useMutation, useQueryClient } from '@tanstack/react-query';

export function useInlineSave<I>(options: UseMutationOptions<any, any, I, any>, refresh: QueryFilters) {
  const queryClient = useQueryClient();
  const mutation = useMutation(options);
  return async (input: I) => {
    await mutation.mutateAsync(input);
    await queryClient.invalidateQueries(refresh);
  };
}

/** A select's options from a list of values. */
export const valueOptions = (values: readonly string[]) => values.map((v) => ({ value: v, label: v }));

/** A picklist's values for an inline select, with '—' first to clear the field (the server takes '' as cleared). */
export const picklistOptions = (values: readonly string[]) => [{ value: '', label: '—' }, ...valueOptions(values)];

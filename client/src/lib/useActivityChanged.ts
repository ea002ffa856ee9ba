// After an activity is logged, completed or deleted: what shows it, everywhere it belongs. Logging moves
// lastActivityAt on the record and on its account (server/services/activities.ts), so their pages and
// lists refresh too, and My day's tasks and meetings.
import { useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import type { RelatedToType } from '../../../shared/enums';
import { useTRPC } from '../trpc';

export function useActivityChanged() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return useCallback(
    async (relatedToType: RelatedToType) => {
      const record = {
        account: trpc.accounts,
        contact: trpc.contacts,
        lead: trpc.leads,
        opportunity: trpc.opportunities,
        project: trpc.projects,
        case: trpc.cases,
      }[relatedToType];
      await Promise.all([
        queryClient.invalidateQueries(trpc.activities.pathFilter()),
        queryClient.invalidateQueries(trpc.timeline.pathFilter()),
        queryClient.invalidateQueries(trpc.tasks.pathFilter()),
        queryClient.invalidateQueries(record.pathFilter()),
        relatedToType === 'account' ? null : queryClient.invalidateQueries(trpc.accounts.pathFilter()),
      ]);
    },
    [trpc, queryClient],
  );
}

// A record's page tells the server it was opened, for "Recently viewed" (palette, My day). Once per record.
import { useMutation } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { RelatedToType } from '../../../shared/enums';
import { useTRPC } from '../trpc';

export function useRecordView(type: RelatedToType, id: number | null | undefined) {
  const trpc = useTRPC();
  const { mutate } = useMutation(trpc.search.recordView.mutationOptions());
  useEffect(() => {
    if (id) mutate({ type, id });
  }, [type, id, mutate]);
}

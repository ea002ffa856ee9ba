// What a create/edit form does once the server has saved the record: refresh, confirm, open the record.
import { type InvalidateQueryFilters, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { useNavigate } from 'react-router';
import { useToast } from '../components/Toaster';

export function useAfterSave() {
  const queryClient = useQueryClient();
  const toast = useToast();
  const navigate = useNavigate();
  return useCallback(
    async ({ refresh, message, open }: { refresh: InvalidateQueryFilters; message: string; open: string }) => {
      // Refreshed before navigating, so the record's page and the lists do not show the copy from before the save.
      await queryClient.invalidateQueries(refresh);
      toast.success(message);
      navigate(open);
    },
    [queryClient, toast, navigate],
  );
}

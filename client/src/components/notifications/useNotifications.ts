// The inbox's shared data: the unread count the bell shows, and marking read (which refreshes both).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { errorMessage } from '../../lib/errors';
import { type RouterOutputs, useTRPC } from '../../trpc';
import { useToast } from '../Toaster';

export type InboxItem = RouterOutputs['notifications']['list']['items'][number];

/** How often the bell asks for news while the app is open. */
const UNREAD_POLL_MS = 60_000;

export function useUnreadCount() {
  const trpc = useTRPC();
  return useQuery(trpc.notifications.unreadCount.queryOptions(undefined, { refetchInterval: UNREAD_POLL_MS }));
}

export function useMarkRead() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  return useMutation(
    trpc.notifications.markRead.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries(trpc.notifications.pathFilter()),
      onError: (error) => toast.error(errorMessage(error)),
    }),
  );
}

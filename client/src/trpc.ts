// The typed tRPC client, created once. Only the router's *type* is imported: no server code is bundled.
import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { createTRPCClient, httpBatchLink, httpBatchStreamLink, splitLink, TRPCClientError } from '@trpc/client';
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import { createTRPCContext } from '@trpc/tanstack-react-query';
import superjson from 'superjson';
import type { AppRouter } from '../../server/routers';
import { errorCode } from './lib/errors';

export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;

export type AppClientError = TRPCClientError<AppRouter>;

/** The query key prefix of auth.me, so a 401 anywhere can send the user back to the sign-in page. */
const ME_KEY = [['auth', 'me']];
/** Any write may add to a record's timeline and the audit log (a form, the board, a bulk change, a palette action). */
const AUDITED_KEYS = [[['timeline']], [['audit']]];

// Retrying a user error (not found, forbidden, bad input) only delays the message.
const NO_RETRY = new Set(['UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND', 'BAD_REQUEST', 'CONFLICT', 'TOO_MANY_REQUESTS']);

export function makeQueryClient(): QueryClient {
  // A session that ended (signed out elsewhere, deactivated) shows the sign-in page again.
  // auth.login's own UNAUTHORIZED is a wrong password, shown on the form instead.
  const onSessionError = (error: unknown, path?: string) => {
    if (errorCode(error) === 'UNAUTHORIZED' && path !== 'auth.login') {
      void queryClient.invalidateQueries({ queryKey: ME_KEY });
    }
  };
  const queryClient: QueryClient = new QueryClient({
    queryCache: new QueryCache({ onError: (error) => onSessionError(error) }),
    mutationCache: new MutationCache({
      // Not awaited: the mutation's own onSuccess need not wait for a feed it may not show.
      onSuccess: () => {
        for (const queryKey of AUDITED_KEYS) void queryClient.invalidateQueries({ queryKey });
      },
      onError: (error, _variables, _context, mutation) =>
        onSessionError(error, (mutation.options.mutationKey?.[0] as string[] | undefined)?.join('.')),
    }),
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        refetchOnWindowFocus: false,
        retry: (failureCount, error) => !NO_RETRY.has(errorCode(error) ?? '') && failureCount < 2,
      },
    },
  });
  return queryClient;
}

/** Procedures that answer a stream of events (Claude writing): they go through httpBatchStreamLink. */
const STREAMED = new Set(['ai.reviewDeal', 'ai.ask']);

export function makeTrpcClient() {
  const common = {
    url: '/trpc',
    transformer: superjson,
    fetch: (url: URL | RequestInfo, options?: RequestInit) => fetch(url, { ...options, credentials: 'include' }),
  };
  return createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => STREAMED.has(op.path),
        true: httpBatchStreamLink(common),
        false: httpBatchLink(common),
      }),
    ],
  });
}

export { TRPCClientError };

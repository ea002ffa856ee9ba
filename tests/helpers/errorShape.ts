// What a client receives for a failed call: the real error formatter applied to a createCaller rejection,
// so tests can assert error.data.fieldErrors without going over HTTP.
import { TRPCError } from '@trpc/server';
import { getErrorShape } from '@trpc/server/unstable-core-do-not-import';
import { appRouter } from '../../server/routers';

export interface ClientError {
  code: string;
  message: string;
  fieldErrors: Record<string, string[]> | null;
}

export async function clientError(call: Promise<unknown>): Promise<ClientError> {
  let error: unknown;
  try {
    await call;
  } catch (e) {
    error = e;
  }
  if (!(error instanceof TRPCError)) throw new Error(`expected a TRPCError, got ${String(error)}`);
  const shape = getErrorShape({
    config: appRouter._def._config,
    error,
    type: 'unknown',
    path: undefined,
    input: undefined,
    ctx: undefined,
  }) as { message: string; data: { code: string; fieldErrors?: Record<string, string[]> | null } };
  return { code: shape.data.code, message: shape.message, fieldErrors: shape.data.fieldErrors ?? null };
}

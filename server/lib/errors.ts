// Errors a user can act on. Field errors travel in error.data.fieldErrors so a form shows them in place.
import { TRPCError } from '@trpc/server';

export type FieldErrors = Record<string, string[]>;

/** Carries field messages from a service to the tRPC error formatter. */
export class FieldErrorsCause extends Error {
  constructor(readonly fieldErrors: FieldErrors) {
    super('Field errors');
  }
}

export function fieldError(code: 'BAD_REQUEST' | 'CONFLICT', field: string, message: string): TRPCError {
  return new TRPCError({ code, message, cause: new FieldErrorsCause({ [field]: [message] }) });
}

export const notFound = (what: string) => new TRPCError({ code: 'NOT_FOUND', message: `${what} not found` });

export const forbidden = (message = 'You do not have permission to do that') =>
  new TRPCError({ code: 'FORBIDDEN', message });

export const staleUpdate = (what: string) =>
  new TRPCError({
    code: 'CONFLICT',
    message: `This ${what} was changed by someone else since you opened it. Reload to see their changes, then try again.`,
  });

/**
 * Runs a write whose only unique key a user can collide with is `field`: a duplicate entry becomes a
 * CONFLICT on that field (a form shows it in place) instead of a generic error.
 */
export async function conflictOnDuplicate<T>(write: Promise<T>, field: string, message: string): Promise<T> {
  try {
    return await write;
  } catch (error) {
    if (mysqlErrorCode(error) === 'ER_DUP_ENTRY') throw fieldError('CONFLICT', field, message);
    throw error;
  }
}

/** mysql2's error codes for constraint violations, surfaced by Drizzle as the cause of its query error. */
export function mysqlErrorCode(error: unknown): string | undefined {
  for (let e: unknown = error; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('ER_')) return code;
  }
  return undefined;
}

// Errors a user can act on, thrown by services whoever calls them. server/trpc.ts maps them to tRPC codes
// in one place; a job logs them. Field errors travel along so a form shows each message in place.

export type FieldErrors = Record<string, string[]>;

export type DomainErrorKind = 'not_found' | 'forbidden' | 'conflict' | 'invalid';

export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    message: string,
    readonly fieldErrors: FieldErrors | null = null,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'DomainError';
  }
}

export const notFound = (what: string) => new DomainError('not_found', `${what} not found`);

export const forbidden = (message = 'You do not have permission to do that') => new DomainError('forbidden', message);

export const conflict = (message: string, options?: { cause?: unknown }) => new DomainError('conflict', message, null, options);

export const invalid = (message: string) => new DomainError('invalid', message);

/** One field's message: a form shows it beside the field. */
export function fieldError(kind: 'invalid' | 'conflict', field: string, message: string): DomainError {
  return new DomainError(kind, message, { [field]: [message] });
}

/** Several fields' messages at once; the first is the error's message. */
export function invalidFields(errors: FieldErrors): DomainError {
  const first = Object.values(errors)[0]?.[0] ?? 'Invalid input';
  return new DomainError('invalid', first, errors);
}

export const staleUpdate = (what: string) =>
  conflict(`This ${what} was changed by someone else since you opened it. Reload to see their changes, then try again.`);

/**
 * Runs a write whose only unique key a user can collide with is `field`: a duplicate entry becomes a
 * conflict on that field (a form shows it in place) instead of a generic error.
 */
export async function conflictOnDuplicate<T>(write: Promise<T>, field: string, message: string): Promise<T> {
  try {
    return await write;
  } catch (error) {
    if (mysqlErrorCode(error) === 'ER_DUP_ENTRY') throw new DomainError('conflict', message, { [field]: [message] }, { cause: error });
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

/**
 * Safety net: a constraint violation a service did not anticipate is still a user error, not a crash.
 * Null when the error is not one of those.
 */
export function domainErrorFromDatabase(error: unknown): DomainError | null {
  const code = mysqlErrorCode(error);
  const withCause = (kind: DomainErrorKind, message: string) => new DomainError(kind, message, null, { cause: error });
  switch (code) {
    case 'ER_DUP_ENTRY':
      return withCause('conflict', 'A record with these details already exists');
    case 'ER_NO_REFERENCED_ROW_2':
    case 'ER_NO_REFERENCED_ROW':
      return withCause('invalid', 'A linked record does not exist');
    case 'ER_ROW_IS_REFERENCED_2':
    case 'ER_ROW_IS_REFERENCED':
      return withCause('conflict', 'Other records still refer to this one');
    case 'ER_DATA_TOO_LONG':
    case 'ER_WARN_DATA_OUT_OF_RANGE':
    case 'ER_TRUNCATED_WRONG_VALUE':
      return withCause('invalid', 'A value is too long or out of range');
    default:
      return null;
  }
}

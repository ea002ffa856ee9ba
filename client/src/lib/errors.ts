// Reading tRPC errors on the client: the code, a message to show, and the server's field errors.

interface ErrorData {
  code?: string;
  httpStatus?: number;
  fieldErrors?: Record<string, string[] | undefined> | null;
  formErrors?: string[] | null;
}

function dataOf(error: unknown): ErrorData | undefined {
  if (error && typeof error === 'object' && 'data' in error) {
    const data = (error as { data?: unknown }).data;
    if (data && typeof data === 'object') return data as ErrorData;
  }
  return undefined;
}

export function errorCode(error: unknown): string | undefined {
  return dataOf(error)?.code;
}

/** Field messages from error.data.fieldErrors (zod on the server, or a service's fieldError). */
export function serverFieldErrors(error: unknown): Record<string, string[]> {
  const fields = dataOf(error)?.fieldErrors;
  if (!fields) return {};
  const out: Record<string, string[]> = {};
  for (const [key, messages] of Object.entries(fields)) if (messages?.length) out[key] = messages;
  return out;
}

/** A sentence a user can act on, whatever failed. */
export function errorMessage(error: unknown): string {
  if (!error) return '';
  const code = errorCode(error);
  if (error instanceof Error && error.message && !/^Failed to fetch|NetworkError|Load failed/i.test(error.message)) {
    if (code === 'BAD_REQUEST' && Object.keys(serverFieldErrors(error)).length > 0) {
      return 'Some fields need attention.';
    }
    return error.message;
  }
  if (error instanceof Error) return 'Cannot reach the server. Check your connection and try again.';
  // A plain { message } a screen made itself (a not-found id in the URL).
  if (typeof error === 'object' && 'message' in error && typeof error.message === 'string' && error.message) return error.message;
  return 'Something went wrong. Please try again.';
}

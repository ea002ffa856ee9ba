// One error shape for every provider failure, so capture decides once what a 404, a 429 or invalid_grant means.

export class ProviderError extends Error {
  /** HTTP status (0 when no response came: network, configuration). */
  readonly status: number;
  /** The refresh token was revoked or expired: only the user reconnecting helps. */
  readonly invalidGrant: boolean;
  /** What the provider asked us to wait (Retry-After), in milliseconds. */
  readonly retryAfterMs: number | null;

  constructor(message: string, options: { status: number; invalidGrant?: boolean; retryAfterMs?: number | null }) {
    super(message);
    this.name = 'ProviderError';
    this.status = options.status;
    this.invalidGrant = options.invalidGrant ?? false;
    this.retryAfterMs = options.retryAfterMs ?? null;
  }

  /** Worth another try later: throttled, the provider's own failure, or no answer. */
  get transient(): boolean {
    return this.status === 0 || this.status === 429 || this.status >= 500 || this.rateLimited;
  }

  get rateLimited(): boolean {
    return this.status === 429 || (this.status === 403 && /rate ?limit/i.test(this.message));
  }
}

/** Retry-After as seconds or an HTTP date, in milliseconds from now. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | null {
  if (!value) return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

interface HttpishError {
  message?: string;
  status?: number;
  code?: string | number;
  statusCode?: number;
  response?: { status?: number; data?: unknown; headers?: { get?(name: string): string | null } | Record<string, string> };
  headers?: { get?(name: string): string | null } | Record<string, string>;
  body?: unknown;
}

function header(headers: HttpishError['headers'], name: string): string | null {
  if (!headers) return null;
  if (typeof (headers as { get?: unknown }).get === 'function') return (headers as { get(n: string): string | null }).get(name);
  const record = headers as Record<string, string>;
  return record[name] ?? record[name.toLowerCase()] ?? null;
}

/** Reads a gaxios (googleapis) or Graph client error; anything else passes through as status 0. */
export function toProviderError(error: unknown): ProviderError {
  if (error instanceof ProviderError) return error;
  const e = (error ?? {}) as HttpishError;
  const status = Number(e.response?.status ?? e.statusCode ?? e.status ?? 0) || 0;
  const data = e.response?.data ?? e.body;
  const text = typeof data === 'string' ? data : JSON.stringify(data ?? '');
  const invalidGrant = /invalid_grant/.test(text) || /invalid_grant/.test(e.message ?? '');
  const retryAfterMs = parseRetryAfter(header(e.response?.headers ?? e.headers, 'retry-after'));
  const message = (e.message ?? 'provider request failed').slice(0, 500);
  return new ProviderError(message, { status, invalidGrant, retryAfterMs });
}

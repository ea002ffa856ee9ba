// How long a failed job waits before its next attempt: exponential, capped, with jitter.
// Pure: the random draw is an argument so tests (and callers) decide it.

export interface BackoffOptions {
  /** Delay before the second attempt, before jitter. */
  baseMs?: number;
  /** No retry waits longer than this. */
  maxMs?: number;
}

export const DEFAULT_BACKOFF: Required<BackoffOptions> = { baseMs: 10_000, maxMs: 60 * 60_000 };

/**
 * Delay after the `attempt`-th failed attempt (1-based): base * 2^(attempt-1), capped at max, then
 * "equal jitter" — half fixed, half random — so retries of jobs that failed together (a provider
 * outage) spread out, yet every retry still waits at least half its step.
 * `random` is a draw in [0, 1), e.g. Math.random().
 */
export function retryDelayMs(attempt: number, random: number, options: BackoffOptions = {}): number {
  const { baseMs, maxMs } = { ...DEFAULT_BACKOFF, ...options };
  const exponent = Math.max(0, Math.floor(attempt) - 1);
  // 2^exponent overflows to Infinity long before it matters; min() keeps the cap exact.
  const step = Math.min(maxMs, baseMs * 2 ** exponent);
  const draw = Math.min(Math.max(random, 0), 1);
  return Math.round(step / 2 + (step / 2) * draw);
}

export function nextRunAt(now: Date, attempt: number, random: number, options?: BackoffOptions): Date {
  return new Date(now.getTime() + retryDelayMs(attempt, random, options));
}

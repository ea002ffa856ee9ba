// How long a sign-in must wait after failed attempts: a delay that doubles with every failure past a free
// allowance, up to a ceiling. A ceiling rather than a lockout: someone who only knows a colleague's email
// can slow their sign-in down, never shut them out.

export interface SignInDelayPolicy {
  /** Failures allowed back to back before any delay (typos). */
  freeFailures: number;
  /** The wait after the first failure beyond the free ones; it doubles with each further failure. */
  firstDelayMs: number;
  maxDelayMs: number;
  /** A run of failures is forgotten once this long has passed since the last of them. */
  forgetAfterMs: number;
}

export interface FailureRecord {
  failures: number;
  lastFailureAt: Date | null;
}

/** The failures that still count at `now`: none once the last is older than the policy remembers. */
export function rememberedFailures(policy: SignInDelayPolicy, record: FailureRecord | undefined, now: Date): number {
  if (!record?.lastFailureAt || record.failures <= 0) return 0;
  return now.getTime() - record.lastFailureAt.getTime() >= policy.forgetAfterMs ? 0 : record.failures;
}

/** The delay that follows `failures` failures in a row (0 within the free allowance). */
export function delayAfter(policy: SignInDelayPolicy, failures: number): number {
  const beyond = failures - policy.freeFailures;
  if (beyond < 0) return 0;
  // 2 ** beyond overflows to Infinity long before it matters; min() keeps the ceiling.
  return Math.min(policy.firstDelayMs * 2 ** beyond, policy.maxDelayMs);
}

/** Milliseconds before the next attempt may be tried; 0 when it may be tried now. */
export function waitBeforeNextAttempt(policy: SignInDelayPolicy, record: FailureRecord | undefined, now: Date): number {
  const failures = rememberedFailures(policy, record, now);
  if (failures === 0 || !record?.lastFailureAt) return 0;
  return Math.max(0, record.lastFailureAt.getTime() + delayAfter(policy, failures) - now.getTime());
}

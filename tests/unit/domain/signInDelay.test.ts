import { describe, expect, it } from 'vitest';
import { delayAfter, rememberedFailures, type SignInDelayPolicy, waitBeforeNextAttempt } from '../../../server/domain/signInDelay';

const policy: SignInDelayPolicy = { freeFailures: 5, firstDelayMs: 1_000, maxDelayMs: 300_000, forgetAfterMs: 86_400_000 };
const at = (ms: number) => new Date(Date.UTC(2026, 10, 23, 9, 0, 0) + ms);

describe('sign-in delay', () => {
  it.each([
    [0, 0],
    [4, 0],
    [5, 1_000],
    [6, 2_000],
    [7, 4_000],
    [13, 256_000],
    [14, 300_000],
    [1_000, 300_000],
  ])('after %i failures in a row waits %i ms, never more than the ceiling', (failures, ms) => {
    expect(delayAfter(policy, failures)).toBe(ms);
  });

  it('counts the wait from the last failure', () => {
    const record = { failures: 6, lastFailureAt: at(0) };
    expect(waitBeforeNextAttempt(policy, record, at(0))).toBe(2_000);
    expect(waitBeforeNextAttempt(policy, record, at(1_500))).toBe(500);
    expect(waitBeforeNextAttempt(policy, record, at(2_000))).toBe(0);
  });

  it('lets typos within the allowance through at once', () => {
    expect(waitBeforeNextAttempt(policy, { failures: 4, lastFailureAt: at(0) }, at(0))).toBe(0);
    expect(waitBeforeNextAttempt(policy, undefined, at(0))).toBe(0);
  });

  it('forgets a run of failures once the last is older than the policy remembers', () => {
    const record = { failures: 40, lastFailureAt: at(0) };
    expect(rememberedFailures(policy, record, at(86_399_999))).toBe(40);
    expect(rememberedFailures(policy, record, at(86_400_000))).toBe(0);
    expect(waitBeforeNextAttempt(policy, record, at(86_400_000))).toBe(0);
  });
});

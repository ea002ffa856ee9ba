import { describe, expect, it } from 'vitest';
import { nextRunAt, retryDelayMs } from '../../../server/jobs/backoff';

describe('retryDelayMs', () => {
  const opts = { baseMs: 1_000, maxMs: 60_000 };

  it.each([
    // attempt, random, expected: half the step fixed, half scaled by the draw
    [1, 0, 500],
    [1, 0.5, 750],
    [1, 0.999999, 1_000],
    [2, 0, 1_000],
    [2, 1, 2_000],
    [3, 0, 2_000],
    [4, 0.5, 6_000],
    [6, 1, 32_000],
  ])('attempt %i with draw %f waits %i ms', (attempt, random, expected) => {
    expect(retryDelayMs(attempt, random, opts)).toBe(expected);
  });

  it('doubles the step with each attempt', () => {
    const lows = [1, 2, 3, 4, 5].map((a) => retryDelayMs(a, 0, opts));
    expect(lows).toEqual([500, 1_000, 2_000, 4_000, 8_000]);
  });

  it('never waits longer than the cap, even after very many attempts', () => {
    expect(retryDelayMs(7, 1, opts)).toBe(60_000);
    expect(retryDelayMs(50, 1, opts)).toBe(60_000);
    expect(retryDelayMs(5_000, 1, opts)).toBe(60_000);
    expect(retryDelayMs(5_000, 0, opts)).toBe(30_000);
  });

  it('keeps every draw within [step/2, step]', () => {
    for (let attempt = 1; attempt <= 12; attempt += 1) {
      const step = Math.min(opts.maxMs, opts.baseMs * 2 ** (attempt - 1));
      for (const random of [0, 0.1, 0.37, 0.5, 0.9, 0.99]) {
        const delay = retryDelayMs(attempt, random, opts);
        expect(delay).toBeGreaterThanOrEqual(step / 2);
        expect(delay).toBeLessThanOrEqual(step);
      }
    }
  });

  it('spreads jobs that failed together', () => {
    const delays = new Set([0.1, 0.3, 0.5, 0.7, 0.9].map((r) => retryDelayMs(3, r, opts)));
    expect(delays.size).toBe(5);
  });

  it('treats out-of-range input defensively', () => {
    expect(retryDelayMs(0, 0, opts)).toBe(500);
    expect(retryDelayMs(-3, 0, opts)).toBe(500);
    expect(retryDelayMs(1, -1, opts)).toBe(500);
    expect(retryDelayMs(1, 7, opts)).toBe(1_000);
  });

  it('defaults to 10 s growing to at most an hour', () => {
    expect(retryDelayMs(1, 1)).toBe(10_000);
    expect(retryDelayMs(1, 0)).toBe(5_000);
    expect(retryDelayMs(2, 1)).toBe(20_000);
    expect(retryDelayMs(30, 1)).toBe(3_600_000);
  });
});

describe('nextRunAt', () => {
  it('adds the delay to now', () => {
    const now = new Date('2026-11-25T03:00:00.000Z');
    expect(nextRunAt(now, 2, 1, { baseMs: 1_000, maxMs: 60_000 }).toISOString()).toBe('2026-11-25T03:00:02.000Z');
  });
});

import { describe, expect, it } from 'vitest';
import { createRandom } from '../../../server/domain/random';

describe('createRandom', () => {
  it('gives the same sequence for the same seed and another for another seed', () => {
    const a = createRandom(42);
    const b = createRandom(42);
    const c = createRandom(43);
    const first = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(first);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(first);
  });

  it('keeps every helper inside its range', () => {
    const rng = createRandom(7);
    for (let i = 0; i < 2_000; i += 1) {
      const n = rng.next();
      expect(n).toBeGreaterThanOrEqual(0);
      expect(n).toBeLessThan(1);
      const k = rng.int(3, 5);
      expect([3, 4, 5]).toContain(k);
      const amount = rng.logUniform(10, 1_000);
      expect(amount).toBeGreaterThanOrEqual(10);
      expect(amount).toBeLessThanOrEqual(1_000);
    }
  });

  it('picks by weight and never picks a zero weight', () => {
    const rng = createRandom(1);
    const counts = { a: 0, b: 0, never: 0 };
    for (let i = 0; i < 4_000; i += 1) counts[rng.weighted([['a', 3], ['b', 1], ['never', 0]] as const)] += 1;
    expect(counts.never).toBe(0);
    expect(counts.a / counts.b).toBeGreaterThan(2.5);
    expect(counts.a / counts.b).toBeLessThan(3.5);
  });

  it('shuffles and samples without losing or repeating items', () => {
    const rng = createRandom(9);
    const items = Array.from({ length: 20 }, (_, i) => i);
    expect([...rng.shuffle(items)].sort((x, y) => x - y)).toEqual(items);
    const sample = rng.sample(items, 5);
    expect(new Set(sample).size).toBe(5);
    expect(rng.sample(items, 50)).toHaveLength(20);
  });
});

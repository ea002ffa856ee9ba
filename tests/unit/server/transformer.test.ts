import superjson from 'superjson';
import { describe, expect, it } from 'vitest';
import { serializeOutput } from '../../../server/lib/transformer';

/** Byte for byte what superjson would have put on the wire. */
function expectSameWire(value: unknown) {
  expect(JSON.stringify(serializeOutput(value))).toBe(JSON.stringify(superjson.serialize(value)));
}

const deal = (id: number) => ({
  id,
  opportunityName: 'Acme – renewal',
  amount: '1200.50',
  closeDate: '2026-09-26',
  probabilityOverridden: false,
  nextStep: null,
  updatedAt: new Date(Date.UTC(2026, 3, 25, 10, 18, 44, 462)),
});

describe('serializeOutput', () => {
  it('writes plain data exactly as superjson does, Dates annotated by path', () => {
    expectSameWire({ items: [deal(1), deal(2)], nextCursor: 'abc' });
    expectSameWire({ items: [], nextCursor: null });
    expectSameWire({ a: { b: [new Date(0), { c: new Date(1) }] } });
    expectSameWire({ 'dotted.key': new Date(2), 'back\\slash': { 'x.y': [new Date(3)] } });
    expectSameWire(Object.assign(Object.create(null), { at: new Date(4) }));
    for (const scalar of [null, 'text', 0, 42.5, true, [], {}]) expectSameWire(scalar);
  });

  it('answers with the value itself, without copying it', () => {
    const page = { items: [deal(1)], nextCursor: null };
    expect(serializeOutput(page).json).toBe(page);
  });

  it('leaves everything else to superjson', () => {
    const shared = new Date(5);
    const circular: Record<string, unknown> = { name: 'loop' };
    circular.self = circular;
    const unusual: unknown[] = [
      undefined,
      new Date(6),
      new Date(Number.NaN),
      { missing: undefined },
      [1, undefined],
      [1, , 3],
      { n: Number.NaN, i: Number.POSITIVE_INFINITY, z: -0 },
      { big: 10n },
      { set: new Set([1]), map: new Map([['k', 1]]) },
      { error: new Error('boom') },
      { pattern: /x/g },
      { a: shared, b: shared },
      { a: deal(1), b: [deal(1)] },
      circular,
      new (class Point {
        x = 1;
      })(),
      Object.create({ inherited: 1 }),
    ];
    for (const value of unusual) expectSameWire(value);
  });

  it('refuses a prototype-polluting key, as superjson does', () => {
    expect(() => serializeOutput(JSON.parse('{"__proto__": {"admin": true}}'))).toThrow(/prototype pollution/);
  });
});

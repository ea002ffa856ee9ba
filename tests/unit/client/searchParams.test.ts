// A URL patch: values set their keys, null/undefined/'' remove them, other keys stay as they were.
import { describe, expect, it } from 'vitest';
import { patchParams } from '../../../client/src/lib/searchParams';

describe('patchParams', () => {
  it('sets, replaces and removes keys without touching the others, and leaves the original alone', () => {
    const before = new URLSearchParams('period=month&start=2026-10-01&deals=x&q=acme');
    const after = patchParams(before, { period: 'quarter', start: null, deals: undefined, q: '', view: '12' });
    expect(after.toString()).toBe('period=quarter&view=12');
    expect(before.toString()).toBe('period=month&start=2026-10-01&deals=x&q=acme');
  });
});

import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../server/lib/errors';
import { assertCurrentVersion, sentFields } from '../../../server/lib/updates';

describe('sentFields', () => {
  it('keeps what was sent, null included, and drops keys present as undefined', () => {
    expect(sentFields({ title: 'VP', phone: null, email: undefined, score: 0 })).toEqual({ title: 'VP', phone: null, score: 0 });
    expect(Object.keys(sentFields({ email: undefined }))).toEqual([]);
  });
});

describe('assertCurrentVersion', () => {
  it('passes when no version is named or it is the current one', () => {
    expect(() => assertCurrentVersion({ version: 3 }, undefined, 'case')).not.toThrow();
    expect(() => assertCurrentVersion({ version: 3 }, 3, 'case')).not.toThrow();
  });

  it('refuses an older (or any other) version as a CONFLICT naming the record', () => {
    for (const stale of [2, 4]) {
      let error: unknown;
      try {
        assertCurrentVersion({ version: 3 }, stale, 'case');
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(DomainError);
      expect(error).toMatchObject({ kind: 'conflict', message: expect.stringContaining('This case was changed by someone else') });
    }
  });
});

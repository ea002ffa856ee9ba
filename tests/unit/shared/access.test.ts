import { describe, expect, it } from 'vitest';
import { readOnlyReason } from '../../../shared/access';

describe('readOnlyReason', () => {
  const owner = { id: 'u-elena', name: 'Elena Rossi' };
  it.each([
    [{ id: 'u-elena', role: 'rep' as const }, null],
    [{ id: 'u-dana', role: 'manager' as const }, null],
    [{ id: 'u-admin', role: 'admin' as const }, null],
    [{ id: null, role: 'system' as const }, null],
    [{ id: 'u-priya', role: 'rep' as const }, 'Owned by Elena Rossi; owners, managers and admins can edit.'],
    [{ id: 'u-grace', role: 'csm' as const }, 'Owned by Elena Rossi; owners, managers and admins can edit.'],
  ])('%o sees %s', (who, reason) => {
    expect(readOnlyReason(who, owner)).toBe(reason);
  });

  it('names nobody when the owner is unknown', () => {
    expect(readOnlyReason({ id: 'u-priya', role: 'rep' }, { id: 'u-x', name: null })).toBe(
      'Owned by someone else; owners, managers and admins can edit.',
    );
  });
});

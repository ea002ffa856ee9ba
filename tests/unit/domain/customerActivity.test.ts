import { describe, expect, it } from 'vitest';
import { customerActivityAt, touchedRecords } from '../../../server/domain/customerActivity';

const now = new Date('2026-11-23T12:00:00.000Z');
const earlier = new Date('2026-11-20T09:30:00.000Z');
const later = new Date('2026-11-30T09:30:00.000Z');

describe('customerActivityAt', () => {
  it.each([
    ['a call in the past counts when it happened', { type: 'call', occurredAt: earlier, completedAt: null }, earlier],
    ['a note logged now counts now', { type: 'note', occurredAt: now, completedAt: null }, now],
    ['a meeting booked for later counts as of now', { type: 'meeting', occurredAt: later, completedAt: null }, now],
    ['an open task does not count', { type: 'task', occurredAt: earlier, completedAt: null }, null],
    ['a completed task counts when completed', { type: 'task', occurredAt: earlier, completedAt: now }, now],
  ] as const)('%s', (_label, activity, expected) => {
    expect(customerActivityAt(activity, now)).toEqual(expected);
  });

  it('ignores when a task was created: only its completion is contact', () => {
    expect(customerActivityAt({ type: 'task', occurredAt: earlier, completedAt: earlier }, now)).toEqual(earlier);
  });
});

describe('touchedRecords', () => {
  it.each([
    ['an account touches only itself', { type: 'account', id: 7 }, 7, [{ type: 'account', id: 7 }]],
    ['a contact touches its account', { type: 'contact', id: 3 }, 7, [{ type: 'contact', id: 3 }, { type: 'account', id: 7 }]],
    ['a contact without an account touches only itself', { type: 'contact', id: 3 }, null, [{ type: 'contact', id: 3 }]],
    ['a lead touches only itself', { type: 'lead', id: 9 }, null, [{ type: 'lead', id: 9 }]],
    ['an opportunity touches its account', { type: 'opportunity', id: 4 }, 7, [{ type: 'opportunity', id: 4 }, { type: 'account', id: 7 }]],
    ['a project touches its account', { type: 'project', id: 5 }, 7, [{ type: 'project', id: 5 }, { type: 'account', id: 7 }]],
    ['a case touches its account', { type: 'case', id: 6 }, 7, [{ type: 'case', id: 6 }, { type: 'account', id: 7 }]],
  ] as const)('%s', (_label, related, accountId, expected) => {
    expect(touchedRecords(related, accountId)).toEqual(expected);
  });
});

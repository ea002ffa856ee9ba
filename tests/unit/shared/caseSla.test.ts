import { describe, expect, it } from 'vitest';
import { defaultSlaDueAt, planSlaDueAt, slaState } from '../../../shared/caseSla';

const opened = new Date('2026-11-23T10:00:00.000Z');
const at = (iso: string) => new Date(iso);

describe('default SLA due time by priority', () => {
  it.each([
    { priority: 'Urgent' as const, due: '2026-11-23T14:00:00.000Z' },
    { priority: 'High' as const, due: '2026-11-23T18:00:00.000Z' },
    { priority: 'Medium' as const, due: '2026-11-24T10:00:00.000Z' },
    { priority: 'Low' as const, due: '2026-11-26T10:00:00.000Z' },
  ])('$priority: due $due', ({ priority, due }) => {
    expect(defaultSlaDueAt(priority, opened)).toEqual(at(due));
  });
});

describe('SLA due time after an update', () => {
  const medium = { priority: 'Medium' as const, slaDueAt: at('2026-11-24T10:00:00.000Z'), createdAt: opened };

  it('keeps the due time when the priority stays', () => {
    expect(planSlaDueAt(medium, {})).toEqual(medium.slaDueAt);
    expect(planSlaDueAt(medium, { priority: 'Medium' })).toEqual(medium.slaDueAt);
  });

  it('moves a default due time to the new priority, counted from opening', () => {
    expect(planSlaDueAt(medium, { priority: 'Urgent' })).toEqual(at('2026-11-23T14:00:00.000Z'));
    expect(planSlaDueAt(medium, { priority: 'Low' })).toEqual(at('2026-11-26T10:00:00.000Z'));
  });

  it('keeps a due time someone set by hand when the priority changes', () => {
    const custom = { ...medium, slaDueAt: at('2026-11-30T09:00:00.000Z') };
    expect(planSlaDueAt(custom, { priority: 'Urgent' })).toEqual(custom.slaDueAt);
  });

  it('takes a due time that is sent, whatever the priority', () => {
    expect(planSlaDueAt(medium, { priority: 'Urgent', slaDueAt: at('2026-12-01T00:00:00.000Z') })).toEqual(
      at('2026-12-01T00:00:00.000Z'),
    );
  });
});

describe('SLA state', () => {
  // An 8-hour window: opened 02:00, due 10:00; at risk in its last 20% (after 08:24).
  const opened = at('2026-11-24T02:00:00.000Z');
  const due = at('2026-11-24T10:00:00.000Z');
  it.each([
    { status: 'New' as const, now: '2026-11-24T10:00:00.001Z', state: 'breached' },
    { status: 'Escalated' as const, now: '2026-11-25T00:00:00.000Z', state: 'breached' },
    { status: 'Working' as const, now: '2026-11-24T10:00:00.000Z', state: 'atRisk' }, // due, not past due
    { status: 'New' as const, now: '2026-11-24T08:24:00.001Z', state: 'atRisk' },
    { status: 'New' as const, now: '2026-11-24T08:24:00.000Z', state: 'onTrack' }, // exactly 20% left
    { status: 'New' as const, now: '2026-11-24T03:00:00.000Z', state: 'onTrack' },
    { status: 'Closed' as const, now: '2026-11-30T00:00:00.000Z', state: 'closed' },
  ])('$status at $now: $state', ({ status, now, state }) => {
    expect(slaState({ status, slaDueAt: due, createdAt: opened }, at(now))).toBe(state);
  });

  it('reads the dates a list row carries as strings too', () => {
    expect(slaState({ status: 'New', slaDueAt: due.toISOString(), createdAt: opened.toISOString() }, at('2026-11-24T09:00:00.000Z'))).toBe(
      'atRisk',
    );
  });
});

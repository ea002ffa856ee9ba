import { describe, expect, it } from 'vitest';
import { formatCaseNumber } from '../../../server/domain/caseNumbers';
import { defaultSlaDueAt, isSlaBreached, planSlaDueAt } from '../../../server/domain/caseSla';

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

describe('SLA breach', () => {
  const due = at('2026-11-24T10:00:00.000Z');
  it.each([
    { status: 'New' as const, now: '2026-11-24T10:00:00.001Z', breached: true },
    { status: 'Escalated' as const, now: '2026-11-25T00:00:00.000Z', breached: true },
    { status: 'Working' as const, now: '2026-11-24T10:00:00.000Z', breached: false }, // due, not past due
    { status: 'New' as const, now: '2026-11-24T09:00:00.000Z', breached: false },
    { status: 'Closed' as const, now: '2026-11-30T00:00:00.000Z', breached: false },
  ])('$status at $now: $breached', ({ status, now, breached }) => {
    expect(isSlaBreached({ status, slaDueAt: due }, at(now))).toBe(breached);
  });
});

describe('case numbers', () => {
  it.each([
    [1, 'CS-000001'],
    [123, 'CS-000123'],
    [999_999, 'CS-999999'],
    [1_234_567, 'CS-1234567'],
  ])('%i -> %s', (id, number) => {
    expect(formatCaseNumber(id)).toBe(number);
  });
});

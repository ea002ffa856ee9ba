import { describe, expect, it } from 'vitest';
import { csvCell, filtersFromQuery } from '../../../server/domain/reports/csvCells';

describe('csvCell', () => {
  it.each([
    ['=1+1', 'text', "'=1+1"],
    ['+44 20', 'text', "'+44 20"],
    ['-x', 'text', "'-x"],
    ['@me', 'text', "'@me"],
    ['\tx', 'text', "'\tx"],
    ['\rx', 'text', "'\rx"],
    ['a=b', 'text', 'a=b'],
    ['-12.50', 'number', '-12.50'],
    [null, 'text', ''],
    [undefined, 'number', ''],
    [new Date('2026-12-02T10:11:12.345Z'), 'datetime', '2026-12-02T10:11:12.345Z'],
    ['2027-01-31', 'date', '2027-01-31'],
    [true, 'boolean', 'true'],
  ] as const)('%j as %s -> %j', (value, kind, expected) => {
    expect(csvCell(value, kind)).toBe(expected);
  });
});

describe('filtersFromQuery', () => {
  it('nests dotted keys, keeps repeats as lists, and types the named numbers and booleans', () => {
    expect(
      filtersFromQuery(
        { stage: ['Proposal', 'Negotiation'], open: 'true', accountId: '42', ownerId: '123', 'createdAt.from': '2026-01-01', cursor: 'x', limit: '5', title: '1' },
        { numbers: ['accountId'], booleans: ['open'] },
      ),
    ).toEqual({ stage: ['Proposal', 'Negotiation'], open: true, accountId: 42, ownerId: '123', createdAt: { from: '2026-01-01' } });
  });
});

import { describe, expect, it } from 'vitest';
import { toCsv } from '../../../client/src/lib/csv';

describe('toCsv', () => {
  it('quotes commas, quotes and line breaks, and defuses formulas', () => {
    expect(toCsv(['a', 'b'], [['x, y', 'say "hi"'], ['=SUM(A1)', null], [-3, 'line\nbreak']])).toBe(
      'a,b\r\n"x, y","say ""hi"""\r\n\'=SUM(A1),\r\n-3,"line\nbreak"\r\n',
    );
  });
});

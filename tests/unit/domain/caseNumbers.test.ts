import { describe, expect, it } from 'vitest';
import { formatCaseNumber } from '../../../server/domain/caseNumbers';

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

import { describe, expect, it } from 'vitest';
import { activities } from '../../../drizzle/schema';
import { insertPrefix, sqlCents, sqlDay, sqlString, sqlTime } from '../../../server/scripts/lib/sqlValues';

describe('SQL literals for generated rows', () => {
  it('quotes strings and escapes what MySQL treats specially', () => {
    expect(sqlString('plain')).toBe("'plain'");
    expect(sqlString("O'Brien")).toBe("'O\\'Brien'");
    expect(sqlString('a\\b"c\nd\0')).toBe("'a\\\\b\\\"c\\nd\\0'");
    expect(sqlString(null)).toBe('NULL');
  });

  it('formats times exactly as UTC DATETIME(3), whatever the instant', () => {
    for (const ms of [0, 951_782_400_000, 1_709_251_199_999, 1_764_100_000_123, -86_400_000 * 3 + 5]) {
      expect(sqlTime(ms)).toBe(`'${new Date(ms).toISOString().slice(0, 23).replace('T', ' ')}'`);
    }
    expect(sqlTime(Number.NaN)).toBe('NULL');
    expect(sqlDay(19_782)).toBe("'2024-02-29'");
  });

  it('writes cents as a DECIMAL(15,2)', () => {
    expect(sqlCents(123_456)).toBe('1234.56');
    expect(sqlCents(5)).toBe('0.05');
    expect(sqlCents(Number.NaN)).toBe('NULL');
  });

  it('names the columns as the database client does (snake_case)', () => {
    expect(insertPrefix(activities, ['id', 'relatedToType', 'occurredAt'])).toBe(
      'INSERT INTO `activities` (`id`,`related_to_type`,`occurred_at`) VALUES ',
    );
  });
});

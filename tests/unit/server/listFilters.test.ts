import { sql } from 'drizzle-orm';
import { MySqlDialect } from 'drizzle-orm/mysql-core';
import { describe, expect, it } from 'vitest';
import { accounts, opportunities } from '../../../drizzle/schema';
import { matchesSearch, withinRange } from '../../../server/lib/listFilters';

const dialect = new MySqlDialect({ casing: 'snake_case' });
const render = (condition: ReturnType<typeof matchesSearch>) => (condition ? dialect.sqlToQuery(condition) : undefined);

describe('matchesSearch', () => {
  it('is no condition without search text', () => {
    expect(matchesSearch(undefined, [accounts.accountName])).toBeUndefined();
    expect(matchesSearch('', [accounts.accountName])).toBeUndefined();
  });

  it('matches any column with the text as a bound LIKE parameter, never spliced into the SQL', () => {
    const query = render(matchesSearch("o'brien", [accounts.accountName, sql`concat(${accounts.domain}, '')`]))!;
    expect(query.sql).not.toContain("o'brien");
    expect(query.sql.match(/ like /g)).toHaveLength(2);
    expect(query.params).toEqual(["%o'brien%", "%o'brien%"]);
  });
});

describe('withinRange', () => {
  it('is no condition for an open range, and bounds only the ends that are given', () => {
    expect(withinRange(opportunities.closeDate, undefined)).toBeUndefined();
    expect(withinRange(opportunities.closeDate, {})).toBeUndefined();
    const from = render(withinRange(opportunities.closeDate, { from: '2026-01-01' }))!;
    expect(from.sql).toContain('>=');
    expect(from.sql).not.toContain('<=');
    expect(from.params).toEqual(['2026-01-01']);
    const both = render(withinRange(opportunities.amount, { from: '10.00', to: '99.00' }))!;
    expect(both.params).toEqual(['10.00', '99.00']);
  });
});

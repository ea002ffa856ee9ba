// WHERE pieces every list builds the same way; each is undefined when its filter is not set, for `and(...)`.
import { and, gte, like, lte, or, type SQL } from 'drizzle-orm';
import type { AnyMySqlColumn } from 'drizzle-orm/mysql-core';

/** Text search: any of the columns contains the text (LIKE with a bound parameter, never string-built SQL). */
export function matchesSearch(search: string | null | undefined, columns: (AnyMySqlColumn | SQL)[]): SQL | undefined {
  if (!search) return undefined;
  const pattern = `%${search}%`;
  return or(...columns.map((column) => like(column, pattern)));
}

/** An inclusive range on a date, time or amount column; either end may be left open. */
export function withinRange(
  column: AnyMySqlColumn,
  range: { from?: Date | string | null; to?: Date | string | null } | undefined,
): SQL | undefined {
  return and(range?.from ? gte(column, range.from) : undefined, range?.to ? lte(column, range.to) : undefined);
}

// Keyset pagination: order by (sort column, id); the cursor is the last row's (value, id), opaque.
import { and, asc, desc, eq, gt, isNotNull, isNull, lt, or, type SQL } from 'drizzle-orm';
import type { AnyMySqlColumn } from 'drizzle-orm/mysql-core';
import superjson from 'superjson';
import type { Page } from '../../shared/schemas/common';
import { invalid } from './errors';

export type Direction = 'asc' | 'desc';
type CursorValue = string | number | Date | null;

export function encodeCursor(value: CursorValue, id: number): string {
  return Buffer.from(superjson.stringify([value, id])).toString('base64url');
}

// What DATETIME(3) holds (years 1000 to 9999): a Date outside it would reach MySQL as an error.
const EARLIEST = Date.UTC(1000, 0, 1);
const LATEST = Date.UTC(10000, 0, 1);
const LONE_SURROGATE = /\p{Surrogate}/u;

/**
 * Only what encodeCursor writes: null, a string of well-formed text, a finite number, a valid Date in
 * DATETIME's range. superjson revives far more (NaN, Infinity, Invalid Date, bigint, Set, Map) on the
 * client's say-so, and each reached SQL as a 500.
 */
function isCursorValue(value: unknown): value is CursorValue {
  if (value === null) return true;
  if (typeof value === 'string') return !LONE_SURROGATE.test(value);
  if (typeof value === 'number') return Number.isFinite(value);
  if (value instanceof Date) {
    const time = value.getTime();
    return time >= EARLIEST && time < LATEST;
  }
  return false;
}

export function decodeCursor(cursor: string): [CursorValue, number] {
  let parsed: unknown;
  try {
    parsed = superjson.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    // answered below like any other malformed cursor
  }
  if (Array.isArray(parsed) && parsed.length === 2 && Number.isSafeInteger(parsed[1]) && parsed[1] > 0 && isCursorValue(parsed[0])) {
    return parsed as [CursorValue, number];
  }
  throw invalid('The page cursor is invalid; start again from the first page');
}

/** ORDER BY for a keyset: MySQL puts NULLs first ascending and last descending, which keysetAfter mirrors. */
export function keysetOrder(column: AnyMySqlColumn, idColumn: AnyMySqlColumn, direction: Direction): SQL[] {
  const dir = direction === 'asc' ? asc : desc;
  return column === idColumn ? [dir(idColumn)] : [dir(column), dir(idColumn)];
}

/** A cursor made under another sort would compare a value of the wrong type: refuse it plainly. */
function assertCursorFits(column: AnyMySqlColumn, value: CursorValue): void {
  const fits =
    value === null
      ? !column.notNull
      : column.dataType === 'date'
        ? value instanceof Date
        : column.dataType === 'number'
          ? typeof value === 'number'
          : typeof value === 'string';
  if (!fits) {
    throw invalid('The page cursor belongs to another sort; start again from the first page');
  }
}

/** WHERE condition selecting the rows after the cursor, for the order keysetOrder gives. */
export function keysetAfter(
  column: AnyMySqlColumn,
  idColumn: AnyMySqlColumn,
  direction: Direction,
  cursor: string | null | undefined,
): SQL | undefined {
  if (!cursor) return undefined;
  const [value, id] = decodeCursor(cursor);
  if (column !== idColumn) assertCursorFits(column, value);
  const beyond = direction === 'asc' ? gt : lt;
  if (column === idColumn) return beyond(idColumn, id);
  if (value === null) {
    return direction === 'asc'
      ? or(and(isNull(column), gt(idColumn, id)), isNotNull(column))
      : and(isNull(column), lt(idColumn, id));
  }
  const after = or(beyond(column, value), and(eq(column, value), beyond(idColumn, id)));
  return direction === 'asc' ? after : or(after, isNull(column));
}

/** Turns limit+1 fetched rows into a page and the cursor of its last row. */
export function toPage<T extends { id: number }>(
  rows: T[],
  limit: number,
  sortValue: (row: T) => CursorValue,
): Page<T> {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(sortValue(last), last.id) : null };
}

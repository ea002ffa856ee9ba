// SQL literals for generated multi-row INSERTs: building the VALUES text directly is several times faster
// than binding millions of parameters. Only generated data goes through here, never user input.
import { getTableColumns, getTableName } from 'drizzle-orm';
import { toSnakeCase } from 'drizzle-orm/casing';
import type { MySqlTable } from 'drizzle-orm/mysql-core';

const special = /[\0\b\t\n\r\x1a"'\\]/;
const specials = /[\0\b\t\n\r\x1a"'\\]/g;
const escapes: Record<string, string> = {
  '\0': '\\0',
  '\b': '\\b',
  '\t': '\\t',
  '\n': '\\n',
  '\r': '\\r',
  '\x1a': '\\Z',
  '"': '\\"',
  "'": "\\'",
  '\\': '\\\\',
};

/** A quoted string literal (backslash escapes, the server default). */
export function sqlString(value: string | null | undefined): string {
  if (value === null || value === undefined) return 'NULL';
  return special.test(value) ? `'${value.replace(specials, (c) => escapes[c]!)}'` : `'${value}'`;
}

// Millions of timestamps: formatted by arithmetic and lookup tables rather than Date#toISOString.
const DAY_MS = 86_400_000;
const twoDigits = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));
const threeDigits = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));
const dayTexts = new Map<number, string>();
function dayText(day: number): string {
  let text = dayTexts.get(day);
  if (text === undefined) {
    text = new Date(day * DAY_MS).toISOString().slice(0, 10);
    dayTexts.set(day, text);
  }
  return text;
}

/** DATETIME(3) literal in UTC from epoch milliseconds; NaN is NULL. */
export function sqlTime(ms: number): string {
  if (Number.isNaN(ms)) return 'NULL';
  const t = Math.floor(ms);
  const day = Math.floor(t / DAY_MS);
  let rest = t - day * DAY_MS;
  const hours = Math.floor(rest / 3_600_000);
  rest -= hours * 3_600_000;
  const minutes = Math.floor(rest / 60_000);
  rest -= minutes * 60_000;
  const seconds = Math.floor(rest / 1000);
  return `'${dayText(day)} ${twoDigits[hours]}:${twoDigits[minutes]}:${twoDigits[seconds]}.${threeDigits[rest - seconds * 1000]}'`;
}

/** DATE literal from a count of days since 1970-01-01; NaN is NULL. */
export function sqlDay(day: number): string {
  if (Number.isNaN(day)) return 'NULL';
  return `'${dayText(day)}'`;
}

/** DECIMAL(15,2) literal from integer cents; NaN is NULL. */
export function sqlCents(cents: number): string {
  if (Number.isNaN(cents)) return 'NULL';
  return `${Math.trunc(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
}

/** `INSERT INTO t (cols) VALUES ` for a table and a list of its TypeScript column keys. */
export function insertPrefix<T extends MySqlTable>(table: T, keys: readonly (keyof T['_']['columns'] & string)[]): string {
  const columns = getTableColumns(table);
  const names = keys.map((key) => {
    const column = columns[key]!;
    // Same rule as the db client's casing option: unnamed columns are the snake_case of their key.
    return `\`${column.keyAsName ? toSnakeCase(column.name) : column.name}\``;
  });
  return `INSERT INTO \`${getTableName(table)}\` (${names.join(',')}) VALUES `;
}

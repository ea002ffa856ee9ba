// Multi-row INSERTs for bulk writes (imports, the bulk audited insert): one statement per chunk of rows, sent as
// a prepared statement with bound parameters (MySQL's binary protocol). Drizzle's own insert builds and escapes the
// whole statement as text, which for 1,000-row batches costs more than the database's work; this writes the same
// rows the same way (each value through its column's own driver mapping) for a fraction of it.
import { Column, getTableColumns, getTableName, is, SQL } from 'drizzle-orm';
import type { MySqlColumn, MySqlTable } from 'drizzle-orm/mysql-core';
import type { ResultSetHeader } from 'mysql2/promise';
import type { DbOrTx } from '../db';
import { columnName, transactionConnection } from './transactionConnection';

/** MySQL allows 65,535 placeholders per statement; stay well under it. */
const MAX_PLACEHOLDERS = 30_000;
/**
 * Rows per statement: a batch of any size is sent as statements of this many rows (and one shorter rest), so the
 * same statement text comes back batch after batch and its prepared form is reused on the connection.
 */
const ROWS_PER_STATEMENT = 1000;

export interface BulkInsertOptions<T extends MySqlTable = MySqlTable> {
  /** Appended as it is: `ON DUPLICATE KEY UPDATE col = VALUES(col)` (our own text, never a value). */
  onDuplicate?: string;
  /**
   * Values every row gets (a batch's timestamps, its audit rows' actor), written as if each row held them without
   * copying every row to add them; they win over a row's own value for the same key.
   */
  every?: Partial<T['$inferInsert']>;
}

/**
 * Inserts `rows` into `table` and returns the id of each, in order (InnoDB gives a multi-row INSERT consecutive
 * auto-increment ids, as Drizzle's $returningId assumes). Keys a row leaves out take the column's default.
 * Runs in a transaction (as every multi-row change does here): only a connection can close what it prepares.
 */
export async function bulkInsert<T extends MySqlTable>(db: DbOrTx, table: T, rows: T['$inferInsert'][], options: BulkInsertOptions<T> = {}): Promise<number[]> {
  if (rows.length === 0) return [];
  const columns = getTableColumns(table) as Record<string, MySqlColumn>;
  const every = (options.every ?? {}) as Record<string, unknown>;
  const isShared = (key: string) => every[key] !== undefined;
  const keys = Object.keys(columns).filter((key) => isShared(key) || rows.some((row) => (row as Record<string, unknown>)[key] !== undefined));
  const names = keys.map((key) => `\`${columnName(columns[key]!)}\``).join(', ');
  const mappers = keys.map((key) => driverValueOf(columns[key]!, key));
  // Each shared value mapped once; the keys each row brings itself.
  const shared = keys.map((key, k) => (isShared(key) ? { value: every[key] === null ? null : mappers[k]!(every[key]) } : null));
  const own = keys.flatMap((key, k) => (shared[k] ? [] : [k]));
  /** The tuple of a row that fills every column (the usual case): the same text for every such row. */
  const full = `(${keys.map(() => '?').join(', ')})`;
  const connection = transactionConnection(db, 'bulkInsert');
  const perStatement = Math.max(1, Math.min(ROWS_PER_STATEMENT, Math.floor(MAX_PLACEHOLDERS / keys.length)));
  const ids: number[] = [];
  for (let start = 0; start < rows.length; start += perStatement) {
    const end = Math.min(rows.length, start + perStatement);
    const values: unknown[] = [];
    const tuples: string[] = [];
    for (let r = start; r < end; r++) {
      const row = rows[r] as Record<string, unknown>;
      let complete = true;
      for (const k of own) if (row[keys[k]!] === undefined) complete = false;
      let tuple = complete ? full : '(';
      for (let k = 0; k < keys.length; k++) {
        const constant = shared[k];
        const value = constant ? constant.value : row[keys[k]!];
        if (!complete && k > 0) tuple += ', ';
        if (value === undefined) tuple += 'DEFAULT';
        else {
          if (!complete) tuple += '?';
          values.push(constant || value === null ? value : mappers[k]!(value));
        }
      }
      tuples.push(complete ? tuple : `${tuple})`);
    }
    const chunk = end - start;
    const text = `INSERT INTO \`${getTableName(table)}\` (${names}) VALUES ${tuples.join(', ')}${options.onDuplicate ? ` ${options.onDuplicate}` : ''}`;
    const [result] = await connection.execute<ResultSetHeader>(text, values as never[]);
    // A full statement stays prepared on its connection for the next batch (a handful per table at most); a
    // shorter one is closed at once (no reply is awaited): the server's limit on open statements is shared.
    if (chunk < perStatement) connection.unprepare(text);
    for (let i = 0; i < chunk; i++) ids.push(result.insertId + i);
  }
  return ids;
}

/**
 * The column's own mapping to the driver's value, refusing SQL. A batch stamps every row with the same Date
 * (createdAt, updatedAt), so the last Date's mapping is kept and reused rather than formatted again per row.
 */
export function driverValueOf(column: MySqlColumn, key: string): (value: unknown) => unknown {
  // Most columns (varchar, int ...) keep Drizzle's identity mapping: a plain value needs no call then.
  const identity = column.mapToDriverValue === Column.prototype.mapToDriverValue;
  let lastDate: Date | null = null;
  let lastMapped: unknown;
  return (value) => {
    if (typeof value !== 'object') return identity ? value : column.mapToDriverValue(value);
    if (value instanceof Date) {
      if (value !== lastDate) {
        lastMapped = column.mapToDriverValue(value);
        lastDate = value;
      }
      return lastMapped;
    }
    if (is(value, SQL)) throw new Error(`bulk insert takes values, not SQL (column ${key})`);
    return column.mapToDriverValue(value);
  };
}

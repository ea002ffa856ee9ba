// The raw mysql2 connection under a Drizzle transaction, for the bulk writers that speak to the driver
// directly (bulkInsert's prepared statements, loadRows' LOAD DATA stream): same transaction, same session.
import { toSnakeCase } from 'drizzle-orm/casing';
import type { MySqlColumn } from 'drizzle-orm/mysql-core';
import type { PoolConnection } from 'mysql2/promise';
import type { DbOrTx } from '../db';

/** The transaction's connection; a plain pool (no transaction) is refused, naming `caller`. */
export function transactionConnection(db: DbOrTx, caller: string): PoolConnection {
  const client = (db as unknown as { session?: { client?: PoolConnection } }).session?.client;
  if (!client || typeof client.release !== 'function' || typeof client.unprepare !== 'function') {
    throw new Error(`${caller} runs inside a transaction (inTransaction), on its connection`);
  }
  return client;
}

/** A column's name in the database (Drizzle's own casing rule for columns keyed by their property name). */
export const columnName = (column: MySqlColumn) => (column.keyAsName ? toSnakeCase(column.name) : column.name);

// A query's rows as plain arrays straight from mysql2 (rowsAsArray, its own type parsing: DATETIME as Date in
// the pool's UTC, DECIMAL as a string), for the few hot reads over hundreds of thousands of rows where Drizzle's
// per-column mapping into objects was most of the CPU time (a hygiene scan's facts and stored results).
// Values stay bound: the SQL is built by Drizzle's own dialect.
import type { SQL } from 'drizzle-orm';
import type { Pool, PoolConnection } from 'mysql2/promise';
import type { DbOrTx } from '../db';

interface Internals {
  dialect: { sqlToQuery(query: SQL): { sql: string; params: unknown[] } };
  session: { client: Pool | PoolConnection };
}

/** `query`'s rows, each an array in the order of its select list. DATE columns arrive as Dates: format them in SQL. */
export async function arrayRows(db: DbOrTx, query: SQL): Promise<unknown[][]> {
  const { dialect, session } = db as unknown as Internals;
  const { sql: text, params } = dialect.sqlToQuery(query);
  const [rows] = await session.client.query({ sql: text, rowsAsArray: true }, params);
  return rows as unknown[][];
}

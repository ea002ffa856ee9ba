// The MySQL pool and the Drizzle client over it, plus database creation and migrations.
import { MySqlTransaction } from 'drizzle-orm/mysql-core';
import { drizzle } from 'drizzle-orm/mysql2';
import { migrate } from 'drizzle-orm/mysql2/migrator';
import mysql from 'mysql2/promise';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as schema from '../drizzle/schema';

export type Db = ReturnType<typeof createDb>['db'];
/** A transaction handle: pass it down wherever a `Db` is accepted. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type DbOrTx = Db | Tx;

/**
 * Runs `work` in the caller's transaction when given one, else in a new one: a service that writes
 * composes into a larger change (lead conversion, an import, a job) without opening a second transaction.
 */
export function inTransaction<T>(db: DbOrTx, work: (tx: Tx) => Promise<T>): Promise<T> {
  return db instanceof MySqlTransaction ? work(db as Tx) : db.transaction(work);
}

/** Rows a write statement changed, from mysql2's result header. */
export function affectedRows(result: unknown): number {
  const header = Array.isArray(result) ? result[0] : result;
  return Number((header as { affectedRows?: number }).affectedRows ?? 0);
}

/**
 * Runs a `DELETE … LIMIT batch` until it deletes fewer than `batch` rows, so a large backlog never holds
 * long locks on a table the app is using. Returns how many rows went.
 */
export async function deleteInBatches(run: () => Promise<unknown>, batch: number): Promise<number> {
  let total = 0;
  for (;;) {
    const count = affectedRows(await run());
    total += count;
    if (count < batch) return total;
  }
}

const drizzleOptions = { schema, mode: 'planetscale', casing: 'snake_case' } as const;

/**
 * Runs `work` on one connection of the pool held for its whole length (a session-level lock such as GET_LOCK
 * lives and dies with its connection), through a Drizzle client like the pool's.
 */
export async function withConnection<T>(db: Db, work: (connection: Db) => Promise<T>): Promise<T> {
  const connection = await (db.$client as mysql.Pool).getConnection();
  try {
    return await work(drizzle(connection, drizzleOptions) as unknown as Db);
  } finally {
    connection.release();
  }
}

export function createDb(databaseUrl: string, options: { connectionLimit?: number } = {}) {
  const pool = mysql.createPool({
    uri: databaseUrl,
    timezone: 'Z',
    connectionLimit: options.connectionLimit ?? 20,
    // DECIMAL stays a string (exact money); big numbers too.
    supportBigNumbers: true,
  });
  // 'planetscale' mode: relational queries (db.query.x.findMany) fail on MariaDB in the default mode.
  const db = drizzle(pool, drizzleOptions);
  return { db, pool };
}

function databaseName(databaseUrl: string): string {
  const name = decodeURIComponent(new URL(databaseUrl).pathname.replace(/^\//, ''));
  if (!/^[A-Za-z0-9_]+$/.test(name)) {
    throw new Error(`DATABASE_URL must name a database of letters, digits and underscores (got "${name}")`);
  }
  return name;
}

/** Creates the database named in the URL if it does not exist yet. */
export async function ensureDatabase(databaseUrl: string): Promise<void> {
  const name = databaseName(databaseUrl);
  const server = new URL(databaseUrl);
  server.pathname = '/';
  const connection = await mysql.createConnection({ uri: server.toString() });
  try {
    await connection.query(`CREATE DATABASE IF NOT EXISTS \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  } finally {
    await connection.end();
  }
}

/** drizzle/migrations, found from this file whether it runs from server/ (tsx) or dist/server/ (bundle). */
export function findMigrationsFolder(start = path.dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'drizzle', 'migrations');
    if (existsSync(path.join(candidate, 'meta', '_journal.json'))) return candidate;
    if (path.dirname(dir) === dir) throw new Error(`drizzle/migrations not found above ${start}`);
  }
}

/** How many migrations the code ships: the database is ready when it has applied all of them. */
export function shippedMigrationCount(folder = findMigrationsFolder()): number {
  const journal = JSON.parse(readFileSync(path.join(folder, 'meta', '_journal.json'), 'utf8')) as { entries: unknown[] };
  return journal.entries.length;
}

export async function migrateDatabase(db: Db, folder = findMigrationsFolder()): Promise<void> {
  await migrate(db, { migrationsFolder: folder });
}

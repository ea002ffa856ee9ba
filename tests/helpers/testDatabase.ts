// A real MySQL database per test file: created and migrated before the file's tests, dropped after.
import mysql from 'mysql2/promise';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import { type Auth, createAuth } from '../../server/auth';
import { createDb, type Db, migrateDatabase } from '../../server/db';
import { type Env, loadEnv } from '../../server/env';

export const TEST_SERVER_URL = process.env.TEST_DATABASE_SERVER_URL ?? 'mysql://root@127.0.0.1:3306';

export interface TestDatabase {
  db: Db;
  pool: mysql.Pool;
  env: Env;
  auth: Auth;
  url: string;
  name: string;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `trucrm_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = await mysql.createConnection({ uri: TEST_SERVER_URL });
  await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await admin.end();
  const url = `${TEST_SERVER_URL}/${name}`;
  const env = loadEnv({ DATABASE_URL: url, LOG_LEVEL: 'silent', DEMO_DATA: 'false' });
  const { db, pool } = createDb(url, { connectionLimit: 10 });
  await migrateDatabase(db);
  return { db, pool, env, auth: createAuth(db, env), url, name };
}

export async function dropTestDatabase(t: TestDatabase): Promise<void> {
  await t.pool.end();
  const admin = await mysql.createConnection({ uri: TEST_SERVER_URL });
  await admin.query(`DROP DATABASE IF EXISTS \`${t.name}\``);
  await admin.end();
}

/** Call at the top of an integration test file; the returned object is filled in before the tests run. */
export function useTestDatabase(): TestDatabase {
  const holder = {} as TestDatabase;
  let created: TestDatabase | undefined;
  beforeAll(async () => {
    created = await createTestDatabase();
    Object.assign(holder, created);
  }, 60_000);
  afterAll(async () => {
    if (created) await dropTestDatabase(created);
  });
  return holder;
}

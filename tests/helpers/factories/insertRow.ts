// What every factory shares: a number unique within the test file, and "insert one row, read it back whole".
import { eq } from 'drizzle-orm';
import type { MySqlColumn, MySqlTable } from 'drizzle-orm/mysql-core';
import type { DbOrTx } from '../../../server/db';

let sequence = 0;

/** 1, 2, 3, … across all factories of a test file: for names, emails and codes that must not collide. */
export function nextSequence(): number {
  sequence += 1;
  return sequence;
}

/**
 * Inserts one row (no audit, no service rules) and returns it as the database stored it, so column defaults
 * such as version, status and timestamps are there for the test to compare against.
 */
export async function insertRow<T extends MySqlTable & { id: MySqlColumn }>(
  db: DbOrTx,
  table: T,
  values: T['$inferInsert'],
): Promise<T['$inferSelect']> {
  const [inserted] = await db.insert(table).values(values).$returningId();
  const [row] = await db
    .select()
    .from(table as MySqlTable)
    .where(eq(table.id, (inserted as { id: number }).id));
  return row as T['$inferSelect'];
}

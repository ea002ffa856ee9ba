import { type Account, accounts } from '../../../drizzle/schema';
import type { DbOrTx } from '../../../server/db';
import { insertRow, nextSequence } from './insertRow';

/** An account row straight in the database (no audit); pass what the test cares about (deletedAt for a deleted one). */
export async function makeAccount(
  db: DbOrTx,
  overrides: Partial<typeof accounts.$inferInsert> & { ownerId: string },
): Promise<Account> {
  return insertRow(db, accounts, { accountName: `Account ${nextSequence()}`, ...overrides });
}

import { eq } from 'drizzle-orm';
import { type Account, accounts } from '../../../drizzle/schema';
import type { DbOrTx } from '../../../server/db';

let sequence = 0;

/** An account row straight in the database (no audit); pass what the test cares about. */
export async function makeAccount(
  db: DbOrTx,
  overrides: Partial<typeof accounts.$inferInsert> & { ownerId: string },
): Promise<Account> {
  sequence += 1;
  const [inserted] = await db
    .insert(accounts)
    .values({ accountName: `Account ${sequence}`, ...overrides })
    .$returningId();
  const [row] = await db.select().from(accounts).where(eq(accounts.id, inserted!.id));
  return row!;
}

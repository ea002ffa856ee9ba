import { type Lead, leads } from '../../../drizzle/schema';
import type { DbOrTx } from '../../../server/db';
import { insertRow, nextSequence } from './insertRow';

/** A lead row straight in the database (no audit); the email is unique per call unless given. */
export async function makeLead(db: DbOrTx, overrides: Partial<typeof leads.$inferInsert> & { ownerId: string }): Promise<Lead> {
  const n = nextSequence();
  return insertRow(db, leads, {
    firstName: 'Lee',
    lastName: `Prospect ${n}`,
    email: `lead${n}-${Date.now()}@prospect${n}.example`,
    company: `Prospect Co ${n}`,
    ...overrides,
  });
}

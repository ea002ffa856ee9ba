import { type Contact, contacts } from '../../../drizzle/schema';
import type { DbOrTx } from '../../../server/db';
import { insertRow, nextSequence } from './insertRow';

/** A contact row straight in the database (no audit); the email is unique per call unless given. */
export async function makeContact(
  db: DbOrTx,
  overrides: Partial<typeof contacts.$inferInsert> & { ownerId: string },
): Promise<Contact> {
  const n = nextSequence();
  return insertRow(db, contacts, {
    firstName: 'Casey',
    lastName: `Contact ${n}`,
    email: `contact${n}-${Date.now()}@example.test`,
    ...overrides,
  });
}

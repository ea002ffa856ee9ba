import { eq } from 'drizzle-orm';
import { type Contact, contacts } from '../../../drizzle/schema';
import type { DbOrTx } from '../../../server/db';

let sequence = 0;

/** A contact row straight in the database (no audit); the email is unique per call unless given. */
export async function makeContact(
  db: DbOrTx,
  overrides: Partial<typeof contacts.$inferInsert> & { ownerId: string },
): Promise<Contact> {
  sequence += 1;
  const [inserted] = await db
    .insert(contacts)
    .values({
      firstName: 'Contact',
      lastName: `Person ${sequence}`,
      email: `contact${sequence}-${Date.now()}@example.test`,
      ...overrides,
    })
    .$returningId();
  const [row] = await db.select().from(contacts).where(eq(contacts.id, inserted!.id));
  return row!;
}

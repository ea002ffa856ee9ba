import { eq } from 'drizzle-orm';
import { type Lead, leads } from '../../../drizzle/schema';
import type { DbOrTx } from '../../../server/db';

let sequence = 0;

/** A lead row straight in the database (no audit); the email is unique per call unless given. */
export async function makeLead(db: DbOrTx, overrides: Partial<typeof leads.$inferInsert> & { ownerId: string }): Promise<Lead> {
  sequence += 1;
  const [inserted] = await db
    .insert(leads)
    .values({
      firstName: 'Lee',
      lastName: `Prospect ${sequence}`,
      email: `lead${sequence}-${Date.now()}@prospect${sequence}.example`,
      company: `Prospect Co ${sequence}`,
      ...overrides,
    })
    .$returningId();
  const [row] = await db.select().from(leads).where(eq(leads.id, inserted!.id));
  return row!;
}

// Case-test data by direct inserts: cases and the contacts they name (accounts come from projects.ts).
import { eq } from 'drizzle-orm';
import { type Case, cases, contacts } from '../../../drizzle/schema';
import type { DbOrTx } from '../../../server/db';

let sequence = 0;
const next = () => {
  sequence += 1;
  return sequence;
};

export async function makeContactRow(db: DbOrTx, o: { ownerId: string; accountId: number | null; email?: string }) {
  const n = next();
  const values = {
    firstName: 'Casey',
    lastName: `Customer ${n}`,
    email: o.email ?? `case-contact${n}-${Date.now()}@example.test`,
    accountId: o.accountId,
    ownerId: o.ownerId,
  };
  const [row] = await db.insert(contacts).values(values).$returningId();
  return { id: row!.id, ...values };
}

/** A case row straight in the database (no audit); its number is unique per call unless given. */
export async function makeCase(
  db: DbOrTx,
  overrides: Partial<typeof cases.$inferInsert> & { ownerId: string; accountId: number },
): Promise<Case> {
  const n = next();
  const [inserted] = await db
    .insert(cases)
    .values({
      caseNumber: `T-${n}-${Date.now()}`,
      subject: `Cannot sign in ${n}`,
      slaDueAt: new Date(Date.now() + 86_400_000),
      ...overrides,
    })
    .$returningId();
  const [row] = await db.select().from(cases).where(eq(cases.id, inserted!.id));
  return row!;
}

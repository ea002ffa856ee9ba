import { type Case, cases } from '../../../drizzle/schema';
import type { DbOrTx } from '../../../server/db';
import { insertRow, nextSequence } from './insertRow';

/** A case row straight in the database (no audit); its number is unique per call unless given, its SLA a day out. */
export async function makeCase(
  db: DbOrTx,
  overrides: Partial<typeof cases.$inferInsert> & { ownerId: string; accountId: number },
): Promise<Case> {
  const n = nextSequence();
  return insertRow(db, cases, {
    caseNumber: `T-${n}-${Date.now()}`,
    subject: `Cannot sign in ${n}`,
    slaDueAt: new Date(Date.now() + 86_400_000),
    ...overrides,
  });
}

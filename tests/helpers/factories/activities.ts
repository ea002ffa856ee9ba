// Activities and the records they hang on.
import { eq } from 'drizzle-orm';
import { type Activity, accounts, activities, cases, contacts, leads, opportunities, projects } from '../../../drizzle/schema';
import type { DbOrTx } from '../../../server/db';
import type { RelatedToType } from '../../../shared/enums';
import { makeAccount } from './accounts';
import { makeCase } from './cases';
import { makeContact } from './contacts';
import { insertRow, nextSequence } from './insertRow';
import { makeLead } from './leads';
import { makeOpportunity } from './opportunities';
import { makeProject } from './projects';

/** An account with one record of every kind on it; `related[type]` is the id of that record. */
export async function makeAccountWithRecords(db: DbOrTx, ownerId: string) {
  const { id: accountId } = await makeAccount(db, { ownerId });
  const related: Record<RelatedToType, number> = {
    account: accountId,
    contact: (await makeContact(db, { ownerId, accountId })).id,
    lead: (await makeLead(db, { ownerId })).id,
    opportunity: (await makeOpportunity(db, { ownerId, accountId })).id,
    project: (await makeProject(db, { ownerId, accountId })).id,
    case: (await makeCase(db, { ownerId, accountId, subject: 'Login fails' })).id,
  };
  return { accountId, related };
}

/** An activity row as it would be stored, without going through the router (for paging fixtures). */
export async function makeActivity(
  db: DbOrTx,
  overrides: Partial<typeof activities.$inferInsert> & {
    ownerId: string;
    relatedToType: RelatedToType;
    relatedToId: number;
    accountId: number | null;
    occurredAt: Date;
  },
): Promise<Activity> {
  return insertRow(db, activities, { type: 'call', subject: `Activity ${nextSequence()}`, ...overrides });
}

const tables = { account: accounts, contact: contacts, lead: leads, opportunity: opportunities, project: projects, case: cases };

/** The lastActivityAt of a record, read straight from its table. */
export async function lastActivityOf(db: DbOrTx, type: RelatedToType, id: number): Promise<Date | null> {
  const table = tables[type];
  const [row] = await db.select({ lastActivityAt: table.lastActivityAt }).from(table).where(eq(table.id, id));
  return row?.lastActivityAt ?? null;
}

// Rows the activities tests hang activities on, inserted directly (the records' own routers are built elsewhere).
import { eq } from 'drizzle-orm';
import { accounts, activities, cases, contacts, leads, opportunities, projects } from '../../../drizzle/schema';
import type { DbOrTx } from '../../../server/db';
import type { ActivityType, RelatedToType } from '../../../shared/enums';

let sequence = 0;
const next = () => {
  sequence += 1;
  return sequence;
};

export async function seedAccount(db: DbOrTx, o: { ownerId: string; accountName?: string; deletedAt?: Date }) {
  const n = next();
  const [row] = await db
    .insert(accounts)
    .values({ accountName: o.accountName ?? `Account ${n}`, ownerId: o.ownerId, deletedAt: o.deletedAt ?? null })
    .$returningId();
  return row!.id;
}

export async function seedContact(db: DbOrTx, o: { ownerId: string; accountId: number | null; firstName?: string; lastName?: string }) {
  const n = next();
  const [row] = await db
    .insert(contacts)
    .values({ firstName: o.firstName ?? 'Casey', lastName: o.lastName ?? `Contact${n}`, accountId: o.accountId, ownerId: o.ownerId })
    .$returningId();
  return row!.id;
}

export async function seedLead(db: DbOrTx, o: { ownerId: string }) {
  const n = next();
  const [row] = await db
    .insert(leads)
    .values({ firstName: 'Lee', lastName: `Lead${n}`, company: `Prospect ${n}`, ownerId: o.ownerId })
    .$returningId();
  return row!.id;
}

export async function seedOpportunity(db: DbOrTx, o: { ownerId: string; accountId: number; opportunityName?: string; deletedAt?: Date }) {
  const n = next();
  const [row] = await db
    .insert(opportunities)
    .values({
      opportunityName: o.opportunityName ?? `Deal ${n}`,
      accountId: o.accountId,
      probability: 10,
      forecastCategory: 'Pipeline',
      ownerId: o.ownerId,
      deletedAt: o.deletedAt ?? null,
    })
    .$returningId();
  return row!.id;
}

export async function seedProject(db: DbOrTx, o: { ownerId: string; accountId: number; projectName?: string }) {
  const n = next();
  const [row] = await db
    .insert(projects)
    .values({ projectName: o.projectName ?? `Rollout ${n}`, accountId: o.accountId, ownerId: o.ownerId })
    .$returningId();
  return row!.id;
}

export async function seedCase(db: DbOrTx, o: { ownerId: string; accountId: number; subject?: string }) {
  const n = next();
  const [row] = await db
    .insert(cases)
    .values({
      caseNumber: `T-${Date.now()}-${n}`,
      accountId: o.accountId,
      subject: o.subject ?? `Login fails ${n}`,
      slaDueAt: new Date(Date.now() + 86_400_000),
      ownerId: o.ownerId,
    })
    .$returningId();
  return row!.id;
}

/** An account with one record of every kind on it; `related[type]` is the id of that record. */
export async function seedAccountWithRecords(db: DbOrTx, ownerId: string) {
  const accountId = await seedAccount(db, { ownerId });
  const related: Record<RelatedToType, number> = {
    account: accountId,
    contact: await seedContact(db, { ownerId, accountId }),
    lead: await seedLead(db, { ownerId }),
    opportunity: await seedOpportunity(db, { ownerId, accountId }),
    project: await seedProject(db, { ownerId, accountId }),
    case: await seedCase(db, { ownerId, accountId }),
  };
  return { accountId, related };
}

/** An activity row as it would be stored, without going through the router (for paging fixtures). */
export async function seedActivity(
  db: DbOrTx,
  o: {
    ownerId: string;
    relatedToType: RelatedToType;
    relatedToId: number;
    accountId: number | null;
    occurredAt: Date;
    type?: ActivityType;
    subject?: string;
  },
) {
  const n = next();
  const [row] = await db
    .insert(activities)
    .values({
      type: o.type ?? 'call',
      subject: o.subject ?? `Activity ${n}`,
      occurredAt: o.occurredAt,
      relatedToType: o.relatedToType,
      relatedToId: o.relatedToId,
      accountId: o.accountId,
      ownerId: o.ownerId,
    })
    .$returningId();
  return row!.id;
}

const tables = { account: accounts, contact: contacts, lead: leads, opportunity: opportunities, project: projects, case: cases };

/** The lastActivityAt of a record, read straight from its table. */
export async function lastActivityOf(db: DbOrTx, type: RelatedToType, id: number): Promise<Date | null> {
  const table = tables[type];
  const [row] = await db.select({ lastActivityAt: table.lastActivityAt }).from(table).where(eq(table.id, id));
  return row?.lastActivityAt ?? null;
}

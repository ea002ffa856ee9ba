// Project-test data by direct inserts, including the accounts and deals projects hang off,
// so these tests do not depend on other domains' factories.
import { eq } from 'drizzle-orm';
import { accounts, type Milestone, milestones, opportunities, type Project, projects } from '../../../drizzle/schema';
import type { DbOrTx } from '../../../server/db';

let sequence = 0;
const next = () => {
  sequence += 1;
  return sequence;
};

export async function makeAccountRow(db: DbOrTx, o: { ownerId: string; accountName?: string; deleted?: boolean }) {
  const values = { accountName: o.accountName ?? `Customer ${next()}`, ownerId: o.ownerId, deletedAt: o.deleted ? new Date() : null };
  const [row] = await db.insert(accounts).values(values).$returningId();
  return { id: row!.id, ...values };
}

export async function makeOpportunityRow(db: DbOrTx, o: { ownerId: string; accountId: number; deleted?: boolean }) {
  const values = {
    opportunityName: `Deal ${next()}`,
    accountId: o.accountId,
    ownerId: o.ownerId,
    probability: 5,
    forecastCategory: 'Pipeline' as const,
    deletedAt: o.deleted ? new Date() : null,
  };
  const [row] = await db.insert(opportunities).values(values).$returningId();
  return { id: row!.id, ...values };
}

/** A project row straight in the database (no audit). */
export async function makeProject(
  db: DbOrTx,
  overrides: Partial<typeof projects.$inferInsert> & { ownerId: string; accountId: number },
): Promise<Project> {
  const [inserted] = await db
    .insert(projects)
    .values({ projectName: `Rollout ${next()}`, ...overrides })
    .$returningId();
  const [row] = await db.select().from(projects).where(eq(projects.id, inserted!.id));
  return row!;
}

export async function makeMilestone(
  db: DbOrTx,
  overrides: Partial<typeof milestones.$inferInsert> & { projectId: number },
): Promise<Milestone> {
  const [inserted] = await db
    .insert(milestones)
    .values({ title: `Milestone ${next()}`, ...overrides })
    .$returningId();
  const [row] = await db.select().from(milestones).where(eq(milestones.id, inserted!.id));
  return row!;
}

import { type Milestone, milestones, type Project, projects } from '../../../drizzle/schema';
import type { DbOrTx } from '../../../server/db';
import { insertRow, nextSequence } from './insertRow';

/** A project row straight in the database (no audit); pass deletedAt for a deleted one. */
export async function makeProject(
  db: DbOrTx,
  overrides: Partial<typeof projects.$inferInsert> & { ownerId: string; accountId: number },
): Promise<Project> {
  return insertRow(db, projects, { projectName: `Rollout ${nextSequence()}`, ...overrides });
}

export async function makeMilestone(
  db: DbOrTx,
  overrides: Partial<typeof milestones.$inferInsert> & { projectId: number },
): Promise<Milestone> {
  return insertRow(db, milestones, { title: `Milestone ${nextSequence()}`, ...overrides });
}

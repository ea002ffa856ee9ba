// A project's milestones: changed by whoever may change the project. Completing one stamps completedAt.
import { eq } from 'drizzle-orm';
import { type Milestone, milestones } from '../../drizzle/schema';
import type { MilestoneAdd, MilestoneUpdate } from '../../shared/schemas/projects';
import type { DbOrTx, Tx } from '../db';
import { completionTime } from '../domain/completion';
import { insertAudited, recordAudit, recordUpdateAudit } from '../lib/audit';
import { notFound } from '../lib/errors';
import { sentFields } from '../lib/updates';
import type { AuthedContext, SessionUser } from '../trpc';
import { loadProjectForWrite } from './projects';

/**
 * Loads a milestone to change it: the project's guard decides (NOT_FOUND when the project is deleted,
 * FORBIDDEN unless its owner, a manager or an admin). Project first, then milestone, as addMilestone locks.
 */
async function loadMilestoneForWrite(tx: Tx, user: SessionUser, id: number): Promise<Milestone> {
  const [found] = await tx.select({ projectId: milestones.projectId }).from(milestones).where(eq(milestones.id, id));
  if (!found) throw notFound('Milestone');
  await loadProjectForWrite(tx, user, found.projectId);
  const [row] = await tx.select().from(milestones).where(eq(milestones.id, id)).for('update');
  if (!row) throw notFound('Milestone');
  return row;
}

async function selectMilestone(db: DbOrTx, id: number): Promise<Milestone> {
  const [row] = await db.select().from(milestones).where(eq(milestones.id, id));
  if (!row) throw notFound('Milestone');
  return row;
}

export async function addMilestone(ctx: AuthedContext, input: MilestoneAdd): Promise<Milestone> {
  const now = ctx.clock.now();
  const id = await ctx.db.transaction(async (tx) => {
    await loadProjectForWrite(tx, ctx.user, input.projectId);
    const values = { ...input, completedAt: completionTime(null, input.status === 'Completed', now) };
    return insertAudited(tx, milestones, values, { actorId: ctx.user.id, entityType: 'milestone', now });
  });
  return selectMilestone(ctx.db, id);
}

export async function updateMilestone(ctx: AuthedContext, input: MilestoneUpdate): Promise<Milestone> {
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    const before = await loadMilestoneForWrite(tx, ctx.user, input.id);
    const { id, ...rest } = input;
    const changes: Partial<typeof milestones.$inferInsert> = sentFields(rest);
    const status = changes.status ?? before.status;
    changes.completedAt = completionTime(
      { done: before.status === 'Completed', at: before.completedAt },
      status === 'Completed',
      now,
    );
    await tx
      .update(milestones)
      .set({ ...changes, updatedAt: now })
      .where(eq(milestones.id, id));
    await recordUpdateAudit(tx, {
      actorId: ctx.user.id,
      entityType: 'milestone',
      entityId: id,
      before,
      after: { ...changes, projectId: before.projectId },
    });
  });
  return selectMilestone(ctx.db, input.id);
}

export async function removeMilestone(ctx: AuthedContext, id: number): Promise<{ id: number }> {
  await ctx.db.transaction(async (tx) => {
    const before = await loadMilestoneForWrite(tx, ctx.user, id);
    await tx.delete(milestones).where(eq(milestones.id, id));
    const { createdAt: _c, updatedAt: _u, ...fields } = before;
    await recordAudit(tx, { actorId: ctx.user.id, action: 'delete', entityType: 'milestone', entityId: id, changes: fields });
  });
  return { id };
}

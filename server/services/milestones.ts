// A project's milestones: changed by whoever may change the project. Completing one stamps completedAt.
import { eq } from 'drizzle-orm';
import { type Milestone, milestones } from '../../drizzle/schema';
import type { MilestoneAdd, MilestoneUpdate } from '../../shared/schemas/projects';
import { type DbOrTx, inTransaction, type Tx } from '../db';
import { completionTime } from '../domain/completion';
import type { Actor } from '../lib/actor';
import { enqueueRecordScan } from '../hygiene/jobs';
import { insertAudited, recordDeleteAudit, recordUpdateAudit } from '../lib/audit';
import { notFound } from '../lib/errors';
import { sentFields } from '../lib/updates';
import { loadProjectForWrite } from './projects';

/**
 * Loads a milestone to change it: the project's guard decides (NOT_FOUND when the project is deleted,
 * FORBIDDEN unless its owner, a manager or an admin). Project first, then milestone, as addMilestone locks.
 */
async function loadMilestoneForWrite(tx: Tx, actor: Actor, id: number): Promise<Milestone> {
  const [found] = await tx.select({ projectId: milestones.projectId }).from(milestones).where(eq(milestones.id, id));
  if (!found) throw notFound('Milestone');
  await loadProjectForWrite(tx, actor, found.projectId);
  const [row] = await tx.select().from(milestones).where(eq(milestones.id, id)).for('update');
  if (!row) throw notFound('Milestone');
  return row;
}

async function selectMilestone(db: DbOrTx, id: number): Promise<Milestone> {
  const [row] = await db.select().from(milestones).where(eq(milestones.id, id));
  if (!row) throw notFound('Milestone');
  return row;
}

export async function addMilestone(db: DbOrTx, actor: Actor, input: MilestoneAdd, now: Date): Promise<Milestone> {
  return inTransaction(db, async (tx) => {
    await loadProjectForWrite(tx, actor, input.projectId);
    const values = { ...input, completedAt: completionTime(null, input.status === 'Completed', now) };
    const id = await insertAudited(tx, milestones, values, { actor, entityType: 'milestone', now });
    await enqueueRecordScan(tx, 'project', input.projectId, now);
    return selectMilestone(tx, id);
  });
}

export async function updateMilestone(db: DbOrTx, actor: Actor, input: MilestoneUpdate, now: Date): Promise<Milestone> {
  return inTransaction(db, async (tx) => {
    const before = await loadMilestoneForWrite(tx, actor, input.id);
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
      actor,
      entityType: 'milestone',
      entityId: id,
      before,
      after: { ...changes, projectId: before.projectId },
    });
    await enqueueRecordScan(tx, 'project', before.projectId, now);
    return selectMilestone(tx, id);
  });
}

export async function removeMilestone(db: DbOrTx, actor: Actor, { id }: { id: number }): Promise<{ id: number }> {
  return inTransaction(db, async (tx) => {
    const before = await loadMilestoneForWrite(tx, actor, id);
    await tx.delete(milestones).where(eq(milestones.id, id));
    await recordDeleteAudit(tx, { actor, entityType: 'milestone', entityId: id, before });
    return { id };
  });
}

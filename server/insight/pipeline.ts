// analytics.pipeline: open deals by stage with counts, amounts and weighted amounts, for the deals the
// actor may count (an admin's: the organisation's; a manager's: their team's; a rep's: their own; a CSM's:
// the organisation's, as their dashboards read it), filtered by owner, stages and a close-date range.
import { and, between, gte, inArray, isNull, lte } from 'drizzle-orm';
import { opportunities } from '../../drizzle/schema';
import type { AnalyticsPipeline } from '../../shared/schemas/analytics';
import type { DbOrTx } from '../db';
import type { Actor } from '../lib/actor';
import { forbidden } from '../lib/errors';
import { pipelineByStage, pipelineTotals } from './dashboard';
import { countableOwnerIds, ownedBy } from './scope';

const o = opportunities;

/** The owners whose deals the pipeline counts: the filter's owner, if the actor may count theirs. */
async function pipelineOwners(db: DbOrTx, actor: Actor, ownerId: string | undefined): Promise<string[] | null> {
  const mayCount = actor.role === 'csm' ? null : await countableOwnerIds(db, actor);
  if (!ownerId) return mayCount;
  if (mayCount && !mayCount.includes(ownerId)) {
    throw forbidden(actor.role === 'manager' ? 'Managers open their own team’s pipeline only' : 'Only managers and admins can open someone else’s pipeline');
  }
  return [ownerId];
}

export async function analyticsPipeline(db: DbOrTx, actor: Actor, f: AnalyticsPipeline) {
  const owners = await pipelineOwners(db, actor, f.ownerId);
  const where = and(
    isNull(o.deletedAt),
    isNull(o.closedAt),
    ownedBy(o.ownerId, owners),
    f.stage ? inArray(o.stage, f.stage) : undefined,
    f.closeDateFrom && f.closeDateTo
      ? between(o.closeDate, f.closeDateFrom, f.closeDateTo)
      : f.closeDateFrom
        ? gte(o.closeDate, f.closeDateFrom)
        : f.closeDateTo
          ? lte(o.closeDate, f.closeDateTo)
          : undefined,
  )!;
  const all = await pipelineByStage(db, where);
  const stages = f.stage ? all.filter((r) => f.stage!.includes(r.stage)) : all;
  return { stages, totals: pipelineTotals(stages) };
}

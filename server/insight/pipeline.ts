// analytics.pipeline: open deals by stage with counts, amounts and weighted amounts, for the whole
// organisation or filtered by owner, stages and a close-date range.
import { and, between, gte, inArray, isNull, lte } from 'drizzle-orm';
import { opportunities } from '../../drizzle/schema';
import type { AnalyticsPipeline } from '../../shared/schemas/analytics';
import type { DbOrTx } from '../db';
import type { Actor } from '../lib/actor';
import { pipelineByStage, pipelineTotals } from './dashboard';
import { ownedBy } from './scope';

const o = opportunities;

export async function analyticsPipeline(db: DbOrTx, _actor: Actor, f: AnalyticsPipeline) {
  const where = and(
    isNull(o.deletedAt),
    isNull(o.closedAt),
    f.ownerId ? ownedBy(o.ownerId, [f.ownerId]) : undefined,
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

// What a bulk stage change would ask of each selected deal (shared/stageGate.ts): the list's rows do not
// carry the expected fields, so the bulk bar asks here before it moves them.
import { and, inArray, isNull } from 'drizzle-orm';
import { opportunities } from '../../drizzle/schema';
import { type GateField, type StageGate, stageGate } from '../../shared/stageGate';
import type { Stage } from '../../shared/stages';
import type { DbOrTx } from '../db';

export type DealStageGate = StageGate & { id: number; fromStage: Stage };

/** The gates that ask, one per deal (deleted or unknown ids are left out: the move itself reports them). */
export async function stageGatesOf(db: DbOrTx, { ids, stage }: { ids: number[]; stage: Stage }): Promise<DealStageGate[]> {
  const fields = {
    identifiedPain: opportunities.identifiedPain,
    decisionCriteria: opportunities.decisionCriteria,
    economicBuyerContactId: opportunities.economicBuyerContactId,
    paperProcess: opportunities.paperProcess,
  } satisfies Record<GateField, unknown>;
  const rows = await db
    .select({ id: opportunities.id, stage: opportunities.stage, ...fields })
    .from(opportunities)
    .where(and(inArray(opportunities.id, ids), isNull(opportunities.deletedAt)));
  return rows
    .map((row) => ({ id: row.id, fromStage: row.stage, ...stageGate(row.stage, stage, row) }))
    .filter((gate) => gate.asks)
    .sort((a, b) => ids.indexOf(a.id) - ids.indexOf(b.id));
}

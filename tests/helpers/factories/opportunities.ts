import { type Opportunity, opportunities } from '../../../drizzle/schema';
import type { DbOrTx } from '../../../server/db';
import { isOpenStage, stageDefaults } from '../../../shared/stages';
import { insertRow, nextSequence } from './insertRow';

/**
 * A deal straight in the database (no audit, no stage-history row): for tests that need many rows fast.
 * Probability and forecast category follow the stage's defaults unless given; a closed deal gets a closedAt.
 */
export async function makeOpportunity(
  db: DbOrTx,
  overrides: Partial<typeof opportunities.$inferInsert> & { ownerId: string; accountId: number },
): Promise<Opportunity> {
  const stage = overrides.stage ?? 'Prospecting';
  return insertRow(db, opportunities, {
    opportunityName: `Deal ${nextSequence()}`,
    amount: '1000.00',
    closeDate: '2026-12-31',
    stage,
    ...stageDefaults[stage],
    closedAt: isOpenStage(stage) ? null : new Date(),
    ...overrides,
  });
}

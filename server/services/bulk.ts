// Bulk changes to the records a user selected in a list: each record in its own transaction through the
// same service as a one-record change (so the same access checks, rules and one audit entry per record),
// and a result per record: a refusal on one (not theirs, a rule) never undoes or stops the others.
import type { BulkResult, OpportunityBulkUpdate } from '../../shared/schemas/views';
import type { Db } from '../db';
import type { Actor } from '../lib/actor';
import { DomainError } from '../lib/errors';
import { deleteOpportunity, updateOpportunity } from './opportunities';

async function eachRecord(ids: number[], change: (id: number) => Promise<unknown>): Promise<BulkResult[]> {
  const results: BulkResult[] = [];
  for (const id of [...new Set(ids)]) {
    try {
      await change(id);
      results.push({ id, ok: true });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      results.push({ id, ok: false, error: error.message });
    }
  }
  return results;
}

export function bulkUpdateOpportunities(db: Db, actor: Actor, input: OpportunityBulkUpdate, now: Date): Promise<BulkResult[]> {
  const { ownerId, stage, lossReason } = input.changes;
  return eachRecord(input.ids, (id) =>
    updateOpportunity(db, actor, { id, ownerId, stage, ...(lossReason !== undefined ? { lossReason } : {}) }, now),
  );
}

export function bulkDeleteOpportunities(db: Db, actor: Actor, input: { ids: number[] }, now: Date): Promise<BulkResult[]> {
  return eachRecord(input.ids, (id) => deleteOpportunity(db, actor, { id }, now));
}

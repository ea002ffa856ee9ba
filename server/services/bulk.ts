// Bulk changes to the records a user selected in a list: each record in its own transaction through the
// same service as a one-record change (so the same access checks, rules and one audit entry per record),
// and a result per record: a refusal on one (not theirs, a rule) never undoes or stops the others.
// One runner for every list; each record type is an adapter naming its one-record update and delete.
import { gateFields } from '../../shared/stageGate';
import type { BulkResult, BulkUpdate, OpportunityBulkUpdate } from '../../shared/schemas/views';
import type { Db } from '../db';
import type { Actor } from '../lib/actor';
import { DomainError } from '../lib/errors';
import { deleteAccount, updateAccount } from './accounts';
import { deleteCase, updateCase } from './cases';
import { deleteContact, updateContact } from './contacts';
import { deleteLead, updateLead } from './leads';
import { deleteOpportunity, updateOpportunity } from './opportunities';
import { deleteProject, updateProject } from './projects';

export interface BulkAdapter<C> {
  update: (db: Db, actor: Actor, id: number, changes: C, now: Date) => Promise<unknown>;
  delete: (db: Db, actor: Actor, id: number, now: Date) => Promise<unknown>;
}

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

export function runBulkUpdate<C>(adapter: BulkAdapter<C>, db: Db, actor: Actor, input: BulkUpdate<C>, now: Date): Promise<BulkResult[]> {
  return eachRecord(input.ids, (id) => adapter.update(db, actor, id, input.changes, now));
}

export function runBulkDelete(adapter: BulkAdapter<never>, db: Db, actor: Actor, input: { ids: number[] }, now: Date): Promise<BulkResult[]> {
  return eachRecord(input.ids, (id) => adapter.delete(db, actor, id, now));
}

type Owner = { ownerId?: string };

/** Changes carry only the fields a list's bulk bar sets; the one-record update ignores those left undefined. */
export const bulkAdapters = {
  opportunities: {
    // A move with a skip reason names every gate field; each deal records those its move passes empty.
    update: (db, actor, id, { ownerId, stage, lossReason, gateSkipReason }, now) =>
      updateOpportunity(
        db,
        actor,
        {
          id,
          ownerId,
          stage,
          ...(lossReason !== undefined ? { lossReason } : {}),
          ...(gateSkipReason ? { gateSkippedFields: [...gateFields], gateSkipReason } : {}),
        },
        now,
      ),
    delete: (db, actor, id, now) => deleteOpportunity(db, actor, { id }, now),
  } satisfies BulkAdapter<OpportunityBulkUpdate['changes']>,
  accounts: {
    update: (db, actor, id, changes, now) => updateAccount(db, actor, { id, ...changes }, now),
    delete: (db, actor, id, now) => deleteAccount(db, actor, { id }, now),
  } satisfies BulkAdapter<Owner>,
  contacts: {
    update: (db, actor, id, changes, now) => updateContact(db, actor, { id, ...changes }, now),
    delete: (db, actor, id, now) => deleteContact(db, actor, { id }, now),
  } satisfies BulkAdapter<Owner>,
  leads: {
    update: (db, actor, id, changes, now) => updateLead(db, actor, { id, ...changes }, now),
    delete: (db, actor, id, now) => deleteLead(db, actor, { id }, now),
  } satisfies BulkAdapter<Owner & Pick<Parameters<typeof updateLead>[2], 'status'>>,
  projects: {
    update: (db, actor, id, changes, now) => updateProject(db, actor, { id, ...changes }, now),
    delete: (db, actor, id, now) => deleteProject(db, actor, { id }, now),
  } satisfies BulkAdapter<Owner & Pick<Parameters<typeof updateProject>[2], 'status' | 'healthStatus'>>,
  cases: {
    update: (db, actor, id, changes, now) => updateCase(db, actor, { id, ...changes }, now),
    delete: (db, actor, id, now) => deleteCase(db, actor, { id }, now),
  } satisfies BulkAdapter<Owner & Pick<Parameters<typeof updateCase>[2], 'status'>>,
};

export function bulkUpdateOpportunities(db: Db, actor: Actor, input: OpportunityBulkUpdate, now: Date): Promise<BulkResult[]> {
  return runBulkUpdate(bulkAdapters.opportunities, db, actor, input, now);
}

export function bulkDeleteOpportunities(db: Db, actor: Actor, input: { ids: number[] }, now: Date): Promise<BulkResult[]> {
  return runBulkDelete(bulkAdapters.opportunities, db, actor, input, now);
}

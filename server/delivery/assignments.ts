// "Dana Whitfield assigned you Acme renewal": a record given to someone other than the one giving it
// tells its new owner, in the transaction of the change. The services call this on create and update.
import type { RelatedToType } from '../../shared/enums';
import type { DbOrTx } from '../db';
import type { Actor } from '../lib/actor';
import { notify } from './notifications';

export interface AssignedRecord {
  type: RelatedToType;
  id: number;
  /** What the new owner knows it by: the deal's or account's name, the person's, the case's number and subject. */
  name: string;
}

/** The title of an assignment notification; the system assigns in the passive. */
export function assignmentTitle(actor: Actor, recordName: string): string {
  return actor.id === null ? `${recordName} was assigned to you` : `${actor.name} assigned you ${recordName}`;
}

/**
 * Notifies `ownerId` when the record now belongs to them and did not before (`previousOwnerId` null for a
 * new record), unless they made the change themselves. `ownerId` undefined: the owner was not changed.
 */
export async function notifyAssignment(
  tx: DbOrTx,
  actor: Actor,
  record: AssignedRecord,
  owners: { previousOwnerId: string | null; ownerId: string | undefined },
  now: Date,
): Promise<void> {
  const { previousOwnerId, ownerId } = owners;
  if (ownerId === undefined || ownerId === previousOwnerId || ownerId === actor.id) return;
  await notify(
    tx,
    [{ userId: ownerId, kind: 'assignment', title: assignmentTitle(actor, record.name), recordType: record.type, recordId: record.id }],
    now,
  );
}

// The "set a field" step: the change goes through the record's own service (updateLead, updateCase, ...), in the
// step's transaction, so it is audited, checked and starts or ends playbooks exactly as the same edit by a person.
import type { CaseStatus, HealthStatus, LeadStatus, ProjectStatus } from '../../shared/enums';
import { settableFieldLabels } from '../../shared/playbookFields';
import type { PlaybookAction, PlaybookRecordType } from '../../shared/schemas/playbooks';
import type { Tx } from '../db';
import type { Actor } from '../lib/actor';
import { DomainError } from '../lib/errors';
import { updateCase } from '../services/cases';
import { updateContact } from '../services/contacts';
import { updateLead } from '../services/leads';
import { updateOpportunity } from '../services/opportunities';
import { updateProject } from '../services/projects';

type SetField = Extract<PlaybookAction, { type: 'setField' }>;

/** Applies the step to the record; answers the step run's outcome ("Status set to Working"). */
export async function applySetField(tx: Tx, actor: Actor, recordType: PlaybookRecordType, id: number, action: SetField, now: Date): Promise<string> {
  const { field, value } = action;
  // Saving checked the field and value against the record type (shared/playbookFields.ts); a bad pair fails the step.
  const refuse = () => new DomainError('invalid', `A ${recordType} has no field ${field} a playbook can set`);
  switch (recordType) {
    case 'lead':
      if (field === 'status') await updateLead(tx, actor, { id, status: value as Exclude<LeadStatus, 'Converted'> }, now);
      else if (field === 'ownerId') await updateLead(tx, actor, { id, ownerId: value }, now);
      else throw refuse();
      break;
    case 'case':
      if (field === 'status') await updateCase(tx, actor, { id, status: value as CaseStatus }, now);
      else if (field === 'ownerId') await updateCase(tx, actor, { id, ownerId: value }, now);
      else throw refuse();
      break;
    case 'project':
      if (field === 'status') await updateProject(tx, actor, { id, status: value as ProjectStatus }, now);
      else if (field === 'healthStatus') await updateProject(tx, actor, { id, healthStatus: value as HealthStatus }, now);
      else await updateProject(tx, actor, { id, ownerId: value }, now);
      break;
    case 'opportunity':
      if (field !== 'ownerId') throw refuse();
      await updateOpportunity(tx, actor, { id, ownerId: value }, now);
      break;
    case 'contact':
      if (field !== 'ownerId') throw refuse();
      await updateContact(tx, actor, { id, ownerId: value }, now);
      break;
  }
  return field === 'ownerId' ? 'Owner changed' : `${settableFieldLabels[field]} set to ${value}`;
}

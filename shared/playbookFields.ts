// The "set a field" playbook step: which fields each kind of record lets a playbook set, and the values each takes.
// Pure, so the editor offers exactly these and saving refuses anything else with the field named. (A deal's next
// step is its own step, setNextStep; the owner is any active user, checked against the users when saving.)
import { caseStatuses, healthStatuses, leadStatuses, projectStatuses } from './enums';

export const settableFields = ['status', 'healthStatus', 'ownerId'] as const;
export type SettableField = (typeof settableFields)[number];
export const settableFieldLabels: Record<SettableField, string> = { status: 'Status', healthStatus: 'Health', ownerId: 'Owner' };

/** Record types as playbooks name them (shared/schemas/playbooks.ts playbookRecordTypes). */
type RecordType = 'opportunity' | 'lead' | 'project' | 'case' | 'contact';

/** Each record type's settable fields and their allowed values (null: any active user, the owner). */
export const settableFieldsOf: Record<RecordType, Partial<Record<SettableField, readonly string[] | null>>> = {
  // 'Converted' is set only by converting the lead.
  lead: { status: leadStatuses.filter((s) => s !== 'Converted'), ownerId: null },
  case: { status: caseStatuses, ownerId: null },
  project: { status: projectStatuses, healthStatus: healthStatuses, ownerId: null },
  opportunity: { ownerId: null },
  contact: { ownerId: null },
};

const recordNoun: Record<RecordType, string> = { opportunity: 'deal', lead: 'lead', project: 'project', case: 'case', contact: 'contact' };

/**
 * What is wrong with setting `field` to `value` on a record of this type: the problem and which input it is on
 * (`field` or `value`), or null when it is allowed. An owner's value is checked against the users separately.
 */
export function setFieldProblem(recordType: RecordType, field: string, value: string): { on: 'field' | 'value'; message: string } | null {
  const fields = settableFieldsOf[recordType];
  if (!(field in fields)) {
    const allowed = Object.keys(fields).map((f) => settableFieldLabels[f as SettableField].toLowerCase());
    return { on: 'field', message: `A ${recordNoun[recordType]} has no field "${field}" a playbook can set: choose ${allowed.join(' or ')}` };
  }
  const values = fields[field as SettableField];
  if (values === null || values === undefined) return value.trim() ? null : { on: 'value', message: 'Choose an owner' };
  if (!values.includes(value)) {
    const label = settableFieldLabels[field as SettableField].toLowerCase();
    return { on: 'value', message: `"${value}" is not a ${recordNoun[recordType]} ${label}: choose one of ${values.join(', ')}` };
  }
  return null;
}

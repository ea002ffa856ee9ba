// A "set a field" step: which field (those the record type lets a playbook set) and its new value, offered from
// the field's allowed values or the active users. Saving checks the same lists (shared/playbookFields.ts).
import { settableFieldLabels, settableFieldsOf, type SettableField } from '../../../../shared/playbookFields';
import type { PlaybookAction, PlaybookRecordType } from '../../../../shared/schemas/playbooks';
import { SelectField } from '../FormField';
import { useUsers } from '../OwnerSelect';

type SetField = Extract<PlaybookAction, { type: 'setField' }>;

/** The first field the record type offers, with no value yet: what a new step starts as. */
export function blankSetField(recordType: PlaybookRecordType): SetField {
  const field = (Object.keys(settableFieldsOf[recordType])[0] ?? 'ownerId') as SettableField;
  return { type: 'setField', field, value: '' };
}

export function SetFieldEditor({
  id,
  action,
  recordType,
  disabled,
  err,
  onChange,
}: {
  id: (f: string) => string;
  action: SetField;
  recordType: PlaybookRecordType;
  disabled: boolean;
  err: (f: string) => string | undefined;
  onChange: (a: SetField) => void;
}) {
  const users = useUsers();
  const fields = settableFieldsOf[recordType];
  const values = fields[action.field];
  const fieldOptions = Object.keys(fields).map((f) => ({ value: f, label: settableFieldLabels[f as SettableField] }));
  // A field the record type does not have (the trigger changed) stays shown so its error can be read.
  if (!(action.field in fields)) fieldOptions.push({ value: action.field, label: settableFieldLabels[action.field] });
  const valueOptions = values
    ? values.map((v) => ({ value: v, label: v }))
    : (users.data ?? []).filter((u) => u.active || u.id === action.value).map((u) => ({ value: u.id, label: u.name }));
  return (
    <div className="playbook-step__grid">
      <SelectField
        id={id('field')}
        name={id('field')}
        label="Field"
        disabled={disabled}
        value={action.field}
        options={fieldOptions}
        error={err('field')}
        onChange={(v) => onChange({ ...action, field: v as SettableField, value: '' })}
      />
      <SelectField
        id={id('value')}
        name={id('value')}
        label={values === null ? 'New owner' : `New ${settableFieldLabels[action.field].toLowerCase()}`}
        required
        disabled={disabled || (values === null && users.isPending)}
        value={action.value}
        placeholder={values === null && users.isPending ? 'Loading people…' : 'Choose…'}
        options={valueOptions}
        error={err('value')}
        onChange={(v) => onChange({ ...action, value: v })}
      />
    </div>
  );
}

// A form field whose values come from an admin-managed picklist. A record's current value that is no longer
// offered (deactivated, or from before the list) stays selectable, so opening and saving a form never drops it.
import type { Picklist } from '../../../shared/schemas/picklists';
import { usePicklistValues } from '../lib/picklists';
import type { FieldBinding } from '../lib/useZodForm';
import { FilterSelect } from './FilterBar';
import { SelectField } from './FormField';

export function PicklistField({ picklist, label, hint, ...binding }: FieldBinding & { picklist: Picklist; label: string; hint?: string }) {
  const values = usePicklistValues(picklist);
  const current = binding.value;
  const options = values.map((v) => ({ value: v, label: v }));
  if (current && !values.some((v) => v.toLowerCase() === current.toLowerCase())) {
    options.push({ value: current, label: `${current} (not on the list)` });
  }
  return <SelectField label={label} hint={hint} placeholder="—" options={options} {...binding} />;
}

/** A list filter on a picklist's values. */
export function PicklistFilter({
  picklist,
  label,
  allLabel,
  value,
  onChange,
}: {
  picklist: Picklist;
  label: string;
  allLabel: string;
  value: string;
  onChange: (value: string) => void;
}) {
  const values = usePicklistValues(picklist);
  return <FilterSelect label={label} allLabel={allLabel} value={value} onChange={onChange} options={values.map((v) => ({ value: v, label: v }))} />;
}

// One filter of the builder: field, operator and a value input that fits the field's kind.
import { useState } from 'react';
import { filterOperatorLabels, operatorsByKind, type ReportEntity, reportField } from '../../../../shared/reportFields';
import type { ReportFilter } from '../../../../shared/schemas/reports';
import { useSession } from '../../lib/session';
import { useUsers } from '../OwnerSelect';
import { fieldsOf, initialValue, newFilter } from './definition';

interface Props {
  entity: ReportEntity;
  index: number;
  filter: ReportFilter;
  errors: Record<string, string[]>;
  onChange: (filter: ReportFilter) => void;
  onRemove: () => void;
}

export function FilterRow({ entity, index, filter, errors, onChange, onRemove }: Props) {
  const field = reportField(entity, filter.field);
  const id = `report-filter-${index}`;
  const fieldError = errors[`filters.${index}.field`]?.[0];
  const opError = errors[`filters.${index}.op`]?.[0];
  const valueError = errors[`filters.${index}.value`]?.[0];
  const error = fieldError ?? opError ?? valueError;
  return (
    <div className={`report-filter${error ? ' report-filter--invalid' : ''}`} role="group" aria-label={`Filter ${index + 1}`}>
      <div className="report-filter__controls">
        <select
          className="input select"
          aria-label={`Filter ${index + 1} field`}
          value={filter.field}
          aria-invalid={fieldError ? true : undefined}
          onChange={(e) => onChange(newFilter(entity, e.target.value))}
        >
          {!field && <option value={filter.field}>{filter.field}</option>}
          {fieldsOf(entity).map((f) => (
            <option key={f.key} value={f.key}>
              {f.label}
            </option>
          ))}
        </select>
        {field && (
          <select
            className="input select"
            aria-label={`Filter ${index + 1} operator`}
            value={filter.op}
            aria-invalid={opError ? true : undefined}
            onChange={(e) => {
              const op = e.target.value as ReportFilter['op'];
              onChange({ ...filter, op, value: initialValue(field, op) });
            }}
          >
            {operatorsByKind[field.kind].map((op) => (
              <option key={op} value={op}>
                {filterOperatorLabels[op]}
              </option>
            ))}
          </select>
        )}
        <button type="button" className="btn btn--ghost btn--sm" aria-label={`Remove filter ${index + 1}`} onClick={onRemove}>
          ×
        </button>
      </div>
      {field && <ValueInput id={id} index={index} filter={filter} invalid={!!valueError} onChange={(value) => onChange({ ...filter, value })} entity={entity} />}
      {error && (
        <div className="field__error" id={`${id}-error`}>
          {error}
        </div>
      )}
    </div>
  );
}

/** Free-text values, comma-separated; the text is kept as typed so a trailing comma stays while typing. */
function CommaList({ label, value, onChange, ...rest }: { label: string; value: string[]; onChange: (v: string[]) => void; className: string }) {
  const [text, setText] = useState(value.join(', '));
  return (
    <input
      {...rest}
      type="text"
      aria-label={label}
      placeholder="Values, comma-separated"
      value={text}
      onChange={(e) => {
        setText(e.target.value);
        onChange(e.target.value.split(',').map((v) => v.trim()).filter(Boolean));
      }}
    />
  );
}

function ValueInput({
  id,
  index,
  filter,
  entity,
  invalid,
  onChange,
}: {
  id: string;
  index: number;
  filter: ReportFilter;
  entity: ReportEntity;
  invalid: boolean;
  onChange: (value: ReportFilter['value']) => void;
}) {
  const field = reportField(entity, filter.field)!;
  const me = useSession();
  const users = useUsers();
  const label = `Filter ${index + 1} value`;
  const common = { className: 'input', 'aria-invalid': invalid ? true : undefined, 'aria-describedby': invalid ? `${id}-error` : undefined } as const;
  const { op, value } = filter;
  if (op === 'isEmpty' || op === 'isNotEmpty') return null;

  if (op === 'inLastDays' || op === 'inNextDays') {
    return (
      <label className="report-filter__days">
        <input {...common} type="number" min={1} max={3650} aria-label={`${label} (days)`} value={String(value ?? '')} onChange={(e) => onChange(e.target.value === '' ? '' : Number(e.target.value))} />
        <span>days</span>
      </label>
    );
  }

  if (field.kind === 'enum' && (op === 'in' || op === 'notIn')) {
    const chosen = new Set(Array.isArray(value) ? value.map(String) : []);
    return (
      <div className="report-filter__options" role="group" aria-label={label}>
        {field.options!.map((o) => (
          <label key={o} className="report-chip-check">
            <input
              type="checkbox"
              checked={chosen.has(o)}
              onChange={(e) => {
                const next = new Set(chosen);
                if (e.target.checked) next.add(o);
                else next.delete(o);
                onChange(field.options!.filter((x) => next.has(x)));
              }}
            />
            <span>{o}</span>
          </label>
        ))}
      </div>
    );
  }

  if (field.kind === 'enum') {
    return (
      <select {...common} className="input select" aria-label={label} value={String(value ?? '')} onChange={(e) => onChange(e.target.value)}>
        <option value="">Choose…</option>
        {field.options!.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
    );
  }

  if (field.kind === 'user') {
    const people = [{ id: 'me', name: `Me (${me.name})` }, ...(users.data ?? []).filter((u) => u.active && u.id !== me.id)];
    if (op === 'in' || op === 'notIn') {
      const chosen = new Set(Array.isArray(value) ? value.map(String) : []);
      return (
        <div className="report-filter__options" role="group" aria-label={label}>
          {people.map((u) => (
            <label key={u.id} className="report-chip-check">
              <input
                type="checkbox"
                checked={chosen.has(u.id)}
                onChange={(e) => {
                  const next = new Set(chosen);
                  if (e.target.checked) next.add(u.id);
                  else next.delete(u.id);
                  onChange([...next]);
                }}
              />
              <span>{u.name}</span>
            </label>
          ))}
        </div>
      );
    }
    return (
      <select {...common} className="input select" aria-label={label} value={String(value ?? 'me')} onChange={(e) => onChange(e.target.value)}>
        {people.map((u) => (
          <option key={u.id} value={u.id}>
            {u.name}
          </option>
        ))}
      </select>
    );
  }

  if (field.kind === 'boolean') {
    return (
      <select {...common} className="input select" aria-label={label} value={String(value ?? true)} onChange={(e) => onChange(e.target.value === 'true')}>
        <option value="true">Yes</option>
        <option value="false">No</option>
      </select>
    );
  }

  const type = field.kind === 'date' || field.kind === 'datetime' ? 'date' : field.kind === 'number' || field.kind === 'money' ? 'number' : 'text';
  const numeric = (v: string) => (type === 'number' && v !== '' && field.kind === 'number' ? Number(v) : v);
  if (op === 'between') {
    const [from = '', to = ''] = Array.isArray(value) ? value.map(String) : [];
    return (
      <div className="report-filter__between">
        <input {...common} type={type} aria-label={`${label} (from)`} value={from} step={field.kind === 'money' ? '0.01' : undefined} onChange={(e) => onChange([numeric(e.target.value), numeric(to)] as string[])} />
        <span>and</span>
        <input {...common} type={type} aria-label={`${label} (to)`} value={to} step={field.kind === 'money' ? '0.01' : undefined} onChange={(e) => onChange([numeric(from), numeric(e.target.value)] as string[])} />
      </div>
    );
  }
  if (op === 'in' || op === 'notIn') {
    return <CommaList {...common} label={`${label} (comma-separated)`} value={Array.isArray(value) ? value.map(String) : []} onChange={onChange} />;
  }
  return (
    <input
      {...common}
      type={type}
      aria-label={label}
      value={String(value ?? '')}
      step={field.kind === 'money' ? '0.01' : undefined}
      onChange={(e) => onChange(numeric(e.target.value) as string)}
    />
  );
}

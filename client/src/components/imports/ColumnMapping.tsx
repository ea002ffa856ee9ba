// The "columns -> fields" step of a new import: one row per field we can fill, the file's column feeding it
// and that column's first value. Controlled: the page owns the mapping, so anything that proposes one (the
// server's alias table, later a suggestion button) only has to call onChange with a whole mapping.
import type { RouterOutputs } from '../../trpc';

type Preview = RouterOutputs['imports']['preview'];
export type ImportMapping = Record<string, string>;

export function ColumnMapping({
  fields,
  columns,
  firstRow,
  mapping,
  problems,
  onChange,
  emptyLabel = '— not imported —',
}: {
  fields: Preview['fields'];
  columns: string[];
  firstRow: string[] | undefined;
  mapping: ImportMapping;
  problems: Record<string, string>;
  onChange: (next: ImportMapping) => void;
  /** The choice for "no column" (a file analysis uses no column rather than imports none). */
  emptyLabel?: string;
}) {
  const setField = (field: string, column: string) => {
    const next = { ...mapping };
    if (column) next[field] = column;
    else delete next[field];
    onChange(next);
  };
  return (
    <table className="table table--compact mapping-table">
      <thead>
        <tr>
          <th>Field</th>
          <th>Column in the file</th>
          <th>First value</th>
        </tr>
      </thead>
      <tbody>
        {fields.map((f) => {
          const column = mapping[f.key] ?? '';
          const first = column ? firstRow?.[columns.indexOf(column)] : '';
          return (
            <tr key={f.key}>
              <td>
                {f.label}
                {f.required && <span className="text-danger"> *</span>}
              </td>
              <td>
                <select className="input input--sm select" aria-label={`Column for ${f.label}`} value={column} onChange={(e) => setField(f.key, e.target.value)}>
                  <option value="">{emptyLabel}</option>
                  {columns.map((c) => (
                    <option key={c} value={c}>
                      {c}
                    </option>
                  ))}
                </select>
                {problems[f.key] && <div className="field__error">{problems[f.key]}</div>}
              </td>
              <td className="preview-cell muted-text">{first || '—'}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

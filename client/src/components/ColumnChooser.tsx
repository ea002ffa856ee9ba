// Which columns a list shows. The hidden ones live in the URL (`hide`, so a saved view keeps them and its link
// restores them) and, for the list's default (no saved view open), in localStorage.
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import type { Column } from './DataTable';

const NONE = 'none';
const storageKey = (list: string) => `tru.columns.${list}`;

function readStored(list: string): string | null {
  try {
    return localStorage.getItem(storageKey(list));
  } catch {
    return null;
  }
}

/** The hidden column keys of a list, and a setter that writes the URL and (outside a saved view) localStorage. */
export function useHiddenColumns(list: string): [Set<string>, (next: Set<string>) => void] {
  const [params, setParams] = useSearchParams();
  const raw = params.get('hide') ?? readStored(list) ?? NONE;
  // Held here too: the router applies URL changes in a transition, and a checkbox must follow the click at once.
  const [value, setValue] = useState(raw);
  useEffect(() => setValue(raw), [raw]);
  const hidden = new Set(value === NONE ? [] : value.split('.'));
  const set = (next: Set<string>) => {
    const value = next.size === 0 ? NONE : [...next].join('.');
    setValue(value);
    if (!params.get('view')) {
      try {
        localStorage.setItem(storageKey(list), value);
      } catch {
        // Private mode: the URL still holds it.
      }
    }
    setParams(
      (prev) => {
        const p = new URLSearchParams(prev);
        p.set('hide', value);
        return p;
      },
      { replace: true },
    );
  };
  return [hidden, set];
}

/** A "Columns" menu of checkboxes; the first column (the record's name) always shows. */
export function ColumnChooser<T>({ columns, hidden, onChange }: { columns: Column<T>[]; hidden: Set<string>; onChange: (next: Set<string>) => void }) {
  return (
    <details className="column-chooser">
      <summary className="btn btn--secondary">Columns</summary>
      <fieldset className="column-chooser__menu">
        <legend className="visually-hidden">Columns shown</legend>
        {columns.slice(1).map((c) => (
          <label key={c.key} className="column-chooser__item">
            <input
              type="checkbox"
              // Not the bare header: "Stage" is also the list's filter.
              aria-label={`Show ${c.header}`}
              checked={!hidden.has(c.key)}
              onChange={(e) => {
                const next = new Set(hidden);
                if (e.target.checked) next.delete(c.key);
                else next.add(c.key);
                onChange(next);
              }}
            />
            {c.header}
          </label>
        ))}
      </fieldset>
    </details>
  );
}

// A list cell the user may edit in place: click it (or focus it and press Enter) to edit, Enter saves, Esc
// cancels. The save sends the row's version, so an edit made on an old copy is refused; the server's
// message for the field is shown in the cell, which stays in edit mode until it saves or is cancelled.
import { type KeyboardEvent, type ReactNode, useEffect, useRef, useState } from 'react';
import { errorMessage, serverFieldErrors } from '../lib/errors';
import type { Column } from './DataTable';

export interface InlineEdit<T> {
  /** The input's field, as the server names it in field errors. */
  field: string;
  label: string;
  input: 'text' | 'number' | 'date' | { options: readonly { value: string; label: string }[] };
  /** The input's starting value. */
  value: (row: T) => string;
  /** Sends the new value (and the row's version); rejects with the server's error. */
  save: (row: T, value: string) => Promise<unknown>;
}

export function EditableCell<T>({ row, edit, children }: { row: T; edit: InlineEdit<T>; children: ReactNode }) {
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const cellRef = useRef<HTMLDivElement>(null);
  const inputRef = useRef<HTMLInputElement & HTMLSelectElement>(null);

  useEffect(() => {
    if (editing) inputRef.current?.focus();
  }, [editing]);

  const start = () => {
    setDraft(edit.value(row));
    setError(null);
    setEditing(true);
  };
  const stop = () => {
    setEditing(false);
    setError(null);
    // Keyboard users keep their place in the table.
    requestAnimationFrame(() => cellRef.current?.focus());
  };
  const save = async (value = draft) => {
    if (value === edit.value(row)) return stop();
    setSaving(true);
    try {
      await edit.save(row, value);
      stop();
    } catch (e) {
      // Another field's rule (a stage that needs a loss reason) is still this edit's reason.
      const fields = serverFieldErrors(e);
      setError(fields[edit.field]?.[0] ?? Object.values(fields)[0]?.[0] ?? errorMessage(e));
    } finally {
      setSaving(false);
    }
  };
  const onKey = (e: KeyboardEvent) => {
    e.stopPropagation();
    if (e.key === 'Enter') {
      e.preventDefault();
      void save();
    } else if (e.key === 'Escape') {
      e.preventDefault();
      stop();
    }
  };

  if (!editing) {
    return (
      <div
        ref={cellRef}
        className="cell-editable"
        role="button"
        tabIndex={0}
        title={`Edit ${edit.label.toLowerCase()}`}
        onClick={(e) => {
          if ((e.target as HTMLElement).closest('a')) return;
          e.stopPropagation();
          start();
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter' || e.key === 'F2') {
            e.preventDefault();
            e.stopPropagation();
            start();
          }
        }}
      >
        {/* The name says what the cell edits and keeps the value it shows (screen readers and axe alike). */}
        <span className="visually-hidden">Edit {edit.label}: </span>
        {children}
      </div>
    );
  }

  const common = {
    ref: inputRef,
    'aria-label': edit.label,
    'aria-invalid': error ? true : undefined,
    disabled: saving,
    onKeyDown: onKey,
    onClick: (e: { stopPropagation: () => void }) => e.stopPropagation(),
    className: `input input--sm${typeof edit.input === 'object' ? ' select' : ''}`,
  };
  return (
    <div className="cell-editing">
      {typeof edit.input === 'object' ? (
        <select
          {...common}
          value={draft}
          // A choice is the edit: it saves at once, as Enter would.
          onChange={(e) => {
            setDraft(e.target.value);
            void save(e.target.value);
          }}
          onBlur={() => !saving && !error && stop()}
        >
          {withCurrent(edit.input.options, edit.value(row)).map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      ) : (
        <input
          {...common}
          type={edit.input}
          step={edit.input === 'number' ? 'any' : undefined}
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          onBlur={() => !saving && !error && draft === edit.value(row) && stop()}
        />
      )}
      {error && (
        <span className="field__error cell-error" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}

/** A list's columns with the inline edits of some of them (the edits need the page's hooks, the columns don't). */
/** A row's value that is no longer offered (a deactivated picklist value) stays selectable, as in the forms. */
function withCurrent(options: readonly { value: string; label: string }[], current: string) {
  return current && !options.some((o) => o.value === current) ? [...options, { value: current, label: `${current} (not on the list)` }] : options;
}

export function withEdits<T>(columns: Column<T>[], edits: Partial<Record<string, InlineEdit<NoInfer<T>>>>): Column<T>[] {
  return columns.map((c) => (edits[c.key] ? { ...c, edit: edits[c.key] } : c));
}

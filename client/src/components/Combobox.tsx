// A searchable select (ARIA combobox): type to search the server, arrows to move, Enter to pick, Escape to close.
import { type KeyboardEvent, type ReactNode, useEffect, useId, useRef, useState } from 'react';
import { describedBy, FieldFrame } from './FormField';

export interface ComboOption {
  value: string;
  label: string;
  detail?: string;
}

export function Combobox({
  id,
  name,
  value,
  onChange,
  error,
  label,
  hint,
  required,
  disabled,
  placeholder = 'Search…',
  options,
  loading,
  selectedLabel,
  onSearch,
  emptyText = 'No matches',
  footer,
}: {
  id: string;
  name: string;
  value: string;
  onChange: (value: string, option?: ComboOption) => void;
  error?: string;
  label: string;
  hint?: ReactNode;
  required?: boolean;
  disabled?: boolean;
  placeholder?: string;
  options: ComboOption[];
  loading?: boolean;
  /** The label of the current value (the options may not contain it). */
  selectedLabel: string | null | undefined;
  onSearch: (text: string) => void;
  emptyText?: string;
  footer?: ReactNode;
}) {
  const listId = useId();
  const [open, setOpen] = useState(false);
  const [text, setText] = useState('');
  const [active, setActive] = useState(0);
  const inputRef = useRef<HTMLInputElement>(null);

  // The server's answer may still be for an earlier search: only offer what matches what is typed now.
  const needle = text.trim().toLowerCase();
  const visible = needle
    ? options.filter((o) => `${o.label} ${o.detail ?? ''}`.toLowerCase().includes(needle))
    : options;

  useEffect(() => setActive(0), [options, needle]);

  const close = () => {
    setOpen(false);
    setText('');
    onSearch('');
  };

  const pick = (option: ComboOption | undefined) => {
    if (!option) return;
    onChange(option.value, option);
    close();
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      if (!open) setOpen(true);
      else setActive((a) => Math.min(a + 1, visible.length - 1));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((a) => Math.max(a - 1, 0));
    } else if (e.key === 'Enter') {
      if (open) {
        e.preventDefault();
        pick(visible[active]);
      }
    } else if (e.key === 'Escape') {
      if (open) {
        // Close the list, not the dialog around it.
        e.preventDefault();
        e.stopPropagation();
        close();
      }
    } else if (e.key === 'Tab') {
      if (open) close();
    }
  };

  const shown = open ? text : (selectedLabel ?? (value ? '…' : ''));
  const activeId = open && visible[active] ? `${listId}-${active}` : undefined;

  return (
    <FieldFrame id={id} label={label} error={error} hint={hint} required={required}>
      <div className="combobox">
        <input
          ref={inputRef}
          id={id}
          name={name}
          className="input combobox__input"
          role="combobox"
          aria-expanded={open}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={activeId}
          aria-invalid={error ? true : undefined}
          aria-required={required || undefined}
          aria-describedby={describedBy(id, error, hint)}
          autoComplete="off"
          disabled={disabled}
          placeholder={open ? placeholder : value ? undefined : placeholder}
          value={shown}
          onChange={(e) => {
            setText(e.target.value);
            onSearch(e.target.value);
            setOpen(true);
          }}
          // Opens on click or typing, not on focus: focus moved to an invalid field must leave its error visible.
          onClick={() => setOpen(true)}
          onBlur={() => close()}
          onKeyDown={onKeyDown}
        />
        {value && !required && !disabled && (
          <button
            type="button"
            className="combobox__clear icon-btn icon-btn--sm"
            aria-label="Clear selection"
            title={`Clear ${label.toLowerCase()}`}
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => {
              onChange('');
              inputRef.current?.focus();
            }}
          >
            ×
          </button>
        )}
        {open && (
          <ul className="combobox__list" id={listId} role="listbox" aria-label="Suggestions">
            {loading && visible.length === 0 && <li className="combobox__empty">Searching…</li>}
            {!loading && visible.length === 0 && <li className="combobox__empty">{emptyText}</li>}
            {visible.map((o, i) => (
              <li
                key={o.value}
                id={`${listId}-${i}`}
                role="option"
                aria-selected={o.value === value}
                className={`combobox__option${i === active ? ' combobox__option--active' : ''}${o.value === value ? ' combobox__option--selected' : ''}`}
                onMouseDown={(e) => e.preventDefault()}
                onMouseEnter={() => setActive(i)}
                onClick={() => pick(o)}
              >
                <span>{o.label}</span>
                {o.detail && <span className="combobox__detail">{o.detail}</span>}
              </li>
            ))}
            {footer}
          </ul>
        )}
      </div>
    </FieldFrame>
  );
}

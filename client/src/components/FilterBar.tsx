// The row above a list: a debounced search box, owner and status selects, bound to the URL's search params.
import { type ReactNode, useEffect, useId, useRef, useState } from 'react';
import { useDebouncedValue } from '../lib/useDebouncedValue';
import { Button } from './Button';
import type { Option } from './FormField';
import { Icon } from './Icon';
import { OwnerFilter } from './OwnerSelect';

export function SearchInput({
  value,
  onChange,
  placeholder = 'Search…',
  label = 'Search',
}: {
  value: string;
  onChange: (value: string) => void;
  placeholder?: string;
  label?: string;
}) {
  const [text, setText] = useState(value);
  const debounced = useDebouncedValue(text, 300);
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;

  // The URL changed from outside (clear filters, back button): show it.
  useEffect(() => setText(value), [value]);
  // Only a settled edit is pushed to the URL; `value` is left out so a URL change does not echo back.
  useEffect(() => {
    if (debounced !== value) onChangeRef.current(debounced);
  }, [debounced]);

  return (
    <div className="search-input">
      <span className="search-input__icon" aria-hidden="true">
        <Icon name="search" size={14} />
      </span>
      <input
        type="search"
        className="input input--sm"
        aria-label={label}
        placeholder={placeholder}
        value={text}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape' && text) {
            e.preventDefault();
            setText('');
          }
        }}
      />
    </div>
  );
}

export function FilterSelect({
  label,
  value,
  onChange,
  options,
  allLabel,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  options: Option[];
  allLabel: string;
}) {
  const id = useId();
  return (
    <div className="filter-select">
      <label htmlFor={id} className="visually-hidden">
        {label}
      </label>
      <select id={id} className="input input--sm select" value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">{allLabel}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

export function FilterBar({
  search,
  onSearch,
  searchPlaceholder,
  ownerId,
  onOwner,
  hasFilters,
  onClear,
  children,
}: {
  search: string;
  onSearch: (value: string) => void;
  searchPlaceholder?: string;
  ownerId?: string;
  onOwner?: (value: string) => void;
  hasFilters?: boolean;
  onClear?: () => void;
  /** More selects (status, priority …). */
  children?: ReactNode;
}) {
  return (
    <div className="filter-bar" role="search">
      <SearchInput value={search} onChange={onSearch} placeholder={searchPlaceholder} />
      {onOwner && <OwnerFilter value={ownerId ?? ''} onChange={onOwner} />}
      {children}
      {hasFilters && onClear && (
        <Button variant="ghost" size="sm" onClick={onClear}>
          Clear filters
        </Button>
      )}
    </div>
  );
}

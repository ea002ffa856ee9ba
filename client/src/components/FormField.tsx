// Labelled form controls: the label names the input, the error sits under it and is announced with it.
import type { ReactNode } from 'react';
import type { CheckboxBinding, FieldBinding, FormSummaryState } from '../lib/useZodForm';

interface FieldFrameProps {
  id: string;
  label: string;
  error?: string;
  hint?: ReactNode;
  required?: boolean;
  className?: string;
  children: ReactNode;
}

export function describedBy(id: string, error?: string, hint?: ReactNode): string | undefined {
  const ids = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

/** The hint under a field, or its error in place of the hint; `describedBy` names them for the input. */
function FieldMessages({ id, error, hint }: { id: string; error?: string; hint?: ReactNode }) {
  return (
    <>
      {hint && !error && (
        <div className="field__hint" id={`${id}-hint`}>
          {hint}
        </div>
      )}
      {error && (
        <div className="field__error" id={`${id}-error`}>
          {error}
        </div>
      )}
    </>
  );
}

export function FieldFrame({ id, label, error, hint, required, className, children }: FieldFrameProps) {
  return (
    <div className={`field${error ? ' field--invalid' : ''}${className ? ` ${className}` : ''}`}>
      {/* The required mark is drawn by CSS so the label's text stays exactly the field's name. */}
      <label className={`field__label${required ? ' field__label--required' : ''}`} htmlFor={id}>
        {label}
      </label>
      {children}
      <FieldMessages id={id} error={error} hint={hint} />
    </div>
  );
}

type BaseProps = FieldBinding & {
  label: string;
  hint?: ReactNode;
  required?: boolean;
  disabled?: boolean;
  className?: string;
};

export function TextField({
  id,
  name,
  value,
  onChange,
  error,
  label,
  hint,
  required,
  disabled,
  className,
  type = 'text',
  placeholder,
  autoComplete,
  autoFocus,
  min,
  max,
  step,
  inputMode,
}: BaseProps & {
  type?: 'text' | 'email' | 'password' | 'number' | 'date' | 'datetime-local' | 'url' | 'tel' | 'search';
  placeholder?: string;
  autoComplete?: string;
  autoFocus?: boolean;
  min?: number | string;
  max?: number | string;
  step?: number | string;
  inputMode?: 'decimal' | 'numeric' | 'text' | 'email' | 'url' | 'tel';
}) {
  return (
    <FieldFrame id={id} label={label} error={error} hint={hint} required={required} className={className}>
      <input
        id={id}
        name={name}
        className="input"
        type={type}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        placeholder={placeholder}
        autoComplete={autoComplete}
        autoFocus={autoFocus}
        disabled={disabled}
        min={min}
        max={max}
        step={step}
        inputMode={inputMode}
        aria-invalid={error ? true : undefined}
        aria-required={required || undefined}
        aria-describedby={describedBy(id, error, hint)}
      />
    </FieldFrame>
  );
}

export interface Option {
  value: string;
  label: string;
}

/** Options from a list of strings (enums). */
export const optionsOf = (values: readonly string[]): Option[] => values.map((v) => ({ value: v, label: v }));

export function SelectField({
  id,
  name,
  value,
  onChange,
  error,
  label,
  hint,
  required,
  disabled,
  className,
  options,
  placeholder,
}: BaseProps & { options: Option[]; placeholder?: string }) {
  return (
    <FieldFrame id={id} label={label} error={error} hint={hint} required={required} className={className}>
      <select
        id={id}
        name={name}
        className="input select"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        disabled={disabled}
        aria-invalid={error ? true : undefined}
        aria-required={required || undefined}
        aria-describedby={describedBy(id, error, hint)}
      >
        {placeholder !== undefined && <option value="">{placeholder}</option>}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldFrame>
  );
}

export function TextareaField({
  id,
  name,
  value,
  onChange,
  error,
  label,
  hint,
  required,
  disabled,
  className,
  rows = 4,
  placeholder,
}: BaseProps & { rows?: number; placeholder?: string }) {
  return (
    <FieldFrame id={id} label={label} error={error} hint={hint} required={required} className={className}>
      <textarea
        id={id}
        name={name}
        className="input textarea"
        value={value}
        rows={rows}
        placeholder={placeholder}
        onChange={(e) => onChange(e.target.value)}
        disabled={disabled}
        aria-invalid={error ? true : undefined}
        aria-required={required || undefined}
        aria-describedby={describedBy(id, error, hint)}
      />
    </FieldFrame>
  );
}

export function CheckboxField({
  id,
  name,
  checked,
  onChange,
  error,
  label,
  hint,
  disabled,
}: CheckboxBinding & { label: string; hint?: ReactNode; disabled?: boolean }) {
  return (
    <div className={`field field--checkbox${error ? ' field--invalid' : ''}`}>
      <label className="checkbox" htmlFor={id}>
        <input
          id={id}
          name={name}
          type="checkbox"
          checked={checked}
          disabled={disabled}
          onChange={(e) => onChange(e.target.checked)}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy(id, error, hint)}
        />
        <span>{label}</span>
      </label>
      <FieldMessages id={id} error={error} hint={hint} />
    </div>
  );
}

/** A field's visible label, for naming it in the summary. */
function labelOf(id: string, fallback: string): string {
  if (typeof document === 'undefined') return fallback;
  return document.querySelector(`label[for="${CSS.escape(id)}"]`)?.textContent?.trim() || fallback;
}

/**
 * Beside the submit button: why the save did not happen. The form's own message (a refusal, a conflict)
 * and the fields that need attention, each a button that takes the focus there; the fields show their
 * own messages in place.
 */
export function FormSummary({ summary }: { summary: FormSummaryState }) {
  const { message, fields } = summary;
  if (!message && fields.length === 0) return null;
  return (
    <div className="form-summary" role="alert">
      {message && <span className="form-summary__message">{message}</span>}
      {fields.length > 0 && (
        <span className="form-summary__fields">
          {fields.length === 1 ? 'Check ' : `Check ${fields.length} fields: `}
          {fields.map((f, i) => (
            <span key={f.name}>
              {i > 0 && ', '}
              <button type="button" className="link-btn" onClick={() => document.getElementById(f.id)?.focus()}>
                {labelOf(f.id, f.name)}
              </button>
            </span>
          ))}
        </span>
      )}
    </div>
  );
}

/** Save / Cancel row at the bottom of a form. */
export function FormActions({ children }: { children: ReactNode }) {
  return <div className="form-actions">{children}</div>;
}

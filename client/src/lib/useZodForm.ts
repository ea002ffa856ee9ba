// Form state for a zod schema shared with the server: validate on submit, show the server's field errors too.
import { type FormEvent, useCallback, useId, useRef, useState } from 'react';
import { z } from 'zod';
import { errorMessage, serverFieldErrors } from './errors';

type FieldErrors = Record<string, string[]>;

/** What a field component needs: spread it onto TextField, SelectField, TextareaField or a picker. */
export interface FieldBinding {
  id: string;
  name: string;
  value: string;
  onChange: (value: string) => void;
  error?: string;
}

export interface CheckboxBinding {
  id: string;
  name: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  error?: string;
}

// Zod's default "expected number, received null" reads badly beside an empty field.
const clientErrorMap: z.core.$ZodErrorMap = (issue) =>
  issue.code === 'invalid_type' && (issue.input === undefined || issue.input === null || issue.input === '')
    ? 'This field is required'
    : undefined;

/**
 * Field errors keyed by the last name in each issue's path, so a nested input (a dialog that sends
 * { createOpportunity: { amount } }) can still bind a flat field named "amount".
 */
function issuesByField(error: z.ZodError): { fieldErrors: FieldErrors; formErrors: string[] } {
  const fieldErrors: FieldErrors = {};
  const formErrors: string[] = [];
  for (const issue of error.issues) {
    const key = [...issue.path].reverse().find((p): p is string => typeof p === 'string');
    if (key) (fieldErrors[key] ??= []).push(issue.message);
    else formErrors.push(issue.message);
  }
  return { fieldErrors, formErrors };
}

/** What the summary beside the submit button shows: the form's own message and the fields to fix. */
export interface FormSummaryState {
  message: string | null;
  fields: { name: string; id: string }[];
}

export interface SubmitHelpers {
  /** Show a server error: its field errors beside their fields, the rest above the form. */
  setServerError: (error: unknown) => void;
}

export function useZodForm<S extends z.ZodType<unknown, Record<string, unknown>>>(
  schema: S,
  initialValues: Partial<z.input<S>>,
) {
  const formId = useId();
  const [values, setValues] = useState<Record<string, unknown>>(initialValues as Record<string, unknown>);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  // Names rendered by this form: a server error on any other field is shown above the form instead.
  const bound = useRef(new Set<string>());

  const fieldId = useCallback((name: string) => `${formId}-${name}`, [formId]);

  const setValue = useCallback((name: string, value: unknown) => {
    setValues((v) => ({ ...v, [name]: value }));
    setErrors((e) => {
      if (!e[name]) return e;
      const { [name]: _removed, ...rest } = e;
      return rest;
    });
  }, []);

  const showErrors = useCallback(
    (fieldErrors: FieldErrors, fallback: string | null) => {
      const unplaced = Object.entries(fieldErrors)
        .filter(([name]) => !bound.current.has(name))
        .map(([name, messages]) => `${name}: ${messages[0]}`);
      setErrors(fieldErrors);
      setFormError(unplaced.length > 0 ? unplaced.join(' ') : fallback);
      const first = Object.keys(fieldErrors).find((name) => bound.current.has(name));
      if (first) requestAnimationFrame(() => document.getElementById(fieldId(first))?.focus());
    },
    [fieldId],
  );

  const setServerError = useCallback(
    (error: unknown) => {
      const fields = serverFieldErrors(error);
      const placed = Object.keys(fields).some((name) => bound.current.has(name));
      showErrors(fields, placed ? null : errorMessage(error));
    },
    [showErrors],
  );

  const handleSubmit = useCallback(
    (onValid: (data: z.output<S>, helpers: SubmitHelpers) => Promise<unknown> | unknown) =>
      async (event?: FormEvent) => {
        event?.preventDefault();
        if (submitting) return;
        const parsed = schema.safeParse(values, { error: clientErrorMap });
        if (!parsed.success) {
          const { fieldErrors, formErrors } = issuesByField(parsed.error);
          showErrors(fieldErrors, formErrors[0] ?? null);
          return;
        }
        setErrors({});
        setFormError(null);
        setSubmitting(true);
        try {
          await onValid(parsed.data, { setServerError });
        } catch (error) {
          setServerError(error);
        } finally {
          setSubmitting(false);
        }
      },
    [schema, values, submitting, showErrors, setServerError],
  );

  const common = (name: string) => {
    bound.current.add(name);
    return { id: fieldId(name), name, error: errors[name]?.[0] };
  };

  /** Text: stored as typed; the schema trims and turns '' into null where the field is optional. */
  const text = (name: string): FieldBinding => ({
    ...common(name),
    value: values[name] == null ? '' : String(values[name]),
    onChange: (v) => setValue(name, v),
  });

  /** Number input: '' is stored as null so an edit can clear it. */
  const number = (name: string): FieldBinding => ({
    ...common(name),
    value: values[name] == null ? '' : String(values[name]),
    onChange: (v) => setValue(name, v.trim() === '' ? null : Number.isNaN(Number(v)) ? v : Number(v)),
  });

  /** A select or picker of record ids: the option value is the id as a string. */
  const recordId = (name: string): FieldBinding => ({
    ...common(name),
    value: values[name] == null ? '' : String(values[name]),
    onChange: (v) => setValue(name, v === '' ? null : Number(v)),
  });

  /** A select whose '' option means "none" (stored as null). */
  const choice = (name: string): FieldBinding => ({
    ...common(name),
    value: values[name] == null ? '' : String(values[name]),
    onChange: (v) => setValue(name, v === '' ? null : v),
  });

  const checkbox = (name: string): CheckboxBinding => ({
    ...common(name),
    checked: Boolean(values[name]),
    onChange: (checked) => setValue(name, checked),
  });

  const reset = useCallback((next: Partial<z.input<S>>) => {
    setValues(next as Record<string, unknown>);
    setErrors({});
    setFormError(null);
  }, []);

  // Fields shown by this form that have an error, in the order they were bound (the order on screen).
  const invalidFields = [...bound.current].filter((name) => errors[name]).map((name) => ({ name, id: fieldId(name) }));
  const summary: FormSummaryState = { message: formError, fields: invalidFields };

  return {
    values: values as Partial<z.input<S>>,
    summary,
    setValue,
    errors,
    formError,
    submitting,
    handleSubmit,
    setServerError,
    reset,
    text,
    number,
    recordId,
    choice,
    checkbox,
  };
}

/** The binders a shared fields component needs, whatever the form's schema (create or update). */
export interface FormBinders {
  values: Record<string, unknown>;
  setValue: (name: string, value: unknown) => void;
  text: (name: string) => FieldBinding;
  number: (name: string) => FieldBinding;
  recordId: (name: string) => FieldBinding;
  choice: (name: string) => FieldBinding;
  checkbox: (name: string) => CheckboxBinding;
}

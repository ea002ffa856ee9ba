// The frame of a create/edit screen: the header, the form card, and the Cancel / save row under the fields
// with the summary of what stopped a save beside the button.
import type { FormEvent, ReactNode } from 'react';
import { useNavigate } from 'react-router';
import { Button } from './Button';
import { FormActions, FormSummary } from './FormField';
import { FormCard } from './FormPage';
import { type Crumb, PageHeader } from './PageHeader';
import type { FormSummaryState } from '../lib/useZodForm';

export function RecordForm({
  title,
  crumbs,
  form,
  onSubmit,
  submitLabel,
  cancelTo,
  formLabel,
  notice,
  children,
}: {
  title: string;
  crumbs: Crumb[];
  /** The useZodForm state the banner and the save button show. */
  form: { summary: FormSummaryState; submitting: boolean };
  onSubmit: (event: FormEvent) => void;
  submitLabel: string;
  /** Where Cancel goes; back to the previous screen when not set. */
  cancelTo?: string;
  /** The form's accessible name, where the form should be a named landmark. */
  formLabel?: string;
  /** A message above the error banner (a save conflict with its way out). */
  notice?: ReactNode;
  children: ReactNode;
}) {
  const navigate = useNavigate();
  return (
    <>
      <PageHeader title={title} crumbs={crumbs} />
      <FormCard>
        <form onSubmit={onSubmit} noValidate className="form" aria-label={formLabel}>
          {notice}
          {children}
          <FormActions>
            <FormSummary summary={form.summary} />
            <Button onClick={() => (cancelTo === undefined ? navigate(-1) : navigate(cancelTo))}>Cancel</Button>
            <Button type="submit" variant="primary" pending={form.submitting}>
              {submitLabel}
            </Button>
          </FormActions>
        </form>
      </FormCard>
    </>
  );
}

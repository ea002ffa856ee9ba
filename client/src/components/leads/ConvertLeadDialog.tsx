// Convert a qualified lead: a new or existing account, a contact, and optionally an opportunity, in one step.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { openStages } from '../../../../shared/stages';
import { leadConvert } from '../../../../shared/schemas/leads';
import { errorCode } from '../../lib/errors';
import { useZodForm } from '../../lib/useZodForm';
import { type RouterOutputs, useTRPC } from '../../trpc';
import { Button } from '../Button';
import { Dialog } from '../Dialog';
import { CheckboxField, FormSummary, optionsOf, SelectField, TextField } from '../FormField';
import { AccountPicker } from '../RecordPickers';
import { useToast } from '../Toaster';

type Lead = RouterOutputs['leads']['getById'];


/** The dialog's flat fields, shaped into leads.convert's input and checked by its schema. */
function convertForm(lead: Lead) {
  return z
    .object({
      accountMode: z.enum(['new', 'existing']),
      accountName: z.string().optional(),
      accountId: z.number().nullish(),
      withOpportunity: z.boolean(),
      opportunityName: z.string().optional(),
      amount: z.unknown(),
      closeDate: z.unknown(),
      stage: z.unknown(),
    })
    .superRefine((v, ctx) => {
      if (v.accountMode === 'existing' && !v.accountId) {
        ctx.addIssue({ code: 'custom', path: ['accountId'], message: 'Choose the account to add them to' });
      }
    })
    // Values are checked by leadConvert itself in the pipe below.
    .transform((v) => ({
      id: lead.id,
      version: lead.version,
      accountId: v.accountMode === 'existing' ? v.accountId : null,
      accountName: v.accountMode === 'new' ? v.accountName : undefined,
      createOpportunity: v.withOpportunity
        ? { opportunityName: v.opportunityName, amount: v.amount, closeDate: v.closeDate, stage: v.stage }
        : undefined,
    }) as z.input<typeof leadConvert>)
    .pipe(leadConvert);
}

export function ConvertLeadDialog({ lead, open, onClose }: { lead: Lead; open: boolean; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const form = useZodForm(convertForm(lead), {
    accountMode: 'new',
    accountName: lead.company,
    accountId: null,
    withOpportunity: true,
    opportunityName: `${lead.company} – new business`,
    amount: '',
    closeDate: '',
    stage: 'Discovery',
  });
  const convert = useMutation(trpc.leads.convert.mutationOptions());
  const mode = form.values.accountMode;
  const withOpportunity = Boolean(form.values.withOpportunity);

  const onSubmit = form.handleSubmit(async (input) => {
    let converted;
    try {
      converted = await convert.mutateAsync(input);
    } catch (error) {
      // Converted or changed by someone else meanwhile: reload the lead so the page shows what happened.
      if (errorCode(error) === 'CONFLICT') void queryClient.invalidateQueries(trpc.leads.getById.queryFilter({ id: lead.id }));
      throw error;
    }
    queryClient.setQueryData(trpc.leads.getById.queryKey({ id: lead.id }), converted);
    await Promise.all([
      queryClient.invalidateQueries(trpc.leads.pathFilter()),
      queryClient.invalidateQueries(trpc.accounts.pathFilter()),
      queryClient.invalidateQueries(trpc.contacts.pathFilter()),
      queryClient.invalidateQueries(trpc.opportunities.pathFilter()),
    ]);
    toast.success('Lead converted');
    onClose();
  });

  return (
    <Dialog
      open={open}
      onClose={onClose}
      width={560}
      title="Convert lead"
      description={`${lead.firstName} ${lead.lastName} becomes a contact. Choose their account, and open a deal if there is one.`}
    >
      <form onSubmit={onSubmit} noValidate className="form" aria-label="Convert lead">
        <div role="radiogroup" aria-label="Account" className="choice-cards">
          <label className="choice-card">
            <input
              type="radio"
              name="accountMode"
              value="new"
              checked={mode === 'new'}
              onChange={() => form.setValue('accountMode', 'new')}
            />
            <span>
              <span className="choice-card__title">Create a new account</span>
              <br />
              <span className="choice-card__detail">From the lead’s company</span>
            </span>
          </label>
          <label className="choice-card">
            <input
              type="radio"
              name="accountMode"
              value="existing"
              checked={mode === 'existing'}
              onChange={() => form.setValue('accountMode', 'existing')}
            />
            <span>
              <span className="choice-card__title">Add to an existing account</span>
              <br />
              <span className="choice-card__detail">The company is already a customer or prospect</span>
            </span>
          </label>
        </div>
        {mode === 'new' ? (
          <TextField label="Account name" required {...form.text('accountName')} />
        ) : (
          <AccountPicker label="Existing account" required {...form.recordId('accountId')} />
        )}
        <CheckboxField label="Also create an opportunity" {...form.checkbox('withOpportunity')} />
        {withOpportunity && (
          <div className="subform">
            <TextField label="Opportunity name" required {...form.text('opportunityName')} />
            <div className="form-row">
              <TextField label="Amount" inputMode="decimal" placeholder="25000" {...form.text('amount')} />
              <TextField label="Close date" type="date" {...form.text('closeDate')} />
              <SelectField label="Stage" options={optionsOf(openStages)} {...form.choice('stage')} />
            </div>
          </div>
        )}
        <div className="form-actions">
          <FormSummary summary={form.summary} />
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="primary" pending={form.submitting}>
            Convert lead
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

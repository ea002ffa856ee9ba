// The one-click fix of a result, in place: the field(s) its rule's fix changes, sent to hygiene.applyFix.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { hygieneFixFields } from '../../../../shared/hygiene';
import { lossReasons } from '../../../../shared/winLoss';
import { errorMessage, serverFieldErrors } from '../../lib/errors';
import { toDateInput } from '../../lib/format';
import { useTRPC } from '../../trpc';
import { Button } from '../Button';
import { SelectField, TextareaField, TextField, optionsOf } from '../FormField';
import { OwnerField } from '../OwnerSelect';
import { ContactPicker } from '../RecordPickers';
import { useToast } from '../Toaster';

type Fields = Record<string, string>;

const fieldsOf: Record<string, readonly string[]> = hygieneFixFields;

export const fixLabels: Record<string, string> = {
  closeDate: 'Set close date',
  nextStep: 'Write next step',
  economicBuyer: 'Pick economic buyer',
  champion: 'Pick champion',
  lossReason: 'Set loss reason',
  identifiedPain: 'Write identified pain',
  decisionCriteria: 'Write decision criteria',
  decisionProcess: 'Write decision process',
  paperProcess: 'Write paper process',
  owner: 'Reassign',
  amount: 'Set amount',
  probability: 'Reset probability to the stage default',
};

const textLabels: Record<string, string> = {
  identifiedPain: 'Identified pain',
  decisionCriteria: 'Decision criteria',
  decisionProcess: 'Decision process',
  paperProcess: 'Paper process',
};

function toInput(fix: string, values: Fields): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of fieldsOf[fix] ?? []) {
    const v = values[key] ?? '';
    out[key] = key.endsWith('ContactId') ? (v ? Number(v) : null) : v;
  }
  return out;
}

export function FixForm({
  resultId,
  fix,
  accountId,
  onDone,
  onCancel,
}: {
  resultId: number;
  fix: string;
  accountId: number | null;
  onDone: () => void;
  onCancel: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const base = useId();
  const [values, setValues] = useState<Fields>({});
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const apply = useMutation(trpc.hygiene.applyFix.mutationOptions());
  const bind = (name: string) => ({
    id: `${base}-${name}`,
    name,
    value: values[name] ?? '',
    onChange: (v: string) => setValues((prev) => ({ ...prev, [name]: v })),
    error: errors[name]?.[0],
  });

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setErrors({});
    setFormError(null);
    try {
      await apply.mutateAsync({ resultId, fields: toInput(fix, values) });
      // The deal changed and its results with it.
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: trpc.hygiene.pathKey() }),
        queryClient.invalidateQueries({ queryKey: trpc.opportunities.pathKey() }),
      ]);
      toast.success('Fixed');
      onDone();
    } catch (error) {
      const fields = serverFieldErrors(error);
      setErrors(fields);
      if (Object.keys(fields).length === 0) setFormError(errorMessage(error));
    }
  };

  const today = toDateInput(new Date());
  return (
    <form className="fix-form" onSubmit={submit} aria-label={fixLabels[fix]} noValidate>
      {fix === 'closeDate' && <TextField {...bind('closeDate')} type="date" label="New close date" min={today} required autoFocus />}
      {fix === 'nextStep' && (
        <>
          <TextField {...bind('nextStep')} label="Next step" required autoFocus />
          <TextField {...bind('nextStepDate')} type="date" label="By" min={today} required />
        </>
      )}
      {(fix === 'economicBuyer' || fix === 'champion') && (
        <ContactPicker
          {...bind(fix === 'economicBuyer' ? 'economicBuyerContactId' : 'championContactId')}
          label={fix === 'economicBuyer' ? 'Economic buyer' : 'Champion'}
          accountId={accountId}
          required
        />
      )}
      {fix === 'lossReason' && <SelectField {...bind('lossReason')} label="Loss reason" options={optionsOf(lossReasons)} placeholder="Choose…" required />}
      {textLabels[fix] && <TextareaField {...bind(fix)} label={textLabels[fix]!} required />}
      {fix === 'owner' && <OwnerField {...bind('ownerId')} label="New owner" />}
      {fix === 'amount' && <TextField {...bind('amount')} label="Amount" inputMode="decimal" required autoFocus />}
      {fix === 'probability' && <p className="muted-text">The deal's probability goes back to its stage's default.</p>}
      {formError && (
        <p className="fix-form__error" role="alert">
          {formError}
        </p>
      )}
      <div className="fix-form__actions">
        <Button type="submit" variant="primary" size="sm" pending={apply.isPending}>
          {fix === 'probability' ? 'Reset' : 'Save fix'}
        </Button>
        <Button size="sm" variant="ghost" onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </form>
  );
}

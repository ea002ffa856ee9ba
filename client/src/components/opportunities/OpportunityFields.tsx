// The fields of the opportunity form, shared by create and edit (each validates with its own shared schema).
import { useQuery } from '@tanstack/react-query';
import { forecastCategories, isOpenStage, type Stage, stageDefaults, stages } from '../../../../shared/stages';
import { fullName } from '../../lib/format';
import type { FieldBinding, FormBinders } from '../../lib/useZodForm';
import { useTRPC } from '../../trpc';
import { SelectField, TextareaField, TextField } from '../FormField';
import { PicklistField } from '../PicklistField';
import { FormSection } from '../FormPage';
import { OwnerField } from '../OwnerSelect';
import { AccountPicker } from '../RecordPickers';
import { lossReasons } from '../../../../shared/winLoss';

const stageOptions = stages.map((s) => ({ value: s, label: `${s} — ${stageDefaults[s].probability}%` }));

/** Economic buyer / champion: only people at the deal's account qualify (the server checks it too). */
export function AccountContactSelect({
  accountId,
  fallbackLabel,
  ...props
}: FieldBinding & { label: string; hint?: string; accountId: number | null; fallbackLabel?: string | null }) {
  const trpc = useTRPC();
  const contacts = useQuery({
    ...trpc.contacts.listByAccount.queryOptions({ accountId: accountId ?? 0, limit: 200 }),
    enabled: accountId !== null,
  });
  const items = contacts.data?.items ?? [];
  const options = items.map((c) => ({ value: String(c.id), label: c.title ? `${fullName(c)} — ${c.title}` : fullName(c) }));
  // Keep the saved pick visible while the list loads (or if it holds more than one page).
  if (props.value && !options.some((o) => o.value === props.value)) {
    options.unshift({ value: props.value, label: fallbackLabel ?? (contacts.isPending ? 'Loading…' : `Contact #${props.value}`) });
  }
  const hint =
    accountId === null
      ? 'Choose the account first.'
      : contacts.isSuccess && items.length === 0
        ? 'This account has no contacts yet.'
        : props.hint;
  return (
    <SelectField
      {...props}
      hint={hint}
      options={options}
      placeholder="None"
      disabled={accountId === null || (contacts.isPending && !props.value)}
    />
  );
}

export function OpportunityFields({
  form,
  hasLineItems = false,
  contactNames = {},
}: {
  form: FormBinders;
  hasLineItems?: boolean;
  /** Names of the saved economic buyer / champion, shown before the account's contacts load. */
  contactNames?: { economicBuyer?: string | null; champion?: string | null };
}) {
  const stage = (form.values.stage as Stage | undefined) ?? 'Prospecting';
  const defaults = stageDefaults[stage];
  const closed = !isOpenStage(stage);
  const accountId = typeof form.values.accountId === 'number' ? form.values.accountId : null;

  const account = form.recordId('accountId');
  // An empty probability / category means "follow the stage": not sent, so it must be undefined, not null.
  const probability = form.number('probability');
  const category = form.choice('forecastCategory');
  const owner = form.text('ownerId');

  return (
    <>
      <FormSection title="Deal">
        <TextField label="Opportunity name" required autoFocus {...form.text('opportunityName')} />
        <AccountPicker
          label="Account"
          required
          {...account}
          error={account.error && !accountId ? 'Choose an account' : account.error}
          onChange={(v) => {
            // The buyer and champion belong to the old account: clear them.
            if (v !== account.value) {
              form.setValue('economicBuyerContactId', null);
              form.setValue('championContactId', null);
            }
            account.onChange(v);
          }}
        />
        <SelectField label="Stage" hint="The percentage is the stage's default probability." options={stageOptions} {...form.text('stage')} />
        <OwnerField {...owner} onChange={(v) => form.setValue('ownerId', v === '' ? undefined : v)} />
        <TextField
          label="Amount"
          inputMode="decimal"
          placeholder="0.00"
          disabled={hasLineItems}
          hint={hasLineItems ? 'Comes from the line items: change those on the deal page.' : 'In USD, up to 2 decimals.'}
          {...form.text('amount')}
        />
        <TextField label="Close date" type="date" {...form.text('closeDate')} />
      </FormSection>

      <FormSection title="Forecast and next step">
        <TextField
          label="Probability %"
          type="number"
          min={0}
          max={100}
          step={1}
          placeholder={`${defaults.probability} (stage default)`}
          disabled={closed}
          hint={
            closed
              ? `${stage} is always ${defaults.probability}%.`
              : `Empty follows the stage (${defaults.probability}%); another value is kept as your override.`
          }
          {...probability}
          onChange={(v) => form.setValue('probability', v.trim() === '' ? undefined : Number.isNaN(Number(v)) ? v : Number(v))}
        />
        <SelectField
          label="Forecast category"
          options={forecastCategories.map((c) => ({ value: c, label: c }))}
          placeholder={`Follow the stage (${defaults.forecastCategory})`}
          disabled={closed}
          {...category}
          onChange={(v) => form.setValue('forecastCategory', v === '' ? undefined : v)}
        />
        <TextField label="Next step" placeholder="Send the security questionnaire" {...form.text('nextStep')} />
        <TextField label="Next step date" type="date" {...form.text('nextStepDate')} />
      </FormSection>

      <div id="meddic">
        <FormSection title="MEDDIC" description="Qualification: what the customer gains, who decides and how, and who is on your side.">
          <AccountContactSelect
            label="Economic buyer"
            hint="Who signs off the budget."
            accountId={accountId}
            fallbackLabel={contactNames.economicBuyer}
            {...form.recordId('economicBuyerContactId')}
          />
          <AccountContactSelect
            label="Champion"
            hint="Who sells for you inside the account."
            accountId={accountId}
            fallbackLabel={contactNames.champion}
            {...form.recordId('championContactId')}
          />
          <TextareaField label="Metrics" rows={2} placeholder="Quantified gain, e.g. cut onboarding time by 40%" {...form.text('metrics')} />
          <TextareaField label="Identified pain" rows={2} {...form.text('identifiedPain')} />
          <TextareaField label="Decision criteria" rows={2} {...form.text('decisionCriteria')} />
          <TextareaField label="Decision process" rows={2} {...form.text('decisionProcess')} />
          <TextareaField label="Paper process" rows={2} placeholder="Legal, procurement, signatures" {...form.text('paperProcess')} />
          <PicklistField picklist="competitor" label="Main competitor" hint="Who else is in the deal" {...form.text('competitor')} />
          <TextareaField label="How we win against them" rows={2} placeholder="Optional notes on the competition" {...form.text('competition')} />
        </FormSection>
      </div>

      <FormSection title="Outcome">
        <LossReasonField form={form} required={stage === 'Closed Lost'} />
      </FormSection>
    </>
  );
}

function LossReasonField({ form, required }: { form: FormBinders; required: boolean }) {
  return (
    <TextField
      label="Loss reason"
      required={required}
      hint={required ? `Required for Closed Lost, e.g. ${lossReasons.slice(0, 3).join(', ')}.` : 'Only for lost deals.'}
      {...form.text('lossReason')}
    />
  );
}

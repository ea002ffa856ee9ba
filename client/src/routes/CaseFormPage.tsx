// Create or edit a case (/cases/new?accountId=&contactId=, /cases/:id/edit).
import { useMutation, useQuery } from '@tanstack/react-query';
import { useParams, useSearchParams } from 'react-router';
import { casePriorities, caseStatuses } from '../../../shared/enums';
import { caseCreate, caseUpdate } from '../../../shared/schemas/cases';
import { optionsOf, SelectField, TextareaField, TextField } from '../components/FormField';
import { FormSection } from '../components/FormPage';
import { OwnerField } from '../components/OwnerSelect';
import { CannotEdit } from '../components/ReadOnlyNotice';
import { RecordForm } from '../components/RecordForm';
import { AccountPicker, ContactPicker } from '../components/RecordPickers';
import { DetailSkeleton, ErrorState } from '../components/States';
import { changedOnly, pick } from '../lib/changes';
import { toDateTimeInput } from '../lib/format';
import { idParam, parseId } from '../lib/records';
import { canWrite, useSession } from '../lib/session';
import { useAfterSave } from '../lib/useAfterSave';
import { type FormBinders, useZodForm } from '../lib/useZodForm';
import { type RouterOutputs, useTRPC } from '../trpc';

type Case = RouterOutputs['cases']['getById'];

const fields = ['accountId', 'contactId', 'subject', 'description', 'status', 'priority', 'ownerId'] as const;

function CaseFields({ form, isNew }: { form: FormBinders; isNew: boolean }) {
  const accountId = (form.values.accountId as number | null | undefined) ?? null;
  const account = form.recordId('accountId');
  const sla = form.text('slaDueAt');
  return (
    <>
      <FormSection title="Issue">
        <TextField label="Subject" required autoFocus className="field--wide" {...form.text('subject')} />
        <TextareaField label="Description" rows={5} {...form.text('description')} />
        <AccountPicker
          label="Account"
          required
          {...account}
          onChange={(v) => {
            account.onChange(v);
            form.setValue('contactId', null);
          }}
        />
        <ContactPicker
          label="Contact"
          hint={accountId ? 'Someone at this account.' : 'Choose the account first.'}
          accountId={accountId}
          disabled={accountId === null}
          {...form.recordId('contactId')}
        />
      </FormSection>
      <FormSection title="Handling">
        <SelectField label="Priority" options={optionsOf(casePriorities)} {...form.choice('priority')} />
        <SelectField label="Status" options={optionsOf(caseStatuses)} {...form.choice('status')} />
        <TextField
          label="SLA due"
          type="datetime-local"
          hint={
            isNew
              ? 'Leave empty for the priority’s default: Urgent 4h, High 8h, Medium 24h, Low 72h.'
              : 'A priority change moves a default due time; one set by hand stays.'
          }
          {...sla}
          onChange={(v) => form.setValue('slaDueAt', v === '' ? undefined : v)}
        />
        <OwnerField {...form.text('ownerId')} />
      </FormSection>
    </>
  );
}

function NewCaseForm() {
  const trpc = useTRPC();
  const afterSave = useAfterSave();
  const me = useSession();
  const [params] = useSearchParams();
  const form = useZodForm(caseCreate, {
    subject: '',
    accountId: idParam(params, 'accountId') ?? undefined,
    contactId: idParam(params, 'contactId'),
    status: 'New',
    priority: 'Medium',
    ownerId: me.id,
  });
  const create = useMutation(trpc.cases.create.mutationOptions());
  const onSubmit = form.handleSubmit(async (input) => {
    const c = await create.mutateAsync(input);
    await afterSave({ refresh: trpc.cases.pathFilter(), message: `Case ${c.caseNumber} opened`, open: `/cases/${c.id}` });
  });
  return (
    <RecordForm
      title="New case"
      crumbs={[{ label: 'Cases', to: '/cases' }]}
      form={form}
      onSubmit={onSubmit}
      submitLabel="Open case"
    >
      <CaseFields form={form} isNew />
    </RecordForm>
  );
}

function EditCaseForm({ c }: { c: Case }) {
  const trpc = useTRPC();
  const afterSave = useAfterSave();
  const initial = { id: c.id, version: c.version, ...pick(c, fields), slaDueAt: toDateTimeInput(c.slaDueAt) };
  const form = useZodForm(caseUpdate, initial);
  const update = useMutation(trpc.cases.update.mutationOptions());
  const onSubmit = form.handleSubmit(async (input) => {
    const saved = await update.mutateAsync(changedOnly(input, initial) as typeof input);
    await afterSave({ refresh: trpc.cases.pathFilter(), message: 'Case saved', open: `/cases/${saved.id}` });
  });
  return (
    <RecordForm
      title={`Edit ${c.caseNumber}`}
      crumbs={[
        { label: 'Cases', to: '/cases' },
        { label: c.caseNumber, to: `/cases/${c.id}` },
      ]}
      form={form}
      onSubmit={onSubmit}
      submitLabel="Save changes"
      cancelTo={`/cases/${c.id}`}
    >
      <CaseFields form={form} isNew={false} />
    </RecordForm>
  );
}

export default function CaseFormPage() {
  const trpc = useTRPC();
  const me = useSession();
  const params = useParams();
  const id = parseId(params.id);
  const c = useQuery({ ...trpc.cases.getById.queryOptions({ id: id ?? 0 }), enabled: id !== null, staleTime: 0 });
  if (params.id === undefined) return <NewCaseForm />;
  if (id === null) return <ErrorState error={{ data: { code: 'NOT_FOUND' }, message: 'Case not found' }} />;
  if (c.isPending) return <DetailSkeleton />;
  if (c.isError) return <ErrorState error={c.error} onRetry={() => void c.refetch()} />;
  if (!canWrite(me, c.data.ownerId)) {
    return (
      <CannotEdit
        what="case"
        name={`Case ${c.data.caseNumber}`}
        viewTo={`/cases/${c.data.id}`}
        listTo="/cases"
        listLabel="Cases"
        ownerId={c.data.ownerId}
        ownerName={c.data.ownerName}
      />
    );
  }
  return <EditCaseForm key={`${c.data.id}:${c.data.version}`} c={c.data} />;
}

// Create or edit a lead (/leads/new, /leads/:id/edit).
import { useMutation, useQuery } from '@tanstack/react-query';
import { useParams } from 'react-router';
import { leadStatuses } from '../../../shared/enums';
import { leadCreate, leadUpdate } from '../../../shared/schemas/leads';
import { optionsOf, SelectField, TextField } from '../components/FormField';
import { PicklistField } from '../components/PicklistField';
import { FormSection } from '../components/FormPage';
import { OwnerField } from '../components/OwnerSelect';
import { CannotEdit } from '../components/ReadOnlyNotice';
import { RecordForm } from '../components/RecordForm';
import { DetailSkeleton, ErrorState } from '../components/States';
import { changedOnly, pick } from '../lib/changes';
import { fullName } from '../lib/format';
import { parseId } from '../lib/records';
import { canWrite, useSession } from '../lib/session';
import { useAfterSave } from '../lib/useAfterSave';
import { type FormBinders, useZodForm } from '../lib/useZodForm';
import { type RouterOutputs, useTRPC } from '../trpc';

type Lead = RouterOutputs['leads']['getById'];

const fields = [
  'firstName',
  'lastName',
  'company',
  'title',
  'email',
  'phone',
  'industry',
  'employees',
  'region',
  'leadSource',
  'status',
  'ownerId',
] as const;

// Converted is reached only through Convert.
const statusOptions = optionsOf(leadStatuses.filter((s) => s !== 'Converted'));

function LeadFields({ form, converted = false }: { form: FormBinders; converted?: boolean }) {
  return (
    <>
      <FormSection title="Person">
        <TextField label="First name" required autoFocus autoComplete="off" {...form.text('firstName')} />
        <TextField label="Last name" required autoComplete="off" {...form.text('lastName')} />
        <TextField label="Email" type="email" autoComplete="off" {...form.text('email')} />
        <TextField label="Phone" type="tel" autoComplete="off" {...form.text('phone')} />
        <TextField label="Title" placeholder="Head of Operations" {...form.text('title')} />
      </FormSection>
      <FormSection title="Company">
        <TextField label="Company" required {...form.text('company')} />
        <PicklistField picklist="industry" label="Industry" {...form.text('industry')} />
        <TextField label="Employees" type="number" min={0} step={1} inputMode="numeric" {...form.number('employees')} />
        <PicklistField picklist="region" label="Region" {...form.text('region')} />
      </FormSection>
      <FormSection title="Qualification">
        <PicklistField picklist="leadSource" label="Lead source" {...form.text('leadSource')} />
        {converted ? (
          <SelectField
            label="Status"
            options={[{ value: 'Converted', label: 'Converted' }]}
            id="lead-status-converted"
            name="status"
            value="Converted"
            onChange={() => undefined}
            disabled
            hint="A converted lead keeps this status."
          />
        ) : (
          <SelectField label="Status" options={statusOptions} {...form.choice('status')} />
        )}
        <OwnerField {...form.text('ownerId')} />
      </FormSection>
    </>
  );
}

function NewLeadForm() {
  const trpc = useTRPC();
  const afterSave = useAfterSave();
  const me = useSession();
  const form = useZodForm(leadCreate, { firstName: '', lastName: '', company: '', status: 'New', ownerId: me.id });
  const create = useMutation(trpc.leads.create.mutationOptions());
  const onSubmit = form.handleSubmit(async (input) => {
    const lead = await create.mutateAsync(input);
    await afterSave({ refresh: trpc.leads.pathFilter(), message: `Lead “${fullName(lead)}” created`, open: `/leads/${lead.id}` });
  });
  return (
    <RecordForm
      title="New lead"
      crumbs={[{ label: 'Leads', to: '/leads' }]}
      form={form}
      onSubmit={onSubmit}
      submitLabel="Create lead"
    >
      <LeadFields form={form} />
    </RecordForm>
  );
}

function EditLeadForm({ lead }: { lead: Lead }) {
  const trpc = useTRPC();
  const afterSave = useAfterSave();
  const converted = lead.status === 'Converted';
  const { status, ...rest } = pick(lead, fields);
  const initial = {
    id: lead.id,
    version: lead.version,
    ...rest,
    ...(status === 'Converted' ? {} : { status }),
  };
  const form = useZodForm(leadUpdate, initial);
  const update = useMutation(trpc.leads.update.mutationOptions());
  const onSubmit = form.handleSubmit(async (input) => {
    const saved = await update.mutateAsync(changedOnly(input, initial) as typeof input);
    await afterSave({ refresh: trpc.leads.pathFilter(), message: 'Lead saved', open: `/leads/${saved.id}` });
  });
  return (
    <RecordForm
      title={`Edit ${fullName(lead)}`}
      crumbs={[
        { label: 'Leads', to: '/leads' },
        { label: fullName(lead), to: `/leads/${lead.id}` },
      ]}
      form={form}
      onSubmit={onSubmit}
      submitLabel="Save changes"
      cancelTo={`/leads/${lead.id}`}
    >
      <LeadFields form={form} converted={converted} />
    </RecordForm>
  );
}

export default function LeadFormPage() {
  const trpc = useTRPC();
  const me = useSession();
  const params = useParams();
  const id = parseId(params.id);
  const lead = useQuery({ ...trpc.leads.getById.queryOptions({ id: id ?? 0 }), enabled: id !== null, staleTime: 0 });
  if (params.id === undefined) return <NewLeadForm />;
  if (id === null) return <ErrorState error={{ data: { code: 'NOT_FOUND' }, message: 'Lead not found' }} />;
  if (lead.isPending) return <DetailSkeleton />;
  if (lead.isError) return <ErrorState error={lead.error} onRetry={() => void lead.refetch()} />;
  if (!canWrite(me, lead.data.ownerId)) {
    return (
      <CannotEdit
        what="lead"
        name={fullName(lead.data)}
        viewTo={`/leads/${lead.data.id}`}
        listTo="/leads"
        listLabel="Leads"
        ownerId={lead.data.ownerId}
        ownerName={lead.data.ownerName}
      />
    );
  }
  return <EditLeadForm key={`${lead.data.id}:${lead.data.version}`} lead={lead.data} />;
}

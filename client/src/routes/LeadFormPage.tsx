// Create or edit a lead (/leads/new, /leads/:id/edit).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useParams } from 'react-router';
import { leadStatuses } from '../../../shared/enums';
import { leadCreate, leadUpdate } from '../../../shared/schemas/leads';
import { Button } from '../components/Button';
import { FormActions, FormError, optionsOf, SelectField, TextField } from '../components/FormField';
import { FormCard, FormSection } from '../components/FormPage';
import { OwnerField } from '../components/OwnerSelect';
import { PageHeader } from '../components/PageHeader';
import { DetailSkeleton, ErrorState } from '../components/States';
import { useToast } from '../components/Toaster';
import { changedOnly, pick } from '../lib/changes';
import { fullName } from '../lib/format';
import { parseId } from '../lib/records';
import { useSession } from '../lib/session';
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
        <TextField label="Industry" {...form.text('industry')} />
        <TextField label="Employees" type="number" min={0} step={1} inputMode="numeric" {...form.number('employees')} />
        <TextField label="Region" {...form.text('region')} />
      </FormSection>
      <FormSection title="Qualification">
        <TextField label="Lead source" placeholder="Webinar, Referral…" {...form.text('leadSource')} />
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
  const navigate = useNavigate();
  const toast = useToast();
  const queryClient = useQueryClient();
  const me = useSession();
  const form = useZodForm(leadCreate, { firstName: '', lastName: '', company: '', status: 'New', ownerId: me.id });
  const create = useMutation(trpc.leads.create.mutationOptions());
  const onSubmit = form.handleSubmit(async (input) => {
    const lead = await create.mutateAsync(input);
    await queryClient.invalidateQueries(trpc.leads.pathFilter());
    toast.success(`Lead “${fullName(lead)}” created`);
    navigate(`/leads/${lead.id}`);
  });
  return (
    <>
      <PageHeader title="New lead" crumbs={[{ label: 'Leads', to: '/leads' }]} />
      <FormCard>
        <form onSubmit={onSubmit} noValidate className="form">
          <FormError message={form.formError} />
          <LeadFields form={form} />
          <FormActions>
            <Button onClick={() => navigate(-1)}>Cancel</Button>
            <Button type="submit" variant="primary" pending={form.submitting}>
              Create lead
            </Button>
          </FormActions>
        </form>
      </FormCard>
    </>
  );
}

function EditLeadForm({ lead }: { lead: Lead }) {
  const trpc = useTRPC();
  const navigate = useNavigate();
  const toast = useToast();
  const queryClient = useQueryClient();
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
    await queryClient.invalidateQueries(trpc.leads.pathFilter());
    toast.success('Lead saved');
    navigate(`/leads/${saved.id}`);
  });
  return (
    <>
      <PageHeader
        title={`Edit ${fullName(lead)}`}
        crumbs={[
          { label: 'Leads', to: '/leads' },
          { label: fullName(lead), to: `/leads/${lead.id}` },
        ]}
      />
      <FormCard>
        <form onSubmit={onSubmit} noValidate className="form">
          <FormError message={form.formError} />
          <LeadFields form={form} converted={converted} />
          <FormActions>
            <Button onClick={() => navigate(`/leads/${lead.id}`)}>Cancel</Button>
            <Button type="submit" variant="primary" pending={form.submitting}>
              Save changes
            </Button>
          </FormActions>
        </form>
      </FormCard>
    </>
  );
}

export default function LeadFormPage() {
  const trpc = useTRPC();
  const params = useParams();
  const id = parseId(params.id);
  const lead = useQuery({ ...trpc.leads.getById.queryOptions({ id: id ?? 0 }), enabled: id !== null, staleTime: 0 });
  if (params.id === undefined) return <NewLeadForm />;
  if (id === null) return <ErrorState error={{ data: { code: 'NOT_FOUND' }, message: 'Lead not found' }} />;
  if (lead.isPending) return <DetailSkeleton />;
  if (lead.isError) return <ErrorState error={lead.error} onRetry={() => void lead.refetch()} />;
  return <EditLeadForm key={`${lead.data.id}:${lead.data.version}`} lead={lead.data} />;
}

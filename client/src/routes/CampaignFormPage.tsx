// Create or edit a campaign (/campaigns/new, /campaigns/:id/edit): managers and admins create; its owner,
// managers and admins edit.
import { useMutation, useQuery } from '@tanstack/react-query';
import { useParams } from 'react-router';
import { campaignCreate, campaignTypes, campaignUpdate } from '../../../shared/schemas/campaigns';
import { optionsOf, SelectField, TextField } from '../components/FormField';
import { FormSection } from '../components/FormPage';
import { OwnerField } from '../components/OwnerSelect';
import { CannotEdit, NoAccess } from '../components/ReadOnlyNotice';
import { RecordForm } from '../components/RecordForm';
import { DetailSkeleton, ErrorState } from '../components/States';
import { parseId } from '../lib/records';
import { isManagerOrAdmin, useSession } from '../lib/session';
import { useAfterSave } from '../lib/useAfterSave';
import { type FormBinders, useZodForm } from '../lib/useZodForm';
import { type RouterOutputs, useTRPC } from '../trpc';

type Campaign = RouterOutputs['campaigns']['get'];

function CampaignFields({ form }: { form: FormBinders }) {
  return (
    <>
      <FormSection title="Campaign">
        <TextField
          label="Name"
          required
          autoFocus
          hint="A web-to-lead post whose campaign field names it makes the lead a member."
          {...form.text('name')}
        />
        <SelectField label="Type" required options={optionsOf(campaignTypes)} {...form.choice('type')} />
        <TextField label="Channel" placeholder="LinkedIn, newsletter, booth…" {...form.text('channel')} />
        <OwnerField {...form.text('ownerId')} />
      </FormSection>
      <FormSection title="Dates and cost">
        <TextField label="Start date" type="date" {...form.text('startDate')} />
        <TextField label="End date" type="date" {...form.text('endDate')} />
        <TextField label="Cost" inputMode="decimal" placeholder="0.00" hint="Its return is won revenue against this." {...form.text('cost')} />
      </FormSection>
    </>
  );
}

function NewCampaignForm() {
  const trpc = useTRPC();
  const afterSave = useAfterSave();
  const me = useSession();
  const form = useZodForm(campaignCreate, { name: '', type: 'Webinar', cost: '0.00', ownerId: me.id });
  const create = useMutation(trpc.campaigns.create.mutationOptions());
  const onSubmit = form.handleSubmit(async (input) => {
    const saved = await create.mutateAsync(input);
    await afterSave({ refresh: trpc.campaigns.pathFilter(), message: `Campaign “${input.name}” created`, open: `/campaigns/${saved.id}` });
  });
  return (
    <RecordForm title="New campaign" crumbs={[{ label: 'Campaigns', to: '/campaigns' }]} form={form} onSubmit={onSubmit} submitLabel="Create campaign" formLabel="New campaign">
      <CampaignFields form={form} />
    </RecordForm>
  );
}

function EditCampaignForm({ campaign }: { campaign: Campaign }) {
  const trpc = useTRPC();
  const afterSave = useAfterSave();
  const form = useZodForm(campaignUpdate, {
    id: campaign.id,
    version: campaign.version,
    name: campaign.name,
    type: campaign.type,
    channel: campaign.channel,
    startDate: campaign.startDate,
    endDate: campaign.endDate,
    cost: campaign.cost,
    ownerId: campaign.ownerId,
  });
  const update = useMutation(trpc.campaigns.update.mutationOptions());
  const onSubmit = form.handleSubmit(async (input) => {
    await update.mutateAsync(input);
    await afterSave({ refresh: trpc.campaigns.pathFilter(), message: 'Campaign saved', open: `/campaigns/${campaign.id}` });
  });
  return (
    <RecordForm
      title={`Edit ${campaign.name}`}
      crumbs={[
        { label: 'Campaigns', to: '/campaigns' },
        { label: campaign.name, to: `/campaigns/${campaign.id}` },
      ]}
      form={form}
      onSubmit={onSubmit}
      submitLabel="Save changes"
      cancelTo={`/campaigns/${campaign.id}`}
    >
      <CampaignFields form={form} />
    </RecordForm>
  );
}

export default function CampaignFormPage() {
  const trpc = useTRPC();
  const me = useSession();
  const params = useParams();
  const id = parseId(params.id);
  const campaign = useQuery({ ...trpc.campaigns.get.queryOptions({ id: id ?? 0 }), enabled: id !== null, staleTime: 0 });
  if (params.id === undefined) return isManagerOrAdmin(me) ? <NewCampaignForm /> : <NoAccess page="New campaign" who="managers and admins" />;
  if (id === null) return <ErrorState error={{ data: { code: 'NOT_FOUND' }, message: 'Campaign not found' }} />;
  if (campaign.isPending) return <DetailSkeleton />;
  if (campaign.isError) return <ErrorState error={campaign.error} onRetry={() => void campaign.refetch()} />;
  if (!campaign.data.canEdit) {
    return (
      <CannotEdit
        what="campaign"
        name={campaign.data.name}
        viewTo={`/campaigns/${campaign.data.id}`}
        listTo="/campaigns"
        listLabel="Campaigns"
        ownerId={campaign.data.ownerId}
        ownerName={campaign.data.ownerName}
      />
    );
  }
  return <EditCampaignForm key={`${campaign.data.id}:${campaign.data.version}`} campaign={campaign.data} />;
}

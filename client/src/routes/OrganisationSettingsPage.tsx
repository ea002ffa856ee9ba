// Settings -> Organisation: the organisation's name, its own email domains, its fiscal year, lead scoring targets
// and the daily limit of playbook emails per sender. Admins edit;
// everyone else sees the values and who may change them.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { type OrganisationSettings, settingShapes } from '../../../shared/schemas/settings';
import { Button } from '../components/Button';
import { FormSection } from '../components/FormPage';
import { FormActions, FormSummary, SelectField, TextareaField, TextField } from '../components/FormField';
import { PageHeader } from '../components/PageHeader';
import { Panel, Properties } from '../components/Panel';
import { DetailSkeleton, ErrorState } from '../components/States';
import { useToast } from '../components/Toaster';
import { useSession } from '../lib/session';
import { useZodForm } from '../lib/useZodForm';
import { useTRPC } from '../trpc';

const monthNames = Array.from({ length: 12 }, (_, i) => new Date(2026, i, 1).toLocaleString(undefined, { month: 'long' }));
const monthOptions = monthNames.map((label, i) => ({ value: String(i + 1), label }));

/** The form edits domains as text, one per line (or comma-separated); the shared shape validates each. */
const organisationForm = z.object({
  organisationName: settingShapes.organisationName,
  orgDomains: z
    .string()
    .transform((text) => text.split(/[\s,]+/).filter(Boolean))
    .pipe(settingShapes.orgDomains),
  fiscalYearStartMonth: z.coerce.number().pipe(settingShapes.fiscalYearStartMonth),
  targetIndustries: z
    .string()
    .transform((text) => text.split(/\n|,/).map((v) => v.trim()).filter(Boolean))
    .pipe(settingShapes.targetIndustries),
  targetRegions: z
    .string()
    .transform((text) => text.split(/\n|,/).map((v) => v.trim()).filter(Boolean))
    .pipe(settingShapes.targetRegions),
  playbookEmailDailyLimit: z.coerce.number({ message: 'Enter a number of emails' }).pipe(settingShapes.playbookEmailDailyLimit),
});

function OrganisationForm({ settings }: { settings: OrganisationSettings }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const form = useZodForm(organisationForm, {
    organisationName: settings.organisationName,
    orgDomains: settings.orgDomains.join('\n'),
    fiscalYearStartMonth: settings.fiscalYearStartMonth,
    targetIndustries: settings.targetIndustries.join('\n'),
    targetRegions: settings.targetRegions.join('\n'),
    playbookEmailDailyLimit: settings.playbookEmailDailyLimit,
  });
  const update = useMutation(trpc.settings.update.mutationOptions());
  const onSubmit = form.handleSubmit(async (input) => {
    const saved = await update.mutateAsync(input);
    queryClient.setQueryData(trpc.settings.get.queryKey(), saved);
    form.reset({ ...input, orgDomains: saved.orgDomains.join('\n'), targetIndustries: saved.targetIndustries.join('\n'), targetRegions: saved.targetRegions.join('\n') });
    toast.success('Organisation settings saved');
  });
  return (
    <form className="form-card" onSubmit={onSubmit} noValidate>
      <FormSection title="Organisation">
        <TextField label="Name" required {...form.text('organisationName')} />
        <SelectField
          label="Fiscal year starts in"
          hint="Quarters and fiscal years in forecasts and reports count from this month."
          options={monthOptions}
          {...form.text('fiscalYearStartMonth')}
        />
      </FormSection>
      <FormSection
        title="Email domains"
        description="Your own domains. Email between addresses at these domains only is internal and never captured."
      >
        <TextareaField label="Domains" placeholder={'acme.com\nacme.co.uk'} hint="One per line." rows={4} {...form.text('orgDomains')} />
      </FormSection>
      <FormSection
        title="Lead scoring targets"
        description="A lead in a target industry gets 15 fit points, in a target region 10 (with size and seniority, fit is up to 50 of a lead's 100)."
      >
        <TextareaField label="Target industries" placeholder={'Software\nFinancial Services'} hint="One per line." rows={3} {...form.text('targetIndustries')} />
        <TextareaField label="Target regions" placeholder={'North America\nEMEA'} hint="One per line." rows={3} {...form.text('targetRegions')} />
      </FormSection>
      <FormSection
        title="Playbook email"
        description="Playbook email steps are sent through the organisation's SMTP server as the record's owner. Past this many in a day (in the owner's time zone) the rest wait for the next day."
      >
        <TextField label="Emails per sender per day" type="number" min={1} required {...form.text('playbookEmailDailyLimit')} />
      </FormSection>
      <FormActions>
        <FormSummary summary={form.summary} />
        <Button type="submit" variant="primary" pending={form.submitting}>
          Save
        </Button>
      </FormActions>
    </form>
  );
}

function OrganisationReadOnly({ settings }: { settings: OrganisationSettings }) {
  return (
    <Panel title="Organisation">
      <p className="muted-text">Only admins can change these settings.</p>
      <Properties
        items={[
          { label: 'Name', value: settings.organisationName },
          { label: 'Fiscal year starts in', value: monthNames[settings.fiscalYearStartMonth - 1] },
          { label: 'Email domains', value: settings.orgDomains.join(', ') },
          { label: 'Lead scoring: target industries', value: settings.targetIndustries.join(', ') },
          { label: 'Lead scoring: target regions', value: settings.targetRegions.join(', ') },
          { label: 'Playbook emails per sender per day', value: String(settings.playbookEmailDailyLimit) },
        ]}
      />
    </Panel>
  );
}

export default function OrganisationSettingsPage() {
  const trpc = useTRPC();
  const user = useSession();
  const query = useQuery(trpc.settings.get.queryOptions());
  return (
    <>
      <PageHeader title="Organisation" crumbs={[{ label: 'Settings', to: '/settings' }]} />
      {query.isPending ? (
        <DetailSkeleton />
      ) : query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : user.role === 'admin' ? (
        <OrganisationForm settings={query.data} />
      ) : (
        <OrganisationReadOnly settings={query.data} />
      )}
    </>
  );
}

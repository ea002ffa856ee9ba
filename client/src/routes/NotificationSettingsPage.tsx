// Settings -> Notifications: the user's digest (on/off, daily or weekly, the hour, the zone), the channels
// it goes to (email, the in-app inbox, Slack for managers), a preview sent now, and the digests sent so far.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { z } from 'zod';
import { isManagerOrAdmin } from '../../../shared/access';
import { deliveryPreferencesUpdate } from '../../../shared/schemas/delivery';
import { Badge } from '../components/Badge';
import { Button } from '../components/Button';
import { FormSection } from '../components/FormPage';
import { CheckboxField, FormActions, FormSummary, SelectField, TextField } from '../components/FormField';
import { PageHeader } from '../components/PageHeader';
import { Panel } from '../components/Panel';
import { DetailSkeleton, EmptyState, ErrorState } from '../components/States';
import { useToast } from '../components/Toaster';
import { DigestStatusBadge, channelList } from '../components/notifications/DigestStatus';
import { PipelineReviewsPanel } from '../components/notifications/PipelineReviewsPanel';
import '../components/notifications/notifications.css';
import { errorMessage } from '../lib/errors';
import { formatDateTime } from '../lib/format';
import { hourOptions } from '../lib/hours';
import { useSession } from '../lib/session';
import { useZodForm } from '../lib/useZodForm';
import { type RouterOutputs, useTRPC } from '../trpc';

type Preferences = RouterOutputs['preferences']['get'];

const zoneOptions = (current: string) => {
  const zones = Intl.supportedValuesOf('timeZone');
  return (zones.includes(current) ? zones : [current, ...zones]).map((z) => ({ value: z, label: z.replace(/_/g, ' ') }));
};

/** The form's flat fields; the shared schema checks each value as the server will. */
const s = deliveryPreferencesUpdate.shape;
const preferencesForm = z.object({
  digestEnabled: z.boolean(),
  frequency: s.frequency.unwrap(),
  hour: z.coerce.number().pipe(s.hour.unwrap()),
  timeZone: s.timeZone.unwrap(),
  email: z.boolean(),
  inApp: z.boolean(),
  slack: z.boolean(),
  slackWebhookUrl: z.string().trim(),
});

function PreferencesForm({ prefs }: { prefs: Preferences }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const form = useZodForm(preferencesForm, {
    digestEnabled: prefs.digestEnabled,
    frequency: prefs.frequency,
    hour: prefs.hour,
    timeZone: prefs.timeZone,
    email: prefs.channels.email,
    inApp: prefs.channels.inApp,
    slack: prefs.channels.slack,
    slackWebhookUrl: '',
  });
  const update = useMutation(trpc.preferences.update.mutationOptions());
  const onSubmit = form.handleSubmit(async (input) => {
    const saved = await update.mutateAsync({
      digestEnabled: input.digestEnabled,
      frequency: input.frequency,
      hour: input.hour,
      timeZone: input.timeZone,
      channels: { email: input.email, inApp: input.inApp, slack: input.slack },
      ...(input.slackWebhookUrl ? { slackWebhookUrl: input.slackWebhookUrl } : {}),
    });
    queryClient.setQueryData(trpc.preferences.get.queryKey(), saved);
    form.setValue('slackWebhookUrl', '');
    toast.success('Notification settings saved');
  });
  const removeSlack = useMutation(
    trpc.preferences.update.mutationOptions({
      onSuccess: (saved) => {
        queryClient.setQueryData(trpc.preferences.get.queryKey(), saved);
        form.setValue('slack', false);
        toast.success('Slack webhook removed');
      },
      onError: (e) => toast.error(errorMessage(e)),
    }),
  );
  const channelsError = form.text('channels').error;
  const enabled = form.checkbox('digestEnabled');

  return (
    <form className="form-card" onSubmit={onSubmit} noValidate aria-label="Notification settings">
      <FormSection title="Digest" description="A summary of what needs you, with a link to each record.">
        <CheckboxField label="Send me a digest" {...enabled} />
        <SelectField
          label="How often"
          options={[
            { value: 'daily', label: 'Daily' },
            { value: 'weekly', label: 'Weekly, on Mondays' },
          ]}
          disabled={!enabled.checked}
          {...form.text('frequency')}
        />
        <SelectField label="At" options={hourOptions} disabled={!enabled.checked} {...form.text('hour')} />
        <SelectField label="Time zone" options={zoneOptions(prefs.timeZone)} disabled={!enabled.checked} {...form.text('timeZone')} />
        {prefs.nextDigestAt && (
          <p className="field__hint">Next digest: {formatDateTime(prefs.nextDigestAt)} (your browser's time).</p>
        )}
      </FormSection>
      <FormSection title="Where it goes" description="Assignments and alerts always arrive in your inbox here.">
        <fieldset className={`channels${channelsError ? ' field--invalid' : ''}`} aria-describedby={channelsError ? 'channels-error' : undefined}>
          <legend className="visually-hidden">Channels</legend>
          <CheckboxField
            label={`Email to ${prefs.email}`}
            hint={prefs.mail.configured ? undefined : 'Mail is not configured on this server: digests stay in your inbox.'}
            {...form.checkbox('email')}
          />
          <CheckboxField label="In-app inbox" {...form.checkbox('inApp')} />
          {prefs.slack.allowed && <CheckboxField label="Slack" hint="Posted to the channel of your incoming webhook." {...form.checkbox('slack')} />}
          {channelsError && (
            <div className="field__error" id="channels-error">
              {channelsError}
            </div>
          )}
        </fieldset>
        {prefs.slack.allowed && (
          <div className="slack-webhook">
            <TextField
              label="Slack incoming-webhook URL"
              placeholder={prefs.slack.hint ? `Saved: ${prefs.slack.hint}` : 'https://hooks.slack.com/services/…'}
              hint={prefs.slack.configured ? 'Stored encrypted. Paste a new one to replace it.' : 'Create one in Slack under Apps → Incoming Webhooks.'}
              {...form.text('slackWebhookUrl')}
            />
            {prefs.slack.configured && (
              <Button size="sm" variant="ghost" pending={removeSlack.isPending} onClick={() => removeSlack.mutate({ slackWebhookUrl: null, channels: { slack: false } })}>
                Remove webhook
              </Button>
            )}
          </div>
        )}
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

function PreviewPanel() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const history = useQuery(trpc.digests.list.queryOptions({ limit: 10 }));
  const preview = useMutation(
    trpc.digests.sendPreview.mutationOptions({
      onSuccess: (result) => {
        if (result.status === 'Sent') toast.success(`Preview sent to ${channelList(result.deliveredChannels)}`);
        else toast.error(`Preview not fully delivered: ${result.error ?? result.status}`);
        return Promise.all([queryClient.invalidateQueries(trpc.digests.pathFilter()), queryClient.invalidateQueries(trpc.notifications.pathFilter())]);
      },
      onError: (e) => toast.error(errorMessage(e)),
    }),
  );
  return (
    <Panel
      title="Digests sent to you"
      actions={
        <Button size="sm" pending={preview.isPending} onClick={() => preview.mutate()}>
          Send me a preview now
        </Button>
      }
      flush
    >
      {history.isPending ? null : history.isError ? (
        <ErrorState error={history.error} onRetry={() => void history.refetch()} />
      ) : history.data.items.length === 0 ? (
        <EmptyState title="No digests yet" description="Send yourself a preview to see what yours will say." />
      ) : (
        <table className="table table--compact">
          <thead>
            <tr>
              <th>Digest</th>
              <th>Status</th>
              <th>Delivered to</th>
              <th>When</th>
            </tr>
          </thead>
          <tbody>
            {history.data.items.map((d) => (
              <tr key={d.id}>
                <td>
                  <Link to={`/inbox/digests/${d.id}`}>{d.subject ?? `Digest ${d.periodKey}`}</Link>
                </td>
                <td>
                  <DigestStatusBadge status={d.status} />
                </td>
                <td>{channelList(d.deliveredChannels ?? [])}</td>
                <td>{formatDateTime(d.sentAt ?? d.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Panel>
  );
}

export default function NotificationSettingsPage() {
  const trpc = useTRPC();
  const query = useQuery(trpc.preferences.get.queryOptions());
  const user = useSession();
  return (
    <>
      <PageHeader
        title="Notifications"
        crumbs={[{ label: 'Settings', to: '/settings' }]}
        badge={query.data && !query.data.mail.configured ? <Badge tone="warning">Mail not configured</Badge> : undefined}
      />
      {query.isPending ? (
        <DetailSkeleton />
      ) : query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <div className="notification-settings">
          {!query.data.mail.configured && (
            <p className="notice" role="note">
              Mail is not configured on this server (an admin sets <code>SMTP_URL</code>), so nothing is emailed: digests and alerts stay
              in your inbox here.
            </p>
          )}
          <PreferencesForm prefs={query.data} />
          <PreviewPanel />
          {isManagerOrAdmin(user) && <PipelineReviewsPanel />}
        </div>
      )}
    </>
  );
}

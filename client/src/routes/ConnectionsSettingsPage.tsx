// Settings -> Connections: connect Gmail / Outlook, each mailbox's health (status, last sync, what it saw, stored
// and skipped, coverage), Sync now, Disconnect, what colleagues see of its email, and the capture blocklist.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { z } from 'zod';
import { sharingLevels } from '../../../shared/enums';
import { blocklistValue, sharingLevelLabels } from '../../../shared/schemas/capture';
import type { RouterOutputs } from '../trpc';
import { Badge, type Tone } from '../components/Badge';
import { Button } from '../components/Button';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { FormSummary, SelectField, TextField } from '../components/FormField';
import { PageHeader } from '../components/PageHeader';
import { Panel } from '../components/Panel';
import { DetailSkeleton, EmptyState, ErrorState } from '../components/States';
import { useToast } from '../components/Toaster';
import { errorMessage } from '../lib/errors';
import { formatDateTime, formatNumber, formatRelative } from '../lib/format';
import { useSession } from '../lib/session';
import { useZodForm } from '../lib/useZodForm';
import { useTRPC } from '../trpc';

type Connection = RouterOutputs['emailConnections']['list'][number];
type Providers = RouterOutputs['emailConnections']['providers'];

const stateLabel: Record<Connection['state'], [string, Tone]> = {
  active: ['Active', 'success'],
  syncing: ['Syncing', 'info'],
  error: ['Error', 'danger'],
  needs_reconnect: ['Needs reconnect', 'warning'],
  disconnected: ['Disconnected', 'neutral'],
};

const providerName = { google: 'Google', microsoft: 'Microsoft' } as const;

const callbackErrors: Record<string, string> = {
  google_not_configured: 'Google is not configured on this server yet.',
  microsoft_not_configured: 'Microsoft is not configured on this server yet.',
  microsoft_failed: 'Microsoft could not be reached to finish connecting. Try again in a moment.',
  state_mismatch: 'The sign-in could not be matched to your session (it expired or came from another tab). Try again.',
  access_denied: 'Access was not granted, so nothing was connected.',
  google_failed: 'Google could not be reached to finish connecting. Try again in a moment.',
  missing_code: 'The provider did not complete the sign-in. Try again.',
};

function CallbackNotice() {
  const [params, setParams] = useSearchParams();
  const connected = params.get('connected');
  const error = params.get('error');
  if (!connected && !error) return null;
  const dismiss = () => setParams({}, { replace: true });
  return (
    <div className={`alert ${error ? 'alert--danger' : 'alert--success'} connections__notice`} role={error ? 'alert' : 'status'}>
      <span>
        {error
          ? (callbackErrors[error] ?? error)
          : `${providerName[connected as 'google'] ?? 'Mailbox'} connected. The first sync reads the last 30 days of mail and the calendar's last 30 days; captured email and meetings appear on the timelines within a minute.`}
      </span>
      <Button size="sm" variant="ghost" onClick={dismiss}>
        Dismiss
      </Button>
    </div>
  );
}

function ProviderCard({ provider, setup, what }: { provider: 'google' | 'microsoft'; setup: Providers['google']; what: string }) {
  const origin = window.location.origin;
  return (
    <div className="connect-card">
      <div className="connect-card__head">
        <h3 className="connect-card__title">{providerName[provider]}</h3>
        <span className="muted-text">{what}</span>
      </div>
      {!setup.available ? (
        <p className="muted-text">Capture from {providerName[provider]} is not in this version yet.</p>
      ) : setup.configured ? (
        <>
          <a className="btn btn--primary" href={setup.startUrl}>
            Connect {providerName[provider]}
          </a>
          {!setup.push && (
            <p className="connect-card__note muted-text">
              {provider === 'google'
                ? 'Push notifications are not set up (GOOGLE_PUBSUB_TOPIC with GOOGLE_PUSH_AUDIENCE or GOOGLE_PUSH_TOKEN): '
                : 'Microsoft sends change notifications only to an https PUBLIC_URL it can reach: '}
              new mail and meetings are picked up by the catch-up sync every 15 minutes.
            </p>
          )}
        </>
      ) : (
        <p className="connect-card__note">
          Not set up on this server. An admin sets {setup.missing.map((m, i) => <span key={m}>{i > 0 && ' and '}<code>{m}</code></span>)}
          {' '}
          (an OAuth client whose redirect address is <code>{`${origin}/oauth/${provider}/callback`}</code>) and restarts Tru-CRM.
        </p>
      )}
    </div>
  );
}

function Counter({ label, value, title }: { label: string; value: string; title?: string }) {
  return (
    <div className="stat" title={title}>
      <span className="stat__label">{label}</span>
      <span className="stat__value">{value}</span>
    </div>
  );
}

function ConnectionCard({ connection, showOwner }: { connection: Connection; showOwner: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const [confirming, setConfirming] = useState(false);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.emailConnections.list.queryKey() });
  const syncNow = useMutation(
    trpc.emailConnections.syncNow.mutationOptions({
      onSuccess: () => {
        toast.success(`Sync of ${connection.emailAddress} queued`);
        void refresh();
      },
      onError: (error) => toast.error(errorMessage(error)),
    }),
  );
  const disconnect = useMutation(
    trpc.emailConnections.disconnect.mutationOptions({
      onSuccess: () => {
        setConfirming(false);
        toast.success(`${connection.emailAddress} disconnected`);
        void refresh();
      },
    }),
  );
  const sharing = useMutation(
    trpc.emailConnections.setSharingLevel.mutationOptions({
      onSuccess: () => {
        toast.success('Sharing level saved');
        void refresh();
      },
      onError: (error) => toast.error(errorMessage(error)),
    }),
  );
  const [label, tone] = stateLabel[connection.state];
  const c = connection.counters;
  const skipped = c.skippedInternal + c.skippedBlocked + c.skippedUnmatched;
  const inactive = connection.state === 'disconnected';
  return (
    <li className="connection-card">
      <div className="connection-card__head">
        <div>
          <div className="connection-card__address">{connection.emailAddress}</div>
          <div className="muted-text">
            {providerName[connection.provider]}
            {showOwner && ` · ${connection.ownerName}`}
            {' · '}
            {connection.lastSyncedAt ? (
              <span title={formatDateTime(connection.lastSyncedAt)}>last sync {formatRelative(connection.lastSyncedAt)}</span>
            ) : (
              'first sync queued'
            )}
            {!inactive && (connection.pushOff ? ' · push off' : connection.pushExpiresAt ? ' · push on' : ' · catch-up only')}
          </div>
        </div>
        <Badge tone={tone}>{label}</Badge>
      </div>
      {connection.pushOff && !inactive && <p className="muted-text connection-card__push">{connection.pushOff}</p>}
      {connection.lastError && !inactive && (
        <div className={`alert ${connection.state === 'needs_reconnect' || connection.state === 'error' ? 'alert--danger' : 'alert--warning'}`} role="status">
          {connection.lastError}
        </div>
      )}
      <div className="stat-row connection-card__stats">
        <Counter label="Captured" value={formatNumber(c.stored)} title="Emails stored as activities" />
        <Counter label="Meetings" value={formatNumber(connection.meetingsStored)} title="Calendar meetings with a matched outside attendee" />
        <Counter label="Seen" value={formatNumber(c.seen)} title="Messages the mailbox showed us" />
        <Counter
          label="Skipped"
          value={formatNumber(skipped)}
          title={`${c.skippedUnmatched} matched no CRM record, ${c.skippedInternal} internal only, ${c.skippedBlocked} blocklisted: none of them stored`}
        />
        <Counter label="Failed" value={formatNumber(c.failed)} />
        <Counter label="Coverage" value={connection.coverage === null ? '—' : `${(connection.coverage * 100).toFixed(1)}%`} title="Share of seen messages handled (stored or skipped for a reason)" />
      </div>
      <p className="muted-text connection-card__calendar">
        <span>
          {connection.provider === 'google' ? 'Google Calendar' : 'Outlook calendar'}:{' '}
          {connection.calendarSynced ? `${formatNumber(connection.meetingsStored)} meeting${connection.meetingsStored === 1 ? '' : 's'} captured` : 'first read pending'}
        </span>
        {connection.reconciledAt && (
          <span title={formatDateTime(connection.reconciledAt)}>
            {' · '}checked against the mailbox {formatRelative(connection.reconciledAt)}
            {connection.messagesRecovered > 0 && `, ${formatNumber(connection.messagesRecovered)} missed message${connection.messagesRecovered === 1 ? '' : 's'} recovered so far`}
          </span>
        )}
      </p>
      {skipped > 0 && (
        <p className="muted-text connection-card__skips">
          Skipped: {formatNumber(c.skippedUnmatched)} with no CRM match · {formatNumber(c.skippedInternal)} internal only ·{' '}
          {formatNumber(c.skippedBlocked)} blocklisted
        </p>
      )}
      <div className="connection-card__actions">
        {connection.mine && !inactive ? (
          <label className="connection-card__sharing">
            <span>Colleagues see</span>
            <select
              className="input select connection-card__select"
              value={connection.sharingLevel}
              disabled={sharing.isPending}
              onChange={(e) => sharing.mutate({ id: connection.id, sharingLevel: e.target.value as Connection['sharingLevel'] })}
            >
              {sharingLevels.map((level) => (
                <option key={level} value={level}>
                  {sharingLevelLabels[level]}
                </option>
              ))}
            </select>
          </label>
        ) : (
          <span className="muted-text">Colleagues see: {sharingLevelLabels[connection.sharingLevel].toLowerCase()}</span>
        )}
        <div className="connection-card__buttons">
          {(connection.state === 'needs_reconnect' || inactive) && connection.mine && (
            <a className="btn btn--primary btn--sm" href={`/oauth/${connection.provider}/start`}>
              Reconnect
            </a>
          )}
          {!inactive && connection.state !== 'needs_reconnect' && (
            <Button size="sm" onClick={() => syncNow.mutate({ id: connection.id })} pending={syncNow.isPending}>
              Sync now
            </Button>
          )}
          {!inactive && (
            <Button size="sm" variant="danger" onClick={() => setConfirming(true)}>
              Disconnect
            </Button>
          )}
        </div>
      </div>
      <ConfirmDialog
        open={confirming}
        title={`Disconnect ${connection.emailAddress}?`}
        message="Tru-CRM stops capturing from this mailbox, revokes its access and deletes its tokens. Emails already captured stay on the timelines."
        confirmLabel="Disconnect"
        pending={disconnect.isPending}
        error={disconnect.error ? errorMessage(disconnect.error) : null}
        onConfirm={() => disconnect.mutate({ id: connection.id })}
        onCancel={() => setConfirming(false)}
      />
    </li>
  );
}

type Failures = RouterOutputs['captureFailures']['list'];

/** Admins: notifications whose sync failed, and sync jobs that used up their attempts; re-run or purge. */
function FailedDeliveries() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const query = useQuery(trpc.captureFailures.list.queryOptions({}));
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: trpc.captureFailures.list.queryKey() });
    void queryClient.invalidateQueries({ queryKey: trpc.emailConnections.list.queryKey() });
  };
  const done = (message: string) => ({
    onSuccess: () => {
      toast.success(message);
      refresh();
    },
    onError: (error: unknown) => toast.error(errorMessage(error)),
  });
  const rerun = useMutation(trpc.captureFailures.rerun.mutationOptions(done('Sync queued')));
  const purge = useMutation(trpc.captureFailures.purge.mutationOptions(done('Delivery purged')));
  const rerunJob = useMutation(trpc.captureFailures.rerunJob.mutationOptions(done('Job queued again')));
  const items: Failures['items'] = query.data?.items ?? [];
  const dead: Failures['deadJobs'] = query.data?.deadJobs ?? [];
  return (
    <Panel title="Failed deliveries and sync errors" count={items.length + dead.length}>
      <p className="muted-text">
        A notification from Google or Microsoft whose sync failed stays here with the error until a later sync reads past it. Re-run asks for a
        sync of its mailbox now; purge drops the record (the catch-up and the nightly reconciliation still cover the mailbox).
      </p>
      {query.isPending ? (
        <p className="muted-text">Loading…</p>
      ) : query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : items.length + dead.length === 0 ? (
        <p className="muted-text">Nothing failed. Every notification received has been synced.</p>
      ) : (
        <ul className="failure-list">
          {items.map((f) => (
            <li key={`event-${f.id}`} className="failure-list__item">
              <div className="failure-list__what">
                <span className="failure-list__title">
                  {providerName[f.provider as 'google'] ?? f.provider} notification for {f.emailAddress ?? 'a removed mailbox'}
                </span>
                <span className="muted-text" title={formatDateTime(f.receivedAt)}>
                  received {formatRelative(f.receivedAt)}
                </span>
                {f.error && <code className="failure-list__error">{f.error}</code>}
              </div>
              <div className="connection-card__buttons">
                <Button size="sm" onClick={() => rerun.mutate({ id: f.id })} pending={rerun.isPending && rerun.variables?.id === f.id}>
                  Re-run
                </Button>
                <Button size="sm" variant="ghost" onClick={() => purge.mutate({ id: f.id })} aria-label={`Purge notification ${f.id}`}>
                  Purge
                </Button>
              </div>
            </li>
          ))}
          {dead.map((j) => (
            <li key={`job-${j.id}`} className="failure-list__item">
              <div className="failure-list__what">
                <span className="failure-list__title">
                  {j.type} gave up after {j.attempts} attempt{j.attempts === 1 ? '' : 's'}
                </span>
                {j.finishedAt && <span className="muted-text">{formatRelative(j.finishedAt)}</span>}
                {j.lastError && <code className="failure-list__error">{j.lastError}</code>}
              </div>
              <Button size="sm" onClick={() => rerunJob.mutate({ id: j.id })} pending={rerunJob.isPending && rerunJob.variables?.id === j.id}>
                Re-run
              </Button>
            </li>
          ))}
        </ul>
      )}
    </Panel>
  );
}

const blocklistForm = z.object({ value: blocklistValue, scope: z.enum(['user', 'org']) });

function Blocklist() {
  const trpc = useTRPC();
  const user = useSession();
  const queryClient = useQueryClient();
  const toast = useToast();
  const query = useQuery(trpc.blocklist.list.queryOptions());
  const form = useZodForm(blocklistForm, { value: '', scope: 'user' });
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.blocklist.list.queryKey() });
  const add = useMutation(trpc.blocklist.add.mutationOptions());
  const remove = useMutation(
    trpc.blocklist.remove.mutationOptions({ onSuccess: () => void refresh(), onError: (error) => toast.error(errorMessage(error)) }),
  );
  const onSubmit = form.handleSubmit(async (input) => {
    const { removed } = await add.mutateAsync(input);
    form.reset({ value: '', scope: input.scope });
    toast.success(removed > 0 ? `Added; ${removed} captured email${removed === 1 ? '' : 's'} it covers removed` : 'Added to the blocklist');
    void refresh();
    void queryClient.invalidateQueries({ queryKey: trpc.activities.pathKey() });
  });
  const entries = query.data ? [...query.data.mine, ...query.data.organisation] : [];
  const canRemove = (scope: 'user' | 'org') => scope === 'user' || user.role === 'admin';
  return (
    <Panel title="Blocklist" count={entries.length}>
      <p className="muted-text">
        Email with any of these addresses or domains is never captured. Yours covers your mailboxes; the organisation&apos;s covers
        everyone&apos;s. Adding an entry also removes what it covers that was already captured.
      </p>
      <form className="blocklist-form" onSubmit={onSubmit} noValidate>
        <TextField label="Address or @domain" placeholder="jane@example.com or @example.com" {...form.text('value')} />
        {user.role === 'admin' && (
          <SelectField
            label="For"
            options={[
              { value: 'user', label: 'My mailboxes' },
              { value: 'org', label: 'The whole organisation' },
            ]}
            {...form.text('scope')}
          />
        )}
        <div className="blocklist-form__submit">
          <Button type="submit" variant="primary" pending={form.submitting}>
            Add
          </Button>
        </div>
      </form>
      <FormSummary summary={form.summary} />
      {query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : entries.length === 0 ? (
        <p className="muted-text">Nothing blocked yet.</p>
      ) : (
        <ul className="blocklist">
          {entries.map((entry) => (
            <li key={entry.id} className="blocklist__item">
              <code>{entry.value}</code>
              <Badge tone={entry.scope === 'org' ? 'accent' : 'neutral'}>{entry.scope === 'org' ? 'Organisation' : 'Mine'}</Badge>
              {canRemove(entry.scope) && (
                <Button size="sm" variant="ghost" onClick={() => remove.mutate({ id: entry.id })} aria-label={`Remove ${entry.value}`}>
                  Remove
                </Button>
              )}
            </li>
          ))}
        </ul>
      )}
    </Panel>
  );
}

export default function ConnectionsSettingsPage() {
  const trpc = useTRPC();
  const user = useSession();
  const connections = useQuery({
    ...trpc.emailConnections.list.queryOptions(),
    // A sync in progress (or a new mailbox's first one) finishes within seconds: look again until it has.
    refetchInterval: (q) => (q.state.data?.some((c) => c.state === 'syncing' || (c.state === 'active' && !c.lastSyncedAt)) ? 3000 : false),
  });
  const providers = useQuery(trpc.emailConnections.providers.queryOptions());
  const admin = user.role === 'admin';
  const mine = connections.data?.filter((c) => c.mine) ?? [];
  const others = connections.data?.filter((c) => !c.mine) ?? [];
  return (
    <>
      <PageHeader title="Connections" crumbs={[{ label: 'Settings', to: '/settings' }]} />
      <CallbackNotice />
      {connections.isPending || providers.isPending ? (
        <DetailSkeleton />
      ) : connections.isError || providers.isError ? (
        <ErrorState error={connections.error ?? providers.error} onRetry={() => void connections.refetch()} />
      ) : (
        <div className="connections">
          <Panel title="Connect a mailbox">
            <p className="muted-text">
              Emails and meetings with your contacts, leads and customers&apos; domains appear on their timelines by themselves. Mail among
              colleagues only, mail that matches no CRM record, and anything on the blocklist is never stored.
            </p>
            <div className="connect-cards">
              <ProviderCard provider="google" setup={providers.data.google} what="Gmail and Google Calendar, read-only" />
              <ProviderCard provider="microsoft" setup={providers.data.microsoft} what="Outlook mail and calendar, read-only" />
            </div>
          </Panel>
          <Panel title="Your mailboxes" count={mine.length}>
            {mine.length === 0 ? (
              <EmptyState title="No mailbox connected" description="Connect Google or Microsoft above to capture your customer email." />
            ) : (
              <ul className="connection-list">
                {mine.map((c) => (
                  <ConnectionCard key={c.id} connection={c} showOwner={false} />
                ))}
              </ul>
            )}
          </Panel>
          {admin && (
            <Panel title="Everyone's mailboxes" count={others.length}>
              {others.length === 0 ? (
                <p className="muted-text">No one else has connected a mailbox.</p>
              ) : (
                <ul className="connection-list">
                  {others.map((c) => (
                    <ConnectionCard key={c.id} connection={c} showOwner />
                  ))}
                </ul>
              )}
            </Panel>
          )}
          {admin && <FailedDeliveries />}
          <Blocklist />
        </div>
      )}
    </>
  );
}

// Settings -> Web-to-lead (admins): the sources that may post leads, their secrets (shown once), rotation with
// a 24-hour overlap, and what each source has sent, refused and failed.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { webToLeadSourceCreate } from '../../../shared/schemas/webToLead';
import { Badge } from '../components/Badge';
import { Button } from '../components/Button';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { type Column, TableView } from '../components/DataTable';
import { Dialog } from '../components/Dialog';
import { FormSummary, TextField } from '../components/FormField';
import { Icon } from '../components/Icon';
import { OwnerField } from '../components/OwnerSelect';
import { PageHeader } from '../components/PageHeader';
import { Panel } from '../components/Panel';
import { useToast } from '../components/Toaster';
import { errorMessage } from '../lib/errors';
import { formatDateTime, formatNumber, formatRelative } from '../lib/format';
import { useSession } from '../lib/session';
import { useZodForm } from '../lib/useZodForm';
import { type RouterOutputs, useTRPC } from '../trpc';

type Source = RouterOutputs['webToLead']['listSources'][number];
interface Revealed {
  name: string;
  sourceId: string;
  secret: string;
  previousSecretExpiresAt?: Date;
}

const endpointOf = (sourceId: string) => `${window.location.origin}/webhooks/leads/${sourceId}`;

function CopyField({ label, value }: { label: string; value: string }) {
  const toast = useToast();
  return (
    <div className="copy-field">
      <span className="copy-field__label">{label}</span>
      <div className="copy-field__row">
        <input className="input mono" readOnly value={value} aria-label={label} onFocus={(e) => e.currentTarget.select()} />
        <Button
          size="sm"
          onClick={() => {
            void navigator.clipboard?.writeText(value).then(
              () => toast.success(`${label} copied`),
              () => toast.error('Copy failed: select the text and copy it'),
            );
          }}
        >
          Copy
        </Button>
      </div>
    </div>
  );
}

function SecretDialog({ revealed, onClose }: { revealed: Revealed | null; onClose: () => void }) {
  return (
    <Dialog
      open={revealed !== null}
      onClose={onClose}
      width={620}
      title={revealed?.previousSecretExpiresAt ? `New secret for ${revealed.name}` : `${revealed?.name ?? ''} is ready`}
      description="Copy the secret now and store it with the sender: it is not shown again. Lost, it can only be rotated."
      footer={
        <Button variant="primary" onClick={onClose}>
          I have stored the secret
        </Button>
      }
    >
      {revealed && (
        <div className="stack">
          <CopyField label="Endpoint" value={endpointOf(revealed.sourceId)} />
          <CopyField label="Secret" value={revealed.secret} />
          {revealed.previousSecretExpiresAt && (
            <p className="muted-text">
              The previous secret keeps working until {formatDateTime(revealed.previousSecretExpiresAt)}, so the sender can switch without
              losing a lead.
            </p>
          )}
        </div>
      )}
    </Dialog>
  );
}

function NewSourceDialog({ open, onClose, onCreated }: { open: boolean; onClose: () => void; onCreated: (r: Revealed) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const me = useSession();
  const empty = { name: '', ownerId: me.id };
  const form = useZodForm(webToLeadSourceCreate, empty);
  const create = useMutation(trpc.webToLead.createSource.mutationOptions());
  const close = () => {
    form.reset(empty);
    onClose();
  };
  const onSubmit = form.handleSubmit(async (input) => {
    const created = await create.mutateAsync(input);
    await queryClient.invalidateQueries(trpc.webToLead.pathFilter());
    close();
    onCreated({ name: input.name, ...created });
  });
  return (
    <Dialog open={open} onClose={close} title="New web-to-lead source" description="A website form or another system that sends you leads.">
      <form id="new-source-form" onSubmit={onSubmit} noValidate className="form">
        <TextField label="Name" required autoFocus autoComplete="off" hint="Becomes the lead source of its leads, e.g. Website demo form" {...form.text('name')} />
        <OwnerField label="Leads go to" {...form.text('ownerId')} />
        <div className="form-actions">
          <FormSummary summary={form.summary} />
          <Button onClick={close}>Cancel</Button>
          <Button type="submit" variant="primary" pending={form.submitting}>
            Create source
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

function RotateButton({ source, onRotated }: { source: Source; onRotated: (r: Revealed) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const rotate = useMutation(
    trpc.webToLead.rotateSecret.mutationOptions({
      onSuccess: async (rotated) => {
        setConfirming(false);
        await queryClient.invalidateQueries(trpc.webToLead.pathFilter());
        onRotated({ name: source.name, ...rotated });
      },
    }),
  );
  return (
    <>
      <Button size="sm" onClick={() => setConfirming(true)}>
        Rotate secret
      </Button>
      <ConfirmDialog
        open={confirming}
        title={`Rotate the secret of ${source.name}?`}
        message="You get a new secret to give the sender. The current one keeps working for 24 hours, then only the new one does."
        confirmLabel="Rotate"
        danger={false}
        pending={rotate.isPending}
        error={rotate.error ? errorMessage(rotate.error) : null}
        onConfirm={() => rotate.mutate({ sourceId: source.sourceId })}
        onCancel={() => {
          setConfirming(false);
          rotate.reset();
        }}
      />
    </>
  );
}

function RecentEvents({ source }: { source: Source }) {
  const trpc = useTRPC();
  const events = useQuery(trpc.webToLead.recentEvents.queryOptions({ sourceId: source.sourceId }));
  if (events.isPending) return <p className="muted-text">Loading…</p>;
  if (!events.data?.length) return <p className="muted-text">Nothing received yet.</p>;
  return (
    <ul className="link-list">
      {events.data.map((e) => (
        <li key={e.eventId}>
          <span className="mono">#{e.eventId}</span> {formatDateTime(e.receivedAt)}{' '}
          {e.status === 'processed' ? <Badge tone="success">Lead created</Badge> : e.status === 'failed' ? <Badge tone="danger">Failed</Badge> : <Badge tone="info">Queued</Badge>}
          {e.error && <span className="text-danger"> {e.error}</span>}
        </li>
      ))}
    </ul>
  );
}

export default function WebToLeadSettingsPage() {
  const trpc = useTRPC();
  const sources = useQuery(trpc.webToLead.listSources.queryOptions());
  const [creating, setCreating] = useState(false);
  const [revealed, setRevealed] = useState<Revealed | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const columns: Column<Source>[] = [
    {
      key: 'name',
      header: 'Source',
      cell: (s) => (
        <div>
          <button type="button" className="link-btn cell-primary" onClick={() => setOpen(open === s.sourceId ? null : s.sourceId)} aria-expanded={open === s.sourceId}>
            {s.name}
          </button>
          <div className="mono subtle-text">{s.sourceId}</div>
        </div>
      ),
    },
    { key: 'owner', header: 'Leads go to', cell: (s) => s.ownerName },
    { key: 'leads', header: 'Leads', align: 'right', cell: (s) => formatNumber(s.leadCount) },
    {
      key: 'received',
      header: 'Last received',
      cell: (s) => (s.lastReceivedAt ? <span title={formatDateTime(s.lastReceivedAt)}>{formatRelative(s.lastReceivedAt)}</span> : <span className="muted-text">Never</span>),
    },
    {
      key: 'refused',
      header: 'Refused',
      align: 'right',
      cell: (s) =>
        s.rejectedCount > 0 ? (
          <span className="text-warning" title={`Bad or stale signatures; last ${formatDateTime(s.lastRejectedAt)}`}>
            {formatNumber(s.rejectedCount)}
          </span>
        ) : (
          '0'
        ),
    },
    { key: 'failed', header: 'Failed', align: 'right', cell: (s) => (s.failedCount > 0 ? <span className="text-danger">{formatNumber(s.failedCount)}</span> : '0') },
    {
      key: 'secret',
      header: 'Secret',
      cell: (s) =>
        s.previousSecretExpiresAt ? (
          <Badge tone="warning" title="Both the old and the new secret are accepted until then">
            Old one works until {formatDateTime(s.previousSecretExpiresAt)}
          </Badge>
        ) : (
          <span className="muted-text">{s.secretRotatedAt ? `Rotated ${formatRelative(s.secretRotatedAt)}` : `Since ${formatRelative(s.createdAt)}`}</span>
        ),
    },
    { key: 'actions', header: '', align: 'right', cell: (s) => <RotateButton source={s} onRotated={setRevealed} /> },
  ];
  const opened = sources.data?.find((s) => s.sourceId === open);
  return (
    <>
      <PageHeader
        title="Web-to-lead"
        subtitle="Website forms and other systems that post leads, each signed with its own secret."
        actions={
          <Button variant="primary" onClick={() => setCreating(true)}>
            <Icon name="plus" /> New source
          </Button>
        }
      />
      <TableView
        label="Web-to-lead sources"
        columns={columns}
        rows={sources.data ?? []}
        loading={sources.isPending}
        error={sources.error}
        onRetry={() => void sources.refetch()}
        empty={{ title: 'No sources yet', description: 'Create one for each form or system that sends you leads.' }}
      />
      {opened && (
        <Panel title={`Latest from ${opened.name}`}>
          <RecentEvents source={opened} />
        </Panel>
      )}
      <Panel title="Sending a lead">
        <div className="stack">
          <p>
            <span className="mono">POST {window.location.origin}/webhooks/leads/&lt;source id&gt;</span> with a JSON body: <span className="mono">firstName</span>,{' '}
            <span className="mono">lastName</span>, <span className="mono">company</span> (required), <span className="mono">email</span>,{' '}
            <span className="mono">title</span>, <span className="mono">phone</span>, <span className="mono">campaign</span>; any other field is kept on the lead as sent.
          </p>
          <p>
            Headers: <span className="mono">Idempotency-Key</span> (the same on every retry of one lead) and{' '}
            <span className="mono">X-TruCRM-Signature: t=&lt;unix seconds&gt;,v1=&lt;hex HMAC-SHA256 of "&lt;t&gt;.&lt;raw body&gt;" under the secret&gt;</span>, signed when
            sent (5 minutes of leeway).
          </p>
          <p className="muted-text">
            Answers: 202 with the event id (a retry gets the first one), 401 for a bad or stale signature, 422 with the field errors for an
            invalid lead. The lead appears within seconds, owned by the source's owner.
          </p>
        </div>
      </Panel>
      <NewSourceDialog open={creating} onClose={() => setCreating(false)} onCreated={setRevealed} />
      <SecretDialog revealed={revealed} onClose={() => setRevealed(null)} />
    </>
  );
}

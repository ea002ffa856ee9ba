// One import: live progress while it runs, then what it created, updated and rejected.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { Button } from '../components/Button';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { ImportProgress } from '../components/imports/ImportProgress';
import { ImportStatusBadge } from '../components/imports/ImportStatusBadge';
import { PageHeader } from '../components/PageHeader';
import { Panel } from '../components/Panel';
import { DetailSkeleton, ErrorState } from '../components/States';
import { useToast } from '../components/Toaster';
import { errorMessage } from '../lib/errors';
import { formatDateTime, formatNumber } from '../lib/format';
import { useTRPC } from '../trpc';

/** Where an imported record opens; products and activities have no page of their own. */
const recordPath: Record<string, string | undefined> = { accounts: '/accounts', contacts: '/contacts', leads: '/leads', opportunities: '/opportunities' };

export default function ImportDetailPage() {
  const importId = Number(useParams().id);
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const status = useQuery({
    ...trpc.imports.status.queryOptions({ importId }),
    refetchInterval: (q) => (q.state.data && (q.state.data.status === 'queued' || q.state.data.status === 'running') ? 1000 : false),
  });
  const cancel = useMutation(
    trpc.imports.cancel.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries(trpc.imports.pathFilter());
        toast.success('The import stops after the batch it is writing');
      },
      onError: (e) => toast.error(errorMessage(e)),
    }),
  );
  const [confirmingUndo, setConfirmingUndo] = useState(false);
  const undo = useMutation(
    trpc.imports.undo.mutationOptions({
      onSuccess: async (r) => {
        setConfirmingUndo(false);
        await queryClient.invalidateQueries();
        toast.success(`Import undone: ${formatNumber(r.removed)} records removed, ${formatNumber(r.restored)} restored`);
      },
    }),
  );
  if (status.isPending) return <DetailSkeleton />;
  if (status.isError) return <ErrorState error={status.error} onRetry={() => status.refetch()} />;
  const s = status.data;
  const active = s.status === 'queued' || s.status === 'running';
  const noun = s.entity;
  return (
    <>
      <PageHeader
        title={s.fileName}
        badge={<ImportStatusBadge status={s.status} />}
        crumbs={[{ label: 'Imports', to: '/imports' }]}
        subtitle={`${noun[0]!.toUpperCase()}${noun.slice(1)} · started ${formatDateTime(s.createdAt)} by ${s.ownerName ?? 'someone'}`}
        actions={
          active ? (
            <Button onClick={() => cancel.mutate({ importId })} pending={cancel.isPending} disabled={s.cancelRequested}>
              {s.cancelRequested ? 'Cancelling…' : 'Cancel import'}
            </Button>
          ) : (
            s.status !== 'undone' &&
            s.created + s.updated + s.accountsCreated > 0 && (
              <Button variant="ghost" className="btn--danger-text" onClick={() => setConfirmingUndo(true)}>
                Undo import
              </Button>
            )
          )
        }
      />
      <ConfirmDialog
        open={confirmingUndo}
        title="Undo this import?"
        message="Everything it created is removed and everything it updated gets its earlier values back, all at once. It is refused if any of those records has been changed since."
        confirmLabel="Undo import"
        pending={undo.isPending}
        error={undo.error ? errorMessage(undo.error) : null}
        onConfirm={() => undo.mutate({ importId })}
        onCancel={() => {
          setConfirmingUndo(false);
          undo.reset();
        }}
      />
      <div className="import-steps">
        <Panel title="Progress">
          <ImportProgress status={s} />
          {s.status === 'failed' && <div className="alert alert--danger">{s.error}</div>}
          {s.status === 'undone' && <div className="alert alert--info">This import was undone: what it created is gone and what it updated is as it was.</div>}
          {s.status === 'cancelled' && (
            <div className="alert alert--warning">Cancelled after {formatNumber(s.rowsDone)} rows. What was imported before stays.</div>
          )}
        </Panel>
        <Panel title="Results">
          <div className="stat-row">
            <div className="stat">
              <span className="stat__label">Created</span>
              <span className="stat__value" data-testid="created-count">{formatNumber(s.created)}</span>
            </div>
            <div className="stat">
              <span className="stat__label">Updated</span>
              <span className="stat__value">{formatNumber(s.updated)}</span>
            </div>
            <div className="stat">
              <span className="stat__label">Already up to date</span>
              <span className="stat__value">{formatNumber(s.unchanged)}</span>
            </div>
            <div className="stat">
              <span className="stat__label">Rejected</span>
              <span className="stat__value">{formatNumber(s.rejected)}</span>
            </div>
            {(s.entity === 'contacts' || s.entity === 'opportunities') && (
              <div className="stat">
                <span className="stat__label">Accounts created</span>
                <span className="stat__value">{formatNumber(s.accountsCreated)}</span>
              </div>
            )}
          </div>
        </Panel>
        {s.firstCreated.length > 0 && (
          <Panel title={`First ${noun} created`}>
            <ul className="link-list">
              {s.firstCreated.map((r) => (
                <li key={r.id}>{recordPath[s.entity] ? <Link to={`${recordPath[s.entity]}/${r.id}`}>{r.name}</Link> : r.name}</li>
              ))}
            </ul>
          </Panel>
        )}
        {s.options.stageMapping && Object.keys(s.options.stageMapping).length > 0 && (
          <Panel title="Stage mapping used" count={Object.keys(s.options.stageMapping).length}>
            <table className="table table--compact">
              <thead>
                <tr>
                  <th>Stage in the file</th>
                  <th>Our stage</th>
                </tr>
              </thead>
              <tbody>
                {Object.entries(s.options.stageMapping).map(([from, to]) => (
                  <tr key={from}>
                    <td>{from || '(empty)'}</td>
                    <td>{to ?? <span className="muted-text">Not mapped: rows rejected</span>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </Panel>
        )}
        {s.rejected > 0 && (
          <Panel
            title="Rejected rows"
            count={s.rejected}
            actions={
              <a className="btn btn--secondary btn--sm" href={`/api/imports/${importId}/rejected.csv`} download>
                Download rejected rows (CSV)
              </a>
            }
          >
            <p className="muted-text">Each row as it was in the file, with the reason in front: fix them and upload that file again.</p>
            <table className="table table--compact">
              <thead>
                <tr>
                  <th>Row</th>
                  <th>Reason</th>
                </tr>
              </thead>
              <tbody>
                {s.rejectionSample.map((r) => (
                  <tr key={r.rowIndex}>
                    <td className="mono">{r.rowIndex + 2}</td>
                    <td>{r.reason}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </Panel>
        )}
      </div>
    </>
  );
}

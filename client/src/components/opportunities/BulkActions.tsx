// What a list does to the deals selected in it: reassign, change stage, delete. Each asks first, then the
// server changes each deal on its own and answers per deal; refusals are listed by name with the reason.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { BulkResult } from '../../../../shared/schemas/views';
import { type Stage, stages } from '../../../../shared/stages';
import { lossReasons } from '../../../../shared/winLoss';
import { errorMessage } from '../../lib/errors';
import { useTRPC } from '../../trpc';
import { Button } from '../Button';
import { Dialog } from '../Dialog';
import { useUsers } from '../OwnerSelect';
import { useToast } from '../Toaster';

type Pending = { kind: 'reassign'; ownerId: string; ownerName: string } | { kind: 'stage'; stage: Stage } | { kind: 'delete' };

export function BulkActions({
  selected,
  names,
  onDone,
}: {
  selected: ReadonlySet<number>;
  /** Names of the loaded deals, for the confirmation and the refusals. */
  names: Map<number, string>;
  onDone: (keepSelected: Set<number>) => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const users = useUsers();
  const [pending, setPending] = useState<Pending | null>(null);
  const [lossReason, setLossReason] = useState('');
  // Named when they happen: the list behind may change (another filter) while they are shown.
  const [refusals, setRefusals] = useState<(BulkResult & { name: string })[]>([]);
  const update = useMutation(trpc.opportunities.bulkUpdate.mutationOptions());
  const remove = useMutation(trpc.opportunities.bulkDelete.mutationOptions());
  const ids = [...selected];
  const n = ids.length;
  const deals = `${n} deal${n === 1 ? '' : 's'}`;

  const run = async () => {
    if (!pending) return;
    try {
      const results =
        pending.kind === 'delete'
          ? await remove.mutateAsync({ ids })
          : await update.mutateAsync({
              ids,
              changes:
                pending.kind === 'reassign'
                  ? { ownerId: pending.ownerId }
                  : { stage: pending.stage, ...(pending.stage === 'Closed Lost' ? { lossReason: lossReason || null } : {}) },
            });
      const failed = results.filter((r) => !r.ok);
      const done = results.length - failed.length;
      const verb = pending.kind === 'delete' ? 'deleted' : pending.kind === 'reassign' ? `reassigned to ${pending.ownerName}` : `moved to ${pending.stage}`;
      if (failed.length === 0) toast.success(`${done} deal${done === 1 ? '' : 's'} ${verb}`);
      else toast.error(`${done} of ${results.length} deals ${verb}; ${failed.length} refused`);
      setRefusals(failed.map((f) => ({ ...f, name: names.get(f.id) ?? `Deal #${f.id}` })));
      setPending(null);
      await queryClient.invalidateQueries(trpc.opportunities.pathFilter());
      onDone(new Set(failed.map((f) => f.id)));
    } catch (error) {
      toast.error(errorMessage(error));
    }
  };

  const title =
    pending?.kind === 'delete'
      ? `Delete ${deals}?`
      : pending?.kind === 'reassign'
        ? `Reassign ${deals} to ${pending.ownerName}?`
        : pending
          ? `Move ${deals} to ${pending.stage}?`
          : '';
  const busy = update.isPending || remove.isPending;

  return (
    <>
      {n > 0 && (
        <div className="bulk-bar" role="region" aria-label="Selected deals">
          <strong>{n} selected</strong>
          <label className="visually-hidden" htmlFor="bulk-owner">
            Reassign to
          </label>
          <select
            id="bulk-owner"
            className="input input--sm select"
            value=""
            onChange={(e) => {
              const user = users.data?.find((u) => u.id === e.target.value);
              if (user) setPending({ kind: 'reassign', ownerId: user.id, ownerName: user.name });
            }}
          >
            <option value="">Reassign to…</option>
            {(users.data ?? [])
              .filter((u) => u.active)
              .map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name}
                </option>
              ))}
          </select>
          <label className="visually-hidden" htmlFor="bulk-stage">
            Change stage
          </label>
          <select
            id="bulk-stage"
            className="input input--sm select"
            value=""
            onChange={(e) => e.target.value && setPending({ kind: 'stage', stage: e.target.value as Stage })}
          >
            <option value="">Change stage…</option>
            {stages.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
          <Button size="sm" variant="ghost" className="btn--danger-text" onClick={() => setPending({ kind: 'delete' })}>
            Delete
          </Button>
          <Button size="sm" variant="ghost" onClick={() => onDone(new Set())}>
            Clear selection
          </Button>
        </div>
      )}
      {refusals.length > 0 && (
        <div className="alert alert--warning bulk-refusals" role="alert">
          <div className="bulk-refusals__head">
            <strong>
              {refusals.length} deal{refusals.length === 1 ? ' was' : 's were'} not changed
            </strong>
            <button type="button" className="link-btn" onClick={() => setRefusals([])}>
              Dismiss
            </button>
          </div>
          <ul>
            {refusals.map((r) => (
              <li key={r.id}>
                {r.name}: {r.error}
              </li>
            ))}
          </ul>
        </div>
      )}
      <Dialog
        open={pending !== null && n > 0}
        onClose={() => setPending(null)}
        title={title}
        width={460}
        footer={
          <>
            <Button onClick={() => setPending(null)} disabled={busy}>
              Cancel
            </Button>
            <Button variant={pending?.kind === 'delete' ? 'danger' : 'primary'} pending={busy} onClick={() => void run()} autoFocus>
              {pending?.kind === 'delete' ? 'Delete' : pending?.kind === 'reassign' ? 'Reassign' : 'Move'}
            </Button>
          </>
        }
      >
        <p className="muted-text">
          {pending?.kind === 'delete'
            ? 'They disappear from lists, the board and forecasts.'
            : 'Each deal is changed on its own; any you may not change are listed afterwards with the reason.'}
        </p>
        {pending?.kind === 'stage' && pending.stage === 'Closed Lost' && (
          <div className="field">
            <label className="field__label field__label--required" htmlFor="bulk-loss-reason">
              Loss reason
            </label>
            <select id="bulk-loss-reason" className="input select" value={lossReason} onChange={(e) => setLossReason(e.target.value)}>
              <option value="">Choose a reason</option>
              {lossReasons.map((r) => (
                <option key={r} value={r}>
                  {r}
                </option>
              ))}
            </select>
          </div>
        )}
        <ul className="bulk-names">
          {ids.slice(0, 8).map((id) => (
            <li key={id}>{names.get(id) ?? `Deal #${id}`}</li>
          ))}
          {n > 8 && <li className="muted-text">and {n - 8} more</li>}
        </ul>
      </Dialog>
    </>
  );
}

// What a list does to its selected records: reassign, change a status field (a deal's stage), delete. Each
// asks first, then the server (`<list>.bulkUpdate` / `bulkDelete`) changes each record on its own and
// answers per record; refusals are listed by name with the reason.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type ComponentType, useState } from 'react';
import type { BulkResult } from '../../../shared/schemas/views';
import { errorMessage } from '../lib/errors';
import { useTRPC, useTRPCClient } from '../trpc';
import { Button } from './Button';
import { Dialog } from './Dialog';
import { useUsers } from './OwnerSelect';
import { useToast } from './Toaster';

export type BulkList = 'opportunities' | 'accounts' | 'contacts' | 'leads' | 'projects' | 'cases';

/** What a field's own questions add to the change (a loss reason), or why it cannot be made yet. */
export interface BulkExtra {
  changes: Record<string, string | null>;
  /** Shown, and the change not made, while set ("Choose a loss reason"). */
  missing: string | null;
}

/** A field's own questions in the confirmation, e.g. what a stage change asks of the deals it moves. */
export type BulkFieldQuestions = ComponentType<{
  value: string;
  ids: number[];
  nameOf: (id: number) => string;
  /** Set when the user submitted with `missing` still set: the questions show their error. */
  showErrors: boolean;
  onChange: (extra: BulkExtra) => void;
}>;

/** A field set on every selected record from a select ("Change status…"). */
export interface BulkField {
  key: string;
  label: string;
  options: readonly string[];
  Questions?: BulkFieldQuestions;
}

export interface BulkConfig {
  list: BulkList;
  /** "account", "lead" ... for "3 accounts deleted". */
  noun: string;
  fields?: BulkField[];
  /** What deleting does, in the confirmation. */
  deleteNote?: string;
}

type Pending =
  | { kind: 'reassign'; ownerId: string; ownerName: string }
  | { kind: 'field'; field: BulkField; value: string }
  | { kind: 'delete' };

const plural = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;

export function BulkBar({
  config,
  selected,
  names,
  onDone,
}: {
  config: BulkConfig;
  selected: ReadonlySet<number>;
  /** Names of the loaded records, for the confirmation and the refusals. */
  names: Map<number, string>;
  onDone: (keepSelected: Set<number>) => void;
}) {
  const { list, noun, fields = [] } = config;
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const toast = useToast();
  const users = useUsers();
  const [pending, setPendingState] = useState<Pending | null>(null);
  const [extra, setExtra] = useState<BulkExtra>({ changes: {}, missing: null });
  const [showErrors, setShowErrors] = useState(false);
  const setPending = (next: Pending | null) => {
    setPendingState(next);
    setExtra({ changes: {}, missing: null });
    setShowErrors(false);
  };
  // Named when they happen: the list behind may change (another filter) while they are shown.
  const [refusals, setRefusals] = useState<(BulkResult & { name: string })[]>([]);
  const update = useMutation({
    mutationFn: (input: { ids: number[]; changes: Record<string, string | null> }) => client[list].bulkUpdate.mutate(input as never),
  });
  const remove = useMutation({ mutationFn: (input: { ids: number[] }) => client[list].bulkDelete.mutate(input) });
  const ids = [...selected];
  const n = ids.length;
  const nameOf = (id: number) => names.get(id) ?? `${noun[0]!.toUpperCase()}${noun.slice(1)} #${id}`;

  const run = async () => {
    if (!pending) return;
    if (pending.kind === 'field' && extra.missing) return setShowErrors(true);
    try {
      const results: BulkResult[] =
        pending.kind === 'delete'
          ? await remove.mutateAsync({ ids })
          : await update.mutateAsync({
              ids,
              changes: pending.kind === 'reassign' ? { ownerId: pending.ownerId } : { [pending.field.key]: pending.value, ...extra.changes },
            });
      const failed = results.filter((r) => !r.ok);
      const done = results.length - failed.length;
      const verb =
        pending.kind === 'delete' ? 'deleted' : pending.kind === 'reassign' ? `reassigned to ${pending.ownerName}` : `set to ${pending.value}`;
      if (failed.length === 0) toast.success(`${plural(done, noun)} ${verb}`);
      else toast.error(`${done} of ${plural(results.length, noun)} ${verb}; ${failed.length} refused`);
      setRefusals(failed.map((f) => ({ ...f, name: nameOf(f.id) })));
      setPending(null);
      await queryClient.invalidateQueries(trpc[list].pathFilter());
      onDone(new Set(failed.map((f) => f.id)));
    } catch (error) {
      toast.error(errorMessage(error));
    }
  };

  const what = plural(n, noun);
  const title =
    pending?.kind === 'delete'
      ? `Delete ${what}?`
      : pending?.kind === 'reassign'
        ? `Reassign ${what} to ${pending.ownerName}?`
        : pending
          ? `Set ${pending.field.label.toLowerCase()} of ${what} to ${pending.value}?`
          : '';
  const busy = update.isPending || remove.isPending;

  return (
    <>
      {n > 0 && (
        <div className="bulk-bar" role="region" aria-label={`Selected ${noun}s`}>
          <strong>{n} selected</strong>
          <label className="visually-hidden" htmlFor={`bulk-owner-${list}`}>
            Reassign to
          </label>
          <select
            id={`bulk-owner-${list}`}
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
          {fields.map((field) => (
            <span key={field.key}>
              <label className="visually-hidden" htmlFor={`bulk-${list}-${field.key}`}>
                Change {field.label.toLowerCase()}
              </label>
              <select
                id={`bulk-${list}-${field.key}`}
                className="input input--sm select"
                value=""
                onChange={(e) => e.target.value && setPending({ kind: 'field', field, value: e.target.value })}
              >
                <option value="">Change {field.label.toLowerCase()}…</option>
                {field.options.map((o) => (
                  <option key={o} value={o}>
                    {o}
                  </option>
                ))}
              </select>
            </span>
          ))}
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
              {plural(refusals.length, noun)} {refusals.length === 1 ? 'was' : 'were'} not changed
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
              {pending?.kind === 'delete' ? 'Delete' : pending?.kind === 'reassign' ? 'Reassign' : 'Change'}
            </Button>
          </>
        }
      >
        <p className="muted-text">
          {pending?.kind === 'delete'
            ? (config.deleteNote ?? 'They disappear from lists and searches.')
            : `Each ${noun} is changed on its own; any you may not change are listed afterwards with the reason.`}
        </p>
        <ul className="bulk-names">
          {ids.slice(0, 8).map((id) => (
            <li key={id}>{nameOf(id)}</li>
          ))}
          {n > 8 && <li className="muted-text">and {n - 8} more</li>}
        </ul>
        {pending?.kind === 'field' && pending.field.Questions && (
          <pending.field.Questions value={pending.value} ids={ids} nameOf={nameOf} showErrors={showErrors} onChange={setExtra} />
        )}
      </Dialog>
    </>
  );
}

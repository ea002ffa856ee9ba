// Settings -> Fields: the picklists forms and filters offer (industry, region, lead source, buying role,
// competitor). Admins add, rename, reorder and deactivate values; everyone else sees the lists.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { type Picklist, picklistLabels, picklists, picklistUsedOn } from '../../../shared/schemas/picklists';
import { Badge } from '../components/Badge';
import { Button } from '../components/Button';
import { PageHeader } from '../components/PageHeader';
import { Panel } from '../components/Panel';
import { DetailSkeleton, ErrorState } from '../components/States';
import { useToast } from '../components/Toaster';
import { errorMessage, serverFieldErrors } from '../lib/errors';
import { usePicklists } from '../lib/picklists';
import { useSession } from '../lib/session';
import { type RouterOutputs, useTRPC } from '../trpc';

type Value = RouterOutputs['picklists']['list'][number];

const fieldMessage = (error: unknown) => serverFieldErrors(error).value?.[0] ?? errorMessage(error);

function useRefresh() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  // A rename rewrote records: their pages and lists show the new value too.
  return () =>
    Promise.all([
      queryClient.invalidateQueries(trpc.picklists.pathFilter()),
      queryClient.invalidateQueries(trpc.accounts.pathFilter()),
      queryClient.invalidateQueries(trpc.leads.pathFilter()),
      queryClient.invalidateQueries(trpc.contacts.pathFilter()),
      queryClient.invalidateQueries(trpc.opportunities.pathFilter()),
    ]);
}

function ValueRow({ value, index, values, editable }: { value: Value; index: number; values: Value[]; editable: boolean }) {
  const trpc = useTRPC();
  const toast = useToast();
  const refresh = useRefresh();
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState(value.value);
  const rename = useMutation(trpc.picklists.rename.mutationOptions());
  const setActive = useMutation(trpc.picklists.setActive.mutationOptions());
  const reorder = useMutation(trpc.picklists.reorder.mutationOptions());

  const move = (by: -1 | 1) => {
    const ids = values.map((v) => v.id);
    const [moved] = ids.splice(index, 1);
    ids.splice(index + by, 0, moved!);
    reorder.mutate({ picklist: value.picklist, ids }, { onSuccess: () => refresh(), onError: (e) => toast.error(errorMessage(e)) });
  };
  const onRename = (e: FormEvent) => {
    e.preventDefault();
    rename.mutate(
      { id: value.id, value: text },
      {
        onSuccess: async (saved) => {
          await refresh();
          setEditing(false);
          toast.success(
            `Renamed to “${saved.value}”${saved.recordsUpdated > 0 ? `; ${saved.recordsUpdated} record${saved.recordsUpdated === 1 ? '' : 's'} updated` : ''}`,
          );
        },
      },
    );
  };

  if (editing) {
    const error = rename.error ? fieldMessage(rename.error) : null;
    return (
      <li className="picklist__row">
        <form className="picklist__rename" onSubmit={onRename} noValidate>
          <label className="visually-hidden" htmlFor={`picklist-rename-${value.id}`}>
            New name for {value.value}
          </label>
          <input
            id={`picklist-rename-${value.id}`}
            className="input input--sm"
            value={text}
            autoFocus
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `picklist-rename-${value.id}-error` : undefined}
            onChange={(e) => setText(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Escape') setEditing(false);
            }}
          />
          <Button size="sm" type="submit" variant="primary" pending={rename.isPending}>
            Save
          </Button>
          <Button size="sm" variant="ghost" onClick={() => setEditing(false)}>
            Cancel
          </Button>
        </form>
        {error && (
          <p className="field__error" role="alert" id={`picklist-rename-${value.id}-error`}>
            {error}
          </p>
        )}
      </li>
    );
  }
  return (
    <li className={`picklist__row${value.active ? '' : ' picklist__row--inactive'}`}>
      <span className="picklist__value">{value.value}</span>
      {!value.active && <Badge tone="neutral">Inactive</Badge>}
      {editable && (
        <span className="picklist__actions">
          <button type="button" className="icon-btn" aria-label={`Move ${value.value} up`} disabled={index === 0 || reorder.isPending} onClick={() => move(-1)}>
            ↑
          </button>
          <button
            type="button"
            className="icon-btn"
            aria-label={`Move ${value.value} down`}
            disabled={index === values.length - 1 || reorder.isPending}
            onClick={() => move(1)}
          >
            ↓
          </button>
          <Button
            size="sm"
            variant="ghost"
            aria-label={`Rename ${value.value}`}
            onClick={() => {
              setText(value.value);
              rename.reset();
              setEditing(true);
            }}
          >
            Rename
          </Button>
          <Button
            size="sm"
            variant="ghost"
            aria-label={`${value.active ? 'Deactivate' : 'Reactivate'} ${value.value}`}
            pending={setActive.isPending}
            onClick={() =>
              setActive.mutate(
                { id: value.id, active: !value.active },
                {
                  onSuccess: async (v) => {
                    await refresh();
                    toast.success(v.active ? `“${v.value}” is offered again` : `“${v.value}” is no longer offered; records keep it`);
                  },
                  onError: (e) => toast.error(errorMessage(e)),
                },
              )
            }
          >
            {value.active ? 'Deactivate' : 'Reactivate'}
          </Button>
        </span>
      )}
    </li>
  );
}

function AddValue({ picklist }: { picklist: Picklist }) {
  const trpc = useTRPC();
  const toast = useToast();
  const refresh = useRefresh();
  const [text, setText] = useState('');
  const add = useMutation(trpc.picklists.add.mutationOptions());
  const id = `picklist-add-${picklist}`;
  const error = add.error ? fieldMessage(add.error) : null;
  return (
    <form
      className="picklist__add"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        add.mutate(
          { picklist, value: text },
          {
            onSuccess: async (v) => {
              await refresh();
              setText('');
              toast.success(`“${v.value}” added to ${picklistLabels[picklist]}`);
            },
          },
        );
      }}
    >
      <label className="visually-hidden" htmlFor={id}>
        New {picklistLabels[picklist].toLowerCase()} value
      </label>
      <input
        id={id}
        className="input input--sm"
        placeholder={`Add a ${picklistLabels[picklist].toLowerCase()}…`}
        value={text}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        onChange={(e) => setText(e.target.value)}
      />
      <Button size="sm" type="submit" pending={add.isPending}>
        Add
      </Button>
      {error && (
        <p className="field__error picklist__error" role="alert" id={`${id}-error`}>
          {error}
        </p>
      )}
    </form>
  );
}

export default function FieldsSettingsPage() {
  const user = useSession();
  const query = usePicklists();
  const editable = user.role === 'admin';
  return (
    <>
      <PageHeader
        title="Fields"
        subtitle={
          editable
            ? 'The values forms and filters offer. Renaming a value updates every record holding it; a deactivated value is no longer offered and records keep it.'
            : 'The values forms and filters offer. Admins maintain these lists.'
        }
      />
      {query.isPending ? (
        <DetailSkeleton />
      ) : query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <div className="picklists">
          {picklists.map((list) => {
            const values = query.data.filter((v) => v.picklist === list);
            return (
              <Panel key={list} title={picklistLabels[list]} count={values.filter((v) => v.active).length}>
                <p className="muted-text picklist__used">Used on {picklistUsedOn[list]}.</p>
                <ul className="picklist" aria-label={`${picklistLabels[list]} values`}>
                  {values.map((v, i) => (
                    <ValueRow key={v.id} value={v} index={i} values={values} editable={editable} />
                  ))}
                </ul>
                {editable && <AddValue picklist={list} />}
              </Panel>
            );
          })}
        </div>
      )}
    </>
  );
}

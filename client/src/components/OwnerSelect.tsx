// Choosing a record's owner (a form field) or filtering a list by owner. Reads users.list once per session.
import { useQuery } from '@tanstack/react-query';
import { isManagerOrAdmin, useSession } from '../lib/session';
import type { FieldBinding } from '../lib/useZodForm';
import { useTRPC } from '../trpc';
import type { InlineEdit } from './EditableCell';
import { FilterSelect } from './FilterBar';
import { SelectField } from './FormField';

export function useUsers() {
  const trpc = useTRPC();
  return useQuery({ ...trpc.users.list.queryOptions({ includeInactive: true }), staleTime: 5 * 60_000 });
}

/**
 * A list's owner cell: the active users offered to managers and admins; none for anyone else, since a rep may
 * not hand a record to someone else.
 */
export function useOwnerCellEdit<T extends { id: number; version: number; ownerId: string }>(
  save: (input: { id: number; version: number; ownerId: string }) => Promise<unknown>,
): InlineEdit<T> | undefined {
  const me = useSession();
  const users = useUsers();
  if (!isManagerOrAdmin(me)) return undefined;
  const options = (users.data ?? []).filter((u) => u.active).map((u) => ({ value: u.id, label: u.name }));
  return { field: 'ownerId', label: 'Owner', input: { options }, value: (r) => r.ownerId, save: (r, v) => save({ id: r.id, version: r.version, ownerId: v }) };
}

/** Name of a user id, from the cached users list. */
export function useUserName() {
  const { data } = useUsers();
  return (id: string | null | undefined) => (id ? (data?.find((u) => u.id === id)?.name ?? '—') : '—');
}

export function OwnerName({ id }: { id: string | null | undefined }) {
  const name = useUserName();
  return <>{name(id)}</>;
}

export function OwnerFilter({ value, onChange }: { value: string; onChange: (value: string) => void }) {
  const me = useSession();
  const { data } = useUsers();
  const options = [
    { value: me.id, label: 'Me' },
    ...(data ?? []).filter((u) => u.active && u.id !== me.id).map((u) => ({ value: u.id, label: u.name })),
  ];
  return <FilterSelect label="Owner" value={value} onChange={onChange} options={options} allLabel="Any owner" />;
}

/** Reps own what they create; managers and admins may give a record to anyone active. */
export function OwnerField(props: FieldBinding & { label?: string }) {
  const me = useSession();
  const { data, isPending } = useUsers();
  const canAssign = isManagerOrAdmin(me);
  const users = (data ?? []).filter((u) => u.active || u.id === props.value);
  const options = users.length
    ? users.map((u) => ({ value: u.id, label: u.id === me.id ? `${u.name} (me)` : u.name }))
    : [{ value: me.id, label: `${me.name} (me)` }];
  return (
    <SelectField
      {...props}
      label={props.label ?? 'Owner'}
      options={options}
      placeholder={props.value ? undefined : 'Me'}
      disabled={!canAssign || isPending}
      hint={canAssign ? undefined : 'Only managers and admins can give a record to someone else.'}
    />
  );
}

// Admin: the people who sign in, their roles, and deactivation (which ends their sessions at once).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { roles } from '../../../shared/enums';
import { userCreate } from '../../../shared/schemas/users';
import { Badge } from '../components/Badge';
import { Button } from '../components/Button';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { type Column, TableView } from '../components/DataTable';
import { Dialog } from '../components/Dialog';
import { SearchInput } from '../components/FilterBar';
import { FormSummary, SelectField, TextField } from '../components/FormField';
import { Icon } from '../components/Icon';
import { PageHeader } from '../components/PageHeader';
import { useToast } from '../components/Toaster';
import { errorMessage } from '../lib/errors';
import { formatDate } from '../lib/format';
import { useSession } from '../lib/session';
import { useZodForm } from '../lib/useZodForm';
import { type RouterOutputs, useTRPC } from '../trpc';

type User = RouterOutputs['users']['list'][number];

const roleLabels: Record<(typeof roles)[number], string> = {
  admin: 'Admin',
  manager: 'Manager',
  rep: 'Sales rep',
  csm: 'Customer success',
};
const roleOptions = roles.map((r) => ({ value: r, label: roleLabels[r] }));

function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

function NewUserDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const empty = { email: '', name: '', role: 'rep' as const, password: '', timeZone: browserTimeZone() };
  const form = useZodForm(userCreate, empty);
  const create = useMutation(trpc.users.create.mutationOptions());
  const close = () => {
    form.reset(empty);
    onClose();
  };
  const onSubmit = form.handleSubmit(async (input) => {
    const user = await create.mutateAsync(input);
    await queryClient.invalidateQueries(trpc.users.pathFilter());
    toast.success(`${user.name} can now sign in as ${user.email}`);
    close();
  });
  return (
    <Dialog open={open} onClose={close} title="New user" description="They sign in with this email and password.">
      <form id="new-user-form" onSubmit={onSubmit} noValidate className="form">
        <TextField label="Name" required autoFocus autoComplete="off" {...form.text('name')} />
        <TextField label="Email" type="email" required autoComplete="off" {...form.text('email')} />
        <SelectField label="Role" required options={roleOptions} {...form.choice('role')} />
        <TextField
          label="Password"
          type="password"
          required
          autoComplete="new-password"
          hint="At least 12 characters, and not one that is easy to guess. Share it with them safely."
          {...form.text('password')}
        />
        <TextField label="Time zone" hint="For digests, e.g. Europe/Berlin" {...form.text('timeZone')} />
        <div className="form-actions">
          <FormSummary summary={form.summary} />
          <Button onClick={close}>Cancel</Button>
          <Button type="submit" variant="primary" pending={form.submitting}>
            Create user
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

function RoleSelect({ user }: { user: User }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const me = useSession();
  const update = useMutation(
    trpc.users.update.mutationOptions({
      onSuccess: async (u) => {
        await queryClient.invalidateQueries(trpc.users.pathFilter());
        toast.success(`${u.name} is now ${roleLabels[u.role].toLowerCase()}`);
      },
      onError: (e) => toast.error(errorMessage(e)),
    }),
  );
  return (
    <select
      className="input input--sm select"
      style={{ width: 170 }}
      aria-label={`Role of ${user.name}`}
      value={user.role}
      disabled={user.id === me.id || update.isPending}
      title={user.id === me.id ? 'You cannot change your own role' : undefined}
      onChange={(e) => update.mutate({ id: user.id, role: e.target.value as User['role'] })}
    >
      {roleOptions.map((o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </select>
  );
}

function ActiveToggle({ user }: { user: User }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const me = useSession();
  const [confirming, setConfirming] = useState(false);
  const update = useMutation(
    trpc.users.update.mutationOptions({
      onSuccess: async (u) => {
        setConfirming(false);
        await queryClient.invalidateQueries(trpc.users.pathFilter());
        toast.success(u.active ? `${u.name} reactivated` : `${u.name} deactivated`);
      },
    }),
  );
  if (user.id === me.id) return <span className="subtle-text">You</span>;
  if (!user.active) {
    return (
      <Button
        size="sm"
        pending={update.isPending}
        onClick={() => update.mutate({ id: user.id, active: true }, { onError: (e) => toast.error(errorMessage(e)) })}
      >
        Reactivate
      </Button>
    );
  }
  return (
    <>
      <Button size="sm" variant="ghost" className="btn--danger-text" onClick={() => setConfirming(true)}>
        Deactivate
      </Button>
      <ConfirmDialog
        open={confirming}
        title={`Deactivate ${user.name}?`}
        message="They are signed out everywhere at once and cannot sign in again until reactivated. Their records keep them as owner."
        confirmLabel="Deactivate"
        pending={update.isPending}
        error={update.error ? errorMessage(update.error) : null}
        onConfirm={() => update.mutate({ id: user.id, active: false })}
        onCancel={() => {
          setConfirming(false);
          update.reset();
        }}
      />
    </>
  );
}

const columns: Column<User>[] = [
  { key: 'name', header: 'Name', cell: (u) => <span className="cell-primary">{u.name}</span> },
  { key: 'email', header: 'Email', cell: (u) => u.email },
  { key: 'role', header: 'Role', width: '200px', cell: (u) => <RoleSelect user={u} /> },
  {
    key: 'status',
    header: 'Status',
    cell: (u) => (u.active ? <Badge tone="success">Active</Badge> : <Badge tone="neutral">Deactivated</Badge>),
  },
  { key: 'tz', header: 'Time zone', cell: (u) => <span className="muted-text">{u.timeZone}</span> },
  { key: 'created', header: 'Added', cell: (u) => formatDate(u.createdAt) },
  { key: 'actions', header: '', align: 'right', cell: (u) => <ActiveToggle user={u} /> },
];

export default function UsersPage() {
  const trpc = useTRPC();
  const [search, setSearch] = useState('');
  const [showInactive, setShowInactive] = useState(false);
  const [creating, setCreating] = useState(false);
  const users = useQuery(trpc.users.list.queryOptions({ includeInactive: showInactive, search: search || undefined }));
  return (
    <>
      <PageHeader
        title="Users"
        subtitle="Who can sign in, and what they may do."
        actions={
          <Button variant="primary" onClick={() => setCreating(true)}>
            <Icon name="plus" /> New user
          </Button>
        }
      />
      <div className="filter-bar">
        <SearchInput value={search} onChange={setSearch} placeholder="Search name or email…" />
        <label className="checkbox">
          <input type="checkbox" checked={showInactive} onChange={(e) => setShowInactive(e.target.checked)} />
          <span>Show deactivated</span>
        </label>
      </div>
      <TableView
        label="Users"
        columns={columns}
        rows={users.data ?? []}
        loading={users.isPending}
        error={users.error}
        onRetry={() => void users.refetch()}
        rowClassName={(u) => (u.active ? undefined : 'table__row--muted')}
        empty={{ title: search ? 'No user matches' : 'No users', description: search ? 'Try another search.' : undefined }}
      />
      <NewUserDialog open={creating} onClose={() => setCreating(false)} />
    </>
  );
}

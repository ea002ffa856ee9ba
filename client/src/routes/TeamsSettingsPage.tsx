// Settings -> Teams (managers and admins): who reports to which manager. A manager's digest, its per-rep table
// and their team pipeline reviews count these reps. Admins move anyone; a manager takes reps who are in no team
// and lets their own go.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { PageHeader } from '../components/PageHeader';
import { Panel } from '../components/Panel';
import { DetailSkeleton, EmptyState, ErrorState } from '../components/States';
import { useToast } from '../components/Toaster';
import { errorMessage } from '../lib/errors';
import { useSession } from '../lib/session';
import { type RouterOutputs, useTRPC } from '../trpc';

type Teams = RouterOutputs['teams']['list'];
type Rep = Teams['reps'][number];

const NO_TEAM = '';

function TeamSelect({ rep, teams }: { rep: Rep; teams: Teams }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const me = useSession();
  const nameOf = (id: string | null) => teams.managers.find((m) => m.id === id)?.name ?? 'no team';
  const setManager = useMutation(
    trpc.teams.setManager.mutationOptions({
      onSuccess: async (r) => {
        await queryClient.invalidateQueries(trpc.teams.pathFilter());
        toast.success(r.managerId ? `${rep.name} is now in ${nameOf(r.managerId)}’s team` : `${rep.name} is in no team now`);
      },
      onError: (e) => toast.error(errorMessage(e)),
    }),
  );
  const isAdmin = me.role === 'admin';
  // A manager may not move another manager's rep: say whose team it is instead.
  const lockedAway = !isAdmin && rep.managerId !== null && rep.managerId !== me.id;
  const options = isAdmin ? teams.managers : teams.managers.filter((m) => m.id === me.id);
  return (
    <select
      className="input input--sm select"
      style={{ width: '100%', maxWidth: 260 }}
      aria-label={`Team of ${rep.name}`}
      value={rep.managerId ?? NO_TEAM}
      disabled={lockedAway || setManager.isPending}
      title={lockedAway ? 'In another manager’s team: an admin can move them' : undefined}
      onChange={(e) => setManager.mutate({ repId: rep.id, managerId: e.target.value || null })}
    >
      <option value={NO_TEAM}>No team</option>
      {(lockedAway ? teams.managers.filter((m) => m.id === rep.managerId) : options).map((m) => (
        <option key={m.id} value={m.id}>
          {m.id === me.id ? 'My team' : `${m.name}’s team`}
        </option>
      ))}
    </select>
  );
}

function RepTable({ reps, teams, label }: { reps: Rep[]; teams: Teams; label: string }) {
  return (
    <table className="table table--compact" aria-label={label} style={{ tableLayout: 'fixed' }}>
      {/* The same widths in every team's table, so the panels line up. */}
      <colgroup>
        <col style={{ width: '30%' }} />
        <col style={{ width: '40%' }} />
        <col style={{ width: '30%' }} />
      </colgroup>
      <thead>
        <tr>
          <th scope="col">Rep</th>
          <th scope="col">Email</th>
          <th scope="col">Team</th>
        </tr>
      </thead>
      <tbody>
        {reps.map((rep) => (
          <tr key={rep.id}>
            <td className="cell-primary">{rep.name}</td>
            <td className="muted-text">{rep.email}</td>
            <td>
              <TeamSelect rep={rep} teams={teams} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export default function TeamsSettingsPage() {
  const trpc = useTRPC();
  const me = useSession();
  const teams = useQuery(trpc.teams.list.queryOptions());
  const header = (
    <PageHeader title="Teams" subtitle="Which reps report to which manager: a manager’s digest and team pipeline reviews count their team." />
  );
  let body;
  if (teams.isPending) body = <DetailSkeleton />;
  else if (teams.isError) body = <ErrorState error={teams.error} onRetry={() => void teams.refetch()} />;
  else if (teams.data.reps.length === 0) {
    body = <EmptyState title="No reps yet" description="Reps appear here once an admin adds them in Settings → Users." />;
  }
  if (body || !teams.data) {
    return (
      <>
        {header}
        {body}
      </>
    );
  }
  const data = teams.data;
  // The signed-in manager's own team first, then the others by name.
  const managers = [...data.managers].sort((a, b) => Number(b.id === me.id) - Number(a.id === me.id));
  const unassigned = data.reps.filter((r) => r.managerId === null);
  return (
    <>
      {header}
      <div className="stack">
        {managers.map((m) => {
          const reps = data.reps.filter((r) => r.managerId === m.id);
          return (
            <Panel key={m.id} title={m.id === me.id ? 'My team' : `${m.name}’s team`} count={reps.length} flush>
              {reps.length === 0 ? (
                <p className="panel__intro muted-text">No reps yet: choose this team for a rep below.</p>
              ) : (
                <RepTable reps={reps} teams={data} label={`${m.name}’s team`} />
              )}
            </Panel>
          );
        })}
        {unassigned.length > 0 && (
          <Panel title="Not in a team" count={unassigned.length} flush>
            <p className="panel__intro muted-text">Until they join a team, their deals count in admins’ digests only.</p>
            <RepTable reps={unassigned} teams={data} label="Reps not in a team" />
          </Panel>
        )}
      </div>
    </>
  );
}

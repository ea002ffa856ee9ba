// Dashboards: my own sales dashboard; managers and admins can open any rep's.
import { useSearchParams } from 'react-router';
import type { AnalyticsScope } from '../../../shared/schemas/analytics';
import { FilterSelect } from '../components/FilterBar';
import { RepDashboard } from '../components/insight/RepDashboard';
import { useUsers } from '../components/OwnerSelect';
import { PageHeader } from '../components/PageHeader';
import { isManagerOrAdmin, useSession } from '../lib/session';

export default function DashboardsPage() {
  const me = useSession();
  const [params, setParams] = useSearchParams();
  const users = useUsers();
  const userId = params.get('user');
  const target: AnalyticsScope = userId && userId !== me.id ? { scope: 'user', userId } : { scope: 'me' };
  const people = (users.data ?? []).filter((u) => u.active && u.id !== me.id && (u.role === 'rep' || u.role === 'manager'));
  const subject = userId ? users.data?.find((u) => u.id === userId)?.name : undefined;

  return (
    <>
      <PageHeader
        title="Dashboard"
        subtitle={subject ? `${subject}'s pipeline, forecast and win rate` : 'Your pipeline, forecast and win rate'}
        actions={
          isManagerOrAdmin(me) ? (
            <FilterSelect
              label="Viewing"
              value={userId ?? ''}
              onChange={(value) =>
                setParams((prev) => {
                  const next = new URLSearchParams(prev);
                  next.delete('deals');
                  if (value) next.set('user', value);
                  else next.delete('user');
                  return next;
                })
              }
              options={people.map((u) => ({ value: u.id, label: u.name }))}
              allLabel="Me"
            />
          ) : undefined
        }
      />
      <RepDashboard key={userId ?? 'me'} target={target} />
    </>
  );
}

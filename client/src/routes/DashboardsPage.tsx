// Dashboards: my own (a rep's numbers, a CSM's book); managers and admins open any rep's, the team's (the
// manager dashboard) or the customer-success view of one CSM or every customer.
import { useSearchParams } from 'react-router';
import { CsmDashboard } from '../components/insight/CsmDashboard';
import { ManagerDashboard } from '../components/insight/ManagerDashboard';
import { CSM_ALL, CSM_PREFIX, useInsightTarget, ViewingSelect } from '../components/insight/parts';
import { RepDashboard } from '../components/insight/RepDashboard';
import { PageHeader } from '../components/PageHeader';
import { useSession } from '../lib/session';
import { useUsers } from '../components/OwnerSelect';

export default function DashboardsPage() {
  const me = useSession();
  const [params] = useSearchParams();
  const users = useUsers();
  const { target, userId, subjectName } = useInsightTarget();
  const viewing = params.get('user');
  const csmId = viewing?.startsWith(CSM_PREFIX) ? viewing.slice(CSM_PREFIX.length) : undefined;
  const csmView = viewing === CSM_ALL || csmId !== undefined || (!viewing && me.role === 'csm');
  const csmName = csmId ? users.data?.find((u) => u.id === csmId)?.name : undefined;

  const subtitle = csmView
    ? viewing === CSM_ALL
      ? 'Customer success across every customer: projects, adoption, cases and quiet accounts'
      : csmName
        ? `Customer success of: ${csmName}`
        : 'Your projects, adoption, cases and quiet accounts'
    : target.scope === 'team'
      ? 'The team’s pipeline and forecast, every rep side by side, conversion, cycle and ARR'
      : subjectName
        ? `Pipeline, forecast and win rate of: ${subjectName}`
        : 'Your pipeline, forecast and win rate';

  return (
    <>
      <PageHeader title="Dashboard" subtitle={subtitle} actions={<ViewingSelect withCsm />} />
      {csmView ? (
        <CsmDashboard key={viewing ?? 'me'} userId={csmId} />
      ) : target.scope === 'team' ? (
        <ManagerDashboard />
      ) : (
        <RepDashboard key={userId ?? 'me'} target={target} />
      )}
    </>
  );
}

// Dashboards: my own sales dashboard; managers and admins can open any rep's.
import { RepDashboard } from '../components/insight/RepDashboard';
import { useInsightTarget, ViewingSelect } from '../components/insight/parts';
import { PageHeader } from '../components/PageHeader';

export default function DashboardsPage() {
  const { target, userId, subjectName } = useInsightTarget();
  return (
    <>
      <PageHeader
        title="Dashboard"
        subtitle={subjectName ? `Pipeline, forecast and win rate of: ${subjectName}` : 'Your pipeline, forecast and win rate'}
        actions={<ViewingSelect />}
      />
      <RepDashboard key={userId ?? 'me'} target={target} />
    </>
  );
}

// One project: health, adoption, the milestone plan and the work logged on it.
import { RecordHygienePanel } from '../components/hygiene/DealHygienePanel';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { RecordTimeline } from '../components/activities/RecordTimeline';
import { EnrolmentsTable } from '../components/automation/EnrolmentsTable';
import { StatusBadge } from '../components/Badge';
import { ButtonLink } from '../components/Button';
import { ReadOnlyNotice } from '../components/ReadOnlyNotice';
import { PageHeader } from '../components/PageHeader';
import { Panel, Properties } from '../components/Panel';
import { AdoptionBar } from '../components/projects/AdoptionBar';
import { MilestoneList } from '../components/projects/MilestoneList';
import { DetailSkeleton, ErrorState } from '../components/States';
import { formatDate, formatRelative } from '../lib/format';
import { parseId } from '../lib/records';
import { canWrite, useSession } from '../lib/session';
import { useRecordView } from '../lib/useRecordView';
import { type RouterOutputs, useTRPC } from '../trpc';

type Project = RouterOutputs['projects']['getById'];

function ProjectView({ project }: { project: Project }) {
  const user = useSession();
  const mayChange = canWrite(user, project.ownerId);
  const account = project.accountName ? <Link to={`/accounts/${project.accountId}`}>{project.accountName}</Link> : null;
  const opportunity =
    project.opportunityId && project.opportunityName ? (
      <Link to={`/opportunities/${project.opportunityId}`}>{project.opportunityName}</Link>
    ) : null;
  return (
    <>
      <PageHeader
        title={project.projectName}
        crumbs={[{ label: 'Projects', to: '/projects' }]}
        badge={
          <>
            <StatusBadge value={project.status} />
            <StatusBadge value={project.healthStatus} />
          </>
        }
        subtitle={
          <>
            {account}
            {opportunity && <span className="dot-sep">{opportunity}</span>}
          </>
        }
        actions={mayChange ? <ButtonLink to={`/projects/${project.id}/edit`}>Edit</ButtonLink> : <ReadOnlyNotice ownerId={project.ownerId} ownerName={project.ownerName} />}
      />
      <div className="detail-layout">
        <div className="detail-layout__main">
          <MilestoneList project={project} editable={mayChange} />
          <RecordTimeline type="project" id={project.id} />
        </div>
        <aside className="detail-layout__aside">
          <RecordHygienePanel recordType="project" recordId={project.id} />
          <Panel title="Details">
            <Properties
              items={[
                { label: 'Status', value: <StatusBadge value={project.status} /> },
                { label: 'Health', value: <StatusBadge value={project.healthStatus} /> },
                {
                  label: 'Adoption',
                  value: <AdoptionBar active={project.activeUsers} expected={project.expectedUsers} />,
                },
                { label: 'Account', value: account },
                { label: 'Opportunity', value: opportunity },
                { label: 'Start', value: project.startDate ? formatDate(project.startDate) : null },
                { label: 'Target end', value: project.targetEndDate ? formatDate(project.targetEndDate) : null },
                { label: 'Owner', value: project.ownerName },
                { label: 'Last activity', value: project.lastActivityAt ? formatRelative(project.lastActivityAt) : null },
                { label: 'Created', value: formatDate(project.createdAt) },
              ]}
            />
          </Panel>
          <Panel title="Playbooks" flush>
            <EnrolmentsTable filter={{ recordId: project.id }} show="playbook" recordType="project" />
          </Panel>
        </aside>
      </div>
    </>
  );
}

export default function ProjectDetailPage() {
  const trpc = useTRPC();
  const id = parseId(useParams().id);
  useRecordView('project', id);
  const project = useQuery({ ...trpc.projects.getById.queryOptions({ id: id ?? 0 }), enabled: id !== null });
  if (id === null) return <ErrorState error={{ data: { code: 'NOT_FOUND' }, message: 'Project not found' }} />;
  if (project.isPending) return <DetailSkeleton />;
  if (project.isError) return <ErrorState error={project.error} onRetry={() => void project.refetch()} />;
  return <ProjectView project={project.data} />;
}

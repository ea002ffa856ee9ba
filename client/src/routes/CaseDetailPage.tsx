// One case: where it stands against its SLA, what it is about, and the work logged on it.
import { RecordHygienePanel } from '../components/hygiene/DealHygienePanel';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { RecordTimeline } from '../components/activities/RecordTimeline';
import { EnrolmentsTable } from '../components/automation/EnrolmentsTable';
import { StatusBadge } from '../components/Badge';
import { Button, ButtonLink } from '../components/Button';
import { SlaDue } from '../components/cases/SlaDue';
import { ReadOnlyNotice } from '../components/ReadOnlyNotice';
import { PageHeader } from '../components/PageHeader';
import { Panel, Properties } from '../components/Panel';
import { DetailSkeleton, ErrorState } from '../components/States';
import { useToast } from '../components/Toaster';
import { errorMessage } from '../lib/errors';
import { formatDate, formatDateTime } from '../lib/format';
import { parseId } from '../lib/records';
import { canWrite, useSession } from '../lib/session';
import { slaState } from '../lib/sla';
import { useRecordView } from '../lib/useRecordView';
import { type RouterOutputs, useTRPC } from '../trpc';

type Case = RouterOutputs['cases']['getById'];

function SlaCallout({ c }: { c: Case }) {
  const state = slaState(c);
  const caption =
    state === 'breached'
      ? 'SLA breached'
      : state === 'atRisk'
        ? 'SLA at risk'
        : state === 'closed'
          ? `Closed${c.closedAt ? ` ${formatDateTime(c.closedAt)}` : ''}`
          : 'SLA on track';
  return (
    <div className={`sla-callout sla-callout--${state}`} role={state === 'breached' ? 'alert' : undefined}>
      <div>
        <div className="sla-callout__label">{caption}</div>
        <div className="sla-callout__value">
          <SlaDue c={c} />
        </div>
      </div>
      <div className="muted-text">Due {formatDateTime(c.slaDueAt)}</div>
    </div>
  );
}

function CaseView({ c }: { c: Case }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const user = useSession();
  const mayChange = canWrite(user, c.ownerId);
  const closed = c.status === 'Closed';
  const setStatus = useMutation(
    trpc.cases.update.mutationOptions({
      onSuccess: async (saved) => {
        queryClient.setQueryData(trpc.cases.getById.queryKey({ id: c.id }), saved);
        await queryClient.invalidateQueries(trpc.cases.pathFilter());
        toast.success(saved.status === 'Closed' ? `Case ${saved.caseNumber} closed` : `Case ${saved.caseNumber} reopened`);
      },
      onError: (e) => toast.error(errorMessage(e)),
    }),
  );
  const account = c.accountName ? <Link to={`/accounts/${c.accountId}`}>{c.accountName}</Link> : null;
  const contact = c.contactId && c.contactName ? <Link to={`/contacts/${c.contactId}`}>{c.contactName}</Link> : null;

  return (
    <>
      <PageHeader
        title={c.subject}
        crumbs={[{ label: 'Cases', to: '/cases' }]}
        badge={
          <>
            <StatusBadge value={c.status} />
            <StatusBadge value={c.priority} />
          </>
        }
        subtitle={
          <>
            <span className="mono">{c.caseNumber}</span>
            {account && <span className="dot-sep">{account}</span>}
            {contact && <span className="dot-sep">{contact}</span>}
          </>
        }
        actions={
          mayChange ? (
            <>
              <ButtonLink to={`/cases/${c.id}/edit`}>Edit</ButtonLink>
              <Button
                variant={closed ? 'secondary' : 'primary'}
                pending={setStatus.isPending}
                onClick={() => setStatus.mutate({ id: c.id, version: c.version, status: closed ? 'Working' : 'Closed' })}
              >
                {closed ? 'Reopen' : 'Close case'}
              </Button>
            </>
          ) : (
            <ReadOnlyNotice ownerId={c.ownerId} ownerName={c.ownerName} />
          )
        }
      />
      <SlaCallout c={c} />
      <div className="detail-layout">
        <div className="detail-layout__main">
          <Panel title="Description">
            {c.description ? <p className="description">{c.description}</p> : <p className="muted-text">No description.</p>}
          </Panel>
          <RecordTimeline type="case" id={c.id} />
        </div>
        <aside className="detail-layout__aside">
          <RecordHygienePanel recordType="case" recordId={c.id} />
          <Panel title="Details">
            <Properties
              items={[
                { label: 'Case number', value: <span className="mono">{c.caseNumber}</span> },
                { label: 'Status', value: <StatusBadge value={c.status} /> },
                { label: 'Priority', value: <StatusBadge value={c.priority} /> },
                { label: 'SLA due', value: <SlaDue c={c} /> },
                { label: 'Account', value: account },
                { label: 'Contact', value: contact },
                { label: 'Owner', value: c.ownerName },
                { label: 'Opened', value: formatDateTime(c.createdAt) },
                { label: 'Closed', value: c.closedAt ? formatDate(c.closedAt) : null },
              ]}
            />
          </Panel>
          <Panel title="Playbooks" flush>
            <EnrolmentsTable filter={{ recordId: c.id }} show="playbook" recordType="case" />
          </Panel>
        </aside>
      </div>
    </>
  );
}

export default function CaseDetailPage() {
  const trpc = useTRPC();
  const id = parseId(useParams().id);
  useRecordView('case', id);
  const c = useQuery({ ...trpc.cases.getById.queryOptions({ id: id ?? 0 }), enabled: id !== null });
  if (id === null) return <ErrorState error={{ data: { code: 'NOT_FOUND' }, message: 'Case not found' }} />;
  if (c.isPending) return <DetailSkeleton />;
  if (c.isError) return <ErrorState error={c.error} onRetry={() => void c.refetch()} />;
  return <CaseView c={c.data} />;
}

// One deal: header, stage path, key fields, MEDDIC, line items, stage history and activity.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from 'react-router';
import { isOpenStage, stageDefaults } from '../../../shared/stages';
import { RecordTimeline } from '../components/activities/RecordTimeline';
import { Badge } from '../components/Badge';
import { ButtonLink } from '../components/Button';
import { DeleteButton } from '../components/DeleteButton';
import { ReadOnlyNotice } from '../components/ReadOnlyNotice';
import { PageHeader } from '../components/PageHeader';
import { Panel, Properties } from '../components/Panel';
import { DetailSkeleton, ErrorState } from '../components/States';
import { useToast } from '../components/Toaster';
import { DealReviewPanel } from '../components/assistant/DealReviewPanel';
import { DealHygienePanel } from '../components/hygiene/DealHygienePanel';
import { EnrolmentsTable } from '../components/automation/EnrolmentsTable';
import { DealContactsPanel } from '../components/opportunities/DealContactsPanel';
import { LineItemsPanel } from '../components/opportunities/LineItemsPanel';
import { MeddicPanel } from '../components/opportunities/MeddicPanel';
import { StageBadge } from '../components/opportunities/StageBadge';
import { StageHistoryList } from '../components/opportunities/StageHistoryList';
import { StagePath } from '../components/opportunities/StagePath';
import type { OpportunityDetail } from '../components/opportunities/types';
import { useStageMove } from '../components/opportunities/useStageMove';
import { WinLossPanel } from '../components/opportunities/WinLossPanel';
import '../components/opportunities/opportunities.css';
import { formatDate, formatDateTime, formatMoney, formatRelative, toDateInput } from '../lib/format';
import { parseId } from '../lib/records';
import { canWrite, useSession } from '../lib/session';
import { useRecordView } from '../lib/useRecordView';
import { useTRPC } from '../trpc';

function Overridden({ on }: { on: boolean }) {
  return on ? (
    <Badge tone="info" title="Set by the rep; kept when the stage changes">
      override
    </Badge>
  ) : null;
}

function KeyFields({ o }: { o: OpportunityDetail }) {
  const overdue = isOpenStage(o.stage) && !!o.closeDate && o.closeDate < toDateInput(new Date());
  const nextStepOverdue = isOpenStage(o.stage) && !!o.nextStepDate && o.nextStepDate < toDateInput(new Date());
  return (
    <Properties
      items={[
        { label: 'Stage', value: <StageBadge stage={o.stage} /> },
        {
          label: 'Amount',
          value: (
            <>
              {formatMoney(o.amount, { cents: true })}
              {o.lineItems.length > 0 && <span className="muted-text"> · from line items</span>}
            </>
          ),
        },
        {
          label: 'Close date',
          value: o.closeDate ? (
            <>
              <span className={overdue ? 'opp-overdue' : undefined}>{formatDate(o.closeDate)}</span>
              {overdue && <span className="muted-text"> · passed</span>}
              {o.pushCount > 0 && (
                <span className="muted-text">
                  {' '}
                  · pushed {o.pushCount} time{o.pushCount === 1 ? '' : 's'}
                </span>
              )}
            </>
          ) : null,
        },
        {
          label: 'Probability',
          value: (
            <>
              {o.probability}% <Overridden on={o.probabilityOverridden} />
              {o.probabilityOverridden && (
                <span className="muted-text"> (stage default {stageDefaults[o.stage].probability}%)</span>
              )}
            </>
          ),
        },
        {
          label: 'Forecast category',
          value: (
            <>
              {o.forecastCategory} <Overridden on={o.forecastCategoryOverridden} />
            </>
          ),
        },
        {
          label: 'Next step',
          value: o.nextStep ? (
            <>
              {o.nextStep}
              {o.nextStepDate && (
                <span className={nextStepOverdue ? 'opp-overdue' : 'muted-text'}> · by {formatDate(o.nextStepDate)}</span>
              )}
            </>
          ) : null,
        },
        ...(o.stage === 'Closed Lost' || o.lossReason ? [{ label: 'Loss reason', value: o.lossReason }] : []),
        { label: 'In stage since', value: formatDate(o.stageEnteredAt) },
        ...(o.closedAt ? [{ label: 'Closed', value: formatDateTime(o.closedAt) }] : []),
        {
          label: 'Last activity',
          value: o.lastActivityAt ? <span title={formatDateTime(o.lastActivityAt)}>{formatRelative(o.lastActivityAt)}</span> : null,
        },
        { label: 'Created', value: formatDate(o.createdAt) },
      ]}
    />
  );
}

function OpportunityView({ o }: { o: OpportunityDetail }) {
  const trpc = useTRPC();
  const me = useSession();
  const navigate = useNavigate();
  const toast = useToast();
  const queryClient = useQueryClient();
  const { move, pendingIds, lossReasonDialog } = useStageMove();
  const editable = canWrite(me, o.ownerId);
  const remove = useMutation(trpc.opportunities.delete.mutationOptions());

  return (
    <>
      <PageHeader
        title={o.opportunityName}
        badge={<StageBadge stage={o.stage} />}
        crumbs={[{ label: 'Opportunities', to: '/opportunities' }]}
        subtitle={
          <span className="opp-header-facts">
            <Link to={`/accounts/${o.accountId}`}>{o.accountName}</Link>
            <span>{formatMoney(o.amount)}</span>
            <span>{o.closeDate ? `Closes ${formatDate(o.closeDate)}` : 'No close date'}</span>
            <span>Owner: {o.ownerName}</span>
          </span>
        }
        actions={
          editable ? (
            <>
              <ButtonLink to={`/opportunities/${o.id}/edit`}>Edit</ButtonLink>
              <DeleteButton
                what="opportunity"
                name={o.opportunityName}
                consequence="It disappears from lists, the board and forecasts."
                onConfirm={async () => {
                  await remove.mutateAsync({ id: o.id, version: o.version });
                  await queryClient.invalidateQueries({ queryKey: trpc.opportunities.list.queryKey() });
                  queryClient.removeQueries({ queryKey: trpc.opportunities.getById.queryKey({ id: o.id }) });
                  toast.success(`Deleted “${o.opportunityName}”`);
                  navigate('/opportunities');
                }}
              />
            </>
          ) : (
            <ReadOnlyNotice ownerId={o.ownerId} ownerName={o.ownerName} />
          )
        }
      />
      <StagePath current={o.stage} history={o.stageHistory} disabled={!editable} pending={pendingIds.has(o.id)} onSelect={(s) => void move(o, s)} />
      <div className="detail-layout">
        <div className="detail-layout__main">
          <DealHygienePanel opportunityId={o.id} accountId={o.accountId} canEdit={editable} />
          <DealReviewPanel opportunityId={o.id} />
          <Panel title="Details">
            <KeyFields o={o} />
          </Panel>
          <WinLossPanel deal={o} />
          <MeddicPanel
            opportunity={o}
            actions={editable ? <ButtonLink size="sm" to={`/opportunities/${o.id}/edit#meddic`}>Edit</ButtonLink> : undefined}
          />
          <LineItemsPanel opportunity={o} canEdit={editable} />
          <RecordTimeline type="opportunity" id={o.id} />
        </div>
        <aside className="detail-layout__aside">
          <DealContactsPanel deal={o} canEdit={editable} />
          <Panel title="Playbooks" flush>
            <EnrolmentsTable filter={{ recordId: o.id }} show="playbook" />
          </Panel>
          <Panel title="Stage history" count={o.stageHistory.length}>
            <StageHistoryList entries={o.stageHistory} />
          </Panel>
        </aside>
      </div>
      {lossReasonDialog}
    </>
  );
}

export default function OpportunityDetailPage() {
  const trpc = useTRPC();
  const params = useParams();
  const id = parseId(params.id);
  useRecordView('opportunity', id);
  const query = useQuery({ ...trpc.opportunities.getById.queryOptions({ id: id ?? 0 }), enabled: id !== null });
  if (id === null) return <ErrorState error={{ data: { code: 'NOT_FOUND' }, message: 'Opportunity not found' }} />;
  if (query.isPending) return <DetailSkeleton />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  return <OpportunityView o={query.data} />;
}

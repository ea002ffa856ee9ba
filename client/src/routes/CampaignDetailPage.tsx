// One campaign: its numbers (members, leads, deals, won revenue, return), its members and the deals they
// became. Its owner, managers and admins edit it, add and remove members, and delete it.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { campaignMemberSourceLabels } from '../../../shared/schemas/campaigns';
import { Badge } from '../components/Badge';
import { Button, ButtonLink } from '../components/Button';
import { AddMembersDialog } from '../components/campaigns/AddMembersDialog';
import { formatReturn } from '../components/campaigns/campaignFormat';
import { type Column, TableView } from '../components/DataTable';
import { DeleteButton } from '../components/DeleteButton';
import { Icon } from '../components/Icon';
import { Stat } from '../components/insight/parts';
import '../components/insight/insight.css';
import { PageHeader } from '../components/PageHeader';
import { Panel, Properties } from '../components/Panel';
import { ReadOnlyNotice } from '../components/ReadOnlyNotice';
import { DetailSkeleton, ErrorState } from '../components/States';
import { useToast } from '../components/Toaster';
import { errorMessage } from '../lib/errors';
import { formatDate, formatDateTime, formatMoney, formatNumber, fullName } from '../lib/format';
import { parseId } from '../lib/records';
import { type RouterOutputs, useTRPC } from '../trpc';

type Campaign = RouterOutputs['campaigns']['get'];

const plural = (n: number, noun: string) => `${formatNumber(n)} ${noun}${n === 1 ? '' : 's'}`;
type Member = Campaign['members'][number];
type Deal = Campaign['deals'][number];

const dealColumns: Column<Deal>[] = [
  {
    key: 'name',
    header: 'Opportunity',
    cell: (d) => (
      <Link to={`/opportunities/${d.id}`} className="cell-primary">
        {d.opportunityName}
      </Link>
    ),
  },
  { key: 'account', header: 'Account', cell: (d) => d.accountName },
  {
    key: 'stage',
    header: 'Stage',
    cell: (d) => <Badge tone={d.stage === 'Closed Won' ? 'success' : d.stage === 'Closed Lost' ? 'danger' : 'neutral'}>{d.stage}</Badge>,
  },
  { key: 'amount', header: 'Amount', align: 'right', cell: (d) => formatMoney(d.amount) },
  { key: 'close', header: 'Close date', cell: (d) => formatDate(d.closeDate) },
  {
    key: 'via',
    header: 'Through',
    cell: (d) => [d.via.leads ? `${d.via.leads} lead${d.via.leads === 1 ? '' : 's'}` : null, d.via.contacts ? `${d.via.contacts} contact${d.via.contacts === 1 ? '' : 's'}` : null].filter(Boolean).join(', '),
  },
];

function MembersPanel({ campaign }: { campaign: Campaign }) {
  const trpc = useTRPC();
  const toast = useToast();
  const queryClient = useQueryClient();
  const [adding, setAdding] = useState(false);
  const remove = useMutation(trpc.campaigns.removeMember.mutationOptions());
  const columns: Column<Member>[] = [
    {
      key: 'name',
      header: 'Name',
      cell: (m) => (
        <div>
          <Link to={`/${m.type === 'lead' ? 'leads' : 'contacts'}/${m.id}`} className="cell-primary">
            {fullName(m)}
          </Link>
          {(m.email || m.company) && <div className="subtle-text">{[m.email, m.company].filter(Boolean).join(' · ')}</div>}
        </div>
      ),
    },
    { key: 'type', header: 'Type', cell: (m) => (m.type === 'lead' ? <Badge tone="info">Lead{m.leadStatus ? ` · ${m.leadStatus}` : ''}</Badge> : <Badge>Contact</Badge>) },
    { key: 'via', header: 'Added', cell: (m) => <span title={formatDateTime(m.addedAt)}>{campaignMemberSourceLabels[m.addedVia]} · {formatDate(m.addedAt)}</span> },
    {
      key: 'deal',
      header: 'Became',
      cell: (m) => (m.convertedOpportunityId ? <Link to={`/opportunities/${m.convertedOpportunityId}`}>Opportunity</Link> : <span className="muted-text">—</span>),
    },
    ...(campaign.canEdit
      ? [
          {
            key: 'remove',
            header: '',
            align: 'right' as const,
            cell: (m: Member) => (
              <Button
                size="sm"
                variant="ghost"
                aria-label={`Remove ${fullName(m)}`}
                onClick={async () => {
                  try {
                    await remove.mutateAsync({ campaignId: campaign.id, type: m.type, memberId: m.id });
                    await queryClient.invalidateQueries(trpc.campaigns.pathFilter());
                    toast.success(`${fullName(m)} removed from the campaign`);
                  } catch (error) {
                    toast.error(errorMessage(error));
                  }
                }}
              >
                Remove
              </Button>
            ),
          },
        ]
      : []),
  ];
  return (
    <Panel
      title="Members"
      count={campaign.memberCount}
      flush
      actions={
        campaign.canEdit ? (
          <Button size="sm" onClick={() => setAdding(true)}>
            <Icon name="plus" /> Add members
          </Button>
        ) : undefined
      }
    >
      <TableView
        label="Members"
        columns={columns}
        rows={campaign.members}
        loading={false}
        rowKey={(m) => `${m.type}:${m.id}`}
        compact
        skeletonRows={3}
        empty={{ title: 'No members yet', description: campaign.canEdit ? 'Add leads and contacts by hand, by email list or from a saved view.' : undefined }}
        footer={campaign.memberCount > campaign.members.length ? <div className="subtle-text">The latest {campaign.members.length} of {formatNumber(campaign.memberCount)} members.</div> : undefined}
      />
      {campaign.canEdit && <AddMembersDialog campaignId={campaign.id} open={adding} onClose={() => setAdding(false)} />}
    </Panel>
  );
}

function CampaignView({ campaign }: { campaign: Campaign }) {
  const trpc = useTRPC();
  const navigate = useNavigate();
  const toast = useToast();
  const queryClient = useQueryClient();
  const remove = useMutation(trpc.campaigns.delete.mutationOptions());
  return (
    <>
      <PageHeader
        title={campaign.name}
        crumbs={[{ label: 'Campaigns', to: '/campaigns' }]}
        subtitle={
          <>
            {campaign.type}
            {campaign.channel && <span className="dot-sep">{campaign.channel}</span>}
            {(campaign.startDate || campaign.endDate) && (
              <span className="dot-sep">
                {formatDate(campaign.startDate)} – {formatDate(campaign.endDate)}
              </span>
            )}
          </>
        }
        actions={
          campaign.canEdit ? (
            <>
              <DeleteButton
                what="campaign"
                name={campaign.name}
                consequence="Its member list goes with it; the leads, contacts and deals are kept, and its won revenue is no longer attributed to it."
                onConfirm={async () => {
                  await remove.mutateAsync({ id: campaign.id });
                  await queryClient.invalidateQueries(trpc.campaigns.pathFilter());
                  toast.success(`Campaign “${campaign.name}” deleted`);
                  navigate('/campaigns');
                }}
              />
              <ButtonLink to={`/campaigns/${campaign.id}/edit`}>Edit</ButtonLink>
            </>
          ) : (
            <ReadOnlyNotice ownerId={campaign.ownerId} ownerName={campaign.ownerName} />
          )
        }
      />
      <div className="insight-dashboard">
        <div className="insight-stats">
          <Stat label="Members" value={formatNumber(campaign.memberCount)} detail={`${plural(campaign.leadCount, 'lead')} · ${plural(campaign.contactCount, 'contact')}`} />
          <Stat label="Deals" value={formatNumber(campaign.dealCount)} detail={`${formatNumber(campaign.wonDealCount)} won`} />
          <Stat label="Won revenue" value={formatMoney(campaign.wonRevenue)} detail={`Cost ${formatMoney(campaign.cost)}`} />
          <Stat label="Return" value={formatReturn(campaign.roi)} detail={campaign.roi === null ? 'No cost recorded' : '(won revenue − cost) / cost'} />
        </div>
        <div className="detail-layout">
          <div className="detail-layout__main">
            <MembersPanel campaign={campaign} />
            <Panel title="Deals" count={campaign.dealCount} flush>
              <TableView
                label="Deals"
                columns={dealColumns}
                rows={campaign.deals}
                loading={false}
                rowHref={(d) => `/opportunities/${d.id}`}
                compact
                skeletonRows={3}
                empty={{ title: 'No deals yet', description: 'A member lead converted into a deal, or a member contact on a deal, shows here.' }}
              />
            </Panel>
          </div>
          <aside className="detail-layout__aside">
            <Panel title="Details">
              <Properties
                items={[
                  { label: 'Owner', value: campaign.ownerName },
                  { label: 'Type', value: campaign.type },
                  { label: 'Channel', value: campaign.channel },
                  { label: 'Starts', value: campaign.startDate ? formatDate(campaign.startDate) : null },
                  { label: 'Ends', value: campaign.endDate ? formatDate(campaign.endDate) : null },
                  { label: 'Cost', value: formatMoney(campaign.cost) },
                  { label: 'Created', value: formatDate(campaign.createdAt) },
                ]}
              />
            </Panel>
            <Panel title="Attribution" actions={<ButtonLink to="/attribution" size="sm">Open</ButtonLink>}>
              <p className="subtle-text">How much of the won revenue this campaign earns under first-touch, last-touch and linear models.</p>
            </Panel>
          </aside>
        </div>
      </div>
    </>
  );
}

export default function CampaignDetailPage() {
  const trpc = useTRPC();
  const id = parseId(useParams().id);
  const campaign = useQuery({ ...trpc.campaigns.get.queryOptions({ id: id ?? 0 }), enabled: id !== null });
  if (id === null) return <ErrorState error={{ data: { code: 'NOT_FOUND' }, message: 'Campaign not found' }} />;
  if (campaign.isPending) return <DetailSkeleton />;
  if (campaign.isError) return <ErrorState error={campaign.error} onRetry={() => void campaign.refetch()} />;
  return <CampaignView campaign={campaign.data} />;
}

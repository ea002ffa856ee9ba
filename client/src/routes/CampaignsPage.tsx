// Campaigns: each with its cost, members, the leads among them, the deals they became, won revenue and return.
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { Badge } from '../components/Badge';
import { ButtonLink } from '../components/Button';
import { formatReturn } from '../components/campaigns/campaignFormat';
import { type Column, TableView } from '../components/DataTable';
import { Icon } from '../components/Icon';
import { PageHeader } from '../components/PageHeader';
import { formatDate, formatMoney, formatNumber } from '../lib/format';
import { isManagerOrAdmin, useSession } from '../lib/session';
import { type RouterOutputs, useTRPC } from '../trpc';

type Row = RouterOutputs['campaigns']['list'][number];

const dates = (c: { startDate: string | null; endDate: string | null }) =>
  c.startDate || c.endDate ? `${formatDate(c.startDate)} – ${formatDate(c.endDate)}` : '—';

const columns: Column<Row>[] = [
  {
    key: 'name',
    header: 'Campaign',
    cell: (c) => (
      <div>
        <Link to={`/campaigns/${c.id}`} className="cell-primary">
          {c.name}
        </Link>
        <div className="subtle-text">
          {c.type}
          {c.channel ? ` · ${c.channel}` : ''}
        </div>
      </div>
    ),
  },
  { key: 'dates', header: 'Dates', cell: dates },
  { key: 'owner', header: 'Owner', cell: (c) => c.ownerName },
  { key: 'cost', header: 'Cost', align: 'right', cell: (c) => formatMoney(c.cost) },
  { key: 'members', header: 'Members', align: 'right', cell: (c) => formatNumber(c.memberCount) },
  { key: 'leads', header: 'Leads', align: 'right', cell: (c) => formatNumber(c.leadCount) },
  { key: 'deals', header: 'Deals', align: 'right', cell: (c) => formatNumber(c.dealCount) },
  { key: 'won', header: 'Won revenue', align: 'right', cell: (c) => formatMoney(c.wonRevenue) },
  {
    key: 'roi',
    header: 'Return',
    align: 'right',
    cell: (c) => (c.roi === null ? <span className="muted-text">—</span> : <Badge tone={c.roi >= 0 ? 'success' : 'danger'}>{formatReturn(c.roi)}</Badge>),
  },
];

export default function CampaignsPage() {
  const trpc = useTRPC();
  const me = useSession();
  const list = useQuery(trpc.campaigns.list.queryOptions());
  return (
    <>
      <PageHeader
        title="Campaigns"
        subtitle="Webinars, events, emails and ads: the leads and contacts they reached, the deals those became and the return on their cost."
        actions={
          <>
            <ButtonLink to="/attribution">Attribution</ButtonLink>
            {isManagerOrAdmin(me) && (
              <ButtonLink to="/campaigns/new" variant="primary">
                <Icon name="plus" /> New campaign
              </ButtonLink>
            )}
          </>
        }
      />
      <TableView
        label="Campaigns"
        columns={columns}
        rows={list.data ?? []}
        loading={list.isPending}
        error={list.error}
        onRetry={() => void list.refetch()}
        rowHref={(c) => `/campaigns/${c.id}`}
        empty={{ title: 'No campaigns yet', description: isManagerOrAdmin(me) ? 'Create one, then add its leads and contacts.' : 'Managers and admins create them here.' }}
      />
    </>
  );
}

// The deals that make up one dashboard number, a keyset page at a time.
import { useInfiniteQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import type { AnalyticsScope, DealBucket } from '../../../../shared/schemas/analytics';
import { formatDate, formatMoney } from '../../lib/format';
import { type RouterOutputs, useTRPC } from '../../trpc';
import { Badge } from '../Badge';
import { Button } from '../Button';
import { type Column, TableView } from '../DataTable';
import { StageBadge } from '../opportunities/StageBadge';
import { Panel } from '../Panel';

type BucketDeal = RouterOutputs['analytics']['deals']['items'][number];

const columns: Column<BucketDeal>[] = [
  {
    key: 'name',
    header: 'Opportunity',
    cell: (d) => (
      <Link to={`/opportunities/${d.id}`} className="cell-primary">
        {d.opportunityName}
      </Link>
    ),
  },
  { key: 'account', header: 'Account', cell: (d) => <Link to={`/accounts/${d.accountId}`}>{d.accountName}</Link> },
  { key: 'owner', header: 'Owner', cell: (d) => d.ownerName },
  { key: 'stage', header: 'Stage', cell: (d) => <StageBadge stage={d.stage} /> },
  { key: 'amount', header: 'Amount', align: 'right', cell: (d) => formatMoney(d.amount) },
  { key: 'weighted', header: 'Weighted', align: 'right', cell: (d) => formatMoney(d.weightedAmount) },
  { key: 'category', header: 'Category', cell: (d) => d.forecastCategory },
  { key: 'closeDate', header: 'Close date', cell: (d) => formatDate(d.closeDate) },
];

const reasonColumn: Column<BucketDeal> = {
  key: 'flags',
  header: 'Why at risk',
  cell: (d) => (
    <span className="insight-reasons">
      <Badge tone={d.health < 50 ? 'danger' : 'warning'}>Health {d.health}</Badge>
      {d.issues.slice(0, 3).map((issue) => (
        <span key={issue} className="muted-text">
          {issue}
        </span>
      ))}
      {d.issues.length > 3 && <span className="muted-text">+{d.issues.length - 3} more</span>}
    </span>
  ),
};

export function DealsBehind({
  target,
  bucket,
  title,
  onClose,
}: {
  target: AnalyticsScope;
  bucket: DealBucket;
  title: string;
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const query = useInfiniteQuery(
    trpc.analytics.deals.infiniteQueryOptions({ target, bucket, limit: 25 }, { getNextPageParam: (page) => page.nextCursor }),
  );
  const rows = query.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Panel
      title={`Deals behind: ${title}`}
      flush
      actions={
        <Button size="sm" variant="ghost" onClick={onClose}>
          Close
        </Button>
      }
    >
      <TableView
        label={`Deals behind: ${title}`}
        columns={bucket.kind === 'atRisk' ? [...columns, reasonColumn] : columns}
        rows={rows}
        loading={query.isPending}
        error={query.error}
        onRetry={() => void query.refetch()}
        rowHref={(d) => `/opportunities/${d.id}`}
        skeletonRows={4}
        compact
        empty={{ title: 'No deals here', description: 'Nothing makes up this number right now.' }}
        footer={
          query.hasNextPage ? (
            <div className="table-footer">
              <Button size="sm" onClick={() => void query.fetchNextPage()} pending={query.isFetchingNextPage}>
                Load more
              </Button>
            </div>
          ) : null
        }
      />
    </Panel>
  );
}

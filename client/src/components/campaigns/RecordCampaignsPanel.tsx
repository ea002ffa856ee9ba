// The campaigns a lead or contact is a member of, on its page (added on the campaign's page).
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { campaignMemberSourceLabels } from '../../../../shared/schemas/campaigns';
import { formatDate } from '../../lib/format';
import { useTRPC } from '../../trpc';
import { Panel } from '../Panel';
import { ErrorState } from '../States';
import '../insight/insight.css';

export function RecordCampaignsPanel({ type, id }: { type: 'lead' | 'contact'; id: number }) {
  const trpc = useTRPC();
  const query = useQuery(trpc.campaigns.forRecord.queryOptions({ type, id }));
  // Most records are in no campaign: the panel shows only for those that are (or when it could not load).
  if (query.isError) {
    return (
      <Panel title="Campaigns">
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      </Panel>
    );
  }
  if (!query.data || query.data.length === 0) return null;
  return (
    <Panel title="Campaigns" count={query.data.length}>
      <ul className="attribution-list">
        {query.data.map((c) => (
          <li key={c.id}>
            <Link to={`/campaigns/${c.id}`}>{c.name}</Link>{' '}
            <span className="subtle-text">
              {c.type} · {campaignMemberSourceLabels[c.addedVia]} · {formatDate(c.addedAt)}
            </span>
          </li>
        ))}
      </ul>
    </Panel>
  );
}

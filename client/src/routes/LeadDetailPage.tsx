// One lead: who they are, how qualified, the work logged on them, and Convert.
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { RecordTimeline } from '../components/activities/RecordTimeline';
import { EnrolmentsTable } from '../components/automation/EnrolmentsTable';
import { StatusBadge } from '../components/Badge';
import { Button, ButtonLink } from '../components/Button';
import { ConvertLeadDialog } from '../components/leads/ConvertLeadDialog';
import { ReadOnlyNotice } from '../components/ReadOnlyNotice';
import { PageHeader } from '../components/PageHeader';
import { Panel, Properties } from '../components/Panel';
import { DetailSkeleton, ErrorState } from '../components/States';
import { formatDate, formatDateTime, formatNumber, formatRelative, fullName } from '../lib/format';
import { parseId } from '../lib/records';
import { canWrite, useSession } from '../lib/session';
import { useRecordView } from '../lib/useRecordView';
import { type RouterOutputs, useTRPC } from '../trpc';
import { LeadScorePanel } from '../components/insight/LeadScorePanel';
import { ScoreCell } from './LeadsPage';
import { RecordCampaignsPanel } from '../components/campaigns/RecordCampaignsPanel';

type Lead = RouterOutputs['leads']['getById'];

function ConvertedBanner({ lead }: { lead: Lead }) {
  return (
    <div className="alert alert--success converted-banner" role="status">
      <strong>Converted {formatDateTime(lead.convertedAt)}.</strong>
      <ul className="converted-banner__links">
        {lead.convertedAccountId && (
          <li>
            Account <Link to={`/accounts/${lead.convertedAccountId}`}>{lead.convertedAccountName ?? 'Account'}</Link>
          </li>
        )}
        {lead.convertedContactId && (
          <li>
            Contact <Link to={`/contacts/${lead.convertedContactId}`}>{lead.convertedContactName ?? 'Contact'}</Link>
          </li>
        )}
        {lead.convertedOpportunityId && (
          <li>
            Opportunity{' '}
            <Link to={`/opportunities/${lead.convertedOpportunityId}`}>
              {lead.convertedOpportunityName ?? 'Opportunity'}
            </Link>
          </li>
        )}
      </ul>
    </div>
  );
}

function LeadView({ lead }: { lead: Lead }) {
  const user = useSession();
  const [converting, setConverting] = useState(false);
  const name = fullName(lead);
  const mayChange = canWrite(user, lead.ownerId);
  const converted = lead.status === 'Converted';

  return (
    <>
      <PageHeader
        title={name}
        crumbs={[{ label: 'Leads', to: '/leads' }]}
        badge={<StatusBadge value={lead.status} />}
        subtitle={
          <>
            {lead.title && `${lead.title} at `}
            {lead.company}
          </>
        }
        actions={
          mayChange ? (
            <>
              <ButtonLink to={`/leads/${lead.id}/edit`}>Edit</ButtonLink>
              {!converted && (
                <Button variant="primary" onClick={() => setConverting(true)}>
                  Convert
                </Button>
              )}
            </>
          ) : (
            <ReadOnlyNotice ownerId={lead.ownerId} ownerName={lead.ownerName} />
          )
        }
      />
      {converted && <ConvertedBanner lead={lead} />}
      <div className="detail-layout">
        <div className="detail-layout__main">
          <RecordTimeline type="lead" id={lead.id} />
        </div>
        <aside className="detail-layout__aside">
          <Panel title="Details">
            <Properties
              items={[
                { label: 'Email', value: lead.email && <a href={`mailto:${lead.email}`}>{lead.email}</a> },
                { label: 'Phone', value: lead.phone && <a href={`tel:${lead.phone}`}>{lead.phone}</a> },
                { label: 'Company', value: lead.company },
                { label: 'Title', value: lead.title },
                { label: 'Industry', value: lead.industry },
                { label: 'Employees', value: lead.employees === null ? null : formatNumber(lead.employees) },
                { label: 'Region', value: lead.region },
                { label: 'Source', value: lead.leadSource },
                { label: 'Score', value: <ScoreCell score={lead.score} /> },
                { label: 'Owner', value: lead.ownerName },
                { label: 'Last activity', value: lead.lastActivityAt ? formatRelative(lead.lastActivityAt) : null },
                { label: 'Created', value: formatDate(lead.createdAt) },
              ]}
            />
          </Panel>
          <LeadScorePanel leadId={lead.id} />
          <SentFieldsPanel fields={lead.extraFields} />
          <RecordCampaignsPanel type="lead" id={lead.id} />
          <Panel title="Playbooks" flush>
            <EnrolmentsTable filter={{ recordId: lead.id }} show="playbook" recordType="lead" />
          </Panel>
        </aside>
      </div>
      {/* Stays mounted when the lead turns out to be converted already, so its message stays readable. */}
      {(converting || !converted) && (
        <ConvertLeadDialog lead={lead} open={converting} onClose={() => setConverting(false)} />
      )}
    </>
  );
}

/** What a web-to-lead post carried beyond the lead's own fields, as it was sent. */
function SentFieldsPanel({ fields }: { fields: unknown }) {
  if (!fields || typeof fields !== 'object') return null;
  const entries = Object.entries(fields as Record<string, unknown>);
  if (entries.length === 0) return null;
  return (
    <Panel title="Sent with the lead">
      <Properties
        items={entries.map(([key, value]) => ({
          label: key,
          value: typeof value === 'string' ? value : <span className="mono">{JSON.stringify(value)}</span>,
        }))}
      />
    </Panel>
  );
}

export default function LeadDetailPage() {
  const trpc = useTRPC();
  const id = parseId(useParams().id);
  useRecordView('lead', id);
  const lead = useQuery({ ...trpc.leads.getById.queryOptions({ id: id ?? 0 }), enabled: id !== null });
  if (id === null) return <ErrorState error={{ data: { code: 'NOT_FOUND' }, message: 'Lead not found' }} />;
  if (lead.isPending) return <DetailSkeleton />;
  if (lead.isError) return <ErrorState error={lead.error} onRetry={() => void lead.refetch()} />;
  return <LeadView lead={lead.data} />;
}

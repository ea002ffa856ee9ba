// One digest as it was sent: the same sections the email had, each row linking to its record.
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { forecastChange } from '../../../shared/digests';
import { PageHeader } from '../components/PageHeader';
import { Panel } from '../components/Panel';
import { DetailSkeleton, EmptyState, ErrorState } from '../components/States';
import { channelList, DigestStatusBadge } from '../components/notifications/DigestStatus';
import '../components/notifications/notifications.css';
import { formatDateTime, formatMoney } from '../lib/format';
import { parseId, recordPath } from '../lib/records';
import { useTRPC } from '../trpc';

export default function DigestPage() {
  const trpc = useTRPC();
  const id = parseId(useParams().id);
  const query = useQuery({ ...trpc.digests.get.queryOptions({ id: id ?? 0 }), enabled: id !== null });
  if (id === null) return <EmptyState title="Digest not found" description="The address may be mistyped." />;
  if (query.isPending) return <DetailSkeleton />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  const digest = query.data;
  const content = digest.content;
  const filled = content?.sections.filter((s) => s.rows.length > 0) ?? [];
  const change = content?.forecast ? forecastChange(content.forecast.call, content.forecast.previousCall) : null;
  return (
    <>
      <PageHeader
        title={digest.subject ?? 'Digest'}
        crumbs={[{ label: 'Inbox', to: '/inbox' }]}
        badge={<DigestStatusBadge status={digest.status} />}
        subtitle={`${digest.sentAt ? `Sent ${formatDateTime(digest.sentAt)}` : `Made ${formatDateTime(digest.createdAt)}`} · delivered to ${channelList(digest.deliveredChannels)}`}
      />
      {digest.error && (
        <p className="notice notice--danger" role="alert">
          {digest.error}
        </p>
      )}
      {content?.forecast && (
        <p className="digest__forecast">
          {content.audience === 'manager' ? 'Team forecast call' : 'Forecast call'} for {content.forecast.label}:{' '}
          <strong>{formatMoney(content.forecast.call)}</strong>
          {change && <span className="muted-text"> ({change} {content.audience === 'manager' ? 'since last week' : 'since the last digest'})</span>}
        </p>
      )}
      {content?.notes && content.notes.length > 0 && (
        <ul className="digest__notes">
          {content.notes.map((note) => (
            <li key={note}>{note}</li>
          ))}
        </ul>
      )}
      {filled.length === 0 ? (
        <EmptyState title="Nothing needed you" description="A scheduled digest like this one is skipped, not sent." />
      ) : (
        filled.map((section) => (
          <Panel key={section.key} title={section.title} count={section.rows.length + section.more} flush>
            <table className="table table--compact">
              <thead>
                <tr>
                  {section.columns.map((c) => (
                    <th key={c}>{c}</th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {section.rows.map((row, i) => (
                  <tr key={i}>
                    {row.cells.map((cell, j) => (
                      <td key={j}>{j === 0 && row.link ? <Link to={recordPath(row.link.type, row.link.id)}>{cell}</Link> : cell}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
            {section.more > 0 && <p className="digest__more muted-text">…and {section.more} more</p>}
          </Panel>
        ))
      )}
    </>
  );
}

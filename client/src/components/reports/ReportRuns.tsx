// A saved report's latest runs: when, how (run, export, schedule), by whom, rows, how long, how it ended.
import type { RouterOutputs } from '../../trpc';
import { formatDateTime, formatNumber } from '../../lib/format';
import { Badge } from '../Badge';
import { EmptyState } from '../States';

type Run = RouterOutputs['reports']['get']['runs'][number];

const triggerLabels: Record<Run['trigger'], string> = { manual: 'Run', export: 'Export', schedule: 'Scheduled' };
const deliveryLabels: Record<NonNullable<Run['delivery']>, string> = { attachment: 'emailed, CSV attached', link: 'emailed with a link (too large to attach)', inApp: 'in the inbox (mail not configured)' };

function duration(ms: number | null): string {
  if (ms === null) return '—';
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

export function ReportRuns({ runs }: { runs: Run[] }) {
  if (runs.length === 0) return <EmptyState title="No runs yet" description="Runs, exports and scheduled deliveries are listed here." />;
  return (
    <table className="table table--compact" aria-label="Last runs">
      <thead>
        <tr>
          <th scope="col">When</th>
          <th scope="col">How</th>
          <th scope="col">Status</th>
          <th scope="col" className="num">
            Rows
          </th>
          <th scope="col" className="num">
            Took
          </th>
        </tr>
      </thead>
      <tbody>
        {runs.map((r) => (
          <tr key={r.id}>
            <td>{formatDateTime(r.startedAt)}</td>
            <td>
              {triggerLabels[r.trigger]}
              {r.runByName && r.trigger !== 'schedule' ? ` by ${r.runByName}` : ''}
              {r.delivery && <div className="subtle-text">{deliveryLabels[r.delivery]}</div>}
              {r.deliveries.length > 1 && (
                <div className="subtle-text">
                  {r.deliveries.map((d) => `${d.name ?? 'a former recipient'} ${d.status === 'sent' ? '✓' : '✗'}`).join(', ')}
                </div>
              )}
            </td>
            <td>
              {r.status === 'succeeded' ? <Badge tone="success">Done</Badge> : r.status === 'failed' ? <Badge tone="danger">Failed</Badge> : <Badge tone="accent">Running</Badge>}
              {r.error && <div className="field__error">{r.error}</div>}
            </td>
            <td className="num">{r.rowCount === null ? '—' : formatNumber(r.rowCount)}</td>
            <td className="num">{duration(r.durationMs)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

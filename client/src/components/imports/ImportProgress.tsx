import type { RouterOutputs } from '../../trpc';
import { formatNumber } from '../../lib/format';

type Status = RouterOutputs['imports']['status'];

export function formatDuration(seconds: number | null): string {
  if (seconds === null) return '—';
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${seconds % 60} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** Rows done of the total, rows per second, rejected so far and the time left. */
export function ImportProgress({ status }: { status: Pick<Status, 'rowsDone' | 'totalRows' | 'rowsPerSecond' | 'rejected' | 'secondsLeft' | 'status'> }) {
  const share = status.totalRows > 0 ? Math.min(100, Math.round((status.rowsDone / status.totalRows) * 100)) : 0;
  const tone = status.status === 'done' ? ' progress__bar--success' : status.status === 'failed' || status.status === 'cancelled' ? ' progress__bar--warning' : '';
  return (
    <div className="import-progress">
      <div
        className="progress progress--lg"
        role="progressbar"
        aria-label="Rows imported"
        aria-valuemin={0}
        aria-valuemax={status.totalRows}
        aria-valuenow={status.rowsDone}
      >
        <div className={`progress__bar${tone}`} style={{ width: `${share}%` }} />
      </div>
      <div className="stat-row">
        <div className="stat">
          <span className="stat__label">Rows done</span>
          <span className="stat__value" data-testid="rows-done">
            {formatNumber(status.rowsDone)} / {formatNumber(status.totalRows)}
          </span>
        </div>
        <div className="stat">
          <span className="stat__label">Rows per second</span>
          <span className="stat__value">{status.rowsPerSecond === null ? '—' : formatNumber(status.rowsPerSecond)}</span>
        </div>
        <div className="stat">
          <span className="stat__label">Rejected so far</span>
          <span className={`stat__value${status.rejected > 0 ? ' text-warning' : ''}`}>{formatNumber(status.rejected)}</span>
        </div>
        <div className="stat">
          <span className="stat__label">Time left</span>
          <span className="stat__value">{status.status === 'done' ? 'Finished' : formatDuration(status.secondsLeft)}</span>
        </div>
      </div>
    </div>
  );
}

// A report's result: a chart when grouped, the rows (or groups) in a table paged by "Load more", each value
// written for its kind; a list report's rows link to their records.
import type { InfiniteData } from '@tanstack/react-query';
import { Link } from 'react-router';
import type { ReportEntity, ReportFieldKind } from '../../../../shared/reportFields';
import { recordPath } from '../../../../shared/recordPaths';
import { formatDate, formatDateTime, formatMoney, formatNumber } from '../../lib/format';
import type { RouterOutputs } from '../../trpc';
import { Button } from '../Button';
import { EmptyState, ErrorState, Spinner } from '../States';
import { chartable, ReportChart } from './ReportChart';

export type ReportPage = RouterOutputs['reports']['execute'];

const linkTypes: Partial<Record<ReportEntity, Parameters<typeof recordPath>[0]>> = {
  accounts: 'account',
  contacts: 'contact',
  leads: 'lead',
  opportunities: 'opportunity',
  projects: 'project',
  cases: 'case',
};

export function formatCell(kind: ReportFieldKind, value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  switch (kind) {
    case 'money':
      return formatMoney(String(value), { cents: true });
    case 'number':
      return typeof value === 'number' && Number.isInteger(value) ? formatNumber(value) : String(value);
    case 'date':
      return formatDate(String(value));
    case 'datetime':
      return formatDateTime(value as Date);
    case 'boolean':
      return value ? 'Yes' : 'No';
    default:
      return String(value);
  }
}

const numeric = (kind: ReportFieldKind) => kind === 'money' || kind === 'number';

export function ReportResults({
  entity,
  data,
  isPending,
  error,
  onRetry,
  hasNextPage,
  fetchNextPage,
  isFetchingNextPage,
  blockedBy,
}: {
  entity: ReportEntity;
  data: InfiniteData<ReportPage, unknown> | undefined;
  isPending: boolean;
  error: unknown;
  onRetry: () => void;
  hasNextPage: boolean;
  fetchNextPage: () => void;
  isFetchingNextPage: boolean;
  /** Why there is no preview yet (fields to fix), instead of an error. */
  blockedBy?: string | null;
}) {
  if (blockedBy) return <EmptyState title="Fix the report to see its results" description={blockedBy} />;
  if (error) return <ErrorState error={error} onRetry={onRetry} />;
  if (isPending || !data) return <Spinner label="Running the report" />;
  const first = data.pages[0]!;
  const rows = data.pages.flatMap((p) => p.rows);
  const columns = first.columns;
  const linkType = first.mode === 'rows' ? linkTypes[entity] : undefined;
  if (rows.length === 0) return <EmptyState title="No results" description="Nothing you can see matches these filters. Loosen a filter to see more." />;
  const loaded = rows.length;
  return (
    <div className="report-results">
      {chartable(columns) && <ReportChart columns={columns} rows={rows} />}
      <div className="report-results__count subtle-text" aria-live="polite">
        {first.total !== null && first.total !== undefined
          ? `${formatNumber(first.total)} ${first.mode === 'groups' ? (first.total === 1 ? 'row' : 'groups') : first.total === 1 ? 'row' : 'rows'}${loaded < first.total ? `, ${formatNumber(loaded)} shown` : ''}`
          : `${formatNumber(loaded)} shown`}
      </div>
      <div className="table-wrap">
        <table className="table table--compact" aria-label="Report results">
          <thead>
            <tr>
              {columns.map((c) => (
                <th key={c.key} scope="col" className={numeric(c.kind) ? 'num' : undefined}>
                  {c.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row, r) => (
              <tr key={row.id ?? `g${r}`}>
                {row.cells.map((cell, i) => {
                  const kind = columns[i]!.kind;
                  const text = formatCell(kind, cell);
                  return (
                    <td key={i} className={numeric(kind) ? 'num' : undefined}>
                      {i === 0 && linkType && row.id ? <Link to={recordPath(linkType, row.id)}>{text}</Link> : text}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {hasNextPage && (
        <div className="table-footer">
          <Button onClick={fetchNextPage} pending={isFetchingNextPage}>
            Load more
          </Button>
        </div>
      )}
    </div>
  );
}

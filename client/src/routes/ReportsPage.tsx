// Reports: your saved reports and everyone's shared ones, with what each is about, its schedule and last run.
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { reportCatalogue } from '../../../shared/reportFields';
import { Badge } from '../components/Badge';
import { ButtonLink } from '../components/Button';
import { type Column, TableView } from '../components/DataTable';
import { Icon } from '../components/Icon';
import { PageHeader } from '../components/PageHeader';
import { formatNumber, formatRelative } from '../lib/format';
import { type RouterOutputs, useTRPC } from '../trpc';
import '../components/reports/reports.css';

type Row = RouterOutputs['reports']['list'][number];

const columns: Column<Row>[] = [
  {
    key: 'name',
    header: 'Report',
    cell: (r) => (
      <Link to={`/reports/${r.id}`} className="cell-primary">
        {r.name}
      </Link>
    ),
  },
  { key: 'entity', header: 'About', cell: (r) => (r.entity ? `${reportCatalogue[r.entity].label}${r.grouped ? ', grouped' : ''}` : '—') },
  { key: 'owner', header: 'Owner', cell: (r) => (r.mine ? 'You' : r.ownerName) },
  { key: 'shared', header: 'Shared', cell: (r) => (r.shared ? <Badge tone="info">Shared</Badge> : <span className="subtle-text">Private</span>) },
  { key: 'schedule', header: 'Schedule', cell: (r) => r.scheduleLabel ?? <span className="subtle-text">—</span> },
  {
    key: 'lastRun',
    header: 'Last run',
    cell: (r) =>
      r.lastRun ? (
        <span>
          {formatRelative(r.lastRun.at)}
          {r.lastRun.status === 'failed' ? (
            <>
              {' '}
              <Badge tone="danger">Failed</Badge>
            </>
          ) : r.lastRun.rowCount !== null ? (
            <span className="subtle-text"> · {formatNumber(r.lastRun.rowCount)} rows</span>
          ) : null}
        </span>
      ) : (
        <span className="subtle-text">Never</span>
      ),
  },
  {
    key: 'export',
    header: 'Export',
    cell: (r) => (
      <a href={`/api/reports/${r.id}/export.csv`} download aria-label={`Export ${r.name} as CSV`}>
        CSV
      </a>
    ),
  },
];

export default function ReportsPage() {
  const trpc = useTRPC();
  const list = useQuery(trpc.reports.list.queryOptions());
  return (
    <>
      <PageHeader
        title="Reports"
        subtitle="Build reports on any record: columns, filters, groups with totals. Run, chart, export to CSV, or have one emailed on a schedule."
        actions={
          <ButtonLink to="/reports/new" variant="primary">
            <Icon name="plus" /> New report
          </ButtonLink>
        }
      />
      <TableView
        label="Reports"
        columns={columns}
        rows={list.data ?? []}
        loading={list.isPending}
        error={list.error}
        onRetry={() => void list.refetch()}
        rowHref={(r) => `/reports/${r.id}`}
        empty={{
          title: 'No reports yet',
          description: 'Build one on accounts, deals, leads, activities, projects, cases or hygiene results.',
          action: (
            <ButtonLink to="/reports/new" variant="primary">
              New report
            </ButtonLink>
          ),
        }}
      />
    </>
  );
}

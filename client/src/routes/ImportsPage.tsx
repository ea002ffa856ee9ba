// Imports: every import you ran (managers and admins see everyone's), with its state and counts.
import { useQuery } from '@tanstack/react-query';
import { ButtonLink } from '../components/Button';
import { type Column, TableView } from '../components/DataTable';
import { Icon } from '../components/Icon';
import { ImportStatusBadge } from '../components/imports/ImportStatusBadge';
import { PageHeader } from '../components/PageHeader';
import { formatDateTime, formatNumber } from '../lib/format';
import { type RouterOutputs, useTRPC } from '../trpc';

type ImportRow = RouterOutputs['imports']['list'][number];

const entityLabels: Record<string, string> = {
  accounts: 'Accounts',
  contacts: 'Contacts',
  leads: 'Leads',
  opportunities: 'Opportunities',
  products: 'Products',
  activities: 'Activities',
};

const columns: Column<ImportRow>[] = [
  { key: 'file', header: 'File', cell: (i) => <span className="cell-primary">{i.fileName}</span> },
  { key: 'entity', header: 'Imported as', cell: (i) => entityLabels[i.entity] ?? i.entity },
  { key: 'status', header: 'Status', cell: (i) => <ImportStatusBadge status={i.status} /> },
  { key: 'rows', header: 'Rows', align: 'right', cell: (i) => `${formatNumber(i.rowsDone)} / ${formatNumber(i.totalRows)}` },
  { key: 'created', header: 'Created', align: 'right', cell: (i) => formatNumber(i.created) },
  { key: 'updated', header: 'Updated', align: 'right', cell: (i) => formatNumber(i.updated) },
  {
    key: 'rejected',
    header: 'Rejected',
    align: 'right',
    cell: (i) => <span className={i.rejected > 0 ? 'text-warning' : undefined}>{formatNumber(i.rejected)}</span>,
  },
  { key: 'by', header: 'By', cell: (i) => i.ownerName },
  { key: 'when', header: 'Started', cell: (i) => formatDateTime(i.createdAt) },
];

export default function ImportsPage() {
  const trpc = useTRPC();
  const imports = useQuery({
    ...trpc.imports.list.queryOptions(),
    refetchInterval: (q) => (q.state.data?.some((i) => i.status === 'queued' || i.status === 'running') ? 2000 : false),
  });
  return (
    <>
      <PageHeader
        title="Imports"
        subtitle="Bring accounts, contacts and leads in from CSV or Excel, as HubSpot and Salesforce export them. No row limit."
        actions={
          <ButtonLink to="/imports/new" variant="primary">
            <Icon name="plus" /> New import
          </ButtonLink>
        }
      />
      <TableView
        label="Imports"
        columns={columns}
        rows={imports.data ?? []}
        loading={imports.isPending}
        error={imports.error}
        onRetry={() => imports.refetch()}
        rowHref={(i) => `/imports/${i.importId}`}
        empty={{
          title: 'No imports yet',
          description: 'Upload a CSV or .xlsx export from your old CRM to get started.',
          action: (
            <ButtonLink to="/imports/new" variant="primary">
              New import
            </ButtonLink>
          ),
        }}
      />
    </>
  );
}

// Automation: the playbooks, what starts them, their steps, whether they are on and what runs now.
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { delayUnitLabels, describeTrigger, playbookActionLabels } from '../../../shared/schemas/playbooks';
import { Badge } from '../components/Badge';
import { ButtonLink } from '../components/Button';
import { type Column, TableView } from '../components/DataTable';
import { Icon } from '../components/Icon';
import { PageHeader } from '../components/PageHeader';
import { formatNumber, formatRelative } from '../lib/format';
import { isManagerOrAdmin, useSession } from '../lib/session';
import { type RouterOutputs, useTRPC } from '../trpc';

type Row = RouterOutputs['playbooks']['list'][number];

export function delayText(d: { amount: number; unit: keyof typeof delayUnitLabels }) {
  return d.amount === 0 ? 'T+0' : `T+${d.amount} ${d.amount === 1 ? delayUnitLabels[d.unit].replace(/s$/, '') : delayUnitLabels[d.unit]}`;
}

const columns: Column<Row>[] = [
  {
    key: 'name',
    header: 'Playbook',
    cell: (p) => (
      <div>
        <Link to={`/automation/${p.id}`} className="cell-primary">
          {p.name}
        </Link>
        {p.description && <div className="subtle-text">{p.description}</div>}
      </div>
    ),
  },
  { key: 'trigger', header: 'Starts when', cell: (p) => describeTrigger(p.trigger) },
  {
    key: 'steps',
    header: 'Steps',
    cell: (p) => (
      <span title={p.steps.map((s) => `${delayText(s.delay)}: ${playbookActionLabels[s.action.type]}`).join('\n')}>
        {p.steps.length} {p.steps.length === 1 ? 'step' : 'steps'}, {p.steps.map((s) => delayText(s.delay)).filter((v, i, all) => all.indexOf(v) === i).join(' · ')}
      </span>
    ),
  },
  { key: 'status', header: 'Status', cell: (p) => (p.enabled ? <Badge tone="success">On</Badge> : <Badge tone="neutral">Off</Badge>) },
  { key: 'active', header: 'Running', align: 'right', cell: (p) => formatNumber(p.active) },
  { key: 'completed', header: 'Completed', align: 'right', cell: (p) => formatNumber(p.completed) },
  { key: 'updated', header: 'Changed', cell: (p) => <span title={`Version ${p.currentVersion}`}>{formatRelative(p.updatedAt)}</span> },
];

export default function AutomationPage() {
  const trpc = useTRPC();
  const me = useSession();
  const list = useQuery(trpc.playbooks.list.queryOptions());
  return (
    <>
      <PageHeader
        title="Playbooks"
        subtitle="Sequences of steps that start by themselves for each matching deal: tasks for its owner, notifications, its next step."
        actions={
          isManagerOrAdmin(me) ? (
            <ButtonLink to="/automation/new" variant="primary">
              <Icon name="plus" /> New playbook
            </ButtonLink>
          ) : undefined
        }
      />
      <TableView
        label="Playbooks"
        columns={columns}
        rows={list.data ?? []}
        loading={list.isPending}
        error={list.error}
        onRetry={() => void list.refetch()}
        empty={{ title: 'No playbooks', description: 'Managers and admins build them here.' }}
      />
    </>
  );
}

// A playbook's email steps, per step and A/B variant: how many were sent, the replies and the deals won after
// them, and how many were not sent (skipped for a suppressed address, waiting on the daily limit, failed, bounced,
// given to the owner as a task).
import { useQuery } from '@tanstack/react-query';
import type { PlaybookStep } from '../../../../shared/schemas/playbooks';
import { type RouterOutputs, useTRPC } from '../../trpc';
import { type Column, TableView } from '../DataTable';

type Row = RouterOutputs['playbooks']['emailStats'][number];

const percent = (part: number, whole: number) => (whole > 0 ? ` (${Math.round((part / whole) * 100)}%)` : '');

function notSent(r: Row): string {
  const parts = [
    r.suppressed ? `${r.suppressed} skipped (unsubscribed or bounced before)` : null,
    r.limited ? `${r.limited} waiting for tomorrow's limit` : null,
    r.bounced ? `${r.bounced} bounced` : null,
    r.failed ? `${r.failed} failed or retrying` : null,
    r.tasks ? `${r.tasks} given to the owner as a task` : null,
  ].filter(Boolean);
  return parts.length > 0 ? parts.join(', ') : '—';
}

export function EmailResults({ playbookId, steps }: { playbookId: number; steps: PlaybookStep[] }) {
  const trpc = useTRPC();
  const stats = useQuery(trpc.playbooks.emailStats.queryOptions({ id: playbookId }));
  const rows = stats.data ?? [];
  const columns: Column<Row>[] = [
    {
      key: 'step',
      header: 'Email',
      cell: (r) => {
        const action = steps[r.stepIndex]?.action;
        const subject = action?.type === 'sendEmail' ? (r.variant === 'B' ? action.variantB?.subject : action.subject) : undefined;
        return (
          <div>
            <span className="cell-primary">
              Step {r.stepIndex + 1}
              {rows.some((o) => o.stepIndex === r.stepIndex && o.variant !== r.variant) || r.variant === 'B' ? `, variant ${r.variant}` : ''}
            </span>
            {subject && <div className="subtle-text">{subject}</div>}
          </div>
        );
      },
    },
    { key: 'sent', header: 'Sent', align: 'right', cell: (r) => r.sent },
    { key: 'replies', header: 'Replies', align: 'right', cell: (r) => `${r.replies}${percent(r.replies, r.sent)}` },
    { key: 'won', header: 'Deals won after', align: 'right', cell: (r) => `${r.won}${percent(r.won, r.sent)}` },
    { key: 'notSent', header: 'Not sent', cell: (r) => <span className="muted-text">{notSent(r)}</span> },
  ];
  return (
    <TableView
      label="Email results"
      columns={columns}
      rows={rows}
      rowKey={(r) => `${r.stepIndex}-${r.variant}`}
      loading={stats.isPending}
      error={stats.error}
      onRetry={() => void stats.refetch()}
      empty={{ title: 'No emails yet', description: 'Each email step of each enrolment shows here once it has run: sent, skipped, waiting or failed.' }}
    />
  );
}

// Enrolments of a playbook or of a record: their state, the step they are on, when the next is due; the record's
// owner, a manager or an admin may take one out.
import { type PlaybookRecordType, recordTypeLabels } from '../../../../shared/schemas/playbooks';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { canEdit } from '../../../../shared/access';
import { useSession } from '../../lib/session';
import { formatDateTime, formatRelative } from '../../lib/format';
import { errorMessage } from '../../lib/errors';
import { type RouterOutputs, useTRPC } from '../../trpc';
import { Badge, type Tone } from '../Badge';
import { emailStatusLabel, emailStatusTone } from './emailStatus';
import { Button } from '../Button';
import { type Column, TableView } from '../DataTable';
import { useToast } from '../Toaster';

type Enrolment = RouterOutputs['enrolments']['list'][number];

const stateTone: Record<Enrolment['state'], Tone> = { active: 'info', completed: 'success', exited: 'neutral', failed: 'danger' };
const stateLabel: Record<Enrolment['state'], string> = { active: 'Active', completed: 'Completed', exited: 'Exited', failed: 'Failed' };

export function EnrolmentState({ e }: { e: Pick<Enrolment, 'state' | 'reason'> }) {
  return (
    <Badge tone={stateTone[e.state]} title={e.reason ?? undefined}>
      {stateLabel[e.state]}
    </Badge>
  );
}

/** The latest email step's send: sent, skipped, waiting on the daily limit, failed or bounced (with the server's answer). */
export function EmailSendState({ e }: { e: Pick<Enrolment, 'emailStatus' | 'emailError' | 'emailRecipient'> }) {
  if (!e.emailStatus) return null;
  const why = e.emailStatus === 'sent' ? e.emailRecipient : e.emailError;
  return (
    <div className="enrolment-email">
      <Badge tone={emailStatusTone[e.emailStatus] ?? 'neutral'} title={[e.emailRecipient, e.emailError].filter(Boolean).join(': ') || undefined}>
        {emailStatusLabel[e.emailStatus] ?? e.emailStatus}
      </Badge>
      {why && <span className={`subtle-text ${e.emailStatus === 'sent' ? 'enrolment-email__to' : 'enrolment-email__why'}`}>{why}</span>}
    </div>
  );
}

export function stepText(e: Enrolment): string {
  if (e.state === 'completed') return `All ${e.stepCount} steps`;
  if (e.state === 'active') return `Step ${e.currentStep + 1} of ${e.stepCount}`;
  return `${e.stepsRun} of ${e.stepCount} steps ran`;
}

function RemoveButton({ e }: { e: Enrolment }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const me = useSession();
  const remove = useMutation(
    trpc.enrolments.remove.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries(trpc.enrolments.pathFilter());
        await queryClient.invalidateQueries(trpc.playbooks.pathFilter());
        toast.success(`${e.recordName} left ${e.playbookName}`);
      },
      onError: (error) => toast.error(errorMessage(error)),
    }),
  );
  if (e.state !== 'active' || !canEdit(me, e.ownerId)) return null;
  return (
    <Button size="sm" variant="ghost" pending={remove.isPending} onClick={() => remove.mutate({ id: e.id })}>
      Remove
    </Button>
  );
}

const recordPaths: Record<string, string> = { opportunity: 'opportunities', lead: 'leads', project: 'projects', case: 'cases', contact: 'contacts' };
const recordHeaders: Record<string, string> = { opportunity: 'Deal', lead: 'Lead', project: 'Project', case: 'Case', contact: 'Contact' };

export function EnrolmentsTable({
  filter,
  show,
  recordType = 'opportunity',
}: {
  filter: { playbookId?: number; recordId?: number };
  show: 'record' | 'playbook';
  /** The kind of record listed: the record's own page, or the playbook's trigger's. */
  recordType?: PlaybookRecordType;
}) {
  const trpc = useTRPC();
  const enrolments = useQuery(trpc.enrolments.list.queryOptions(filter.recordId ? { recordType, recordId: filter.recordId } : { playbookId: filter.playbookId }));
  const next: Column<Enrolment> = {
    key: 'next',
    header: 'Next step due',
    cell: (e) =>
      e.nextStepDueAt ? <span title={formatDateTime(e.nextStepDueAt)}>{formatRelative(e.nextStepDueAt)}</span> : <span className="muted-text">{e.reason ?? '—'}</span>,
  };
  const actions: Column<Enrolment> = { key: 'actions', header: '', align: 'right', cell: (e) => <RemoveButton e={e} /> };
  const state: Column<Enrolment> = { key: 'state', header: 'State', cell: (e) => <EnrolmentState e={e} /> };
  // On a record's page (a narrow side panel): the playbook with its step, the state, what is next.
  const columns: Column<Enrolment>[] =
    show === 'playbook'
      ? [
          {
            key: 'playbook',
            header: 'Playbook',
            cell: (e) => (
              <div>
                <Link to={`/automation/${e.playbookId}`} className="cell-primary">
                  {e.playbookName}
                </Link>
                <div className="subtle-text">{stepText(e)}</div>
                <EmailSendState e={e} />
              </div>
            ),
          },
          state,
          next,
          actions,
        ]
      : [
          { key: 'record', header: recordHeaders[recordType] ?? 'Record', cell: (e) => <Link to={`/${recordPaths[e.recordType] ?? 'opportunities'}/${e.recordId}`} className="cell-primary">{e.recordName}</Link> },
          { key: 'owner', header: 'Owner', cell: (e) => e.ownerName },
          state,
          { key: 'step', header: 'Step', cell: (e) => stepText(e) },
          { key: 'email', header: 'Email', cell: (e) => (e.emailStatus ? <EmailSendState e={e} /> : <span className="muted-text">—</span>) },
          next,
          { key: 'enrolled', header: 'Enrolled', cell: (e) => <span title={`Version ${e.playbookVersion}`}>{formatDateTime(e.enrolledAt)}</span> },
          actions,
        ];
  return (
    <TableView
      label="Enrolments"
      columns={columns}
      rows={enrolments.data ?? []}
      loading={enrolments.isPending}
      error={enrolments.error}
      onRetry={() => void enrolments.refetch()}
      empty={{ title: show === 'record' ? 'No enrolments yet' : 'No playbooks', description: show === 'record' ? `Switched on, it enrols each ${recordTypeLabels[recordType][0]} its trigger starts.` : `No playbook has run on this ${recordTypeLabels[recordType][0]}.` }}
    />
  );
}

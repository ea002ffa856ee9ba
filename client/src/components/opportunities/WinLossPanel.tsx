// A closed deal's win/loss record on its page: why it was won or lost, the competitor and the lessons, with
// Edit for those the server lets change it (the owner, their manager, admins), and "Record why" when a won
// deal's question was skipped.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { outcomeOfStage, winLossEditRule } from '../../../../shared/winLoss';
import { errorMessage, serverFieldErrors } from '../../lib/errors';
import { canWrite, useSession } from '../../lib/session';
import { useTRPC } from '../../trpc';
import { Button } from '../Button';
import { Panel, Properties } from '../Panel';
import { useToast } from '../Toaster';
import type { OpportunityDetail } from './types';
import { WinLossDialog, type WinLossValues } from './WinLossDialog';

export function WinLossPanel({ deal }: { deal: OpportunityDetail }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const me = useSession();
  const outcome = outcomeOfStage(deal.stage);
  const query = useQuery({ ...trpc.winLoss.get.queryOptions({ id: deal.id }), enabled: outcome !== null });
  const update = useMutation(trpc.winLoss.update.mutationOptions());
  const record = useMutation(trpc.winLoss.record.mutationOptions());
  const [open, setOpen] = useState(false);
  const [errors, setErrors] = useState<Record<string, string[]> | undefined>();
  if (!outcome || query.isPending) return null;
  const current = query.data ?? null;
  const mayChange = current ? current.canEdit : canWrite(me, deal.ownerId);

  const save = async (values: WinLossValues) => {
    try {
      const input = { opportunityId: deal.id, outcome, ...values };
      await (current ? update.mutateAsync(input) : record.mutateAsync(input));
      setOpen(false);
      toast.success(current ? 'Win/loss record saved' : 'Win/loss recorded');
      void queryClient.invalidateQueries({ queryKey: trpc.winLoss.pathKey() });
      // A lost deal's loss reason (and so its version) follows the primary reason.
      void queryClient.invalidateQueries({ queryKey: trpc.opportunities.getById.queryKey({ id: deal.id }) });
    } catch (error) {
      setErrors(serverFieldErrors(error));
      toast.error(errorMessage(error));
    }
  };

  return (
    <Panel
      title="Win/loss"
      actions={
        mayChange ? (
          <Button
            size="sm"
            onClick={() => {
              setErrors(undefined);
              setOpen(true);
            }}
          >
            {current ? 'Edit' : 'Record why'}
          </Button>
        ) : undefined
      }
    >
      {current ? (
        <Properties
          items={[
            { label: 'Outcome', value: current.outcome === 'won' ? 'Won' : 'Lost' },
            { label: 'Primary reason', value: current.primaryReason },
            { label: 'Competitor', value: current.competitor },
            { label: 'Lessons', value: current.lessons },
          ]}
        />
      ) : (
        <p className="muted-text">No reason recorded yet.</p>
      )}
      {current && !current.canEdit && <p className="muted-text">Read-only: {winLossEditRule}.</p>}
      <WinLossDialog
        open={open}
        mode="edit"
        outcome={outcome}
        dealName={deal.opportunityName}
        initialReason={deal.lossReason}
        initial={current ? { primaryReason: current.primaryReason, competitor: current.competitor, lessons: current.lessons } : undefined}
        pending={update.isPending || record.isPending}
        errors={errors}
        onCancel={() => setOpen(false)}
        onSubmit={(values) => void save(values)}
      />
    </Panel>
  );
}

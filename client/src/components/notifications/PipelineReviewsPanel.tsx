// Scheduled pipeline reviews, for managers: what is scheduled (scope, cadence, hour), run now, pause, delete,
// and a form to schedule another. Each run arrives like a digest, in the inbox and to the chosen channels.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { z } from 'zod';
import { pipelineReviewCreate, reviewScopeKinds, reviewScopeLabels } from '../../../../shared/schemas/pipelineReviews';
import { errorMessage } from '../../lib/errors';
import { hourLabel, hourOptions } from '../../lib/hours';
import { useZodForm } from '../../lib/useZodForm';
import { useTRPC } from '../../trpc';
import { Badge } from '../Badge';
import { Button } from '../Button';
import { FormActions, FormSummary, SelectField, TextField } from '../FormField';
import { useUsers } from '../OwnerSelect';
import { Panel } from '../Panel';
import { EmptyState, ErrorState } from '../States';
import { useToast } from '../Toaster';


/** The shared schema's fields (the select gives the hour as text); the server checks the scope's value. */
const shape = pipelineReviewCreate.shape;
const reviewForm = z.object({
  name: shape.name,
  scopeKind: shape.scopeKind,
  scopeValue: z.string(),
  cadence: shape.cadence,
  hour: z.coerce.number().pipe(shape.hour),
});

function NewReviewForm({ onDone }: { onDone: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const users = useUsers();
  const reps = (users.data ?? []).filter((u) => u.role === 'rep' && u.active);
  const form = useZodForm(reviewForm, { name: '', scopeKind: 'team', scopeValue: '', cadence: 'weekly', hour: 9 });
  const create = useMutation(trpc.pipelineReviews.create.mutationOptions());
  const scope = form.text('scopeKind');
  const onSubmit = form.handleSubmit(async (input) => {
    await create.mutateAsync({ ...input, scopeValue: input.scopeKind === 'team' ? null : input.scopeValue });
    await queryClient.invalidateQueries(trpc.pipelineReviews.pathFilter());
    toast.success('Pipeline review scheduled');
    onDone();
  });
  return (
    <form className="review-form" onSubmit={onSubmit} noValidate aria-label="New pipeline review">
      <TextField label="Name" required placeholder="Team weekly" {...form.text('name')} />
      <SelectField label="Review" options={reviewScopeKinds.map((k) => ({ value: k, label: reviewScopeLabels[k] }))} {...scope} />
      {scope.value === 'rep' && (
        <SelectField label="Rep" placeholder="Choose a rep" options={reps.map((r) => ({ value: r.id, label: r.name }))} {...form.text('scopeValue')} />
      )}
      {scope.value === 'region' && <TextField label="Region" placeholder="EMEA" {...form.text('scopeValue')} />}
      <SelectField
        label="Every"
        options={[
          { value: 'daily', label: 'Day' },
          { value: 'weekly', label: 'Monday' },
        ]}
        {...form.text('cadence')}
      />
      <SelectField label="At" options={hourOptions} hint="In your digest's time zone." {...form.text('hour')} />
      <FormActions>
        <FormSummary summary={form.summary} />
        <Button onClick={onDone}>Cancel</Button>
        <Button type="submit" variant="primary" pending={form.submitting}>
          Schedule review
        </Button>
      </FormActions>
    </form>
  );
}

export function PipelineReviewsPanel() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const [adding, setAdding] = useState(false);
  const list = useQuery(trpc.pipelineReviews.list.queryOptions());
  const refresh = () => queryClient.invalidateQueries(trpc.pipelineReviews.pathFilter());
  const onError = (e: unknown) => toast.error(errorMessage(e));
  const runNow = useMutation(trpc.pipelineReviews.runNow.mutationOptions({ onSuccess: () => toast.success('Review queued: it arrives in your inbox in a moment'), onError }));
  const setActive = useMutation(trpc.pipelineReviews.setActive.mutationOptions({ onSuccess: refresh, onError }));
  const remove = useMutation(trpc.pipelineReviews.delete.mutationOptions({ onSuccess: refresh, onError }));
  return (
    <Panel
      title="Scheduled pipeline reviews"
      actions={
        !adding && (
          <Button size="sm" onClick={() => setAdding(true)}>
            Schedule a review
          </Button>
        )
      }
      flush
    >
      <p className="panel__intro muted-text">
        A hygiene scan of the team, a rep or a region, compared with the previous review: new issues, resolved ones, and how pipeline health moved.
      </p>
      {adding && <NewReviewForm onDone={() => setAdding(false)} />}
      {list.isPending ? null : list.isError ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.length === 0 ? (
        !adding && <EmptyState title="No reviews scheduled" description="Schedule one to get it by email, Slack and in your inbox." />
      ) : (
        <table className="table table--compact">
          <thead>
            <tr>
              <th>Review</th>
              <th>Scope</th>
              <th>When</th>
              <th aria-label="Actions" />
            </tr>
          </thead>
          <tbody>
            {list.data.map((r) => (
              <tr key={r.id}>
                <td>
                  {r.name} {!r.active && <Badge tone="neutral">Paused</Badge>}
                </td>
                <td>{r.scopeLabel}</td>
                <td>
                  {r.cadence === 'weekly' ? 'Mondays' : 'Daily'} at {hourLabel(r.hour)}
                </td>
                <td className="review-actions">
                  <Button size="sm" variant="ghost" onClick={() => runNow.mutate({ id: r.id })}>
                    Run now
                  </Button>
                  <Button size="sm" variant="ghost" onClick={() => setActive.mutate({ id: r.id, active: !r.active })}>
                    {r.active ? 'Pause' : 'Resume'}
                  </Button>
                  <Button size="sm" variant="ghost" className="btn--danger-text" onClick={() => remove.mutate({ id: r.id })}>
                    Delete
                  </Button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Panel>
  );
}

// Scheduled pipeline reviews, for managers: what is scheduled (scope, cadence, hour), run now, pause, delete,
// and a form to schedule another. Each run arrives like a digest, in the inbox and to the chosen channels.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { z } from 'zod';
import {
  dealSizeBandKeys,
  dealSizeLabel,
  pipelineReviewCreate,
  reviewScopeKinds,
  reviewScopeLabels,
} from '../../../../shared/schemas/pipelineReviews';
import { errorMessage } from '../../lib/errors';
import { hourLabel, hourOptions } from '../../lib/hours';
import { useZodForm } from '../../lib/useZodForm';
import { useSession } from '../../lib/session';
import { type RouterOutputs, useTRPC } from '../../trpc';
import { Badge } from '../Badge';
import { Button } from '../Button';
import { FormActions, FormSummary, SelectField, TextField } from '../FormField';
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

type Review = RouterOutputs['pipelineReviews']['list'][number];

/** Schedules a review, or edits one (name, scope, cadence, hour). */
function ReviewForm({ review, onDone }: { review?: Review; onDone: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const me = useSession();
  const teams = useQuery(trpc.teams.list.queryOptions());
  // A manager reviews reps of their own team; an admin any rep.
  const reps = (teams.data?.reps ?? []).filter((r) => me.role === 'admin' || r.managerId === me.id);
  const form = useZodForm(
    reviewForm,
    review
      ? { name: review.name, scopeKind: review.scopeKind, scopeValue: review.scopeValue ?? '', cadence: review.cadence, hour: review.hour }
      : { name: '', scopeKind: 'team', scopeValue: '', cadence: 'weekly', hour: 9 },
  );
  const create = useMutation(trpc.pipelineReviews.create.mutationOptions());
  const update = useMutation(trpc.pipelineReviews.update.mutationOptions());
  const scope = form.text('scopeKind');
  const onSubmit = form.handleSubmit(async (input) => {
    const values = { ...input, scopeValue: input.scopeKind === 'team' ? null : input.scopeValue };
    if (review) await update.mutateAsync({ ...values, id: review.id });
    else await create.mutateAsync(values);
    await queryClient.invalidateQueries(trpc.pipelineReviews.pathFilter());
    toast.success(review ? 'Pipeline review saved' : 'Pipeline review scheduled');
    onDone();
  });
  const scopeValue = form.text('scopeValue');
  const changeScope = {
    ...scope,
    onChange: (v: string) => {
      scope.onChange(v);
      scopeValue.onChange('');
    },
  };
  return (
    <form className="review-form" onSubmit={onSubmit} noValidate aria-label={review ? `Edit ${review.name}` : 'New pipeline review'}>
      <TextField label="Name" required placeholder="Team weekly" {...form.text('name')} />
      <SelectField label="Review" options={reviewScopeKinds.map((k) => ({ value: k, label: reviewScopeLabels[k] }))} {...changeScope} />
      {scope.value === 'rep' && (
        <SelectField
          label="Rep"
          placeholder={reps.length === 0 ? 'No reps in your team' : 'Choose a rep'}
          options={reps.map((r) => ({ value: r.id, label: r.name }))}
          {...scopeValue}
        />
      )}
      {scope.value === 'region' && <TextField label="Region" placeholder="EMEA" hint="The accounts’ region, as on the account." {...scopeValue} />}
      {scope.value === 'industry' && <TextField label="Industry" placeholder="Software" hint="The accounts’ industry, as on the account." {...scopeValue} />}
      {scope.value === 'dealSize' && (
        <SelectField label="Deal size" placeholder="Choose a size" options={dealSizeBandKeys.map((b) => ({ value: b, label: dealSizeLabel(b) }))} {...scopeValue} />
      )}
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
          {review ? 'Save review' : 'Schedule review'}
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
  const [editing, setEditing] = useState<number | null>(null);
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
        A hygiene scan of your team, one rep, or a segment of the team’s deals (a region, an industry, a deal size), compared with the previous
        review: new issues, resolved ones, and how pipeline health moved.
      </p>
      {adding && <ReviewForm onDone={() => setAdding(false)} />}
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
            {list.data.map((r) =>
              editing === r.id ? (
                <tr key={r.id}>
                  <td colSpan={4}>
                    <ReviewForm review={r} onDone={() => setEditing(null)} />
                  </td>
                </tr>
              ) : (
              <tr key={r.id}>
                <td>
                  {r.name} {!r.active && <Badge tone="neutral">Paused</Badge>}
                </td>
                <td>{r.scopeLabel}</td>
                <td>
                  {r.cadence === 'weekly' ? 'Mondays' : 'Daily'} at {hourLabel(r.hour)}
                </td>
                <td className="review-actions">
                  <Button size="sm" variant="ghost" onClick={() => setEditing(r.id)}>
                    Edit
                  </Button>
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
              ),
            )}
          </tbody>
        </table>
      )}
    </Panel>
  );
}

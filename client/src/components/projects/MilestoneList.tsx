// A project's milestones: tick to complete, add with a title and due date, remove.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { milestoneAdd } from '../../../../shared/schemas/projects';
import { errorMessage } from '../../lib/errors';
import { formatDate, toDateInput } from '../../lib/format';
import { useZodForm } from '../../lib/useZodForm';
import { type RouterOutputs, useTRPC } from '../../trpc';
import { StatusBadge } from '../Badge';
import { Button } from '../Button';
import { ConfirmDialog } from '../ConfirmDialog';
import { TextField } from '../FormField';
import { Icon } from '../Icon';
import { Panel } from '../Panel';
import { EmptyState } from '../States';
import { useToast } from '../Toaster';

type Project = RouterOutputs['projects']['getById'];
type Milestone = Project['milestones'][number];

function useInvalidateProject(projectId: number) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: trpc.projects.getById.queryKey({ id: projectId }) });
}

function MilestoneRow({ milestone, editable }: { milestone: Milestone; editable: boolean }) {
  const trpc = useTRPC();
  const toast = useToast();
  const invalidate = useInvalidateProject(milestone.projectId);
  const [removing, setRemoving] = useState(false);
  const done = milestone.status === 'Completed';
  const overdue = !done && milestone.dueDate !== null && milestone.dueDate < toDateInput(new Date());

  const update = useMutation(
    trpc.projects.updateMilestone.mutationOptions({
      onSuccess: async (m) => {
        await invalidate();
        toast.success(m.status === 'Completed' ? `“${m.title}” completed` : `“${m.title}” reopened`);
      },
      onError: (e) => toast.error(errorMessage(e)),
    }),
  );
  // The tick shows at once; the row settles when the server answers (and flips back if it refuses).
  const [ticked, setTicked] = useState<boolean | null>(null);
  const checked = ticked ?? done;
  const remove = useMutation(
    trpc.projects.removeMilestone.mutationOptions({
      onSuccess: async () => {
        setRemoving(false);
        await invalidate();
        toast.success('Milestone removed');
      },
    }),
  );

  return (
    <li className={`milestone${done ? ' milestone--done' : ''}`}>
      <input
        type="checkbox"
        checked={checked}
        disabled={!editable}
        aria-label={`${done ? 'Reopen' : 'Complete'} ${milestone.title}`}
        onChange={(e) => {
          if (update.isPending) return;
          setTicked(e.target.checked);
          update.mutate(
            { id: milestone.id, status: e.target.checked ? 'Completed' : 'In Progress' },
            { onSettled: () => setTicked(null) },
          );
        }}
      />
      <div>
        <span className="milestone__title">{milestone.title}</span>{' '}
        {!done && milestone.status !== 'Not Started' && <StatusBadge value={milestone.status} />}
      </div>
      <span className={`milestone__due${overdue ? ' text-danger' : ''}`}>
        {done && milestone.completedAt
          ? `Done ${formatDate(milestone.completedAt)}`
          : milestone.dueDate
            ? `${overdue ? 'Overdue · ' : 'Due '}${formatDate(milestone.dueDate)}`
            : 'No due date'}
      </span>
      {editable ? (
        <button type="button" className="icon-btn icon-btn--sm" aria-label={`Remove ${milestone.title}`} onClick={() => setRemoving(true)}>
          ×
        </button>
      ) : (
        <span />
      )}
      <ConfirmDialog
        open={removing}
        title="Remove milestone?"
        message={`“${milestone.title}” will be removed from the project plan.`}
        confirmLabel="Remove"
        pending={remove.isPending}
        error={remove.error ? errorMessage(remove.error) : null}
        onConfirm={() => remove.mutate({ id: milestone.id })}
        onCancel={() => {
          setRemoving(false);
          remove.reset();
        }}
      />
    </li>
  );
}

function AddMilestoneForm({ projectId }: { projectId: number }) {
  const trpc = useTRPC();
  const toast = useToast();
  const invalidate = useInvalidateProject(projectId);
  const empty = { projectId, title: '', dueDate: '' };
  const form = useZodForm(milestoneAdd, empty);
  const add = useMutation(trpc.projects.addMilestone.mutationOptions());
  const onSubmit = form.handleSubmit(async (input) => {
    const m = await add.mutateAsync(input);
    await invalidate();
    toast.success(`Milestone “${m.title}” added`);
    form.reset(empty);
  });
  return (
    <form className="milestone-form" onSubmit={onSubmit} noValidate aria-label="Add a milestone">
      <TextField label="New milestone" placeholder="Kick-off workshop" {...form.text('title')} />
      <TextField label="Due date" type="date" {...form.text('dueDate')} />
      <Button type="submit" pending={form.submitting}>
        <Icon name="plus" /> Add
      </Button>
      {form.formError && (
        <div className="field__error" role="alert" style={{ gridColumn: '1 / -1' }}>
          {form.formError}
        </div>
      )}
    </form>
  );
}

export function MilestoneList({ project, editable }: { project: Project; editable: boolean }) {
  const total = project.milestones.length;
  const done = project.milestones.filter((m) => m.status === 'Completed').length;
  return (
    <Panel
      title="Milestones"
      count={total}
      flush
      actions={total > 0 ? <span className="muted-text">{`${done} of ${total} done`}</span> : undefined}
    >
      {total === 0 ? (
        <EmptyState title="No milestones yet" description="Plan the project in steps with due dates." />
      ) : (
        <ul className="milestones" aria-label="Milestones">
          {project.milestones.map((m) => (
            <MilestoneRow key={m.id} milestone={m} editable={editable} />
          ))}
        </ul>
      )}
      {editable && <AddMilestoneForm projectId={project.id} />}
    </Panel>
  );
}

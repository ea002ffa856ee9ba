// A prompt's experiment: while one runs, its two versions' figures side by side over the experiment's days, with
// the choice to activate either (which ends it) or stop it; otherwise the form that starts one.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { aiExperimentStart } from '../../../../shared/schemas/assistant';
import { formatDateTime, formatRelative } from '../../lib/format';
import { useZodForm } from '../../lib/useZodForm';
import { useTRPC } from '../../trpc';
import { Button } from '../Button';
import { FormSummary, SelectField, TextField } from '../FormField';
import { useToast } from '../Toaster';
import type { PromptView } from './PromptVersions';
import { usageColumns } from './usageFigures';

type Experiment = NonNullable<PromptView['experiment']>;

export function ExperimentFigures({ experiment, caption }: { experiment: Experiment; caption: string }) {
  const arms = [
    { name: `${experiment.control.label} (control, ${100 - experiment.challengerPercent}%)`, arm: experiment.control },
    { name: `${experiment.challenger.label} (challenger, ${experiment.challengerPercent}%)`, arm: experiment.challenger },
  ];
  return (
    <table className="table table--compact experiment-figures" aria-label={caption}>
      <thead>
        <tr>
          <th scope="col">Figure</th>
          {arms.map((a) => (
            <th key={a.arm.id} scope="col" className="ai-usage__num">
              {a.name}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {usageColumns.map((c) => (
          <tr key={c.label}>
            <th scope="row">{c.label}</th>
            {arms.map((a) => (
              <td key={a.arm.id} className="ai-usage__num">
                {c.value(a.arm.usage)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function RunningExperiment({ prompt, experiment }: { prompt: PromptView; experiment: Experiment }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.ai.prompts.list.queryKey() });
  const activate = useMutation(trpc.ai.prompts.activate.mutationOptions({ onSuccess: refresh }));
  const stop = useMutation(trpc.ai.prompts.stopExperiment.mutationOptions({ onSuccess: refresh }));
  const choose = async (versionId: number, label: string) => {
    await activate.mutateAsync({ versionId });
    toast.success(`${label} is active; the experiment has ended`);
  };
  return (
    <div className="experiment">
      <p>
        Running since <span title={formatDateTime(experiment.startedAt)}>{formatRelative(experiment.startedAt)}</span>
        {experiment.startedByName ? ` (started by ${experiment.startedByName})` : ''}: {experiment.challengerPercent}% of users get{' '}
        <strong>{experiment.challenger.label}</strong>, the others <strong>{experiment.control.label}</strong>. Each user always gets the same one.
      </p>
      <ExperimentFigures experiment={experiment} caption={`${prompt.name} experiment figures`} />
      <div className="experiment__actions">
        <Button variant="primary" size="sm" pending={activate.isPending && activate.variables?.versionId === experiment.challenger.id} onClick={() => void choose(experiment.challenger.id, experiment.challenger.label)}>
          Activate {experiment.challenger.label}
        </Button>
        <Button size="sm" pending={activate.isPending && activate.variables?.versionId === experiment.control.id} onClick={() => void choose(experiment.control.id, experiment.control.label)}>
          Keep {experiment.control.label}
        </Button>
        <Button size="sm" variant="ghost" pending={stop.isPending} onClick={() => stop.mutate({ feature: prompt.feature })}>
          Stop without a change
        </Button>
      </div>
      {(activate.error ?? stop.error) && <p className="review-error">{(activate.error ?? stop.error)!.message}</p>}
    </div>
  );
}

function StartExperiment({ prompt }: { prompt: PromptView }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const candidates = prompt.versions.filter((v) => !v.active);
  const active = prompt.versions.find((v) => v.active);
  const form = useZodForm(aiExperimentStart, { challengerVersionId: candidates[0]?.id, challengerPercent: 50 });
  const start = useMutation(trpc.ai.prompts.startExperiment.mutationOptions());
  const onSubmit = form.handleSubmit(async (input) => {
    await start.mutateAsync(input);
    await queryClient.invalidateQueries({ queryKey: trpc.ai.prompts.list.queryKey() });
    toast.success('Experiment started');
  });
  if (candidates.length === 0) return <p className="muted-text">Save a second version to compare it with {active?.label ?? 'the active one'} in an experiment.</p>;
  return (
    <form className="experiment-start" onSubmit={onSubmit} noValidate aria-label={`Start an experiment on the ${prompt.name} prompt`}>
      <SelectField label="Challenger" options={candidates.map((v) => ({ value: String(v.id), label: `${v.label}${v.note ? ` – ${v.note}` : ''}` }))} {...form.recordId('challengerVersionId')} />
      <TextField label="Share of users (%)" type="number" hint={`The rest keep ${active?.label ?? 'the active version'}.`} {...form.number('challengerPercent')} />
      <Button type="submit" pending={form.submitting}>
        Start experiment
      </Button>
      <FormSummary summary={form.summary} />
    </form>
  );
}

export function PromptExperiment({ prompt }: { prompt: PromptView }) {
  return prompt.experiment ? <RunningExperiment prompt={prompt} experiment={prompt.experiment} /> : <StartExperiment prompt={prompt} />;
}

// Settings -> AI prompts (admins): each prompt's versions with their figures, an editor that saves the next
// version, activation, and an experiment that splits users between two versions with their figures side by side.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ExperimentFigures, PromptExperiment } from '../components/assistant/PromptExperiment';
import { PromptEditor } from '../components/assistant/PromptEditor';
import { type PromptVersion, PromptVersions, type PromptView } from '../components/assistant/PromptVersions';
import '../components/assistant/assistant.css';
import { Button } from '../components/Button';
import { PageHeader } from '../components/PageHeader';
import { Panel } from '../components/Panel';
import { DetailSkeleton, ErrorState } from '../components/States';
import { useToast } from '../components/Toaster';
import { formatDate } from '../lib/format';
import { useTRPC } from '../trpc';

function PromptSection({ prompt }: { prompt: PromptView }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const [editing, setEditing] = useState<PromptVersion | null>(null);
  const activate = useMutation(
    trpc.ai.prompts.activate.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.ai.prompts.list.queryKey() }),
    }),
  );
  const active = prompt.versions.find((v) => v.active)!;
  const onActivate = async (version: PromptVersion) => {
    await activate.mutateAsync({ versionId: version.id });
    toast.success(`${version.label} is now in use${prompt.experiment ? '; the experiment has ended' : ''}`);
  };
  return (
    <>
      <Panel
        title={`${prompt.name}: versions`}
        count={prompt.versions.length}
        actions={
          !editing && (
            <Button size="sm" variant="primary" onClick={() => setEditing(active)}>
              Edit prompt
            </Button>
          )
        }
        flush={!editing}
      >
        {editing ? (
          <PromptEditor key={editing.id} prompt={prompt} from={editing} onDone={() => setEditing(null)} />
        ) : (
          <PromptVersions prompt={prompt} onEdit={setEditing} onActivate={(v) => void onActivate(v)} activating={activate.isPending ? (activate.variables?.versionId ?? null) : null} />
        )}
        {activate.error && <p className="review-error">{activate.error.message}</p>}
      </Panel>
      <Panel title={`${prompt.name}: experiment`}>
        <PromptExperiment prompt={prompt} />
        {prompt.pastExperiments.length > 0 && (
          <details className="review-earlier">
            <summary>Earlier experiments ({prompt.pastExperiments.length})</summary>
            <ul>
              {prompt.pastExperiments.map((e) => (
                <li key={e.id}>
                  <p className="muted-text">
                    {formatDate(e.startedAt)} – {formatDate(e.endedAt)}: {e.challenger.label} against {e.control.label};{' '}
                    {e.outcomeLabel ? `${e.outcomeLabel} was activated` : 'stopped without a change'}.
                  </p>
                  <ExperimentFigures experiment={e} caption={`Experiment ${e.id} figures`} />
                </li>
              ))}
            </ul>
          </details>
        )}
      </Panel>
    </>
  );
}

export default function AiPromptsSettingsPage() {
  const trpc = useTRPC();
  const prompts = useQuery(trpc.ai.prompts.list.queryOptions());
  const [feature, setFeature] = useState<PromptView['feature']>('deal-review');
  const shown = prompts.data?.find((p) => p.feature === feature);
  return (
    <>
      <PageHeader
        title="AI prompts"
        crumbs={[{ label: 'Settings', to: '/settings' }]}
        subtitle="Every review and answer records the prompt version that produced it. Edit to save a new version; activate it, or try it on a share of users first."
      />
      {prompts.isPending ? (
        <DetailSkeleton />
      ) : prompts.isError ? (
        <ErrorState error={prompts.error} onRetry={() => void prompts.refetch()} />
      ) : (
        <>
          <div className="prompt-tabs" role="tablist" aria-label="Prompt">
            {prompts.data.map((p) => (
              <button
                key={p.feature}
                type="button"
                role="tab"
                aria-selected={p.feature === feature}
                className={`prompt-tab${p.feature === feature ? ' prompt-tab--active' : ''}`}
                onClick={() => setFeature(p.feature)}
              >
                {p.name}
                {p.experiment && <span className="prompt-tab__note"> · experiment running</span>}
              </button>
            ))}
          </div>
          {shown && <PromptSection key={shown.feature} prompt={shown} />}
        </>
      )}
    </>
  );
}

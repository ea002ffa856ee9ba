// Editing a prompt saves its next version (versions are never changed in place), optionally activating it at once.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { aiPromptSave } from '../../../../shared/schemas/assistant';
import { useZodForm } from '../../lib/useZodForm';
import { useTRPC } from '../../trpc';
import { Button } from '../Button';
import { CheckboxField, FormActions, FormSummary, TextareaField, TextField } from '../FormField';
import { useToast } from '../Toaster';
import type { PromptVersion, PromptView } from './PromptVersions';

export function PromptEditor({ prompt, from, onDone }: { prompt: PromptView; from: PromptVersion; onDone: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const form = useZodForm(aiPromptSave, { feature: prompt.feature, system: from.system, note: '', activate: false });
  const save = useMutation(trpc.ai.prompts.save.mutationOptions());
  const placeholders = Object.entries(prompt.placeholders);
  const onSubmit = form.handleSubmit(async (input) => {
    const saved = await save.mutateAsync(input);
    await queryClient.invalidateQueries({ queryKey: trpc.ai.prompts.list.queryKey() });
    toast.success(input.activate ? `Saved and activated ${saved.label}` : `Saved ${saved.label}`);
    onDone();
  });
  return (
    <form className="prompt-editor" onSubmit={onSubmit} noValidate aria-label={`Edit the ${prompt.name} prompt`}>
      <p className="muted-text">
        Starting from {from.label}. Saving makes a new version; the one in use changes only when you activate it.
      </p>
      <TextareaField
        label="System prompt"
        rows={16}
        required
        className="prompt-editor__text"
        hint={
          placeholders.length === 0 ? (
            'This prompt has no placeholders: the deal data is sent with it as quoted data.'
          ) : (
            <>
              Placeholders:{' '}
              {placeholders.map(([name, meaning], i) => (
                <span key={name}>
                  {i > 0 && ', '}
                  <code>{`{{${name}}}`}</code> {meaning}
                </span>
              ))}
              .
            </>
          )
        }
        {...form.text('system')}
      />
      <TextField label="What changed" hint="Shown beside the version, e.g. “shorter answers”." {...form.text('note')} />
      <CheckboxField label="Activate it now (ends a running experiment)" {...form.checkbox('activate')} />
      <FormActions>
        <FormSummary summary={form.summary} />
        <Button onClick={onDone}>Cancel</Button>
        <Button type="submit" variant="primary" pending={form.submitting}>
          Save version
        </Button>
      </FormActions>
    </form>
  );
}

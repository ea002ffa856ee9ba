// "New task" from anywhere (the palette, My day, Tasks): a subject, a due time and the record it is about,
// found with the global search (the record on screen is proposed first).
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useLocation } from 'react-router';
import type { RelatedToType } from '../../../../shared/enums';
import { activityCreate, relatedToTypeLabels } from '../../../../shared/schemas/activities';
import { toDateTimeInput } from '../../lib/format';
import { recordOnPage } from '../../lib/paletteActions';
import { tomorrowAt9 } from '../../lib/taskDates';
import { useActivityChanged } from '../../lib/useActivityChanged';
import { useDebouncedValue } from '../../lib/useDebouncedValue';
import { useZodForm } from '../../lib/useZodForm';
import { useTRPC } from '../../trpc';
import { Button } from '../Button';
import { Combobox, type ComboOption } from '../Combobox';
import { Dialog } from '../Dialog';
import { FormSummary, TextareaField, TextField } from '../FormField';
import { useToast } from '../Toaster';

function RecordPicker({
  value,
  onChange,
  selectedLabel,
  error,
  id,
}: {
  value: string;
  onChange: (value: string, option?: ComboOption) => void;
  selectedLabel: string | null;
  error?: string;
  id: string;
}) {
  const trpc = useTRPC();
  const [text, setText] = useState('');
  const q = useDebouncedValue(text.trim(), 150);
  const found = useQuery({ ...trpc.search.global.queryOptions({ q, limit: 12 }), placeholderData: keepPreviousData });
  const options: ComboOption[] = (found.data?.items ?? []).map((hit) => ({
    value: `${hit.type}:${hit.id}`,
    label: hit.title,
    detail: [relatedToTypeLabels[hit.type], hit.accountName].filter(Boolean).join(' · '),
  }));
  return (
    <Combobox
      id={id}
      name="relatedTo"
      label="About"
      required
      hint="The account, person, deal, project or case the task is for."
      placeholder="Search records…"
      value={value}
      onChange={onChange}
      error={error}
      options={options}
      loading={found.isFetching || text.trim() !== q}
      selectedLabel={selectedLabel}
      onSearch={setText}
      emptyText={q ? `Nothing matches “${q}”` : 'Type to search'}
    />
  );
}

export function NewTaskDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  return open ? <NewTaskForm onClose={onClose} /> : null;
}

function NewTaskForm({ onClose }: { onClose: () => void }) {
  const trpc = useTRPC();
  const toast = useToast();
  const activityChanged = useActivityChanged();
  const { pathname } = useLocation();
  const here = recordOnPage(pathname);
  const hereName = useQuery({
    ...trpc.search.global.queryOptions({ q: '', limit: 1 }),
    enabled: here !== null,
  }).data?.items.find((h) => here && h.type === here.type && h.id === here.id)?.title;
  const form = useZodForm(activityCreate, {
    type: 'task',
    subject: '',
    dueAt: toDateTimeInput(tomorrowAt9()),
    relatedToType: here?.type,
    relatedToId: here?.id,
  });
  const [label, setLabel] = useState<string | null>(null);
  const create = useMutation(trpc.activities.create.mutationOptions());
  const related = form.values.relatedToType && form.values.relatedToId ? `${form.values.relatedToType}:${form.values.relatedToId}` : '';
  const relatedError = form.errors.relatedToId?.[0] ?? form.errors.relatedToType?.[0];

  const onSubmit = form.handleSubmit(async (input) => {
    const task = await create.mutateAsync(input);
    await activityChanged(input.relatedToType);
    toast.success(`Task “${task.subject}” added`);
    onClose();
  });

  return (
    <Dialog open onClose={onClose} title="New task" width={520}>
      <form onSubmit={onSubmit} noValidate className="form" aria-label="New task">
        <TextField label="Subject" required autoFocus placeholder="What needs doing?" {...form.text('subject')} />
        <TextField label="Due" type="datetime-local" required {...form.text('dueAt')} />
        <RecordPicker
          id="new-task-related"
          value={related}
          selectedLabel={label ?? hereName ?? (here ? `This ${here.label}` : null)}
          error={relatedError ? 'Choose the record the task is about' : undefined}
          onChange={(value, option) => {
            const [type, id] = value.split(':');
            form.setValue('relatedToType', type as RelatedToType);
            form.setValue('relatedToId', Number(id));
            setLabel(option?.label ?? null);
          }}
        />
        <TextareaField label="Details" rows={2} placeholder="Optional" {...form.text('body')} />
        <div className="form-actions">
          <FormSummary summary={form.summary} />
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="primary" pending={form.submitting}>
            Add task
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

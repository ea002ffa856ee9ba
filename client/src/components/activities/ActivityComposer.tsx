// Log a call, note, meeting, email or task on a record (activities.create).
import { useMutation } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import type { ActivityType, RelatedToType } from '../../../../shared/enums';
import { activityCreate } from '../../../../shared/schemas/activities';
import { capitalize, toDateTimeInput } from '../../lib/format';
import { useActivityChanged } from '../../lib/useActivityChanged';
import { useZodForm } from '../../lib/useZodForm';
import { useTRPC } from '../../trpc';
import { Button } from '../Button';
import { FormSummary, SelectField, TextareaField, TextField } from '../FormField';
import { useToast } from '../Toaster';
import { Segmented } from '../Segmented';

const typeLabels: Record<ActivityType, string> = {
  note: 'Note',
  call: 'Call',
  meeting: 'Meeting',
  email: 'Email',
  task: 'Task',
};
// The order people reach for them.
const composerTypes: ActivityType[] = ['note', 'call', 'task', 'meeting', 'email'];

function tomorrowMorning(): string {
  const d = new Date();
  d.setDate(d.getDate() + 1);
  d.setHours(9, 0, 0, 0);
  return toDateTimeInput(d);
}

export function ActivityComposer({ relatedToType, relatedToId }: { relatedToType: RelatedToType; relatedToId: number }) {
  const trpc = useTRPC();
  const activityChanged = useActivityChanged();
  const toast = useToast();
  const empty = { type: 'note' as ActivityType, subject: '', body: '', relatedToType, relatedToId, dueAt: '', direction: null };
  const form = useZodForm(activityCreate, empty);
  const create = useMutation(trpc.activities.create.mutationOptions());
  const type = (form.values.type ?? 'note') as ActivityType;
  // Only the type and subject show until the user starts writing, so the feed stays in view.
  const [expanded, setExpanded] = useState(false);

  // The palette's "Log a call on this …" opens the page with ?log=call: start there, then drop the parameter.
  const [params, setParams] = useSearchParams();
  const subjectRef = useRef<HTMLDivElement>(null);
  const requested = params.get('log');
  useEffect(() => {
    if (!requested || !composerTypes.includes(requested as ActivityType)) return;
    chooseType(requested as ActivityType);
    setParams(
      (p) => {
        p.delete('log');
        return p;
      },
      { replace: true },
    );
    requestAnimationFrame(() => {
      subjectRef.current?.scrollIntoView({ block: 'center' });
      subjectRef.current?.querySelector('input')?.focus();
    });
    // Runs once per request: chooseType only sets form values.
  }, [requested]);

  const chooseType = (next: ActivityType) => {
    setExpanded(true);
    form.setValue('type', next);
    if (next === 'task' && !form.values.dueAt) form.setValue('dueAt', tomorrowMorning());
    if (next !== 'call' && next !== 'email') form.setValue('direction', null);
  };

  const onSubmit = form.handleSubmit(async (input) => {
    await create.mutateAsync(input);
    await activityChanged(input.relatedToType);
    toast.success(`${typeLabels[input.type]} logged`);
    form.reset({ ...empty, type: input.type, dueAt: input.type === 'task' ? tomorrowMorning() : '' });
    setExpanded(false);
  });

  const occurred = form.text('occurredAt');
  return (
    <form
      className={`composer${expanded ? ' composer--expanded' : ''}`}
      onSubmit={onSubmit}
      noValidate
      aria-label="Log an activity"
      // Text fields open it on focus; the type buttons open it on click, after the click has landed.
      onFocus={(e) => {
        if (!(e.target instanceof HTMLButtonElement)) setExpanded(true);
      }}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && !form.values.subject && !form.values.body) {
          setExpanded(false);
          (document.activeElement as HTMLElement | null)?.blur();
        }
      }}
    >
      <Segmented label="Activity type" options={composerTypes.map((t) => ({ value: t, label: typeLabels[t] }))} value={type} onChange={chooseType} />
      <div ref={subjectRef}>
      <TextField
        label="Subject"
        placeholder={type === 'task' ? 'What needs doing?' : type === 'call' ? 'Discovery call with…' : 'Summary'}
        {...form.text('subject')}
      />
      </div>
      {expanded && (
        <>
          <TextareaField label="Details" rows={3} placeholder="Optional" {...form.text('body')} />
          <div className="form-row">
            {type === 'task' ? (
              <TextField label="Due" type="datetime-local" {...form.text('dueAt')} />
            ) : (
              <TextField
                label="When"
                type="datetime-local"
                hint="Leave empty for now"
                {...occurred}
                onChange={(v) => form.setValue('occurredAt', v === '' ? undefined : v)}
              />
            )}
            {(type === 'call' || type === 'email') && (
              <SelectField
                label="Direction"
                placeholder="—"
                options={[
                  { value: 'outbound', label: 'Outbound' },
                  { value: 'inbound', label: 'Inbound' },
                ]}
                {...form.choice('direction')}
              />
            )}
          </div>
          <div className="composer__actions">
            <FormSummary summary={form.summary} />
            <Button type="submit" variant="primary" size="sm" pending={form.submitting}>
              Log {typeLabels[type].toLowerCase()}
            </Button>
          </div>
        </>
      )}
    </form>
  );
}

export const activityTypeLabel = (t: string) => typeLabels[t as ActivityType] ?? capitalize(t);

// One playbook: its trigger and steps (managers and admins edit; saving makes a new version), the audience it
// would enrol now, the switch, and its enrolments.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import {
  delayUnitLabels,
  delayUnits,
  describeTrigger,
  type PlaybookRecordType,
  type PlaybookTrigger,
  recordTypeLabels,
  recordTypeOf,
  templateVariablesFor,
  waitConditionLabels,
  waitConditions,
  waitTimeoutLabels,
  waitTimeoutOutcomes,
  type PlaybookAction,
  playbookActionLabels,
  playbookActionTypes,
  type PlaybookSave,
  playbookSave,
  type PlaybookStep,
  playbookTrigger,
} from '../../../shared/schemas/playbooks';
import { EmailResults } from '../components/automation/EmailResults';
import { EnrolmentsTable } from '../components/automation/EnrolmentsTable';
import { blankSetField, SetFieldEditor } from '../components/automation/SetFieldEditor';
import { TriggerEditor } from '../components/automation/TriggerEditor';
import { Badge } from '../components/Badge';
import { Button } from '../components/Button';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { SelectField, TextField, TextareaField } from '../components/FormField';
import { PageHeader } from '../components/PageHeader';
import { Panel } from '../components/Panel';
import { DetailSkeleton, ErrorState } from '../components/States';
import { useToast } from '../components/Toaster';
import { errorMessage, serverFieldErrors } from '../lib/errors';
import { isManagerOrAdmin, useSession } from '../lib/session';
import { useTRPC } from '../trpc';
import { delayText } from './AutomationPage';

type Draft = Omit<PlaybookSave, 'id'>;
const emptyDraft: Draft = {
  name: '',
  description: null,
  trigger: { type: 'dealEntersStage', stage: 'Proposal' },
  steps: [{ delay: { amount: 0, unit: 'hours' }, action: { type: 'createTask', subject: '', dueInDays: 1 } }],
};

const countText = (n: number, type: PlaybookRecordType) => `${n} ${recordTypeLabels[type][n === 1 ? 0 : 1]}`;

function blankAction(type: PlaybookAction['type'], recordType: PlaybookRecordType): PlaybookAction {
  if (type === 'setField') return blankSetField(recordType);
  if (type === 'createTask') return { type, subject: '', dueInDays: 1 };
  if (type === 'notifyOwner') return { type, message: '' };
  if (type === 'sendEmail') return { type, subject: '', body: '' };
  if (type === 'waitUntil') return { type, condition: 'reply', timeout: { amount: 3, unit: 'days' }, onTimeout: 'continue' };
  return { type, nextStep: '' };
}

/** `steps.0.action.subject` (zod) and `steps.0.subject` (the server's template check) name the same field. */
function keyOf(path: readonly PropertyKey[]): string {
  return path.filter((p) => p !== 'action' && p !== 'delay').map(String).join('.');
}

type WaitAction = Extract<PlaybookAction, { type: 'waitUntil' }>;

/** A wait-until step: what it waits for, how long at most, and what the timeout does. */
function WaitEditor({ id, action, disabled, err, onChange }: { id: (f: string) => string; action: WaitAction; disabled: boolean; err: (f: string) => string | undefined; onChange: (a: WaitAction) => void }) {
  return (
    <div className="playbook-step__grid">
      <SelectField
        id={id('condition')}
        name={id('condition')}
        label="Until"
        disabled={disabled}
        value={action.condition}
        options={waitConditions.map((c) => ({ value: c, label: waitConditionLabels[c] }))}
        error={err('condition')}
        onChange={(v) => onChange({ ...action, condition: v as WaitAction['condition'] })}
      />
      <TextField
        id={id('timeout')}
        name={id('timeout')}
        label="Or at most"
        type="number"
        min={1}
        disabled={disabled}
        value={String(action.timeout.amount)}
        error={err('timeout.amount')}
        onChange={(v) => onChange({ ...action, timeout: { ...action.timeout, amount: v === '' ? Number.NaN : Number(v) } })}
      />
      <SelectField
        id={id('timeoutUnit')}
        name={id('timeoutUnit')}
        label="Timeout unit"
        disabled={disabled}
        value={action.timeout.unit}
        options={delayUnits.map((u) => ({ value: u, label: delayUnitLabels[u] }))}
        onChange={(v) => onChange({ ...action, timeout: { ...action.timeout, unit: v as WaitAction['timeout']['unit'] } })}
      />
      <SelectField
        id={id('onTimeout')}
        name={id('onTimeout')}
        label="On timeout"
        disabled={disabled}
        value={action.onTimeout}
        options={waitTimeoutOutcomes.map((o) => ({ value: o, label: waitTimeoutLabels[o] }))}
        onChange={(v) => onChange({ ...action, onTimeout: v as WaitAction['onTimeout'] })}
      />
    </div>
  );
}

type EmailAction = Extract<PlaybookAction, { type: 'sendEmail' }>;

/** An email step's A/B test: a second subject and body, and the share of enrolments that get it. */
function VariantEditor({ id, action, disabled, err, onChange }: { id: (f: string) => string; action: EmailAction; disabled: boolean; err: (f: string) => string | undefined; onChange: (a: EmailAction) => void }) {
  const b = action.variantB;
  if (!b) {
    return disabled ? null : (
      <div>
        <Button size="sm" onClick={() => onChange({ ...action, variantB: { subject: action.subject, body: action.body }, percentB: 50 })}>
          Add variant B (A/B test)
        </Button>
      </div>
    );
  }
  const { variantB: _b, percentB: _p, ...withoutB } = action;
  return (
    <fieldset className="playbook-variant">
      <legend>Variant B</legend>
      <div className="playbook-variant__head">
        <TextField
          id={id('percentB')}
          name={id('percentB')}
          label="Share sent B (%)"
          type="number"
          min={1}
          max={99}
          required
          disabled={disabled}
          value={String(action.percentB ?? 50)}
          error={err('percentB')}
          hint="Each enrolment gets A or B by a hash of it: the same one on a retry."
          onChange={(v) => onChange({ ...action, percentB: v === '' ? Number.NaN : Number(v) })}
        />
        {!disabled && (
          <Button size="sm" variant="ghost" className="btn--danger-text" onClick={() => onChange(withoutB)}>
            Remove variant B
          </Button>
        )}
      </div>
      <TextField id={id('subjectB')} name={id('subjectB')} label="Subject B" required disabled={disabled} value={b.subject} error={err('variantB.subject')} onChange={(v) => onChange({ ...action, variantB: { ...b, subject: v } })} />
      <TextareaField id={id('bodyB')} name={id('bodyB')} label="Email B" required rows={4} disabled={disabled} value={b.body} error={err('variantB.body')} onChange={(v) => onChange({ ...action, variantB: { ...b, body: v } })} />
    </fieldset>
  );
}

function StepEditor({
  index,
  step,
  errors,
  disabled,
  onChange,
  onRemove,
  onMove,
  count,
  recordType,
}: {
  index: number;
  recordType: PlaybookRecordType;
  step: PlaybookStep;
  errors: Record<string, string[]>;
  disabled: boolean;
  onChange: (step: PlaybookStep) => void;
  onRemove: () => void;
  onMove: (by: -1 | 1) => void;
  count: number;
}) {
  const id = (f: string) => `step-${index}-${f}`;
  const err = (f: string) => errors[`steps.${index}.${f}`]?.[0];
  const a = step.action;
  const textField = a.type === 'notifyOwner' ? 'message' : a.type === 'setNextStep' ? 'nextStep' : 'subject';
  const textLabel = a.type === 'createTask' ? 'Task' : a.type === 'sendEmail' ? 'Subject' : a.type === 'notifyOwner' ? 'Message' : 'Next step';
  const textValue = a.type === 'notifyOwner' ? a.message : a.type === 'setNextStep' ? a.nextStep : a.type === 'waitUntil' || a.type === 'setField' ? '' : a.subject;
  return (
    <li className="playbook-step" aria-label={`Step ${index + 1}`}>
      <div className="playbook-step__head">
        <span className="playbook-step__number">{index + 1}</span>
        <strong>{delayText(step.delay)}</strong>
        {!disabled && (
          <span className="playbook-step__tools">
            <Button size="sm" variant="ghost" disabled={index === 0} onClick={() => onMove(-1)} aria-label={`Move step ${index + 1} up`}>
              ↑
            </Button>
            <Button size="sm" variant="ghost" disabled={index === count - 1} onClick={() => onMove(1)} aria-label={`Move step ${index + 1} down`}>
              ↓
            </Button>
            <Button size="sm" variant="ghost" className="btn--danger-text" disabled={count === 1} onClick={onRemove}>
              Remove step
            </Button>
          </span>
        )}
      </div>
      <div className="playbook-step__grid">
        <TextField
          id={id('amount')}
          name={id('amount')}
          label="After"
          type="number"
          min={0}
          disabled={disabled}
          value={String(step.delay.amount)}
          error={err('amount')}
          onChange={(v) => onChange({ ...step, delay: { ...step.delay, amount: v === '' ? Number.NaN : Number(v) } })}
        />
        <SelectField
          id={id('unit')}
          name={id('unit')}
          label="Unit"
          disabled={disabled}
          value={step.delay.unit}
          options={delayUnits.map((u) => ({ value: u, label: delayUnitLabels[u] }))}
          onChange={(v) => onChange({ ...step, delay: { ...step.delay, unit: v as PlaybookStep['delay']['unit'] } })}
        />
        <SelectField
          id={id('type')}
          name={id('type')}
          label="Do"
          disabled={disabled}
          value={a.type}
          options={playbookActionTypes.map((t) => ({ value: t, label: playbookActionLabels[t] }))}
          onChange={(v) => onChange({ ...step, action: blankAction(v as PlaybookAction['type'], recordType) })}
        />
        {a.type === 'createTask' && (
          <TextField
            id={id('dueInDays')}
            name={id('dueInDays')}
            label="Due after (days)"
            type="number"
            min={0}
            disabled={disabled}
            value={String(a.dueInDays)}
            error={err('dueInDays')}
            onChange={(v) => onChange({ ...step, action: { ...a, dueInDays: v === '' ? Number.NaN : Number(v) } })}
          />
        )}
      </div>
      {a.type === 'waitUntil' ? (
        <WaitEditor id={id} action={a} disabled={disabled} err={err} onChange={(action) => onChange({ ...step, action })} />
      ) : a.type === 'setField' ? (
        <SetFieldEditor id={id} action={a} recordType={recordType} disabled={disabled} err={err} onChange={(action) => onChange({ ...step, action })} />
      ) : (
        <TextField
          id={id(textField)}
          name={id(textField)}
          label={textLabel}
          required
          disabled={disabled}
          value={textValue}
          error={err(textField)}
          onChange={(v) => onChange({ ...step, action: { ...a, [textField]: v } as PlaybookAction })}
        />
      )}
      {a.type === 'sendEmail' && (
        <TextareaField
          id={id('body')}
          name={id('body')}
          label="Email"
          required
          rows={5}
          disabled={disabled}
          value={a.body}
          error={err('body')}
          hint="Sent as the owner, as plain text with an unsubscribe link, to a deal's champion (else its economic buyer, else its first contact), a lead or contact itself, a case's contact. Without SMTP, or nobody to write to, the owner gets it as a task to send."
          onChange={(v) => onChange({ ...step, action: { ...a, body: v } })}
        />
      )}
      {a.type === 'sendEmail' && <VariantEditor id={id} action={a} disabled={disabled} err={err} onChange={(action) => onChange({ ...step, action })} />}
    </li>
  );
}

function PlaybookEditor({ id, initial, editable }: { id: number | null; initial: Draft; editable: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const navigate = useNavigate();
  const [draft, setDraft] = useState<Draft>(initial);
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [summary, setSummary] = useState<string | null>(null);
  const save = useMutation(trpc.playbooks.save.mutationOptions());
  // An unfinished trigger (a segment with no view chosen yet) is not counted.
  const triggerReady = playbookTrigger.safeParse(draft.trigger).success;
  const preview = useQuery({ ...trpc.playbooks.previewAudience.queryOptions({ trigger: draft.trigger, playbookId: id ?? undefined }), enabled: triggerReady });
  const recordType = recordTypeOf(draft.trigger);
  // A field the user changes drops its error (and the summary with the last one): what is shown is still wrong.
  const clearErrors = (prefix: string) =>
    setErrors((prev) => {
      const next = Object.fromEntries(Object.entries(prev).filter(([key]) => key !== prefix && !key.startsWith(`${prefix}.`)));
      if (Object.keys(next).length === 0) setSummary(null);
      return next;
    });
  const setStep = (i: number, step: PlaybookStep) => {
    setDraft({ ...draft, steps: draft.steps.map((s, j) => (j === i ? step : s)) });
    clearErrors(`steps.${i}`);
  };
  const onSubmit = async (event: React.FormEvent) => {
    event.preventDefault();
    const parsed = playbookSave.safeParse({ ...draft, id: id ?? undefined });
    if (!parsed.success) {
      const found: Record<string, string[]> = {};
      for (const issue of parsed.error.issues) (found[keyOf(issue.path)] ??= []).push(issue.message);
      setErrors(found);
      setSummary('Some fields need attention.');
      return;
    }
    try {
      const saved = await save.mutateAsync(parsed.data);
      setErrors({});
      setSummary(null);
      await queryClient.invalidateQueries(trpc.playbooks.pathFilter());
      toast.success(id ? `Saved as version ${saved.currentVersion}: running enrolments finish on theirs` : `${saved.name} saved, switched off`);
      if (!id) void navigate(`/automation/${saved.id}`, { replace: true });
    } catch (error) {
      setErrors(serverFieldErrors(error));
      setSummary(errorMessage(error));
    }
  };
  return (
    <form className="form-card" onSubmit={onSubmit} noValidate aria-label="Playbook">
      <div className="form">
        <TextField
          id="pb-name"
          name="name"
          label="Name"
          required
          disabled={!editable}
          value={draft.name}
          error={errors.name?.[0]}
          onChange={(v) => {
            setDraft({ ...draft, name: v });
            clearErrors('name');
          }}
        />
        <TextareaField
          id="pb-description"
          name="description"
          label="Description"
          disabled={!editable}
          rows={2}
          value={draft.description ?? ''}
          onChange={(v) => setDraft({ ...draft, description: v })}
        />
        <TriggerEditor
          trigger={draft.trigger}
          errors={{ ...(preview.isError ? serverFieldErrors(preview.error) : {}), ...errors }}
          disabled={!editable}
          onChange={(trigger) => {
            setDraft({ ...draft, trigger });
            clearErrors('trigger');
          }}
        />
        <p className="audience-preview" aria-live="polite">
          {preview.data ? (
            <>
              <strong>Would enrol {countText(preview.data.count, recordTypeOf(draft.trigger))}</strong> now
              {preview.data.sample.length > 0 && <span className="muted-text"> ({preview.data.sample.map((d) => d.name).join(', ')}{preview.data.count > preview.data.sample.length ? ', …' : ''})</span>}
              , then each time: {describeTrigger(draft.trigger)}.
            </>
          ) : !triggerReady ? (
            <span className="muted-text">Finish the trigger to see who it would enrol.</span>
          ) : preview.isError ? (
            <span className="text-danger">The audience could not be counted: {errorMessage(preview.error)}</span>
          ) : (
            <span className="muted-text">Counting the audience…</span>
          )}
        </p>
        <div>
          <h3 className="form-section-title">Steps</h3>
          <p className="muted-text">
            Delays count from the enrolment, in the owner's time zone (business days skip weekends). Text may use{' '}
            {templateVariablesFor[recordTypeOf(draft.trigger)].map((v) => (
              <code key={v} className="mono">{`{{${v}}}`} </code>
            ))}
          </p>
          {errors.steps && <p className="text-danger">{errors.steps[0]}</p>}
          <ol className="playbook-steps">
            {draft.steps.map((step, i) => (
              <StepEditor
                key={i}
                index={i}
                recordType={recordType}
                count={draft.steps.length}
                step={step}
                errors={errors}
                disabled={!editable}
                onChange={(s) => setStep(i, s)}
                onRemove={() => setDraft({ ...draft, steps: draft.steps.filter((_, j) => j !== i) })}
                onMove={(by) => {
                  const steps = [...draft.steps];
                  [steps[i], steps[i + by]] = [steps[i + by]!, steps[i]!];
                  setDraft({ ...draft, steps });
                }}
              />
            ))}
          </ol>
          {editable && (
            <Button
              onClick={() => {
                const last = draft.steps[draft.steps.length - 1];
                setDraft({ ...draft, steps: [...draft.steps, { delay: { amount: (last?.delay.amount ?? 0) + 1, unit: last?.delay.unit === 'hours' ? 'days' : (last?.delay.unit ?? 'days') }, action: blankAction('createTask', recordType) }] });
              }}
            >
              Add a step
            </Button>
          )}
        </div>
      </div>
      {editable && (
        <div className="form-actions">
          {summary && <span className="text-danger">{summary}</span>}
          <Button type="submit" variant="primary" pending={save.isPending}>
            {id ? 'Save as a new version' : 'Save playbook'}
          </Button>
        </div>
      )}
    </form>
  );
}

function SwitchButton({ id, enabled, trigger }: { id: number; enabled: boolean; trigger: PlaybookTrigger }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const [confirming, setConfirming] = useState(false);
  const preview = useQuery({ ...trpc.playbooks.previewAudience.queryOptions({ trigger, playbookId: id }), enabled: confirming });
  const recordType = recordTypeOf(trigger);
  const set = useMutation(
    trpc.playbooks.setEnabled.mutationOptions({
      onSuccess: async (r) => {
        setConfirming(false);
        await queryClient.invalidateQueries(trpc.playbooks.pathFilter());
        await queryClient.invalidateQueries(trpc.enrolments.pathFilter());
        toast.success(r.enabled ? `Switched on: ${countText(r.enrolled, recordType)} enrolled` : 'Switched off: running enrolments finish, no new ones start');
      },
      onError: (e) => toast.error(errorMessage(e)),
    }),
  );
  if (enabled) {
    return (
      <Button pending={set.isPending} onClick={() => set.mutate({ id, enabled: false })}>
        Switch off
      </Button>
    );
  }
  return (
    <>
      <Button variant="primary" onClick={() => setConfirming(true)}>
        Switch on
      </Button>
      <ConfirmDialog
        open={confirming}
        title="Switch this playbook on?"
        message={
          preview.data
            ? `It enrols ${countText(preview.data.count, recordType)} at once, then each time: ${describeTrigger(trigger)}.`
            : `Counting the ${recordTypeLabels[recordType][1]} it would enrol…`
        }
        confirmLabel="Switch on"
        danger={false}
        pending={set.isPending}
        onConfirm={() => set.mutate({ id, enabled: true })}
        onCancel={() => setConfirming(false)}
      />
    </>
  );
}

export default function PlaybookPage() {
  const trpc = useTRPC();
  const me = useSession();
  const params = useParams();
  const id = params.id && params.id !== 'new' ? Number(params.id) : null;
  const playbook = useQuery({ ...trpc.playbooks.get.queryOptions({ id: id ?? 0 }), enabled: id !== null });
  const editable = isManagerOrAdmin(me);
  if (id === null) {
    if (!editable) return <ErrorState error={{ data: { code: 'FORBIDDEN' }, message: 'Only managers and admins build playbooks' }} />;
    return (
      <>
        <PageHeader title="New playbook" crumbs={[{ label: 'Playbooks', to: '/automation' }]} subtitle="Saved switched off: preview its audience, then switch it on." />
        <PlaybookEditor id={null} initial={emptyDraft} editable />
      </>
    );
  }
  if (playbook.isPending) return <DetailSkeleton />;
  if (playbook.isError) return <ErrorState error={playbook.error} onRetry={() => void playbook.refetch()} />;
  const p = playbook.data;
  return (
    <>
      <PageHeader
        title={p.name}
        crumbs={[{ label: 'Playbooks', to: '/automation' }]}
        badge={p.enabled ? <Badge tone="success">On</Badge> : <Badge tone="neutral">Off</Badge>}
        subtitle={`Version ${p.currentVersion}${p.updatedByName ? `, last changed by ${p.updatedByName}` : ''}`}
        actions={editable ? <SwitchButton id={p.id} enabled={p.enabled} trigger={p.trigger} /> : undefined}
      />
      <div className="stack">
        <PlaybookEditor key={p.currentVersion} id={p.id} initial={{ name: p.name, description: p.description, trigger: p.trigger, steps: p.steps }} editable={editable} />
        {p.steps.some((step) => step.action.type === 'sendEmail') && (
          <Panel title="Email results" flush>
            <EmailResults playbookId={p.id} steps={p.steps} />
          </Panel>
        )}
        <Panel title="Enrolments" flush>
          <EnrolmentsTable filter={{ playbookId: p.id }} show="record" recordType={recordTypeOf(p.trigger)} />
        </Panel>
      </div>
    </>
  );
}

// Settings -> Hygiene rules: every rule with its category, severity, stages, thresholds and on/off. Admins
// change them as organisation overrides (who and when are shown), effective at the next scan, and reset them.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { Badge } from '../components/Badge';
import { Button } from '../components/Button';
import { CheckboxField, SelectField, TextField } from '../components/FormField';
import { PageHeader } from '../components/PageHeader';
import { Panel } from '../components/Panel';
import { DetailSkeleton, ErrorState } from '../components/States';
import { useToast } from '../components/Toaster';
import { CustomRulesPanel } from '../components/hygiene/CustomRulesPanel';
import { categoryLabels, severityLabels, severityTones } from '../components/hygiene/labels';
import '../components/hygiene/hygiene.css';
import { errorMessage, serverFieldErrors } from '../lib/errors';
import { formatDateTime } from '../lib/format';
import { useSession } from '../lib/session';
import { type RouterOutputs, useTRPC } from '../trpc';

type Rule = RouterOutputs['hygiene']['rules'][number];
const severityOptions = (['critical', 'warning', 'info'] as const).map((s) => ({ value: s, label: severityLabels[s]! }));

function stagesText(rule: Rule): string {
  if (!rule.stages) return rule.recordType === 'opportunity' ? 'Every stage' : `${rule.recordType[0]!.toUpperCase()}${rule.recordType.slice(1)}s`;
  if (rule.stages.length === 1) return rule.stages[0]!;
  return `${rule.stages[0]} – ${rule.stages[rule.stages.length - 1]}`;
}

function RuleEditor({ rule, onClose }: { rule: Rule; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const base = useId();
  const [enabled, setEnabled] = useState(rule.enabled);
  const [severity, setSeverity] = useState<string>(rule.severity);
  const [values, setValues] = useState<Record<string, string>>(Object.fromEntries(Object.entries(rule.thresholdValues).map(([k, v]) => [k, String(v)])));
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const save = useMutation(trpc.hygiene.setOverride.mutationOptions());
  const reset = useMutation(trpc.hygiene.resetOverride.mutationOptions());
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.hygiene.rules.queryKey() });

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setErrors({});
    setFormError(null);
    const thresholds = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v.trim() === '' ? Number.NaN : Number(v)]));
    const local: Record<string, string[]> = {};
    for (const [k, v] of Object.entries(thresholds)) if (!Number.isFinite(v)) local[`thresholds.${k}`] = ['Enter a number'];
    if (Object.keys(local).length) return setErrors(local);
    try {
      await save.mutateAsync({ ruleId: rule.id, enabled, severity: severity as Rule['severity'], thresholds });
      await refresh();
      toast.success(`Saved ${rule.id}: in force from the next scan`);
      onClose();
    } catch (error) {
      const fields = serverFieldErrors(error);
      setErrors(fields);
      if (!Object.keys(fields).length) setFormError(errorMessage(error));
    }
  };

  return (
    <form className="rule-editor" onSubmit={submit} aria-label={`Edit ${rule.id}`} noValidate>
      <CheckboxField id={`${base}-enabled`} name="enabled" checked={enabled} onChange={setEnabled} label="On" />
      <SelectField id={`${base}-severity`} name="severity" label="Severity" value={severity} onChange={setSeverity} options={severityOptions} hint={`Default: ${severityLabels[rule.defaultSeverity]}`} />
      {Object.entries(rule.thresholds).map(([name, spec]) => (
        <TextField
          key={name}
          id={`${base}-${name}`}
          name={name}
          type="number"
          label={`${spec.label} (${spec.unit})`}
          value={values[name] ?? ''}
          onChange={(v) => setValues((prev) => ({ ...prev, [name]: v }))}
          min={spec.min}
          max={spec.max}
          step={spec.integer ? 1 : 'any'}
          hint={`${spec.min}–${spec.max}, default ${spec.default}`}
          error={errors[`thresholds.${name}`]?.[0]}
        />
      ))}
      {formError && <p className="fix-form__error" role="alert">{formError}</p>}
      <div className="fix-form__actions">
        <Button type="submit" variant="primary" size="sm" pending={save.isPending}>
          Save
        </Button>
        {rule.override && (
          <Button
            size="sm"
            pending={reset.isPending}
            onClick={async () => {
              await reset.mutateAsync({ ruleId: rule.id });
              await refresh();
              toast.success(`${rule.id} is back to its defaults`);
              onClose();
            }}
          >
            Reset to default
          </Button>
        )}
        <Button size="sm" variant="ghost" onClick={onClose}>
          Cancel
        </Button>
      </div>
    </form>
  );
}

/** Info-level rules only: each user may hide one from their own lists (never from the health score). */
function HideForMe({ rule }: { rule: Rule }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const hide = useMutation(trpc.hygiene.hideRule.mutationOptions());
  if (rule.severity !== 'info' && !rule.hiddenForMe) return null;
  return (
    <Button
      size="sm"
      variant="ghost"
      pending={hide.isPending}
      onClick={async () => {
        await hide.mutateAsync({ ruleId: rule.id, hidden: !rule.hiddenForMe });
        await queryClient.invalidateQueries({ queryKey: trpc.hygiene.rules.queryKey() });
        toast.success(rule.hiddenForMe ? `${rule.id} shows in your lists again` : `${rule.id} is hidden from your lists`);
      }}
    >
      {rule.hiddenForMe ? 'Show for me' : 'Hide for me'}
    </Button>
  );
}

function RuleRow({ rule, canEdit }: { rule: Rule; canEdit: boolean }) {
  const [editing, setEditing] = useState(false);
  return (
    <li className={`rule-row${rule.enabled ? '' : ' rule-row--off'}`} data-rule-id={rule.id}>
      <div className="rule-row__main">
        <span className="rule-row__number">{rule.number}</span>
        <div>
          <div className="rule-row__title">
            <code>{rule.id}</code>
            <Badge tone={severityTones[rule.severity]}>{severityLabels[rule.severity]}</Badge>
            {!rule.enabled && <Badge>Off</Badge>}
            {rule.override && <Badge tone="info">Changed</Badge>}
            {rule.hiddenForMe && <Badge>Hidden for you</Badge>}
          </div>
          <div>{rule.conditionInForce}</div>
          <div className="muted-text rule-row__meta">
            <span>{stagesText(rule)}</span>
            <span>{rule.openResults} open</span>
            {rule.override && <span>Changed by {rule.override.updatedByName ?? 'someone'} on {formatDateTime(rule.override.updatedAt)}</span>}
          </div>
        </div>
        <div className="custom-rule__row-actions">
          <HideForMe rule={rule} />
          {canEdit && !editing && (
            <Button size="sm" onClick={() => setEditing(true)}>
              Edit
            </Button>
          )}
        </div>
      </div>
      {editing && <RuleEditor rule={rule} onClose={() => setEditing(false)} />}
    </li>
  );
}

export default function HygieneRulesPage() {
  const trpc = useTRPC();
  const me = useSession();
  const toast = useToast();
  const rules = useQuery(trpc.hygiene.rules.queryOptions());
  const scanNow = useMutation(trpc.hygiene.scanNow.mutationOptions());
  const isAdmin = me.role === 'admin';
  if (rules.isPending) return <DetailSkeleton />;
  if (rules.isError) return <ErrorState error={rules.error} onRetry={() => void rules.refetch()} />;
  const categories = [...new Set(rules.data.map((r) => r.category))];
  return (
    <>
      <PageHeader
        title="Hygiene rules"
        subtitle={isAdmin ? 'Changes are organisation overrides, in force from the next scan (nightly at 02:30 UTC, or scan now).' : 'Only admins can change the rules.'}
        actions={
          isAdmin ? (
            <Button
              variant="primary"
              pending={scanNow.isPending}
              onClick={async () => {
                await scanNow.mutateAsync();
                toast.success('Scan started');
              }}
            >
              Scan now
            </Button>
          ) : undefined
        }
      />
      <CustomRulesPanel isAdmin={isAdmin} />
      {categories.map((c) => {
        const list = rules.data.filter((r) => r.category === c);
        return (
          <Panel key={c} title={categoryLabels[c] ?? c} count={list.length}>
            <ul className="rule-list">
              {list.map((r) => (
                <RuleRow key={r.id} rule={r} canEdit={isAdmin} />
              ))}
            </ul>
          </Panel>
        );
      })}
    </>
  );
}

// Settings -> Hygiene rules -> Custom rules: admins compose a deal rule from the whitelisted vocabulary
// (field, an operator that fits it, a value; stages, category, severity, message, remediation), preview how
// many of today's deals it would flag, then save it; everyone sees the list. Validation is the server's own
// zod schema, so each condition's field shows its message in place.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { Link } from 'react-router';
import {
  customRuleFieldIds,
  customRuleFields,
  customRuleOperators,
  type CustomRuleField,
  type CustomRuleOperator,
  operatorsFor,
} from '../../../../shared/hygieneCustomRules';
import { hygieneCategories, hygieneCustomRuleCreate, hygieneSeverities } from '../../../../shared/schemas/hygiene';
import { type Stage, stages } from '../../../../shared/stages';
import { Badge } from '../Badge';
import { Button } from '../Button';
import { CheckboxField, SelectField, TextField } from '../FormField';
import { Panel } from '../Panel';
import { useToast } from '../Toaster';
import { errorMessage, serverFieldErrors } from '../../lib/errors';
import { formatDateTime } from '../../lib/format';
import { type RouterOutputs, useTRPC } from '../../trpc';
import { categoryLabels, severityLabels, severityTones } from './labels';

type CustomRule = RouterOutputs['hygiene']['customRules']['list'][number];
type Preview = RouterOutputs['hygiene']['customRules']['preview'];

interface ConditionDraft {
  field: CustomRuleField;
  operator: CustomRuleOperator;
  value: string;
}

type Category = (typeof hygieneCategories)[number];
type Severity = (typeof hygieneSeverities)[number];

interface Draft {
  name: string;
  category: Category;
  severity: Severity;
  stages: Stage[];
  conditions: ConditionDraft[];
  message: string;
  remediation: string;
  enabled: boolean;
}

const MAX_CONDITIONS = 5;
const fieldOptions = customRuleFieldIds.map((f) => ({ value: f, label: customRuleFields[f].label }));
const categoryOptions = hygieneCategories.map((c) => ({ value: c, label: categoryLabels[c] ?? c }));
const severityOptions = hygieneSeverities.map((s) => ({ value: s, label: severityLabels[s] ?? s }));

const blankCondition = (): ConditionDraft => ({ field: 'closeDate', operator: 'is_past', value: '' });
const blankDraft = (): Draft => ({
  name: '',
  category: 'sales_hygiene',
  severity: 'warning',
  stages: [],
  conditions: [blankCondition()],
  message: '',
  remediation: '',
  enabled: true,
});

function draftOf(rule: CustomRule): Draft {
  return {
    name: rule.name,
    category: rule.category,
    severity: rule.severity,
    stages: [...rule.stages],
    conditions: rule.conditions.map((c) => ({ field: c.field, operator: c.operator, value: c.value === null ? '' : String(c.value) })),
    message: rule.message,
    remediation: rule.remediation,
    enabled: rule.enabled,
  };
}

/** What the form sends: numbers for number operands, text as typed, nothing for operators without one. */
function inputOf(d: Draft) {
  return {
    ...d,
    conditions: d.conditions.map((c) => {
      const operand = customRuleOperators[c.operator].operand;
      const value = operand === 'none' ? null : operand === 'number' ? (c.value.trim() === '' ? null : Number(c.value)) : c.value;
      return { field: c.field, operator: c.operator, value };
    }),
  };
}

/** Field errors keyed by path ("conditions.0.value"), from the shared schema or a server message "path: text". */
function errorsOf(d: Draft): Record<string, string> {
  const parsed = hygieneCustomRuleCreate.safeParse(inputOf(d));
  if (parsed.success) return {};
  const out: Record<string, string> = {};
  for (const issue of parsed.error.issues) {
    const key = issue.path.join('.') || 'form';
    out[key] ??= issue.message;
  }
  return out;
}

function ConditionRow({
  index,
  condition,
  errors,
  onChange,
  onRemove,
}: {
  index: number;
  condition: ConditionDraft;
  errors: Record<string, string>;
  onChange: (c: ConditionDraft) => void;
  onRemove: (() => void) | null;
}) {
  const base = useId();
  const spec = customRuleFields[condition.field];
  const operators = operatorsFor(condition.field).map((o) => ({ value: o, label: customRuleOperators[o].label }));
  const operand = customRuleOperators[condition.operator].operand;
  const err = (k: string) => errors[`conditions.${index}.${k}`];
  return (
    <fieldset className="custom-rule__condition" aria-label={`Condition ${index + 1}`}>
      <SelectField
        id={`${base}-field`}
        name={`conditions.${index}.field`}
        label="Field"
        value={condition.field}
        options={fieldOptions}
        error={err('field')}
        onChange={(v) => {
          const field = v as CustomRuleField;
          const fits = operatorsFor(field);
          onChange({ field, operator: fits.includes(condition.operator) ? condition.operator : fits[0]!, value: '' });
        }}
      />
      <SelectField
        id={`${base}-operator`}
        name={`conditions.${index}.operator`}
        label="Operator"
        value={condition.operator}
        options={operators}
        error={err('operator')}
        onChange={(v) => onChange({ ...condition, operator: v as CustomRuleOperator })}
      />
      {operand === 'number' && (
        <TextField
          id={`${base}-value`}
          name={`conditions.${index}.value`}
          type="number"
          label={condition.operator.endsWith('_days') ? 'Days' : condition.operator === 'differs_from_stage_default_by' ? 'Points' : spec.type === 'money' ? 'Amount' : 'Value'}
          value={condition.value}
          min={0}
          error={err('value')}
          onChange={(v) => onChange({ ...condition, value: v })}
        />
      )}
      {operand === 'text' && (
        <TextField id={`${base}-value`} name={`conditions.${index}.value`} label="Text" value={condition.value} error={err('value')} onChange={(v) => onChange({ ...condition, value: v })} />
      )}
      {operand === 'choice' && (
        <SelectField
          id={`${base}-value`}
          name={`conditions.${index}.value`}
          label="Value"
          value={condition.value}
          placeholder="Choose…"
          options={('choices' in spec ? spec.choices : []).map((c) => ({ value: c, label: c }))}
          error={err('value')}
          onChange={(v) => onChange({ ...condition, value: v })}
        />
      )}
      {operand === 'none' && <span />}
      {onRemove ? (
        <Button size="sm" variant="ghost" onClick={onRemove} aria-label={`Remove condition ${index + 1}`}>
          Remove
        </Button>
      ) : (
        <span />
      )}
    </fieldset>
  );
}

function CustomRuleForm({ rule, onClose }: { rule: CustomRule | null; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const base = useId();
  const [draft, setDraftState] = useState<Draft>(rule ? draftOf(rule) : blankDraft());
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [preview, setPreview] = useState<Preview | null>(null);
  const previewing = useMutation(trpc.hygiene.customRules.preview.mutationOptions());
  const create = useMutation(trpc.hygiene.customRules.create.mutationOptions());
  const update = useMutation(trpc.hygiene.customRules.update.mutationOptions());
  // Any change makes the last preview stale: saving needs a preview of what is saved.
  const setDraft = (next: Draft) => {
    setDraftState(next);
    setPreview(null);
  };
  const failed = (error: unknown) => {
    const fields = serverFieldErrors(error);
    const message = errorMessage(error);
    const pathed = /^([\w.]+): (.+)$/.exec(message);
    if (pathed) setErrors({ [pathed[1]!]: pathed[2]! });
    else if (Object.keys(fields).length) setErrors(Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, v[0]!])));
    else setFormError(message);
  };
  const check = () => {
    setFormError(null);
    const found = errorsOf(draft);
    setErrors(found);
    return Object.keys(found).length === 0;
  };
  const runPreview = async () => {
    if (!check()) return;
    try {
      const { stages: chosen, conditions } = inputOf(draft);
      setPreview(await previewing.mutateAsync({ stages: chosen, conditions }));
    } catch (error) {
      failed(error);
    }
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!check()) return;
    if (!preview) return void runPreview();
    try {
      const input = inputOf(draft);
      const saved = rule ? await update.mutateAsync({ ...input, id: rule.id }) : await create.mutateAsync(input);
      await queryClient.invalidateQueries({ queryKey: trpc.hygiene.customRules.list.queryKey() });
      toast.success(`Saved "${saved.name}": in force from the next scan`);
      onClose();
    } catch (error) {
      failed(error);
    }
  };
  const setCondition = (i: number, c: ConditionDraft) => setDraft({ ...draft, conditions: draft.conditions.map((x, j) => (j === i ? c : x)) });
  const toggleStage = (s: Stage, on: boolean) => setDraft({ ...draft, stages: on ? stages.filter((x) => x === s || draft.stages.includes(x)) : draft.stages.filter((x) => x !== s) });

  return (
    <form className="custom-rule" onSubmit={submit} aria-label={rule ? `Edit ${rule.name}` : 'New custom rule'} noValidate>
      <div className="custom-rule__grid">
        <TextField id={`${base}-name`} name="name" label="Name" required value={draft.name} error={errors.name} onChange={(v) => setDraft({ ...draft, name: v })} />
        <SelectField id={`${base}-category`} name="category" label="Category" value={draft.category} options={categoryOptions} error={errors.category} onChange={(v) => setDraft({ ...draft, category: v as Category })} />
        <SelectField id={`${base}-severity`} name="severity" label="Severity" value={draft.severity} options={severityOptions} error={errors.severity} onChange={(v) => setDraft({ ...draft, severity: v as Severity })} />
      </div>
      <div className="custom-rule__section">
        <div className="custom-rule__heading">Conditions (all must hold)</div>
        {draft.conditions.map((c, i) => (
          <ConditionRow
            key={i}
            index={i}
            condition={c}
            errors={errors}
            onChange={(next) => setCondition(i, next)}
            onRemove={draft.conditions.length > 1 ? () => setDraft({ ...draft, conditions: draft.conditions.filter((_, j) => j !== i) }) : null}
          />
        ))}
        {errors.conditions && <p className="fix-form__error" role="alert">{errors.conditions}</p>}
        {draft.conditions.length < MAX_CONDITIONS && (
          <Button size="sm" onClick={() => setDraft({ ...draft, conditions: [...draft.conditions, blankCondition()] })}>
            Add a condition
          </Button>
        )}
      </div>
      <fieldset className="custom-rule__section custom-rule__stages">
        <legend className="custom-rule__heading">Stages (none chosen: every open stage)</legend>
        {stages.map((s) => (
          <CheckboxField key={s} id={`${base}-stage-${s}`} name="stages" label={s} checked={draft.stages.includes(s)} onChange={(on) => toggleStage(s, on)} />
        ))}
      </fieldset>
      <div className="custom-rule__grid">
        <TextField id={`${base}-message`} name="message" label="Message" required value={draft.message} error={errors.message} hint="{name} and {stage} fill in per deal" onChange={(v) => setDraft({ ...draft, message: v })} />
        <TextField id={`${base}-remediation`} name="remediation" label="What to do" required value={draft.remediation} error={errors.remediation} onChange={(v) => setDraft({ ...draft, remediation: v })} />
        <CheckboxField id={`${base}-enabled`} name="enabled" label="On" checked={draft.enabled} onChange={(on) => setDraft({ ...draft, enabled: on })} />
      </div>
      {preview && (
        <div className="custom-rule__preview" role="status">
          <strong>
            Would flag {preview.flagged.toLocaleString('en-US')} {preview.flagged === 1 ? 'deal' : 'deals'} today
          </strong>
          {preview.examples.length > 0 && (
            <ul>
              {preview.examples.map((d) => (
                <li key={d.id}>
                  <Link to={`/opportunities/${d.id}`}>{d.name}</Link> <span className="muted-text">· {d.stage} · {d.ownerName}</span>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      {formError && <p className="fix-form__error" role="alert">{formError}</p>}
      <div className="fix-form__actions">
        <Button onClick={() => void runPreview()} pending={previewing.isPending}>
          Preview
        </Button>
        <Button type="submit" variant="primary" disabled={!preview} pending={create.isPending || update.isPending}>
          {rule ? 'Save changes' : 'Save rule'}
        </Button>
        <Button variant="ghost" onClick={onClose}>
          Cancel
        </Button>
        {!preview && <span className="muted-text">Preview first: saving shows what it would flag.</span>}
      </div>
    </form>
  );
}

function CustomRuleRow({ rule, canEdit }: { rule: CustomRule; canEdit: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const [editing, setEditing] = useState(false);
  const remove = useMutation(trpc.hygiene.customRules.delete.mutationOptions());
  return (
    <li className={`rule-row${rule.enabled ? '' : ' rule-row--off'}`} data-rule-id={rule.ruleId}>
      <div className="rule-row__main">
        <span className="rule-row__number" aria-hidden="true">
          ★
        </span>
        <div>
          <div className="rule-row__title">
            <strong>{rule.name}</strong>
            <Badge tone={severityTones[rule.severity]}>{severityLabels[rule.severity]}</Badge>
            <Badge>{categoryLabels[rule.category]}</Badge>
            {!rule.enabled && <Badge>Off</Badge>}
          </div>
          <div>{rule.conditionText}</div>
          <div className="muted-text rule-row__meta">
            <span>{rule.stages.length ? rule.stages.join(', ') : 'Every open stage'}</span>
            <span>{rule.openResults} open</span>
            {rule.updatedAt && <span>Changed by {rule.updatedByName ?? 'someone'} on {formatDateTime(rule.updatedAt)}</span>}
          </div>
        </div>
        {canEdit && !editing && (
          <div className="custom-rule__row-actions">
            <Button size="sm" onClick={() => setEditing(true)}>
              Edit
            </Button>
            <Button
              size="sm"
              variant="ghost"
              pending={remove.isPending}
              onClick={async () => {
                if (!window.confirm(`Delete "${rule.name}"? Its ${rule.openResults} open results resolve now.`)) return;
                await remove.mutateAsync({ id: rule.id });
                await queryClient.invalidateQueries({ queryKey: trpc.hygiene.customRules.list.queryKey() });
                toast.success(`Deleted "${rule.name}"`);
              }}
            >
              Delete
            </Button>
          </div>
        )}
      </div>
      {editing && <CustomRuleForm rule={rule} onClose={() => setEditing(false)} />}
    </li>
  );
}

export function CustomRulesPanel({ isAdmin }: { isAdmin: boolean }) {
  const trpc = useTRPC();
  const list = useQuery(trpc.hygiene.customRules.list.queryOptions());
  const [adding, setAdding] = useState(false);
  const rules = list.data ?? [];
  return (
    <Panel
      title="Custom rules"
      count={rules.length}
      actions={
        isAdmin && !adding ? (
          <Button size="sm" variant="primary" onClick={() => setAdding(true)}>
            New custom rule
          </Button>
        ) : undefined
      }
    >
      {adding && <CustomRuleForm rule={null} onClose={() => setAdding(false)} />}
      {list.isPending && <p className="muted-text">Loading custom rules…</p>}
      {list.isError && <p className="fix-form__error" role="alert">{errorMessage(list.error)}</p>}
      {list.isSuccess && rules.length === 0 && !adding && (
        <p className="muted-text">{isAdmin ? 'No custom rules yet. Compose one from the fields and facts the shipped rules use.' : 'No custom rules yet.'}</p>
      )}
      {rules.length > 0 && (
        <ul className="rule-list">
          {rules.map((r) => (
            <CustomRuleRow key={r.id} rule={r} canEdit={isAdmin} />
          ))}
        </ul>
      )}
    </Panel>
  );
}

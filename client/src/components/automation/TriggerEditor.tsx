// What starts a playbook: the trigger's type, then its stage, level, health or source and campaign.
import {
  leadQualificationLevels,
  type PlaybookTrigger,
  playbookTriggerTypes,
  projectAlertLevels,
  triggerTypeLabels,
} from '../../../../shared/schemas/playbooks';
import { stages } from '../../../../shared/stages';
import { SelectField, TextField } from '../FormField';
import { SegmentTriggerFields } from './SegmentTriggerFields';

export function blankTrigger(type: PlaybookTrigger['type']): PlaybookTrigger {
  switch (type) {
    case 'dealEntersStage':
      return { type, stage: 'Proposal' };
    case 'leadQualified':
      return { type, level: 'MQL' };
    case 'leadArrives':
      return { type, source: null, campaign: null };
    case 'projectAtRisk':
      return { type, health: 'At Risk' };
    case 'caseNearsSla':
      return { type };
    case 'entersSegment':
      // No view yet (0): the editor asks for one.
      return { type, list: 'leads', viewId: 0, viewName: null };
  }
}

export function TriggerEditor({
  trigger,
  errors,
  disabled,
  onChange,
}: {
  trigger: PlaybookTrigger;
  errors: Record<string, string[]>;
  disabled: boolean;
  onChange: (t: PlaybookTrigger) => void;
}) {
  return (
    <>
      <SelectField
        id="pb-trigger"
        name="trigger"
        label="Starts when"
        disabled={disabled}
        value={trigger.type}
        options={playbookTriggerTypes.map((t) => ({ value: t, label: triggerTypeLabels[t] }))}
        error={errors['trigger.type']?.[0]}
        onChange={(v) => onChange(blankTrigger(v as PlaybookTrigger['type']))}
      />
      {trigger.type === 'dealEntersStage' && (
        <SelectField
          id="pb-stage"
          name="stage"
          label="Stage the deal enters"
          disabled={disabled}
          value={trigger.stage}
          options={stages.map((s) => ({ value: s, label: s }))}
          error={errors['trigger.stage']?.[0]}
          onChange={(v) => onChange({ type: 'dealEntersStage', stage: v as typeof trigger.stage })}
        />
      )}
      {trigger.type === 'leadQualified' && (
        <SelectField
          id="pb-level"
          name="level"
          label="The lead becomes"
          disabled={disabled}
          value={trigger.level}
          options={leadQualificationLevels.map((l) => ({ value: l, label: l === 'MQL' ? 'MQL (score 50 or more)' : 'SQL (score 75 or more)' }))}
          error={errors['trigger.level']?.[0]}
          onChange={(v) => onChange({ type: 'leadQualified', level: v as typeof trigger.level })}
        />
      )}
      {trigger.type === 'leadArrives' && (
        <>
          <TextField
            id="pb-source"
            name="source"
            label="Lead source"
            hint="The lead's source, e.g. a web-to-lead source's name. Empty: any source."
            disabled={disabled}
            value={trigger.source ?? ''}
            error={errors['trigger.source']?.[0]}
            onChange={(v) => onChange({ ...trigger, source: v })}
          />
          <TextField
            id="pb-campaign"
            name="campaign"
            label="Campaign"
            hint="The campaign a web-to-lead post named. Empty: any campaign."
            disabled={disabled}
            value={trigger.campaign ?? ''}
            error={errors['trigger.campaign']?.[0]}
            onChange={(v) => onChange({ ...trigger, campaign: v })}
          />
        </>
      )}
      {trigger.type === 'projectAtRisk' && (
        <SelectField
          id="pb-health"
          name="health"
          label="The project's health turns"
          disabled={disabled}
          value={trigger.health}
          options={projectAlertLevels.map((h) => ({ value: h, label: h === 'At Risk' ? 'At Risk (or Critical)' : 'Critical' }))}
          error={errors['trigger.health']?.[0]}
          onChange={(v) => onChange({ type: 'projectAtRisk', health: v as typeof trigger.health })}
        />
      )}
      {trigger.type === 'entersSegment' && <SegmentTriggerFields trigger={trigger} errors={errors} disabled={disabled} onChange={onChange} />}
    </>
  );
}

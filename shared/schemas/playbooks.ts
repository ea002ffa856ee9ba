// Playbooks: a trigger and ordered steps with delays. The Automation page and the server validate with these.
import { z } from 'zod';
import { stages } from '../stages';
import { optionalText, recordId, requiredText } from './common';
import { settableFields } from '../playbookFields';

export const delayUnits = ['minutes', 'hours', 'days', 'businessDays'] as const;
export const delayUnitLabels: Record<(typeof delayUnits)[number], string> = {
  minutes: 'minutes',
  hours: 'hours',
  days: 'days',
  businessDays: 'business days',
};

/** What a template may use; anything else is refused when the playbook is saved. */
export const dealTemplateVariables = [
  'opportunity.opportunityName',
  'opportunity.stage',
  'account.accountName',
  'owner.name',
  /** The deal's champion, else its economic buyer, else its first contact: whom an email step writes to. */
  'contact.firstName',
  'contact.lastName',
] as const;

/** Lead playbooks: the lead, its owner, and `contact.*` naming the lead itself (whom an email step writes to). */
export const leadTemplateVariables = ['lead.firstName', 'lead.lastName', 'lead.company', 'lead.leadSource', 'owner.name', 'contact.firstName', 'contact.lastName'] as const;
export const projectTemplateVariables = ['project.projectName', 'project.healthStatus', 'account.accountName', 'owner.name'] as const;
/** Case playbooks: `contact.*` is the case's contact. */
export const caseTemplateVariables = ['case.caseNumber', 'case.subject', 'account.accountName', 'owner.name', 'contact.firstName', 'contact.lastName'] as const;
/** Contact playbooks (a contact entering a saved view): `contact.*` is the contact itself. */
export const contactTemplateVariables = ['contact.firstName', 'contact.lastName', 'account.accountName', 'owner.name'] as const;

export const playbookRecordTypes = ['opportunity', 'lead', 'project', 'case', 'contact'] as const;
export type PlaybookRecordType = (typeof playbookRecordTypes)[number];
export const templateVariablesFor: Record<PlaybookRecordType, readonly string[]> = {
  opportunity: dealTemplateVariables,
  lead: leadTemplateVariables,
  project: projectTemplateVariables,
  case: caseTemplateVariables,
  contact: contactTemplateVariables,
};
export const recordTypeLabels: Record<PlaybookRecordType, [one: string, many: string]> = {
  opportunity: ['deal', 'deals'],
  lead: ['lead', 'leads'],
  project: ['project', 'projects'],
  case: ['case', 'cases'],
  contact: ['contact', 'contacts'],
};

export const leadQualificationLevels = ['MQL', 'SQL'] as const;
export const projectAlertLevels = ['At Risk', 'Critical'] as const;

/** The lists whose saved views a segment trigger may watch, and the record type each holds. */
export const segmentLists = ['leads', 'contacts', 'opportunities', 'projects', 'cases'] as const;
export type SegmentList = (typeof segmentLists)[number];
export const segmentRecordTypes: Record<SegmentList, PlaybookRecordType> = {
  leads: 'lead',
  contacts: 'contact',
  opportunities: 'opportunity',
  projects: 'project',
  cases: 'case',
};

export const playbookTrigger = z.discriminatedUnion(
  'type',
  [
    z.object({ type: z.literal('dealEntersStage'), stage: z.enum(stages, { message: 'Choose a stage' }) }),
    /** The lead's score reaches the level's threshold (MQL 50, SQL 75) from below. */
    z.object({ type: z.literal('leadQualified'), level: z.enum(leadQualificationLevels, { message: 'Choose MQL or SQL' }) }),
    /** A lead is created with this lead source (a web-to-lead source's name) and/or campaign; left empty: any. */
    z.object({ type: z.literal('leadArrives'), source: optionalText(64), campaign: optionalText(128) }),
    /** A live project's health turns At Risk (or worse), or Critical. */
    z.object({ type: z.literal('projectAtRisk'), health: z.enum(projectAlertLevels, { message: 'Choose a health' }) }),
    /** An open case enters the last 20% of its SLA window (or passes it). */
    z.object({ type: z.literal('caseNearsSla') }),
    /**
     * A record starts matching a shared saved view's filters (checked by a periodic job). `viewName` is the view's
     * name when the playbook was saved, for showing; saving fills it in.
     */
    z.object({
      type: z.literal('entersSegment'),
      list: z.enum(segmentLists, { message: 'Choose a list' }),
      viewId: z.number({ message: 'Choose a saved view' }).int().positive('Choose a saved view'),
      viewName: optionalText(80),
    }),
  ],
  { message: 'Choose what starts the playbook' },
);
export type PlaybookTrigger = z.infer<typeof playbookTrigger>;
export const playbookTriggerTypes = ['dealEntersStage', 'leadQualified', 'leadArrives', 'projectAtRisk', 'caseNearsSla', 'entersSegment'] as const;
export const triggerTypeLabels: Record<PlaybookTrigger['type'], string> = {
  dealEntersStage: 'A deal enters a stage',
  leadQualified: 'A lead becomes MQL or SQL',
  leadArrives: 'A lead arrives from a source or campaign',
  projectAtRisk: 'A project turns At Risk',
  caseNearsSla: 'A case nears its SLA',
  entersSegment: 'A record enters a saved view (segment)',
};
const triggerRecordTypes: Record<Exclude<PlaybookTrigger['type'], 'entersSegment'>, PlaybookRecordType> = {
  dealEntersStage: 'opportunity',
  leadQualified: 'lead',
  leadArrives: 'lead',
  projectAtRisk: 'project',
  caseNearsSla: 'case',
};
export const recordTypeOf = (trigger: PlaybookTrigger): PlaybookRecordType =>
  trigger.type === 'entersSegment' ? segmentRecordTypes[trigger.list] : triggerRecordTypes[trigger.type];

/** In words: "A deal enters Proposal", "A lead becomes SQL". */
export function describeTrigger(t: PlaybookTrigger): string {
  switch (t.type) {
    case 'dealEntersStage':
      return `A deal enters ${t.stage}`;
    case 'leadQualified':
      return `A lead becomes ${t.level}`;
    case 'leadArrives': {
      const from = [t.source ? `source ${t.source}` : null, t.campaign ? `campaign ${t.campaign}` : null].filter(Boolean).join(', ');
      return from ? `A lead arrives from ${from}` : 'A lead arrives';
    }
    case 'projectAtRisk':
      return t.health === 'Critical' ? 'A project turns Critical' : 'A project turns At Risk';
    case 'caseNearsSla':
      return 'A case nears its SLA (last 20%)';
    case 'entersSegment':
      return `A ${recordTypeLabels[segmentRecordTypes[t.list]][0]} enters the view ${t.viewName ? `"${t.viewName}"` : 'chosen'}`;
  }
}

const delay = z.object({
  amount: z.number({ message: 'Enter a delay' }).int('Enter a whole number').min(0, 'At least 0').max(365, 'At most 365'),
  unit: z.enum(delayUnits, { message: 'Choose a unit' }),
});

export const waitConditions = ['reply', 'stageMoves'] as const;
export const waitConditionLabels: Record<(typeof waitConditions)[number], string> = {
  reply: 'A reply arrives (an inbound email on the record)',
  stageMoves: "The deal's stage moves",
};
export const waitTimeoutOutcomes = ['continue', 'exit'] as const;
export const waitTimeoutLabels: Record<(typeof waitTimeoutOutcomes)[number], string> = {
  continue: 'Go on to the next step',
  exit: 'End the enrolment',
};

export const playbookAction = z.discriminatedUnion(
  'type',
  [
    z.object({
      type: z.literal('createTask'),
      subject: requiredText('Task', 255),
      /** Due by the end of the owner's local day this many days after the step runs (0: the end of that day). */
      dueInDays: z.number({ message: 'Enter a number of days' }).int('Enter whole days').min(0, 'At least 0').max(90, 'At most 90 days').default(0),
    }),
    z.object({ type: z.literal('notifyOwner'), message: requiredText('Message', 255) }),
    z.object({
      type: z.literal('sendEmail'),
      subject: requiredText('Subject', 255),
      body: requiredText('Email', 10_000),
      /** A/B test: a second subject and body, sent to `percentB` of the enrolments (server/domain/playbookEmail.ts). */
      variantB: z.object({ subject: requiredText('Subject B', 255), body: requiredText('Email B', 10_000) }).optional(),
      percentB: z.number({ message: 'Enter a percentage' }).int('Enter a whole number').min(1, 'At least 1%').max(99, 'At most 99%').optional(),
    }),
    z.object({ type: z.literal('setNextStep'), nextStep: requiredText('Next step', 255) }),
    /** Sets a status, health or owner (shared/playbookFields.ts says which each record has and their values). */
    z.object({ type: z.literal('setField'), field: z.enum(settableFields, { message: 'Choose a field' }), value: requiredText('Value', 64) }),
    /**
     * Waits, from when the step is reached, until the condition holds (then goes on at once) or the timeout passes
     * (then goes on or ends, as chosen). Later steps' delays count from when the wait ended.
     */
    z.object({
      type: z.literal('waitUntil'),
      condition: z.enum(waitConditions, { message: 'Choose what to wait for' }),
      timeout: delay.extend({ amount: delay.shape.amount.min(1, 'Wait at least 1') }),
      onTimeout: z.enum(waitTimeoutOutcomes, { message: 'Choose what happens on timeout' }),
    }),
  ],
  { message: 'Choose what the step does' },
);
export type PlaybookAction = z.infer<typeof playbookAction>;
export const playbookActionTypes = ['createTask', 'sendEmail', 'notifyOwner', 'setNextStep', 'setField', 'waitUntil'] as const;
export const playbookActionLabels: Record<PlaybookAction['type'], string> = {
  createTask: 'Create a task for the owner',
  sendEmail: 'Email the customer',
  notifyOwner: 'Notify the owner',
  setNextStep: 'Set the next step',
  setField: 'Set a field (status, owner)',
  waitUntil: 'Wait until…',
};

export const playbookStep = z.object({ delay, action: playbookAction });
export type PlaybookStep = z.infer<typeof playbookStep>;

export const playbookSave = z.object({
  /** Left out: a new playbook. */
  id: recordId.optional(),
  name: requiredText('Name', 128),
  description: optionalText(1000),
  trigger: playbookTrigger,
  steps: z.array(playbookStep).min(1, 'Add at least one step').max(20, 'At most 20 steps'),
});
export type PlaybookSave = z.infer<typeof playbookSave>;

export const playbookRef = z.object({ id: recordId });
export const playbookSetEnabled = z.object({ id: recordId, enabled: z.boolean() });
export const playbookPreview = z.object({ trigger: playbookTrigger });
export const enrolmentList = z.object({
  playbookId: recordId.optional(),
  recordType: z.enum(playbookRecordTypes).optional(),
  recordId: recordId.optional(),
});
export type EnrolmentList = z.infer<typeof enrolmentList>;
export const enrolmentRemove = z.object({ id: recordId });
export const playbookEmailStats = z.object({ id: recordId });

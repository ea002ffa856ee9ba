// Playbooks: a trigger and ordered steps with delays. The Automation page and the server validate with these.
import { z } from 'zod';
import { stages } from '../stages';
import { optionalText, recordId, requiredText } from './common';

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

export const playbookTrigger = z.object({
  type: z.literal('dealEntersStage'),
  stage: z.enum(stages, { message: 'Choose a stage' }),
});
export type PlaybookTrigger = z.infer<typeof playbookTrigger>;

export const playbookAction = z.discriminatedUnion(
  'type',
  [
    z.object({
      type: z.literal('createTask'),
      subject: requiredText('Task', 255),
      /** Due this many days after the step runs (0: the same day). */
      dueInDays: z.number({ message: 'Enter a number of days' }).int('Enter whole days').min(0, 'At least 0').max(90, 'At most 90 days').default(0),
    }),
    z.object({ type: z.literal('notifyOwner'), message: requiredText('Message', 255) }),
    z.object({ type: z.literal('sendEmail'), subject: requiredText('Subject', 255), body: requiredText('Email', 10_000) }),
    z.object({ type: z.literal('setNextStep'), nextStep: requiredText('Next step', 255) }),
  ],
  { message: 'Choose what the step does' },
);
export type PlaybookAction = z.infer<typeof playbookAction>;
export const playbookActionTypes = ['createTask', 'sendEmail', 'notifyOwner', 'setNextStep'] as const;
export const playbookActionLabels: Record<PlaybookAction['type'], string> = {
  createTask: 'Create a task for the owner',
  sendEmail: 'Email the customer',
  notifyOwner: 'Notify the owner',
  setNextStep: 'Set the next step',
};

export const playbookStep = z.object({
  delay: z.object({
    amount: z.number({ message: 'Enter a delay' }).int('Enter a whole number').min(0, 'At least 0').max(365, 'At most 365'),
    unit: z.enum(delayUnits, { message: 'Choose a unit' }),
  }),
  action: playbookAction,
});
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
  recordType: z.literal('opportunity').optional(),
  recordId: recordId.optional(),
});
export type EnrolmentList = z.infer<typeof enrolmentList>;
export const enrolmentRemove = z.object({ id: recordId });

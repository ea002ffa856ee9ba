// The playbooks a new organisation starts with (switched off; the demo switches all three on): new-lead follow-up,
// the Proposal-stage checklist and at-risk project recovery.
import { eq } from 'drizzle-orm';
import { playbooks } from '../../drizzle/schema';
import type { PlaybookSave } from '../../shared/schemas/playbooks';
import type { DbOrTx } from '../db';
import { systemActor } from '../lib/actor';
import { savePlaybook } from './playbooks';

export const defaultPlaybooks: { key: string; playbook: PlaybookSave }[] = [
  {
    key: 'new-lead-follow-up',
    playbook: {
      name: 'New-lead follow-up',
      description: 'Every new lead: a first touch within the hour, an email the next day, a call on day three.',
      trigger: { type: 'leadArrives', source: null, campaign: null },
      steps: [
        { delay: { amount: 1, unit: 'hours' }, action: { type: 'createTask', subject: 'First touch: research {{lead.company}} and reach out to {{lead.firstName}} {{lead.lastName}}', dueInDays: 0 } },
        {
          delay: { amount: 1, unit: 'days' },
          action: {
            type: 'sendEmail',
            subject: 'Following up, {{lead.firstName}}',
            body: 'Hi {{contact.firstName}},\n\nThanks for your interest. Would a short call this week help to see whether we are a fit for {{lead.company}}?\n\nBest,\n{{owner.name}}',
          },
        },
        { delay: { amount: 3, unit: 'days' }, action: { type: 'createTask', subject: 'Call {{lead.firstName}} {{lead.lastName}} at {{lead.company}}', dueInDays: 0 } },
      ],
    },
  },
  {
    key: 'proposal-checklist',
    playbook: {
      name: 'Proposal-stage checklist',
      description: 'When a deal reaches Proposal: confirm the economic buyer, map the paper process, start the security review.',
      trigger: { type: 'dealEntersStage', stage: 'Proposal' },
      steps: [
        { delay: { amount: 0, unit: 'hours' }, action: { type: 'notifyOwner', message: '{{opportunity.opportunityName}} reached Proposal: its checklist has started' } },
        { delay: { amount: 0, unit: 'hours' }, action: { type: 'createTask', subject: 'Confirm the economic buyer for {{opportunity.opportunityName}}', dueInDays: 2 } },
        { delay: { amount: 1, unit: 'businessDays' }, action: { type: 'createTask', subject: 'Map the paper process at {{account.accountName}} (legal, procurement, signatures)', dueInDays: 3 } },
        { delay: { amount: 3, unit: 'businessDays' }, action: { type: 'createTask', subject: 'Start the security review for {{opportunity.opportunityName}}', dueInDays: 5 } },
      ],
    },
  },
  {
    key: 'at-risk-project-recovery',
    playbook: {
      name: 'At-risk project recovery',
      description: 'When a project turns At Risk or Critical: a recovery plan now, the owner told, a check-in three business days on. Ends when it is healthy again.',
      trigger: { type: 'projectAtRisk', health: 'At Risk' },
      steps: [
        { delay: { amount: 0, unit: 'hours' }, action: { type: 'createTask', subject: 'Recovery plan for {{project.projectName}}: find the blocker, agree next steps with {{account.accountName}}', dueInDays: 1 } },
        { delay: { amount: 0, unit: 'hours' }, action: { type: 'notifyOwner', message: '{{project.projectName}} is {{project.healthStatus}}: its recovery playbook has started' } },
        { delay: { amount: 3, unit: 'businessDays' }, action: { type: 'createTask', subject: 'Check in with {{account.accountName}} on {{project.projectName}}: is it back on track?', dueInDays: 0 } },
      ],
    },
  },
];

/** Installs the defaults not installed yet (by key); answers the ids of all of them. */
export async function installDefaultPlaybooks(db: DbOrTx, now: Date, options: { enabled?: boolean } = {}): Promise<number[]> {
  const ids: number[] = [];
  for (const { key, playbook } of defaultPlaybooks) {
    const [existing] = await db.select({ id: playbooks.id }).from(playbooks).where(eq(playbooks.defaultKey, key));
    if (existing) {
      ids.push(existing.id);
      continue;
    }
    const saved = await savePlaybook(db, systemActor('default playbooks'), playbook, now, { defaultKey: key, enabled: options.enabled ?? false });
    ids.push(saved.id);
  }
  return ids;
}

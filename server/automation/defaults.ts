// The playbooks a new organisation starts with (switched off; the demo switches the Proposal checklist on).
// New-lead follow-up and at-risk project recovery wait for lead and project triggers (see the README).
import { eq } from 'drizzle-orm';
import { playbooks } from '../../drizzle/schema';
import type { PlaybookSave } from '../../shared/schemas/playbooks';
import type { DbOrTx } from '../db';
import { systemActor } from '../lib/actor';
import { savePlaybook } from './playbooks';

export const defaultPlaybooks: { key: string; playbook: PlaybookSave }[] = [
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

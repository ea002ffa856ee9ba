// One-click fixes: a result whose fix is a field change of its deal offers that change in place. The change
// goes through the deal's own update (validated, access-checked, audited, and enqueueing the incremental scan
// in its transaction); the deal is then scanned at once, so the result resolves in the same request.
import { eq } from 'drizzle-orm';
import { opportunities, ruleResults } from '../../drizzle/schema';
import { hygieneFixFields } from '../../shared/hygiene';
import type { HygieneApplyFix } from '../../shared/schemas/hygiene';
import { stageDefaults } from '../../shared/stages';
import { type Db, inTransaction } from '../db';
import { type FixKind, ruleDefinition } from '../domain/hygiene/catalogue';
import { todayOf } from '../domain/hygiene/evaluate';
import type { Actor } from '../lib/actor';
import { conflict, type FieldErrors, invalid, invalidFields, notFound } from '../lib/errors';
import { updateOpportunity } from '../services/opportunities';
import { recordHygiene } from './results';
import { runScan } from './scan';

type FixField = keyof HygieneApplyFix['fields'];

/** What each fix changes: the fields it needs (all required). */
const fixFields: Record<FixKind, readonly FixField[]> = hygieneFixFields;

const REQUIRED: Partial<Record<FixField, string>> = {
  closeDate: 'Choose the new close date',
  nextStep: 'Write the next step',
  nextStepDate: 'Choose when the next step happens',
  economicBuyerContactId: 'Choose the economic buyer',
  championContactId: 'Choose the champion',
  lossReason: 'Choose the loss reason',
  identifiedPain: 'Write the identified pain',
  decisionCriteria: 'Write the decision criteria',
  decisionProcess: 'Write the decision process',
  paperProcess: 'Write the paper process',
  ownerId: 'Choose the new owner',
  amount: 'Enter the amount',
};

export async function applyFix(db: Db, actor: Actor, input: HygieneApplyFix, now: Date) {
  const opportunityId = await inTransaction(db, async (tx) => {
    const [result] = await tx.select().from(ruleResults).where(eq(ruleResults.id, input.resultId)).for('update');
    if (!result) throw notFound('Rule result');
    if (result.resolvedAt) throw conflict('This result has already been resolved; reload to see what is still open');
    const rule = ruleDefinition(result.ruleId);
    if (!rule?.fix || result.recordType !== 'opportunity') throw invalid('This result has no one-click fix; follow its remediation');
    const wanted = fixFields[rule.fix];
    const sent = Object.fromEntries(Object.entries(input.fields).filter(([, v]) => v !== undefined)) as HygieneApplyFix['fields'];
    const errors: FieldErrors = {};
    for (const key of Object.keys(sent) as FixField[]) if (!wanted.includes(key)) errors[key] = ['This fix does not change this field'];
    for (const key of wanted) {
      const v = sent[key];
      if (v === undefined || v === null || (typeof v === 'string' && v.trim() === '')) errors[key] = [REQUIRED[key] ?? 'This field is required'];
    }
    const today = todayOf(now);
    if (sent.closeDate && sent.closeDate < today) errors.closeDate = ['Choose a date from today on'];
    if (sent.nextStepDate && sent.nextStepDate < today) errors.nextStepDate = ['Choose a date from today on'];
    if (Object.keys(errors).length > 0) throw invalidFields(errors);

    const [deal] = await tx.select({ version: opportunities.version, stage: opportunities.stage }).from(opportunities).where(eq(opportunities.id, result.recordId));
    if (!deal) throw notFound('Opportunity');
    // The probability fix puts the stage default back (which clears the rep's override).
    const change = rule.fix === 'probability' ? { probability: stageDefaults[deal.stage].probability } : sent;
    await updateOpportunity(tx, actor, { id: result.recordId, version: deal.version, ...change }, now);
    return result.recordId;
  });
  await runScan(db, { kind: 'opportunity', id: opportunityId }, now);
  return recordHygiene(db, actor, { recordType: 'opportunity', recordId: opportunityId });
}

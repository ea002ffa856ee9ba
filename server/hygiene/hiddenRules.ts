// A user's own view: info-level rules they chose to hide (rule_overrides rows with their userId and
// enabled = false). Hiding changes what that user is shown, never what a scan finds or a health score.
import { and, eq } from 'drizzle-orm';
import { ruleOverrides } from '../../drizzle/schema';
import type { DbOrTx } from '../db';
import type { Actor } from '../lib/actor';
import { DomainError, notFound } from '../lib/errors';
import { loadEffectiveRules } from './rules';

export async function hiddenRuleIds(db: DbOrTx, actor: Actor): Promise<string[]> {
  if (!actor.id) return [];
  const rows = await db
    .select({ ruleId: ruleOverrides.ruleId })
    .from(ruleOverrides)
    .where(and(eq(ruleOverrides.userId, actor.id), eq(ruleOverrides.enabled, false)));
  return rows.map((r) => r.ruleId);
}

/** Hides (or shows again) an info-level rule's results for the signed-in user. */
export async function setRuleHidden(db: DbOrTx, actor: Actor, { ruleId, hidden }: { ruleId: string; hidden: boolean }, now: Date) {
  if (!actor.id) throw new DomainError('forbidden', 'Only a signed-in user can hide rules');
  const rule = (await loadEffectiveRules(db)).find((r) => r.definition.id === ruleId);
  if (!rule) throw notFound('Rule');
  const where = and(eq(ruleOverrides.ruleId, ruleId), eq(ruleOverrides.userId, actor.id));
  if (!hidden) {
    await db.delete(ruleOverrides).where(where);
    return { ruleId, hidden: false };
  }
  if (rule.severity !== 'info') throw new DomainError('invalid', `Only info-level rules can be hidden; ${rule.definition.name ?? ruleId} is ${rule.severity}`);
  await db
    .insert(ruleOverrides)
    .values({ ruleId, userId: actor.id, enabled: false, updatedById: actor.id, createdAt: now, updatedAt: now })
    .onDuplicateKeyUpdate({ set: { enabled: false, updatedAt: now } });
  return { ruleId, hidden: true };
}

// Custom rules (hygiene.customRules.*): an admin composes a deal rule from the whitelisted vocabulary
// (shared/hygieneCustomRules.ts), previews how many of today's deals it would flag, and saves it; the scans
// then run it like any shipped rule. Conditions are data interpreted by server/domain/hygiene/customRules.ts.
import { and, count, eq, isNull } from 'drizzle-orm';
import { hygieneCustomRules, ruleResults, users } from '../../drizzle/schema';
import { conditionWords } from '../../shared/hygieneCustomRules';
import type { HygieneCustomRuleCreate, HygieneCustomRuleUpdate } from '../../shared/schemas/hygiene';
import { type DbOrTx, inTransaction } from '../db';
import { type CustomRule, customEffectiveRule, customRuleId } from '../domain/hygiene/customRules';
import { evaluate, evaluationContext, emptyFacts } from '../domain/hygiene/evaluate';
import { assertAdmin } from '../lib/access';
import type { Actor } from '../lib/actor';
import { recordAudit, recordDeleteAudit, recordUpdateAudit } from '../lib/audit';
import { notFound } from '../lib/errors';
import { lockDealHealth, refreshDealHealth } from './dealHealth';
import { opportunityBatch, pipelineStats } from './facts';
import { loadCustomRules } from './rules';
import { SCAN_BATCH } from './scan';

const RULE_ADMINS = 'Only admins can change hygiene rules';
const EXAMPLES = 5;

export async function listCustomRules(db: DbOrTx, _actor: Actor) {
  const [rows, people, open] = await Promise.all([
    loadCustomRules(db),
    db
      .select({ id: hygieneCustomRules.id, updatedAt: hygieneCustomRules.updatedAt, updatedByName: users.name })
      .from(hygieneCustomRules)
      .leftJoin(users, eq(users.id, hygieneCustomRules.updatedById)),
    db.select({ ruleId: ruleResults.ruleId, open: count() }).from(ruleResults).where(isNull(ruleResults.resolvedAt)).groupBy(ruleResults.ruleId),
  ]);
  const who = new Map(people.map((p) => [p.id, p]));
  const openOf = new Map(open.map((o) => [o.ruleId, Number(o.open)]));
  return rows.map((r) => ({
    ...r,
    ruleId: customRuleId(r.id),
    conditionText: r.conditions.map(conditionWords).join(' and '),
    openResults: openOf.get(customRuleId(r.id)) ?? 0,
    updatedAt: who.get(r.id)?.updatedAt ?? null,
    updatedByName: who.get(r.id)?.updatedByName ?? null,
  }));
}

/**
 * How many of today's live deals the rule would flag, and the first few: the same batches, facts and
 * evaluation as a scan, nothing written. A stage filter and conditions are all it needs.
 */
export async function previewCustomRule(db: DbOrTx, actor: Actor, input: Pick<CustomRule, 'stages' | 'conditions'>, now: Date) {
  assertAdmin(actor, RULE_ADMINS);
  const rule = customEffectiveRule({ id: 0, name: 'Preview', category: 'data_quality', severity: 'info', message: '', remediation: '', enabled: true, ...input });
  const ctx = evaluationContext(await pipelineStats(db, { kind: 'all' }, now, 0), now);
  let flagged = 0;
  const examples: { id: number; name: string; stage: string; ownerName: string }[] = [];
  let after = 0;
  for (;;) {
    const batch = await opportunityBatch(db, { after, upTo: null, limit: SCAN_BATCH }, now);
    const findings = evaluate({ ...emptyFacts(), stats: ctx.stats, opportunities: batch.records }, [rule], now, ctx);
    flagged += findings.length;
    const byId = new Map(batch.records.map((d) => [d.id, d]));
    for (const f of findings.slice(0, EXAMPLES - examples.length)) {
      const d = byId.get(f.recordId)!;
      examples.push({ id: d.id, name: d.name, stage: d.stage, ownerName: d.ownerName });
    }
    if (batch.range.upTo === null) break;
    after = batch.range.upTo;
  }
  return { flagged, examples };
}

const stored = (input: HygieneCustomRuleCreate) => ({
  name: input.name,
  category: input.category,
  severity: input.severity,
  stages: input.stages,
  conditions: input.conditions,
  message: input.message,
  remediation: input.remediation,
  enabled: input.enabled,
});

export async function createCustomRule(db: DbOrTx, actor: Actor, input: HygieneCustomRuleCreate, now: Date) {
  assertAdmin(actor, RULE_ADMINS);
  return inTransaction(db, async (tx) => {
    const values = stored(input);
    const [row] = (await tx
      .insert(hygieneCustomRules)
      .values({ ...values, createdById: actor.id, updatedById: actor.id, createdAt: now, updatedAt: now })
      .$returningId()) as unknown as { id: number }[];
    await recordAudit(tx, { actor, action: 'create', entityType: 'hygieneCustomRule', entityId: row!.id, changes: values });
    return (await listCustomRules(tx, actor)).find((r) => r.id === row!.id)!;
  });
}

async function lockRule(tx: DbOrTx, id: number) {
  const [row] = await tx.select().from(hygieneCustomRules).where(eq(hygieneCustomRules.id, id)).for('update');
  if (!row) throw notFound('Custom rule');
  return row;
}

/** Changes take effect at the next scan, as overrides do. */
export async function updateCustomRule(db: DbOrTx, actor: Actor, input: HygieneCustomRuleUpdate, now: Date) {
  assertAdmin(actor, RULE_ADMINS);
  return inTransaction(db, async (tx) => {
    const before = await lockRule(tx, input.id);
    const values = stored(input);
    await tx.update(hygieneCustomRules).set({ ...values, updatedById: actor.id, updatedAt: now }).where(eq(hygieneCustomRules.id, input.id));
    await recordUpdateAudit(tx, {
      actor,
      entityType: 'hygieneCustomRule',
      entityId: input.id,
      before: { ...before, stages: JSON.stringify(before.stages), conditions: JSON.stringify(before.conditions) },
      after: { ...values, stages: JSON.stringify(values.stages), conditions: JSON.stringify(values.conditions) },
    });
    return (await listCustomRules(tx, actor)).find((r) => r.id === input.id)!;
  });
}

/** Deleting a rule resolves its open results at once: nothing is left pointing at a rule that is gone. */
export async function deleteCustomRule(db: DbOrTx, actor: Actor, { id }: { id: number }, now: Date) {
  assertAdmin(actor, RULE_ADMINS);
  return inTransaction(db, async (tx) => {
    const before = await lockRule(tx, id);
    await tx.delete(hygieneCustomRules).where(eq(hygieneCustomRules.id, id));
    // Their deals' health rows follow (hygiene/dealHealth.ts): its lock before the results'.
    const health = await lockDealHealth(tx);
    const open = and(eq(ruleResults.ruleId, customRuleId(id)), isNull(ruleResults.resolvedAt));
    const deals = await tx.select({ id: ruleResults.recordId }).from(ruleResults).where(and(open, eq(ruleResults.recordType, 'opportunity')));
    await tx.update(ruleResults).set({ resolvedAt: now, updatedAt: now }).where(open);
    if (health) await refreshDealHealth(tx, { ids: deals.map((d) => d.id) });
    await recordDeleteAudit(tx, { actor, entityType: 'hygieneCustomRule', entityId: id, before });
    return { id };
  });
}

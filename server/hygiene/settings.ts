// Rule settings: the catalogue with what is in force and who changed it (hygiene.rules), and the admin's
// organisation overrides (enabled, severity, thresholds in range), effective at the next scan.
import { and, count, eq, isNull } from 'drizzle-orm';
import { ruleOverrides, ruleResults, users } from '../../drizzle/schema';
import type { HygieneOverrideSet } from '../../shared/schemas/hygiene';
import { type DbOrTx, inTransaction } from '../db';
import { conditionText, ruleDefinition } from '../domain/hygiene/catalogue';
import { assertAdmin } from '../lib/access';
import type { Actor } from '../lib/actor';
import { recordAudit } from '../lib/audit';
import { type FieldErrors, invalidFields, notFound } from '../lib/errors';
import { hiddenRuleIds } from './hiddenRules';
import { applyOverrides } from './rules';

const RULE_ADMINS = 'Only admins can change hygiene rules';

export async function listRules(db: DbOrTx, actor: Actor) {
  const [overrides, openCounts, hidden] = await Promise.all([
    db
      .select({
        ruleId: ruleOverrides.ruleId,
        enabled: ruleOverrides.enabled,
        severity: ruleOverrides.severity,
        thresholds: ruleOverrides.thresholds,
        updatedAt: ruleOverrides.updatedAt,
        updatedByName: users.name,
      })
      .from(ruleOverrides)
      .leftJoin(users, eq(users.id, ruleOverrides.updatedById))
      .where(isNull(ruleOverrides.userId)),
    db.select({ ruleId: ruleResults.ruleId, open: count() }).from(ruleResults).where(isNull(ruleResults.resolvedAt)).groupBy(ruleResults.ruleId),
    hiddenRuleIds(db, actor),
  ]);
  const hiddenSet = new Set(hidden);
  const effective = applyOverrides(overrides);
  const overrideOf = new Map(overrides.map((o) => [o.ruleId, o]));
  const openOf = new Map(openCounts.map((c) => [c.ruleId, Number(c.open)]));
  return effective.map(({ definition, enabled, severity, thresholds }) => {
    const o = overrideOf.get(definition.id);
    return {
      ...definition,
      defaultSeverity: definition.severity,
      severity,
      enabled,
      thresholdValues: thresholds,
      conditionInForce: conditionText(definition, thresholds),
      override: o ? { updatedAt: o.updatedAt, updatedByName: o.updatedByName ?? null } : null,
      openResults: openOf.get(definition.id) ?? 0,
      /** The signed-in user hid this info-level rule from their own view. */
      hiddenForMe: hiddenSet.has(definition.id),
    };
  });
}

/** Field errors for threshold values that do not fit the rule: unknown names, out of range, not whole. */
export function thresholdErrors(ruleId: string, thresholds: Record<string, number>): FieldErrors {
  const rule = ruleDefinition(ruleId)!;
  const errors: FieldErrors = {};
  for (const [name, value] of Object.entries(thresholds)) {
    const spec = rule.thresholds[name];
    const field = `thresholds.${name}`;
    if (!spec) errors[field] = [`${rule.id} has no threshold "${name}"`];
    else if (!Number.isFinite(value) || value < spec.min || value > spec.max) errors[field] = [`${spec.label} must be between ${spec.min} and ${spec.max}`];
    else if (spec.integer && !Number.isInteger(value)) errors[field] = [`${spec.label} must be a whole number`];
  }
  return errors;
}

export async function setOverride(db: DbOrTx, actor: Actor, input: HygieneOverrideSet, now: Date) {
  assertAdmin(actor, RULE_ADMINS);
  const rule = ruleDefinition(input.ruleId);
  if (!rule) throw notFound('Rule');
  const errors = thresholdErrors(rule.id, input.thresholds ?? {});
  if (Object.keys(errors).length > 0) throw invalidFields(errors);
  return inTransaction(db, async (tx) => {
    const where = and(eq(ruleOverrides.ruleId, rule.id), isNull(ruleOverrides.userId));
    const [before] = await tx.select().from(ruleOverrides).where(where).for('update');
    const next = {
      enabled: input.enabled ?? before?.enabled ?? true,
      severity: input.severity === undefined ? (before?.severity ?? null) : input.severity === rule.severity ? null : input.severity,
      thresholds: input.thresholds === undefined ? (before?.thresholds ?? null) : { ...((before?.thresholds as object | null) ?? {}), ...input.thresholds },
    };
    if (before) {
      await tx.update(ruleOverrides).set({ ...next, updatedById: actor.id, updatedAt: now }).where(eq(ruleOverrides.id, before.id));
    } else {
      await tx.insert(ruleOverrides).values({ ruleId: rule.id, ...next, updatedById: actor.id, createdAt: now, updatedAt: now });
    }
    await recordAudit(tx, {
      actor,
      action: before ? 'update' : 'create',
      entityType: 'ruleOverride',
      entityId: rule.id,
      changes: {
        enabled: [before?.enabled ?? true, next.enabled],
        severity: [before?.severity ?? null, next.severity],
        thresholds: [before?.thresholds ?? null, next.thresholds],
      },
    });
    return (await listRules(tx, actor)).find((r) => r.id === rule.id)!;
  });
}

export async function resetOverride(db: DbOrTx, actor: Actor, { ruleId }: { ruleId: string }) {
  assertAdmin(actor, RULE_ADMINS);
  if (!ruleDefinition(ruleId)) throw notFound('Rule');
  return inTransaction(db, async (tx) => {
    const where = and(eq(ruleOverrides.ruleId, ruleId), isNull(ruleOverrides.userId));
    const [before] = await tx.select().from(ruleOverrides).where(where).for('update');
    if (before) {
      await tx.delete(ruleOverrides).where(eq(ruleOverrides.id, before.id));
      await recordAudit(tx, { actor, action: 'delete', entityType: 'ruleOverride', entityId: ruleId, changes: { enabled: before.enabled, severity: before.severity, thresholds: before.thresholds } });
    }
    return (await listRules(tx, actor)).find((r) => r.id === ruleId)!;
  });
}



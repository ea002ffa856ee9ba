// Custom rules through the real router against MySQL: the whitelist refuses unknown fields, unknown
// operators and operators that do not fit the field; the preview count is what the first scan stores;
// edits, switching off and deleting; and a user hiding an info-level rule from their own view only.
import { and, eq, isNull } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditLog, ruleResults } from '../../../drizzle/schema';
import { runScan } from '../../../server/hygiene/scan';
import { callerFor } from '../../helpers/context';
import { clientError } from '../../helpers/errorShape';
import { makeUser } from '../../helpers/factories/users';
import { useTestDatabase } from '../../helpers/testDatabase';
import { seedPipeline } from './seed';

const t = useTestDatabase();
const now = new Date(Date.now() - 60_000);
let seed: Awaited<ReturnType<typeof seedPipeline>>;
let admin: Awaited<ReturnType<typeof makeUser>>;

const bigDeals = {
  name: 'Big deal without a champion',
  category: 'sales_hygiene' as const,
  severity: 'warning' as const,
  stages: [],
  conditions: [
    { field: 'amount' as const, operator: 'greater_than' as const, value: 7000 },
    { field: 'champion' as const, operator: 'is_empty' as const },
  ],
  message: '{name}: a big deal with no champion',
  remediation: 'Find the champion',
};

const openOf = async (ruleId: string) =>
  (await t.db.select().from(ruleResults).where(and(eq(ruleResults.ruleId, ruleId), isNull(ruleResults.resolvedAt)))).map((r) => r.recordId).sort();

beforeAll(async () => {
  seed = await seedPipeline(t.db, now);
  admin = await makeUser(t.db, { role: 'admin' });
  await runScan(t.db, { kind: 'all' }, now);
});

describe('custom rules', () => {
  it('refuses a field outside the vocabulary, an unknown operator, one that does not fit the field, and a missing value', async () => {
    const caller = callerFor(t, admin);
    const unknownField = await clientError(caller.hygiene.customRules.create({ ...bigDeals, conditions: [{ field: 'passwordHash' as never, operator: 'is_empty' }] }));
    expect(unknownField).toMatchObject({ code: 'BAD_REQUEST', message: 'conditions.0.field: Choose a field from the list' });
    const unknownOperator = await clientError(caller.hygiene.customRules.preview({ conditions: [{ field: 'amount', operator: 'eval' as never, value: 1 }] }));
    expect(unknownOperator.message).toBe('conditions.0.operator: Choose an operator from the list');
    const misfit = await clientError(caller.hygiene.customRules.create({ ...bigDeals, conditions: [{ field: 'closeDate', operator: 'greater_than', value: 3 }] }));
    expect(misfit.message).toBe('conditions.0.operator: Close date cannot be tested with "is greater than"');
    const noValue = await clientError(caller.hygiene.customRules.create({ ...bigDeals, conditions: [{ field: 'lastMeetingAt', operator: 'older_than_days' }] }));
    expect(noValue.message).toBe('conditions.0.value: Enter a number');
    const badChoice = await clientError(caller.hygiene.customRules.create({ ...bigDeals, conditions: [{ field: 'forecastCategory', operator: 'is', value: 'Maybe' }] }));
    expect(badChoice.message).toMatch(/^conditions\.0\.value: Choose one of Pipeline, Best Case, Commit/);
    const none = await clientError(caller.hygiene.customRules.create({ ...bigDeals, conditions: [] }));
    expect(none.fieldErrors).toMatchObject({ conditions: ['Add at least one condition'] });
    expect((await clientError(callerFor(t, seed.rep).hygiene.customRules.create(bigDeals))).code).toBe('FORBIDDEN');
  });

  it("previews today's count, and the first scan stores exactly that many results", async () => {
    const caller = callerFor(t, admin);
    const preview = await caller.hygiene.customRules.preview({ stages: bigDeals.stages, conditions: bigDeals.conditions });
    // Clean (10,000, no champion) and late (8,000, no champion); the orphan is 5,000 and won is closed.
    expect(preview.flagged).toBe(2);
    expect(preview.examples.map((e) => e.id).sort()).toEqual([seed.deals.clean.id, seed.deals.late.id].sort());

    const rule = await caller.hygiene.customRules.create(bigDeals);
    expect(rule).toMatchObject({ ruleId: `custom_${rule.id}`, conditionText: 'Amount is greater than 7000 and Champion is empty', updatedByName: admin.name });
    const [audit] = await t.db.select().from(auditLog).where(and(eq(auditLog.entityType, 'hygieneCustomRule'), eq(auditLog.entityId, String(rule.id))));
    expect(audit).toMatchObject({ action: 'create', actorId: admin.id });

    const report = await runScan(t.db, { kind: 'all' }, new Date(now.getTime() + 1_000));
    expect(report.inserted).toBe(preview.flagged);
    expect(await openOf(rule.ruleId)).toEqual([seed.deals.clean.id, seed.deals.late.id].sort());
    const results = await callerFor(t, seed.rep).hygiene.results({ ruleId: rule.ruleId, limit: 10 });
    expect(results.items.find((r) => r.recordId === seed.deals.late.id)).toMatchObject({
      severity: 'warning',
      ruleName: 'Big deal without a champion',
      category: 'sales_hygiene',
      remediation: 'Find the champion',
      message: `${seed.deals.late.opportunityName}: a big deal with no champion`,
    });
    const byCategory = await callerFor(t, seed.rep).hygiene.results({ category: 'sales_hygiene', limit: 50 });
    expect(byCategory.items.some((r) => r.ruleId === rule.ruleId)).toBe(true);
  });

  it('an edit, switching it off and deleting it take effect as the issue says', async () => {
    const caller = callerFor(t, admin);
    const [rule] = await caller.hygiene.customRules.list();
    const narrower = await caller.hygiene.customRules.update({ ...bigDeals, id: rule!.id, stages: ['Negotiation'] });
    expect(narrower.stages).toEqual(['Negotiation']);
    await runScan(t.db, { kind: 'all' }, new Date(now.getTime() + 2_000));
    expect(await openOf(rule!.ruleId)).toEqual([seed.deals.late.id]);

    await caller.hygiene.customRules.update({ ...bigDeals, id: rule!.id, enabled: false });
    await runScan(t.db, { kind: 'all' }, new Date(now.getTime() + 3_000));
    expect(await openOf(rule!.ruleId)).toEqual([]);

    await caller.hygiene.customRules.update({ ...bigDeals, id: rule!.id, enabled: true });
    await runScan(t.db, { kind: 'all' }, new Date(now.getTime() + 4_000));
    expect(await openOf(rule!.ruleId)).toHaveLength(2);
    await caller.hygiene.customRules.delete({ id: rule!.id });
    expect(await openOf(rule!.ruleId)).toEqual([]);
    expect(await caller.hygiene.customRules.list()).toEqual([]);
    expect((await clientError(caller.hygiene.customRules.delete({ id: rule!.id }))).code).toBe('NOT_FOUND');
  });

  it('a rep hides an info-level rule from their own view; the health and other people still see it', async () => {
    const rep = callerFor(t, seed.rep);
    const before = await rep.hygiene.record({ recordType: 'opportunity', recordId: seed.deals.won.id });
    expect(before.results.map((r) => r.ruleId)).toEqual(['closed_won_missing_line_items']);

    await rep.hygiene.hideRule({ ruleId: 'closed_won_missing_line_items', hidden: true });
    const after = await rep.hygiene.record({ recordType: 'opportunity', recordId: seed.deals.won.id });
    expect(after).toMatchObject({ results: [], hiddenInfo: 1, health: before.health });
    const mine = await rep.hygiene.results({ mine: true, limit: 100 });
    expect(mine.items.some((r) => r.ruleId === 'closed_won_missing_line_items')).toBe(false);
    expect((await rep.hygiene.rules()).find((r) => r.id === 'closed_won_missing_line_items')).toMatchObject({ hiddenForMe: true });

    const manager = await callerFor(t, seed.manager).hygiene.record({ recordType: 'opportunity', recordId: seed.deals.won.id });
    expect(manager.results.map((r) => r.ruleId)).toEqual(['closed_won_missing_line_items']);

    const warning = await clientError(rep.hygiene.hideRule({ ruleId: 'no_champion', hidden: true }));
    expect(warning).toMatchObject({ code: 'BAD_REQUEST', message: 'Only info-level rules can be hidden; no_champion is warning' });

    await rep.hygiene.hideRule({ ruleId: 'closed_won_missing_line_items', hidden: false });
    expect((await rep.hygiene.record({ recordType: 'opportunity', recordId: seed.deals.won.id })).results).toHaveLength(1);
  });
});

// The demo organisation comes with hygiene results in every category and a 12-week health trend.
import { eq, isNull } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { hygieneCustomRules, hygieneHealthPoints, ruleResults } from '../../../drizzle/schema';
import { categories, ruleDefinition } from '../../../server/domain/hygiene/catalogue';
import { loadDemoData } from '../../../server/services/demoData';
import { useTestDatabase } from '../../helpers/testDatabase';

const t = useTestDatabase();
const now = new Date('2026-11-23T10:00:00.000Z');

beforeAll(async () => {
  await loadDemoData(t.db, now);
}, 60_000);

describe('demo hygiene', () => {
  it('has open results in every category', async () => {
    const open = (await t.db.select({ ruleId: ruleResults.ruleId }).from(ruleResults).where(isNull(ruleResults.resolvedAt))).filter((r) => ruleDefinition(r.ruleId));
    const byCategory = new Map<string, number>();
    for (const r of open) byCategory.set(ruleDefinition(r.ruleId)!.category, (byCategory.get(ruleDefinition(r.ruleId)!.category) ?? 0) + 1);
    const byRule = new Map<string, number>();
    for (const r of open) byRule.set(r.ruleId, (byRule.get(r.ruleId) ?? 0) + 1);
    for (const c of categories) expect(byCategory.get(c) ?? 0, c).toBeGreaterThan(0);
  });

  it('has a custom rule, scanned with the rest', async () => {
    const [rule] = await t.db.select().from(hygieneCustomRules);
    expect(rule).toMatchObject({ name: 'Big deal closing without a recent meeting', enabled: true });
    const flagged = await t.db.select().from(ruleResults).where(eq(ruleResults.ruleId, `custom_${rule!.id}`));
    expect(flagged.length).toBeGreaterThan(0);
  });

  it('has 12 weekly health points for the team and for each rep with deals', async () => {
    const points = await t.db.select().from(hygieneHealthPoints);
    const team = points.filter((p) => p.userId === '');
    expect(new Set(team.map((p) => p.weekStart)).size).toBe(12);
    expect(team.every((p) => p.health !== null && p.health >= 0 && p.health <= 100)).toBe(true);
  });
});

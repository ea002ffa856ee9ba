import { describe, expect, it } from 'vitest';
import { createRandom } from '../../../server/domain/random';
import { companyName } from '../../../server/scripts/lib/bench/names';
import { planBenchData } from '../../../server/scripts/lib/bench/plan';

const sizes = { accounts: 300, contactsPerAccount: 3, opportunities: 2_000, activities: 20_000 };
const now = Date.UTC(2026, 10, 23, 12);

describe('the bench data plan', () => {
  const plan = planBenchData(createRandom(1), sizes, 10, now);
  const sum = (a: Int32Array) => a.reduce((s, n) => s + n, 0);

  it('gives exactly the requested number of deals and activities', () => {
    expect(plan.oppStart[sizes.accounts]).toBe(sizes.opportunities);
    expect(sum(plan.activityCounts.opportunity) + sum(plan.activityCounts.contact) + sum(plan.activityCounts.account)).toBe(sizes.activities);
    const contacts = plan.contactStart[sizes.accounts]!;
    expect(contacts / sizes.accounts).toBeGreaterThan(2.5);
    expect(contacts / sizes.accounts).toBeLessThan(3.5);
  });

  it('numbers deals by account and dates them consistently', () => {
    for (let o = 0; o < sizes.opportunities; o += 1) {
      const a = plan.oppAccount[o]!;
      expect(o).toBeGreaterThanOrEqual(plan.oppStart[a]!);
      expect(o).toBeLessThan(plan.oppStart[a + 1]!);
      expect(plan.oppCreated[o]!).toBeLessThanOrEqual(plan.oppStageEntered[o]!);
      expect(plan.oppStageEntered[o]!).toBeLessThanOrEqual(now);
    }
  });

  it("puts an account's latest activity at or after that of its contacts and deals", () => {
    for (let a = 0; a < sizes.accounts; a += 1) {
      const own = plan.lastActivity.account[a]!;
      for (let o = plan.oppStart[a]!; o < plan.oppStart[a + 1]!; o += 1) {
        if (!Number.isNaN(plan.lastActivity.opportunity[o]!)) expect(own).toBeGreaterThanOrEqual(plan.lastActivity.opportunity[o]!);
      }
      for (let c = plan.contactStart[a]!; c < plan.contactStart[a + 1]!; c += 1) {
        if (!Number.isNaN(plan.lastActivity.contact[c]!)) expect(own).toBeGreaterThanOrEqual(plan.lastActivity.contact[c]!);
      }
    }
  });

  it('is the same plan for the same seed', () => {
    const again = planBenchData(createRandom(1), sizes, 10, now);
    expect(again.oppStage).toEqual(plan.oppStage);
    expect(again.activityCounts.opportunity).toEqual(plan.activityCounts.opportunity);
  });

  it('names 60,480 companies before repeating a name', () => {
    const names = new Set(Array.from({ length: 60_480 }, (_, i) => companyName(i).name));
    expect(names.size).toBe(60_480);
    expect(companyName(60_480).name).toMatch(/ 2$/);
  });
});

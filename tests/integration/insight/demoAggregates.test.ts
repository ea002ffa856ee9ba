// The demo as a person opens it: loading it builds the deal buckets (with the funnel's counts) and its first
// full scan fills the deals' health, and every dashboard of its managers, reps and admin shows the same
// numbers as counted live from the deals and results.
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { precomputedAggregates, users } from '../../../drizzle/schema';
import type { SessionUser } from '../../../server/lib/actor';
import { fixedClock } from '../../../server/lib/clock';
import { secretsFor } from '../../../server/lib/secrets';
import { loadDemoData } from '../../../server/services/demoData';
import { callerFor } from '../../helpers/context';
import { useTestDatabase } from '../../helpers/testDatabase';

const t = useTestDatabase();
const now = new Date('2026-11-23T10:00:00.000Z');
const clock = fixedClock(now);

beforeAll(async () => {
  await loadDemoData(t.db, now, { secrets: secretsFor(t.env) });
}, 60_000);

async function person(email: string): Promise<SessionUser> {
  const [u] = await t.db.select().from(users).where(eq(users.email, email));
  return u as SessionUser;
}

async function dashboards() {
  const dana = await person('dana.whitfield@example.com');
  const admin = await person('admin@example.com');
  const priya = await person('priya.natarajan@example.com');
  const as = (u: SessionUser) => callerFor(t, u, clock);
  return {
    danaQuarter: await as(dana).analytics.dashboard({ scope: 'team', period: 'quarter' }),
    danaMonth: await as(dana).analytics.dashboard({ scope: 'team', period: 'month' }),
    organisation: await as(admin).analytics.dashboard({ scope: 'team', period: 'quarter' }),
    priya: await as(priya).analytics.dashboard({ scope: 'me' }),
    atRisk: (await as(dana).analytics.deals({ target: { scope: 'team' }, bucket: { kind: 'atRisk' }, limit: 100 })).items.map((d) => d.id),
  };
}

describe('the demo’s dashboards', () => {
  it('read the precomputed aggregates the load built, with the numbers counted live', async () => {
    const held = await t.db.select().from(precomputedAggregates);
    expect(held.map((r) => r.name).sort()).toEqual(['deal_buckets', 'deal_health']);
    const precomputed = await dashboards();
    const { danaQuarter, organisation } = precomputed;
    if (danaQuarter.view !== 'manager' || organisation.view !== 'manager') throw new Error('expected the manager view');
    expect(danaQuarter.openPipeline.count).toBeGreaterThan(0);
    expect(organisation.atRisk.count).toBeGreaterThan(0);
    await t.db.delete(precomputedAggregates);
    try {
      expect(await dashboards()).toEqual(precomputed);
    } finally {
      await t.db.insert(precomputedAggregates).values(held);
    }
  });
});

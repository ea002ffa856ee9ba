// The demo's campaigns: members with won deals, so Campaigns and Attribution show real numbers on npm start.
import { beforeAll, describe, expect, it } from 'vitest';
import { users } from '../../../drizzle/schema';
import { secretsFor } from '../../../server/lib/secrets';
import { loadDemoData } from '../../../server/services/demoData';
import { addDays, calendarDay, periodContaining, shiftPeriod } from '../../../shared/periods';
import { callerFor } from '../../helpers/context';
import { useTestDatabase } from '../../helpers/testDatabase';

const t = useTestDatabase();
const now = new Date('2026-11-23T10:00:00.000Z');

beforeAll(async () => {
  await loadDemoData(t.db, now, { secrets: secretsFor(t.env) });
}, 120_000);

describe('demo campaigns', { timeout: 60_000 }, () => {
  it('has three campaigns with members, won revenue and a return; attribution credits them', async () => {
    const [someone] = await t.db.select().from(users).limit(1);
    const me = callerFor(t, { ...someone!, active: true });
    const list = await me.campaigns.list();
    expect(list.map((c) => c.name).sort()).toEqual(['Partner summit', 'Q4 ebook', 'Winter webinar']);
    for (const c of list) expect(c.memberCount).toBeGreaterThan(0);
    expect(list.filter((c) => Number(c.wonRevenue) > 0).length).toBeGreaterThanOrEqual(2);
    // The web-to-lead leads that named the webinar joined it.
    const webinar = await me.campaigns.get({ id: list.find((c) => c.name === 'Winter webinar')!.id });
    expect(webinar.members.filter((m) => m.addedVia === 'web_to_lead').length).toBe(2);

    const quarter = periodContaining(calendarDay(now, 'UTC'), 'quarter');
    const period = { from: shiftPeriod(quarter, -3).start, to: addDays(calendarDay(now, 'UTC'), 0), bucket: 'quarter' as const };
    for (const model of ['first', 'last', 'linear'] as const) {
      const s = await me.attribution.summary({ model, period });
      expect(s.dealCount).toBeGreaterThan(0);
      expect(s.byCampaign.length, model).toBeGreaterThan(0);
    }
    // A few won deals began as leads: under first touch their sources take the credit.
    const first = await me.attribution.summary({ model: 'first', period });
    expect(first.bySource.length).toBeGreaterThan(0);
    const last = await me.attribution.summary({ model: 'last', period });
    expect(last.byPlaybook.map((p) => p.label)).toContain('Proposal-stage checklist');
    expect(last.byCampaign.map((c) => c.label)).toContain('Winter webinar');
  });
});

// "The team's" through the real router: a manager's Opportunities list (team: true) and hygiene summary count
// the manager and their reps, never another team's; an admin's count everyone; a rep's team is themselves.
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { hygieneHealthPoints, ruleResults, users } from '../../../drizzle/schema';
import type { SessionUser } from '../../../server/lib/actor';
import { fixedClock } from '../../../server/lib/clock';
import { callerFor } from '../../helpers/context';
import { makeAccount } from '../../helpers/factories/accounts';
import { makeOpportunity } from '../../helpers/factories/opportunities';
import { makeUser } from '../../helpers/factories/users';
import { useTestDatabase } from '../../helpers/testDatabase';

const t = useTestDatabase();
const NOW = new Date('2026-03-02T12:00:00.000Z');
const clock = fixedClock(NOW);
let manager: SessionUser;
let rep: SessionUser;
let formerRep: SessionUser;
let farRep: SessionUser;
let admin: SessionUser;

const names = (page: { items: { opportunityName: string }[] }) => page.items.map((o) => o.opportunityName).sort();

beforeAll(async () => {
  manager = await makeUser(t.db, { role: 'manager', name: 'Team Manager' });
  rep = await makeUser(t.db, { role: 'rep', name: 'Team Rep', managerId: manager.id });
  // Deactivated: no longer in the team (teamRepIds counts active reps), their deals the admins' to reassign.
  formerRep = await makeUser(t.db, { role: 'rep', name: 'Team Former', managerId: manager.id });
  await t.db.update(users).set({ active: false }).where(eq(users.id, formerRep.id));
  const otherManager = await makeUser(t.db, { role: 'manager', name: 'Other Manager' });
  farRep = await makeUser(t.db, { role: 'rep', name: 'Far Rep', managerId: otherManager.id });
  admin = await makeUser(t.db, { role: 'admin', name: 'Team Admin' });

  const account = await makeAccount(t.db, { ownerId: manager.id, accountName: 'Team Account' });
  const deal = (owner: SessionUser, opportunityName: string, extra: Partial<Parameters<typeof makeOpportunity>[1]> = {}) =>
    makeOpportunity(t.db, { ownerId: owner.id, accountId: account.id, opportunityName, stage: 'Proposal', amount: '10000.00', ...extra });
  await deal(manager, 'Manager deal');
  const repDeal = await deal(rep, 'Rep deal');
  await deal(rep, 'Rep won deal', { stage: 'Closed Won' });
  await deal(formerRep, 'Former deal');
  const farDeal = await deal(farRep, 'Far deal');

  // One critical result on the rep's deal and one on the far rep's; weekly points for the trend.
  for (const [d, owner] of [[repDeal, rep], [farDeal, farRep]] as const) {
    await t.db.insert(ruleResults).values({ ruleId: 'close_date_past', recordType: 'opportunity', recordId: d.id, severity: 'critical', message: 'Close date passed', firstSeenAt: NOW, lastSeenAt: NOW, ownerId: owner.id });
  }
  const weekStart = '2026-01-05';
  await t.db.insert(hygieneHealthPoints).values([
    { weekStart, userId: '', health: 10, openDeals: 4, openResults: 2 },
    { weekStart, userId: manager.id, health: 100, openDeals: 1, openResults: 0 },
    { weekStart, userId: rep.id, health: 70, openDeals: 3, openResults: 1 },
    { weekStart, userId: farRep.id, health: 0, openDeals: 1, openResults: 1 },
  ]);
});

describe("opportunities.list { team: true }", () => {
  it("gives a manager their own and their active reps' deals, never another team's", async () => {
    const page = await callerFor(t, manager).opportunities.list({ team: true, open: true });
    expect(names(page)).toEqual(['Manager deal', 'Rep deal']);
    expect(names(await callerFor(t, manager).opportunities.list({ team: true }))).toEqual(['Manager deal', 'Rep deal', 'Rep won deal']);
    // Other filters narrow it further.
    expect(names(await callerFor(t, manager).opportunities.list({ team: true, ownerId: rep.id, open: true }))).toEqual(['Rep deal']);
    expect(names(await callerFor(t, manager).opportunities.list({ team: true, ownerId: farRep.id }))).toEqual([]);
  });

  it("gives an admin everyone's, a rep their own, and without it everyone's", async () => {
    expect(names(await callerFor(t, admin).opportunities.list({ team: true, open: true }))).toEqual(['Far deal', 'Former deal', 'Manager deal', 'Rep deal']);
    expect(names(await callerFor(t, rep).opportunities.list({ team: true, open: true }))).toEqual(['Rep deal']);
    expect(names(await callerFor(t, manager).opportunities.list({ open: true }))).toHaveLength(4);
  });
});

describe('hygiene.summary', () => {
  it("counts a manager's team: their deals, results and trend", async () => {
    const summary = await callerFor(t, manager, clock).hygiene.summary({ weeks: 12 });
    expect(summary.reps.map((r) => r.name).sort()).toEqual(['Team Manager', 'Team Rep']);
    expect(summary.team).toMatchObject({ openDeals: 2, atRiskDeals: 0, results: { critical: 1, warning: 0, info: 0 } });
    // The week's points of the manager (100 over 1 deal) and the rep (70 over 3): (100 + 210) / 4.
    expect(summary.team.trend.find((p) => p.weekStart === '2026-01-05')).toEqual({ weekStart: '2026-01-05', health: 78 });
  });

  it("counts everyone's for an admin, with the organisation's trend", async () => {
    const summary = await callerFor(t, admin, clock).hygiene.summary({ weeks: 12 });
    expect(summary.reps.map((r) => r.name).sort()).toEqual(['Far Rep', 'Team Former', 'Team Manager', 'Team Rep']);
    expect(summary.team).toMatchObject({ openDeals: 4, results: { critical: 2, warning: 0, info: 0 } });
    expect(summary.team.trend.find((p) => p.weekStart === '2026-01-05')).toEqual({ weekStart: '2026-01-05', health: 10 });
  });
});

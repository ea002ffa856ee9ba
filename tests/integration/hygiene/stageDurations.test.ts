// How long deals stay in each stage (stale_in_stage's median) comes from the moves themselves: each move keeps
// when its deal had entered the stage it left. The scan reads the moves of its window; migration 0041 filled
// that time in for the history written before, from each deal's previous move.
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { opportunityStageHistory } from '../../../drizzle/schema';
import { stageDurations } from '../../../server/hygiene/facts';
import { makeAccount } from '../../helpers/factories/accounts';
import { makeOpportunity } from '../../helpers/factories/opportunities';
import { makeUser } from '../../helpers/factories/users';
import { migrationStatement } from '../../helpers/migrationStatement';
import { useTestDatabase } from '../../helpers/testDatabase';

const t = useTestDatabase();
const DAY = 86_400_000;
const now = new Date('2026-06-30T12:00:00.000Z');
const ago = (days: number) => new Date(now.getTime() - days * DAY);
const sh = opportunityStageHistory;

// Two deals' histories: [stage left, stage entered, days ago]. The first move of each has no stage it left.
const paths = [
  [[null, 'Prospecting', 400], ['Prospecting', 'Discovery', 300], ['Discovery', 'Proposal', 100], ['Proposal', 'Negotiation', 10]],
  [[null, 'Prospecting', 50], ['Prospecting', 'Discovery', 40], ['Discovery', 'Negotiation', 5]],
] as const;

beforeAll(async () => {
  const rep = await makeUser(t.db, { role: 'rep' });
  const account = await makeAccount(t.db, { ownerId: rep.id });
  for (const moves of paths) {
    const deal = await makeOpportunity(t.db, { ownerId: rep.id, accountId: account.id, stage: moves[moves.length - 1]![1] });
    await t.db.delete(sh).where(sql`${sh.opportunityId} = ${deal.id}`);
    for (const [i, [from, to, days]] of moves.entries()) {
      await t.db.insert(sh).values({ opportunityId: deal.id, fromStage: from, toStage: to, changedAt: ago(days), fromStageEnteredAt: i === 0 ? null : ago(moves[i - 1]![2]) });
    }
  }
});

const byStage = (durations: Awaited<ReturnType<typeof stageDurations>>) =>
  Object.fromEntries([...durations].map(([stage, list]) => [stage, list.map((d) => [Math.round((now.getTime() - d.leftAt.getTime()) / DAY), d.days]).sort()]));

describe('stage durations', () => {
  it("lists each move within the window with the days spent in the stage it left, by that stage", async () => {
    expect(byStage(await stageDurations(t.db, now, 180))).toEqual({
      Discovery: [[100, 200], [5, 35]],
      Proposal: [[10, 90]],
      Prospecting: [[40, 10]],
    });
    // A shorter window leaves out the moves before it.
    expect(byStage(await stageDurations(t.db, now, 20))).toEqual({ Discovery: [[5, 35]], Proposal: [[10, 90]] });
    expect((await stageDurations(t.db, now, 0)).size).toBe(0);
  });

  it("migration 0041's backfill gives each move its deal's previous move's time", async () => {
    const update = migrationStatement('0041_stage_history_from_stage_entered.sql', 'UPDATE');
    const before = await t.db.select({ id: sh.id, at: sh.fromStageEnteredAt }).from(sh).orderBy(sh.id);
    await t.db.update(sh).set({ fromStageEnteredAt: null });
    await t.db.execute(sql.raw(update));
    expect(await t.db.select({ id: sh.id, at: sh.fromStageEnteredAt }).from(sh).orderBy(sh.id)).toEqual(before);
  });
});

// Win/loss records on closed deals, and the report over two quarters by reason, competitor and deal size.
import { beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '../../../server/lib/actor';
import { fixedClock } from '../../../server/lib/clock';
import { auditTrail } from '../../helpers/audit';
import { callerFor } from '../../helpers/context';
import { clientError } from '../../helpers/errorShape';
import { makeAccount } from '../../helpers/factories/accounts';
import { makeOpportunity } from '../../helpers/factories/opportunities';
import { makeUser } from '../../helpers/factories/users';
import { useTestDatabase } from '../../helpers/testDatabase';

const t = useTestDatabase();
const clock = fixedClock(new Date('2026-12-02T15:00:00.000Z'));
let rep: SessionUser;
let otherRep: SessionUser;
let manager: SessionUser;
let otherManager: SessionUser;
let admin: SessionUser;
const ids: Record<string, number> = {};
const as = (user: SessionUser) => callerFor(t, user, clock);

beforeAll(async () => {
  manager = await makeUser(t.db, { role: 'manager', name: 'Mona Manager' });
  otherManager = await makeUser(t.db, { role: 'manager', name: 'Max Manager' });
  admin = await makeUser(t.db, { role: 'admin' });
  rep = await makeUser(t.db, { role: 'rep', managerId: manager.id });
  otherRep = await makeUser(t.db, { role: 'rep', managerId: otherManager.id });
  const account = await makeAccount(t.db, { ownerId: rep.id, accountName: 'Globex' });
  const deal = async (name: string, stage: 'Closed Won' | 'Closed Lost' | 'Proposal', amount: string, closeDate: string) => {
    ids[name] = (await makeOpportunity(t.db, { opportunityName: name, ownerId: rep.id, accountId: account.id, stage, amount, closeDate, lossReason: stage === 'Closed Lost' ? 'Price' : null })).id;
  };
  await deal('W1', 'Closed Won', '100000', '2026-11-10');
  await deal('W2', 'Closed Won', '50000', '2026-08-05');
  await deal('L1', 'Closed Lost', '60000', '2026-10-05');
  await deal('L2', 'Closed Lost', '40000', '2026-07-20');
  await deal('Open', 'Proposal', '10000', '2026-12-20');
  // Closed long before the report's quarters: edited below without moving its numbers.
  await deal('Old won', 'Closed Won', '10000', '2025-03-01');
  await deal('Old lost', 'Closed Lost', '20000', '2025-03-02');
  await deal('Old unrecorded', 'Closed Won', '5000', '2025-03-03');
  const record = as(rep).winLoss.record;
  await record({ opportunityId: ids.W1!, outcome: 'won', primaryReason: 'Product fit', competitor: 'Fabrikam', lessons: 'Bring the exec sponsor in early' });
  await record({ opportunityId: ids.W2!, outcome: 'won', primaryReason: 'Price / value', competitor: 'Litware' });
  await record({ opportunityId: ids.L1!, outcome: 'lost', primaryReason: 'Price', competitor: 'Fabrikam' });
  await record({ opportunityId: ids.L2!, outcome: 'lost', primaryReason: 'Lost to competitor', competitor: 'Fabrikam', lessons: 'Their PoC started first' });
  await record({ opportunityId: ids['Old won']!, outcome: 'won', primaryReason: 'Timing', competitor: 'Litware' });
  await record({ opportunityId: ids['Old lost']!, outcome: 'lost', primaryReason: 'Price', competitor: 'Fabrikam' });
});

describe('winLoss.record', () => {
  it('keeps one record per deal, updated in place and audited', async () => {
    const updated = await as(rep).winLoss.record({ opportunityId: ids.W2!, outcome: 'won', primaryReason: 'Price / value', competitor: 'Litware', lessons: 'Value case won it' });
    expect(updated).toMatchObject({ opportunityId: ids.W2, lessons: 'Value case won it' });
    expect(await as(rep).winLoss.get({ id: ids.W2! })).toMatchObject({ id: updated.id, primaryReason: 'Price / value' });
    const trail = await auditTrail(t.db, 'winLoss', updated.id);
    expect(trail.map((a) => a.action)).toEqual(['create', 'update']);
  });

  it('refuses an open deal, the wrong outcome and a reason outside the taxonomy, naming the field', async () => {
    expect(await clientError(as(rep).winLoss.record({ opportunityId: ids.Open!, outcome: 'won', primaryReason: 'Timing' }))).toMatchObject({
      code: 'BAD_REQUEST',
      fieldErrors: { outcome: ['Close the deal as won or lost first'] },
    });
    expect(await clientError(as(rep).winLoss.record({ opportunityId: ids.L1!, outcome: 'won', primaryReason: 'Timing' }))).toMatchObject({
      fieldErrors: { outcome: ['This deal was lost: record it as lost'] },
    });
    expect(await clientError(as(rep).winLoss.record({ opportunityId: ids.L1!, outcome: 'lost', primaryReason: 'Bad vibes' }))).toMatchObject({
      fieldErrors: { primaryReason: ['Choose one of the reasons a deal is lost'] },
    });
  });

  it("lets only the deal's owner, managers and admins record it", async () => {
    expect(await clientError(as(otherRep).winLoss.record({ opportunityId: ids.W1!, outcome: 'won', primaryReason: 'Timing' }))).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('keeps the competitors recorded as the list to choose from', async () => {
    expect(await as(rep).winLoss.competitors()).toEqual(['Fabrikam', 'Litware']);
  });
});

describe('winLoss.summary', () => {
  it('aggregates reasons by quarter', async () => {
    const s = await as(rep).winLoss.summary({ quarters: 2 });
    expect(s.quarters.map((q) => q.period.label)).toEqual(['Q3 2026', 'Q4 2026']);
    expect(s.quarters[0]!.reasons).toEqual([
      { outcome: 'lost', primaryReason: 'Lost to competitor', count: 1, amount: '40000.00' },
      { outcome: 'won', primaryReason: 'Price / value', count: 1, amount: '50000.00' },
    ]);
    expect(s.quarters[1]!.reasons).toEqual([
      { outcome: 'lost', primaryReason: 'Price', count: 1, amount: '60000.00' },
      { outcome: 'won', primaryReason: 'Product fit', count: 1, amount: '100000.00' },
    ]);
  });

  it('gives the win rate by competitor, the average deal won and lost, and the latest lessons', async () => {
    const s = await as(rep).winLoss.summary({ quarters: 2 });
    const fabrikam = s.competitors.find((c) => c.competitor === 'Fabrikam')!;
    expect(fabrikam).toMatchObject({ wonCount: 1, lostCount: 2, wonAmount: '100000.00', lostAmount: '100000.00', byValue: 0.5 });
    expect(fabrikam.byCount).toBeCloseTo(1 / 3, 6);
    expect(s.competitors.find((c) => c.competitor === 'Litware')).toMatchObject({ wonCount: 1, lostCount: 0, byCount: 1 });
    expect(s.won).toEqual({ count: 2, amount: '150000.00', average: '75000.00' });
    expect(s.lost).toEqual({ count: 2, amount: '100000.00', average: '50000.00' });
    expect(s.lessons.map((l) => l.lessons)).toEqual(['Bring the exec sponsor in early', 'Value case won it', 'Their PoC started first']);
  });

  it('lists the deals behind a reason, an outcome or a competitor', async () => {
    const names = async (input: Parameters<ReturnType<typeof as>['winLoss']['deals']>[0]) =>
      (await as(rep).winLoss.deals(input)).map((d) => d.opportunityName).sort();
    expect(await names({ competitor: 'Fabrikam' })).toEqual(['L1', 'L2', 'W1']);
    expect(await names({ outcome: 'lost', quarterStart: '2026-10-01' })).toEqual(['L1']);
    expect(await names({ primaryReason: 'Product fit' })).toEqual(['W1']);
  });
});

describe('winLoss.update: editing a recorded reason', () => {
  const edit = (user: SessionUser, fields: Partial<Parameters<ReturnType<typeof as>['winLoss']['update']>[0]> = {}) =>
    as(user).winLoss.update({ opportunityId: ids['Old won']!, outcome: 'won', primaryReason: 'Product fit', competitor: 'Litware', lessons: null, ...fields });

  it('lets the owner, their manager and an admin edit it, each change audited with who made it', async () => {
    expect(await edit(rep, { lessons: 'The timing was luck' })).toMatchObject({ primaryReason: 'Product fit', lessons: 'The timing was luck' });
    expect(await edit(manager, { primaryReason: 'Relationship / champion', lessons: 'The timing was luck' })).toMatchObject({ primaryReason: 'Relationship / champion' });
    expect(await edit(admin, { primaryReason: 'Relationship / champion', competitor: null, lessons: 'Champion carried it' })).toMatchObject({ competitor: null, lessons: 'Champion carried it' });
    const record = (await as(rep).winLoss.get({ id: ids['Old won']! }))!;
    const trail = await auditTrail(t.db, 'winLoss', record.id);
    expect(trail.map((a) => [a.action, a.actorId])).toEqual([['create', rep.id], ['update', rep.id], ['update', manager.id], ['update', admin.id]]);
    expect(trail[1]!.changes).toMatchObject({ primaryReason: ['Timing', 'Product fit'], lessons: [null, 'The timing was luck'] });
    expect(trail[3]!.changes).toMatchObject({ competitor: ['Litware', null], lessons: ['The timing was luck', 'Champion carried it'] });
  });

  it('refuses another rep and another team’s manager, through update and through record', async () => {
    for (const who of [otherRep, otherManager]) {
      expect(await clientError(edit(who))).toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining('their manager and admins') });
      expect(await clientError(as(who).winLoss.record({ opportunityId: ids['Old won']!, outcome: 'won', primaryReason: 'Timing' }))).toMatchObject({ code: 'FORBIDDEN' });
    }
    expect((await as(rep).winLoss.get({ id: ids['Old won']! }))?.lessons).toBe('Champion carried it');
  });

  it('tells each reader whether they may edit', async () => {
    expect((await as(manager).winLoss.get({ id: ids['Old won']! }))?.canEdit).toBe(true);
    expect((await as(otherManager).winLoss.get({ id: ids['Old won']! }))?.canEdit).toBe(false);
    expect((await as(otherRep).winLoss.get({ id: ids['Old won']! }))?.canEdit).toBe(false);
  });

  it('names the field of a bad edit', async () => {
    expect(await clientError(edit(rep, { primaryReason: 'Price' }))).toMatchObject({
      code: 'BAD_REQUEST',
      fieldErrors: { primaryReason: ['Choose one of the reasons a deal is won'] },
    });
    expect(await clientError(edit(rep, { primaryReason: ' ' }))).toMatchObject({ fieldErrors: { primaryReason: ['Choose the primary reason'] } });
    const long = await clientError(edit(rep, { lessons: 'x'.repeat(5001) }));
    expect(Object.keys(long.fieldErrors ?? {})).toEqual(['lessons']);
    expect(await clientError(edit(rep, { outcome: 'lost', primaryReason: 'Price' }))).toMatchObject({ fieldErrors: { outcome: ['This deal was won: record it as won'] } });
  });

  it('keeps a lost deal’s loss reason the same as its edited primary reason', async () => {
    await as(manager).winLoss.update({ opportunityId: ids['Old lost']!, outcome: 'lost', primaryReason: 'No budget', competitor: 'Fabrikam', lessons: null });
    const deal = await as(rep).opportunities.getById({ id: ids['Old lost']! });
    expect(deal.lossReason).toBe('No budget');
    expect((await auditTrail(t.db, 'opportunity', ids['Old lost']!)).at(-1)?.changes).toMatchObject({ lossReason: ['Price', 'No budget'] });
  });

  it('has nothing to edit on a deal without a record', async () => {
    expect(await clientError(as(rep).winLoss.update({ opportunityId: ids['Old unrecorded']!, outcome: 'won', primaryReason: 'Timing' }))).toMatchObject({ code: 'NOT_FOUND' });
  });
});

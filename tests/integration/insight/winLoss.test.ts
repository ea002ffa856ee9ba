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
const ids: Record<string, number> = {};
const as = (user: SessionUser) => callerFor(t, user, clock);

beforeAll(async () => {
  rep = await makeUser(t.db, { role: 'rep' });
  otherRep = await makeUser(t.db, { role: 'rep' });
  const account = await makeAccount(t.db, { ownerId: rep.id, accountName: 'Globex' });
  const deal = async (name: string, stage: 'Closed Won' | 'Closed Lost' | 'Proposal', amount: string, closeDate: string) => {
    ids[name] = (await makeOpportunity(t.db, { opportunityName: name, ownerId: rep.id, accountId: account.id, stage, amount, closeDate, lossReason: stage === 'Closed Lost' ? 'Price' : null })).id;
  };
  await deal('W1', 'Closed Won', '100000', '2026-11-10');
  await deal('W2', 'Closed Won', '50000', '2026-08-05');
  await deal('L1', 'Closed Lost', '60000', '2026-10-05');
  await deal('L2', 'Closed Lost', '40000', '2026-07-20');
  await deal('Open', 'Proposal', '10000', '2026-12-20');
  const record = as(rep).winLoss.record;
  await record({ opportunityId: ids.W1!, outcome: 'won', primaryReason: 'Product fit', competitor: 'Fabrikam', lessons: 'Bring the exec sponsor in early' });
  await record({ opportunityId: ids.W2!, outcome: 'won', primaryReason: 'Price / value', competitor: 'Litware' });
  await record({ opportunityId: ids.L1!, outcome: 'lost', primaryReason: 'Price', competitor: 'Fabrikam' });
  await record({ opportunityId: ids.L2!, outcome: 'lost', primaryReason: 'Lost to competitor', competitor: 'Fabrikam', lessons: 'Their PoC started first' });
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

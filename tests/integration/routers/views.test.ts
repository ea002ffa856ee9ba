// Saved views (their owner's and shared ones) and bulk changes to a list's selection, through the router.
import { beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '../../../server/lib/actor';
import { auditTrail } from '../../helpers/audit';
import { callerFor } from '../../helpers/context';
import { clientError } from '../../helpers/errorShape';
import { makeAccount } from '../../helpers/factories/accounts';
import { makeOpportunity } from '../../helpers/factories/opportunities';
import { makeUser } from '../../helpers/factories/users';
import { useTestDatabase } from '../../helpers/testDatabase';

const t = useTestDatabase();
let rep: SessionUser;
let other: SessionUser;
let manager: SessionUser;
let admin: SessionUser;
let accountId: number;

beforeAll(async () => {
  rep = await makeUser(t.db, { role: 'rep', name: 'Priya Rep' });
  other = await makeUser(t.db, { role: 'rep', name: 'Omar Other' });
  manager = await makeUser(t.db, { role: 'manager', name: 'Dana Manager' });
  admin = await makeUser(t.db, { role: 'admin' });
  accountId = (await makeAccount(t.db, { ownerId: rep.id })).id;
});

describe('views', () => {
  it('saves a view, lists the own and shared ones, and restores its params', async () => {
    const mine = await callerFor(t, rep).views.save({ list: 'opportunities', name: 'Closing this quarter', params: { open: '1', sort: 'closeDate' } });
    expect(mine).toMatchObject({ name: 'Closing this quarter', params: { open: '1', sort: 'closeDate' }, shared: false, mine: true });
    await callerFor(t, manager).views.save({ list: 'opportunities', name: 'Team pipeline', params: { open: '1' }, shared: true });
    await callerFor(t, other).views.save({ list: 'opportunities', name: 'Omar private', params: { owner: other.id } });
    await callerFor(t, rep).views.save({ list: 'accounts', name: 'Other list', params: {} });

    const list = await callerFor(t, rep).views.list({ list: 'opportunities' });
    expect(list.map((v) => [v.name, v.mine])).toEqual([
      ['Closing this quarter', true],
      ['Team pipeline', false],
    ]);
  });

  it('changes and deletes only its owner’s views (an admin may delete a shared one)', async () => {
    const [team] = (await callerFor(t, rep).views.list({ list: 'opportunities' })).filter((v) => v.name === 'Team pipeline');
    await expect(callerFor(t, rep).views.save({ id: team!.id, list: 'opportunities', name: 'Mine now', params: {} })).rejects.toMatchObject({
      code: 'FORBIDDEN',
      message: 'Only the person who saved this view can change it',
    });
    await expect(callerFor(t, rep).views.delete({ id: team!.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const [omar] = (await callerFor(t, other).views.list({ list: 'opportunities' })).filter((v) => v.name === 'Omar private');
    await expect(callerFor(t, rep).views.delete({ id: omar!.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const renamed = await callerFor(t, manager).views.save({ id: team!.id, list: 'opportunities', name: 'Team pipeline (open)', params: { open: '1' }, shared: true });
    expect(renamed.name).toBe('Team pipeline (open)');
    await callerFor(t, admin).views.delete({ id: team!.id });
    expect((await callerFor(t, rep).views.list({ list: 'opportunities' })).map((v) => v.name)).toEqual(['Closing this quarter']);
  });

  it('refuses a view without a name, with a field message', async () => {
    expect(await clientError(callerFor(t, rep).views.save({ list: 'opportunities', name: '  ', params: {} }))).toMatchObject({
      code: 'BAD_REQUEST',
      fieldErrors: { name: ['Name is required'] },
    });
  });
});

describe('opportunities.bulkUpdate / bulkDelete', () => {
  it('reassigns each deal it may, reports the refused one, and audits each change once', async () => {
    const own1 = await makeOpportunity(t.db, { accountId, ownerId: rep.id, opportunityName: 'Own one' });
    const own2 = await makeOpportunity(t.db, { accountId, ownerId: rep.id, opportunityName: 'Own two' });
    const theirs = await makeOpportunity(t.db, { accountId, ownerId: other.id, opportunityName: 'Theirs' });
    const results = await callerFor(t, manager).opportunities.bulkUpdate({ ids: [own1.id, own2.id], changes: { ownerId: other.id } });
    expect(results).toEqual([
      { id: own1.id, ok: true },
      { id: own2.id, ok: true },
    ]);
    // A rep may not change another rep's deal: that one row is refused, the others go through.
    const mixed = await callerFor(t, other).opportunities.bulkUpdate({ ids: [own1.id, theirs.id], changes: { stage: 'Discovery' } });
    expect(mixed).toEqual([
      { id: own1.id, ok: true },
      { id: theirs.id, ok: true },
    ]);
    const refused = await callerFor(t, rep).opportunities.bulkUpdate({ ids: [theirs.id, own1.id], changes: { stage: 'Proposal' } });
    expect(refused).toEqual([
      { id: theirs.id, ok: false, error: "Only the opportunity's owner, managers and admins can change it" },
      { id: own1.id, ok: false, error: "Only the opportunity's owner, managers and admins can change it" },
    ]);
    const trail = await auditTrail(t.db, 'opportunity', own1.id);
    expect(trail.filter((a) => a.action === 'update')).toHaveLength(2);
    expect((await callerFor(t, rep).opportunities.getById({ id: own1.id })).stage).toBe('Discovery');
  });

  it('applies the stage rules per deal: Closed Lost without a reason is refused with the rule’s message', async () => {
    const a = await makeOpportunity(t.db, { accountId, ownerId: rep.id });
    const results = await callerFor(t, rep).opportunities.bulkUpdate({ ids: [a.id], changes: { stage: 'Closed Lost' } });
    expect(results[0]).toMatchObject({ id: a.id, ok: false, error: expect.stringMatching(/loss reason/i) });
    const withReason = await callerFor(t, rep).opportunities.bulkUpdate({ ids: [a.id], changes: { stage: 'Closed Lost', lossReason: 'Price' } });
    expect(withReason).toEqual([{ id: a.id, ok: true }]);
  });

  it('deletes the deals it may and reports the others', async () => {
    const mine = await makeOpportunity(t.db, { accountId, ownerId: rep.id, opportunityName: 'Delete me' });
    const theirs = await makeOpportunity(t.db, { accountId, ownerId: other.id, opportunityName: 'Not yours' });
    const results = await callerFor(t, rep).opportunities.bulkDelete({ ids: [mine.id, theirs.id] });
    expect(results.map((r) => r.ok)).toEqual([true, false]);
    await expect(callerFor(t, rep).opportunities.getById({ id: mine.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await callerFor(t, rep).opportunities.getById({ id: theirs.id })).opportunityName).toBe('Not yours');
    expect((await auditTrail(t.db, 'opportunity', mine.id)).map((a) => a.action)).toEqual(['delete']);
  });

  it('refuses an empty selection and a change with nothing to change', async () => {
    await expect(callerFor(t, rep).opportunities.bulkUpdate({ ids: [], changes: { stage: 'Discovery' } })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(callerFor(t, rep).opportunities.bulkUpdate({ ids: [1], changes: {} })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringContaining('Choose a new owner or a stage'),
    });
  });
});

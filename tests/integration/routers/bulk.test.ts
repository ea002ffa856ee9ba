// `<list>.bulkUpdate` / `bulkDelete` on accounts, contacts, leads, projects and cases: one generic runner,
// each record changed on its own (one audit entry each), a record the rep may not change refused by itself.
import { beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '../../../server/lib/actor';
import { auditTrail } from '../../helpers/audit';
import { callerFor } from '../../helpers/context';
import { makeAccount } from '../../helpers/factories/accounts';
import { makeCase } from '../../helpers/factories/cases';
import { makeContact } from '../../helpers/factories/contacts';
import { makeLead } from '../../helpers/factories/leads';
import { makeProject } from '../../helpers/factories/projects';
import { makeUser } from '../../helpers/factories/users';
import { useTestDatabase } from '../../helpers/testDatabase';

const t = useTestDatabase();
let rep: SessionUser;
let other: SessionUser;
let manager: SessionUser;
let accountId: number;

beforeAll(async () => {
  rep = await makeUser(t.db, { role: 'rep', name: 'Priya Rep' });
  other = await makeUser(t.db, { role: 'rep', name: 'Omar Other' });
  manager = await makeUser(t.db, { role: 'manager', name: 'Dana Manager' });
  accountId = (await makeAccount(t.db, { ownerId: rep.id })).id;
});

const refusedFor = (what: string) => ({ ok: false, error: `Only the ${what}'s owner, managers and admins can change it` });

describe('accounts.bulkUpdate / bulkDelete', () => {
  it('reassigns the rep’s own accounts, refuses the other rep’s, and audits each change once', async () => {
    const a = await makeAccount(t.db, { ownerId: rep.id, accountName: 'Acme' });
    const b = await makeAccount(t.db, { ownerId: rep.id, accountName: 'Globex' });
    const theirs = await makeAccount(t.db, { ownerId: other.id, accountName: 'Initech' });
    const results = await callerFor(t, rep).accounts.bulkUpdate({ ids: [a.id, theirs.id, b.id], changes: { ownerId: rep.id } });
    expect(results).toEqual([{ id: a.id, ok: true }, { id: theirs.id, ...refusedFor('account') }, { id: b.id, ok: true }]);
    expect((await callerFor(t, rep).accounts.getById({ id: theirs.id })).ownerId).toBe(other.id);

    const reassigned = await callerFor(t, manager).accounts.bulkUpdate({ ids: [a.id, b.id], changes: { ownerId: other.id } });
    expect(reassigned.every((r) => r.ok)).toBe(true);
    expect((await callerFor(t, rep).accounts.getById({ id: a.id })).ownerId).toBe(other.id);
    // Setting the owner it already had changed nothing, so only the manager's reassignment is in the trail.
    expect((await auditTrail(t.db, 'account', a.id)).filter((e) => e.action === 'update')).toHaveLength(1);
  });

  it('deletes what it may and keeps the refused one', async () => {
    const mine = await makeAccount(t.db, { ownerId: rep.id });
    const theirs = await makeAccount(t.db, { ownerId: other.id });
    const results = await callerFor(t, rep).accounts.bulkDelete({ ids: [mine.id, theirs.id] });
    expect(results).toEqual([{ id: mine.id, ok: true }, { id: theirs.id, ...refusedFor('account') }]);
    await expect(callerFor(t, rep).accounts.getById({ id: mine.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await auditTrail(t.db, 'account', mine.id)).map((e) => e.action)).toEqual(['delete']);
  });

  it('refuses a change with nothing to change', async () => {
    await expect(callerFor(t, rep).accounts.bulkUpdate({ ids: [accountId], changes: {} })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });
});

describe('contacts, leads, projects and cases', () => {
  it('reassigns contacts and deletes them per row', async () => {
    const mine = await makeContact(t.db, { ownerId: rep.id, accountId });
    const theirs = await makeContact(t.db, { ownerId: other.id, accountId });
    const moved = await callerFor(t, rep).contacts.bulkUpdate({ ids: [mine.id, theirs.id], changes: { ownerId: rep.id } });
    expect(moved).toEqual([{ id: mine.id, ok: true }, { id: theirs.id, ...refusedFor('contact') }]);
    // A rep gives nothing away: reassigning to someone else is for managers and admins.
    const givenAway = await callerFor(t, rep).contacts.bulkUpdate({ ids: [mine.id], changes: { ownerId: other.id } });
    expect(givenAway[0]).toMatchObject({ id: mine.id, ok: false });
    const deleted = await callerFor(t, rep).contacts.bulkDelete({ ids: [theirs.id, mine.id] });
    expect(deleted).toEqual([{ id: theirs.id, ...refusedFor('contact') }, { id: mine.id, ok: true }]);
    expect((await auditTrail(t.db, 'contact', mine.id)).map((e) => e.action)).toEqual(['delete']);
  });

  it('changes lead status per row; a converted lead is refused with its reason', async () => {
    const open = await makeLead(t.db, { ownerId: rep.id, status: 'New' });
    const converted = await makeLead(t.db, { ownerId: rep.id, status: 'Converted' });
    const theirs = await makeLead(t.db, { ownerId: other.id });
    const results = await callerFor(t, rep).leads.bulkUpdate({ ids: [open.id, converted.id, theirs.id], changes: { status: 'Qualified' } });
    expect(results[0]).toEqual({ id: open.id, ok: true });
    expect(results[1]).toMatchObject({ id: converted.id, ok: false, error: expect.stringMatching(/converted/) });
    expect(results[2]).toEqual({ id: theirs.id, ...refusedFor('lead') });
    expect((await callerFor(t, rep).leads.getById({ id: open.id })).status).toBe('Qualified');
    const deleted = await callerFor(t, rep).leads.bulkDelete({ ids: [open.id, converted.id] });
    expect(deleted.map((r) => r.ok)).toEqual([true, false]);
    await expect(callerFor(t, rep).leads.getById({ id: open.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('sets project status and health, and soft-deletes projects', async () => {
    const mine = await makeProject(t.db, { ownerId: rep.id, accountId });
    const theirs = await makeProject(t.db, { ownerId: other.id, accountId });
    const results = await callerFor(t, rep).projects.bulkUpdate({ ids: [mine.id, theirs.id], changes: { status: 'In Progress', healthStatus: 'At Risk' } });
    expect(results).toEqual([{ id: mine.id, ok: true }, { id: theirs.id, ...refusedFor('project') }]);
    expect(await callerFor(t, rep).projects.getById({ id: mine.id })).toMatchObject({ status: 'In Progress', healthStatus: 'At Risk' });
    expect((await callerFor(t, rep).projects.bulkDelete({ ids: [mine.id] }))[0]).toEqual({ id: mine.id, ok: true });
    await expect(callerFor(t, rep).projects.getById({ id: mine.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await auditTrail(t.db, 'project', mine.id)).map((e) => e.action)).toEqual(['update', 'delete']);
  });

  it('closes cases in bulk (closedAt set by the same rule as one case) and deletes them', async () => {
    const mine = await makeCase(t.db, { ownerId: rep.id, accountId });
    const theirs = await makeCase(t.db, { ownerId: other.id, accountId });
    const results = await callerFor(t, rep).cases.bulkUpdate({ ids: [mine.id, theirs.id], changes: { status: 'Closed' } });
    expect(results).toEqual([{ id: mine.id, ok: true }, { id: theirs.id, ...refusedFor('case') }]);
    expect((await callerFor(t, rep).cases.getById({ id: mine.id })).closedAt).not.toBeNull();
    expect(await callerFor(t, manager).cases.bulkDelete({ ids: [mine.id, theirs.id] })).toEqual([
      { id: mine.id, ok: true },
      { id: theirs.id, ok: true },
    ]);
  });
});

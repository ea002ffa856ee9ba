import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { activities, auditLog, opportunities } from '../../../drizzle/schema';
import { fixedClock } from '../../../server/lib/clock';
import { insertCapturedActivity, reassignActivitiesAccount } from '../../../server/services/activities';
import { type SessionUser, systemActor } from '../../../server/lib/actor';
import { relatedToTypes, type RelatedToType } from '../../../shared/enums';
import { auditTrail } from '../../helpers/audit';
import { callerFor } from '../../helpers/context';
import { clientError } from '../../helpers/errorShape';
import { makeAccount } from '../../helpers/factories/accounts';
import { lastActivityOf, makeAccountWithRecords, makeActivity } from '../../helpers/factories/activities';
import { makeContact } from '../../helpers/factories/contacts';
import { makeOpportunity } from '../../helpers/factories/opportunities';
import { makeUser } from '../../helpers/factories/users';
import { walkPages } from '../../helpers/paging';
import { useTestDatabase } from '../../helpers/testDatabase';

const t = useTestDatabase();

let rep: SessionUser;
let otherRep: SessionUser;
let manager: SessionUser;

beforeAll(async () => {
  rep = await makeUser(t.db, { role: 'rep', name: 'Rita Rep' });
  otherRep = await makeUser(t.db, { role: 'rep', name: 'Otto Other' });
  manager = await makeUser(t.db, { role: 'manager', name: 'Mona Manager' });
});

const at = (iso: string) => new Date(iso);

describe('activities.create', () => {
  const expectedAccount = (type: RelatedToType, accountId: number) => (type === 'lead' ? null : accountId);

  it.each(relatedToTypes)('on a %s: sets accountId and moves lastActivityAt on the record and its account, never back', async (type) => {
    const clock = fixedClock(at('2026-11-23T12:00:00.000Z'));
    const { accountId, related } = await makeAccountWithRecords(t.db, rep.id);
    const caller = callerFor(t, rep, clock);

    const first = await caller.activities.create({
      type: 'call',
      subject: 'Discovery call',
      occurredAt: at('2026-11-20T10:00:00.000Z'),
      relatedToType: type,
      relatedToId: related[type],
    });
    expect(first).toMatchObject({
      type: 'call',
      subject: 'Discovery call',
      accountId: expectedAccount(type, accountId),
      ownerId: rep.id,
      ownerName: 'Rita Rep',
      relatedTo: { type, id: related[type] },
    });
    expect(first.relatedTo.name).toEqual(expect.any(String));
    expect(await lastActivityOf(t.db, type, related[type])).toEqual(at('2026-11-20T10:00:00.000Z'));
    expect(await lastActivityOf(t.db, 'account', accountId)).toEqual(type === 'lead' ? null : at('2026-11-20T10:00:00.000Z'));

    // An older activity logged later does not move lastActivityAt backwards.
    await caller.activities.create({
      type: 'note',
      subject: 'Back-filled note',
      occurredAt: at('2026-11-01T10:00:00.000Z'),
      relatedToType: type,
      relatedToId: related[type],
    });
    expect(await lastActivityOf(t.db, type, related[type])).toEqual(at('2026-11-20T10:00:00.000Z'));
    if (type !== 'lead') expect(await lastActivityOf(t.db, 'account', accountId)).toEqual(at('2026-11-20T10:00:00.000Z'));

    // Siblings on the same account are not touched.
    for (const other of relatedToTypes) {
      if (other !== type && other !== 'account') expect(await lastActivityOf(t.db, other, related[other])).toBeNull();
    }
  });

  it('defaults occurredAt to now, and a future-dated meeting counts as activity only as of now', async () => {
    const now = at('2026-11-23T12:00:00.000Z');
    const { related } = await makeAccountWithRecords(t.db, rep.id);
    const caller = callerFor(t, rep, fixedClock(now));
    const note = await caller.activities.create({ type: 'note', subject: 'Quick note', relatedToType: 'contact', relatedToId: related.contact });
    expect(note.occurredAt).toEqual(now);

    const meeting = await caller.activities.create({
      type: 'meeting',
      subject: 'QBR',
      occurredAt: at('2026-12-01T09:00:00.000Z'),
      relatedToType: 'opportunity',
      relatedToId: related.opportunity,
    });
    expect(meeting.occurredAt).toEqual(at('2026-12-01T09:00:00.000Z'));
    expect(await lastActivityOf(t.db, 'opportunity', related.opportunity)).toEqual(now);
  });

  it('leaves the version and updatedAt of the touched records alone (bookkeeping, not an edit)', async () => {
    const { id: accountId } = await makeAccount(t.db, { ownerId: rep.id });
    const { id: opportunityId } = await makeOpportunity(t.db, { ownerId: rep.id, accountId });
    const [before] = await t.db.select().from(opportunities).where(eq(opportunities.id, opportunityId));
    await callerFor(t, rep).activities.create({ type: 'call', subject: 'Call', relatedToType: 'opportunity', relatedToId: opportunityId });
    const [after] = await t.db.select().from(opportunities).where(eq(opportunities.id, opportunityId));
    expect(after!.lastActivityAt).not.toBeNull();
    expect(after!.version).toBe(before!.version);
    expect(after!.updatedAt).toEqual(before!.updatedAt);
  });

  it('lets any signed-in user log on any record, owned by the caller, and audits it', async () => {
    const { related } = await makeAccountWithRecords(t.db, rep.id);
    const created = await callerFor(t, otherRep).activities.create({
      type: 'email',
      subject: 'Sent pricing',
      direction: 'outbound',
      relatedToType: 'opportunity',
      relatedToId: related.opportunity,
    });
    expect(created).toMatchObject({ ownerId: otherRep.id, ownerName: 'Otto Other', direction: 'outbound' });
    const audit = await auditTrail(t.db, 'activity', created.id);
    expect(audit).toMatchObject([{ action: 'create', actorId: otherRep.id }]);
  });

  it('refuses a task without a due date with a field error on dueAt', async () => {
    const { related } = await makeAccountWithRecords(t.db, rep.id);
    const result = await clientError(
      callerFor(t, rep).activities.create({ type: 'task', subject: 'Send contract', relatedToType: 'account', relatedToId: related.account }),
    );
    expect(result.code).toBe('BAD_REQUEST');
    expect(result.fieldErrors?.dueAt).toEqual(['A task needs a due date']);
  });

  it('refuses bad input with field errors', async () => {
    const result = await clientError(
      callerFor(t, rep).activities.create({
        type: 'fax' as 'call',
        subject: '  ',
        relatedToType: 'account',
        relatedToId: -1,
      }),
    );
    expect(result.code).toBe('BAD_REQUEST');
    expect(Object.keys(result.fieldErrors ?? {}).sort()).toEqual(['relatedToId', 'subject', 'type']);
  });

  it('refuses an unknown or soft-deleted related record with a field error on relatedToId', async () => {
    const { id: accountId } = await makeAccount(t.db, { ownerId: rep.id });
    const { id: deletedDeal } = await makeOpportunity(t.db, { ownerId: rep.id, accountId, deletedAt: at('2026-11-01T00:00:00.000Z') });
    const { id: deletedAccount } = await makeAccount(t.db, { ownerId: rep.id, deletedAt: at('2026-11-01T00:00:00.000Z') });
    const caller = callerFor(t, rep);
    for (const [relatedToType, relatedToId] of [
      ['contact', 999_999_999],
      ['opportunity', deletedDeal],
      ['account', deletedAccount],
    ] as const) {
      const result = await clientError(caller.activities.create({ type: 'call', subject: 'Call', relatedToType, relatedToId }));
      expect(result.code).toBe('BAD_REQUEST');
      expect(result.fieldErrors?.relatedToId?.[0]).toMatch(/does not exist or was deleted/);
    }
    expect(await lastActivityOf(t.db, 'account', accountId)).toBeNull();
  });

  it('refuses a signed-out caller', async () => {
    await expect(
      callerFor(t, null).activities.create({ type: 'call', subject: 'Call', relatedToType: 'account', relatedToId: 1 }),
    ).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });
});

describe('tasks', () => {
  it('count as customer activity only once completed; reopening does not move lastActivityAt back', async () => {
    const clock = fixedClock(at('2026-11-23T12:00:00.000Z'));
    const { accountId, related } = await makeAccountWithRecords(t.db, rep.id);
    const caller = callerFor(t, rep, clock);
    const task = await caller.activities.create({
      type: 'task',
      subject: 'Send the proposal',
      dueAt: at('2026-11-25T17:00:00.000Z'),
      relatedToType: 'opportunity',
      relatedToId: related.opportunity,
    });
    expect(task).toMatchObject({ dueAt: at('2026-11-25T17:00:00.000Z'), completedAt: null });
    expect(await lastActivityOf(t.db, 'opportunity', related.opportunity)).toBeNull();
    expect(await lastActivityOf(t.db, 'account', accountId)).toBeNull();

    clock.set(at('2026-11-24T15:30:00.000Z'));
    const done = await caller.activities.update({ id: task.id, completed: true });
    expect(done.completedAt).toEqual(at('2026-11-24T15:30:00.000Z'));
    expect(await lastActivityOf(t.db, 'opportunity', related.opportunity)).toEqual(at('2026-11-24T15:30:00.000Z'));
    expect(await lastActivityOf(t.db, 'account', accountId)).toEqual(at('2026-11-24T15:30:00.000Z'));

    clock.set(at('2026-11-26T08:00:00.000Z'));
    const again = await caller.activities.update({ id: task.id, completed: true });
    expect(again.completedAt).toEqual(at('2026-11-24T15:30:00.000Z'));

    const reopened = await caller.activities.update({ id: task.id, completed: false });
    expect(reopened.completedAt).toBeNull();
    expect(await lastActivityOf(t.db, 'opportunity', related.opportunity)).toEqual(at('2026-11-24T15:30:00.000Z'));
  });

  it('keep their due date: clearing it is a field error; completing a call is refused', async () => {
    const { related } = await makeAccountWithRecords(t.db, rep.id);
    const caller = callerFor(t, rep);
    const task = await caller.activities.create({
      type: 'task',
      subject: 'Follow up',
      dueAt: at('2026-11-25T17:00:00.000Z'),
      relatedToType: 'contact',
      relatedToId: related.contact,
    });
    const cleared = await clientError(caller.activities.update({ id: task.id, dueAt: null }));
    expect(cleared).toMatchObject({ code: 'BAD_REQUEST', fieldErrors: { dueAt: ['A task needs a due date'] } });

    const moved = await caller.activities.update({ id: task.id, dueAt: at('2026-11-28T17:00:00.000Z') });
    expect(moved.dueAt).toEqual(at('2026-11-28T17:00:00.000Z'));

    const call = await caller.activities.create({ type: 'call', subject: 'Call', relatedToType: 'contact', relatedToId: related.contact });
    const completed = await clientError(caller.activities.update({ id: call.id, completed: true }));
    expect(completed).toMatchObject({ code: 'BAD_REQUEST', fieldErrors: { completed: ['Only tasks can be completed'] } });
  });
});

describe('activities.update and delete', () => {
  it('lets the owner edit, refuses another rep, lets a manager edit and delete', async () => {
    const { related } = await makeAccountWithRecords(t.db, rep.id);
    const created = await callerFor(t, rep).activities.create({
      type: 'call',
      subject: 'Intro call',
      body: 'Talked budget',
      relatedToType: 'account',
      relatedToId: related.account,
    });

    const edited = await callerFor(t, rep).activities.update({ id: created.id, subject: 'Intro call (30 min)' });
    expect(edited).toMatchObject({ subject: 'Intro call (30 min)', body: 'Talked budget' });

    await expect(callerFor(t, otherRep).activities.update({ id: created.id, subject: 'Mine now' })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await expect(callerFor(t, otherRep).activities.delete({ id: created.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });

    const cleared = await callerFor(t, manager).activities.update({ id: created.id, body: '' });
    expect(cleared.body).toBeNull();

    const audit = await auditTrail(t.db, 'activity', created.id);
    expect(audit.map((a) => a.action)).toEqual(['create', 'update', 'update']);
    expect(audit[1]!.changes).toEqual({ subject: ['Intro call', 'Intro call (30 min)'] });

    await expect(callerFor(t, manager).activities.delete({ id: created.id })).resolves.toEqual({ id: created.id });
    await expect(callerFor(t, rep).activities.update({ id: created.id, subject: 'Gone' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(callerFor(t, rep).activities.delete({ id: created.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const [deleted] = await t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, String(created.id)), eq(auditLog.action, 'delete')));
    expect(deleted).toMatchObject({ actorId: manager.id, changes: expect.objectContaining({ subject: 'Intro call (30 min)' }) });
  });
});

describe('activities.listByRelated', () => {
  it('pages newest first by (occurredAt, id) with no duplicates or gaps, ties broken by id', async () => {
    const { id: accountId } = await makeAccount(t.db, { ownerId: rep.id });
    const { id: contactId } = await makeContact(t.db, { ownerId: rep.id, accountId, firstName: 'Ada', lastName: 'Lovelace' });
    const { id: otherContact } = await makeContact(t.db, { ownerId: rep.id, accountId });
    // Three activities share each timestamp, so the id decides their order.
    const ids: { id: number; occurredAt: Date }[] = [];
    for (let i = 0; i < 23; i += 1) {
      const occurredAt = new Date(Date.UTC(2026, 10, 1 + Math.floor(i / 3), 9));
      const ownerId = i % 2 === 0 ? rep.id : otherRep.id;
      const { id } = await makeActivity(t.db, { ownerId, relatedToType: 'contact', relatedToId: contactId, accountId, occurredAt });
      ids.push({ id, occurredAt });
    }
    await makeActivity(t.db, { ownerId: rep.id, relatedToType: 'contact', relatedToId: otherContact, accountId, occurredAt: new Date() });
    await makeActivity(t.db, { ownerId: rep.id, relatedToType: 'account', relatedToId: contactId, accountId, occurredAt: new Date() });

    const expected = [...ids]
      .sort((a, b) => b.occurredAt.getTime() - a.occurredAt.getTime() || b.id - a.id)
      .map((a) => a.id);

    const caller = callerFor(t, otherRep);
    const walk = await walkPages((cursor) => caller.activities.listByRelated({ relatedToType: 'contact', relatedToId: contactId, cursor, limit: 5 }));
    expect(walk.largestPage).toBeLessThanOrEqual(5);
    for (const item of walk.items) {
      expect(item.relatedTo).toEqual({ type: 'contact', id: contactId, name: 'Ada Lovelace' });
      expect(item.ownerName).toBe(item.ownerId === rep.id ? 'Rita Rep' : 'Otto Other');
    }
    expect(walk.pages).toBe(5);
    expect(walk.items.map((i) => i.id)).toEqual(expected);
  });

  it('filters by type, and reports an unknown record or a bad cursor', async () => {
    const { accountId, related } = await makeAccountWithRecords(t.db, rep.id);
    const base = { ownerId: rep.id, relatedToType: 'opportunity' as const, relatedToId: related.opportunity, accountId };
    const { id: call } = await makeActivity(t.db, { ...base, type: 'call', occurredAt: at('2026-11-02T09:00:00.000Z') });
    await makeActivity(t.db, { ...base, type: 'note', occurredAt: at('2026-11-03T09:00:00.000Z') });
    const { id: meeting } = await makeActivity(t.db, { ...base, type: 'meeting', occurredAt: at('2026-11-04T09:00:00.000Z') });

    const caller = callerFor(t, rep);
    const page = await caller.activities.listByRelated({
      relatedToType: 'opportunity',
      relatedToId: related.opportunity,
      types: ['call', 'meeting'],
    });
    expect(page.items.map((i) => i.id)).toEqual([meeting, call]);
    expect(page.nextCursor).toBeNull();

    await expect(caller.activities.listByRelated({ relatedToType: 'case', relatedToId: 999_999_999 })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: 'Case not found',
    });
    await expect(
      caller.activities.listByRelated({ relatedToType: 'opportunity', relatedToId: related.opportunity, cursor: 'not-a-cursor' }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });

    await t.db.update(opportunities).set({ deletedAt: new Date() }).where(eq(opportunities.id, related.opportunity));
    await expect(
      caller.activities.listByRelated({ relatedToType: 'opportunity', relatedToId: related.opportunity }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND', message: 'Opportunity not found' });
  });
});

describe('activities.timeline', () => {
  it("includes the account's own and its contacts', deals', projects' and cases' activities, and no one else's", async () => {
    const clock = fixedClock(at('2026-11-23T12:00:00.000Z'));
    const { accountId, related } = await makeAccountWithRecords(t.db, rep.id);
    const other = await makeAccountWithRecords(t.db, rep.id);
    const caller = callerFor(t, rep, clock);

    const logged: { id: number; type: RelatedToType }[] = [];
    let day = 1;
    for (const type of relatedToTypes) {
      const activity = await caller.activities.create({
        type: 'call',
        subject: `Call about the ${type}`,
        occurredAt: new Date(Date.UTC(2026, 10, day, 9)),
        relatedToType: type,
        relatedToId: related[type],
      });
      if (type !== 'lead') logged.push({ id: activity.id, type });
      await caller.activities.create({
        type: 'call',
        subject: 'Elsewhere',
        occurredAt: new Date(Date.UTC(2026, 10, day, 10)),
        relatedToType: type,
        relatedToId: other.related[type],
      });
      day += 1;
    }

    const seen = (await walkPages((cursor) => caller.activities.timeline({ accountId, cursor, limit: 2 }))).items;

    expect(seen.map((i) => i.id)).toEqual(logged.map((l) => l.id).reverse());
    expect(seen.every((i) => i.accountId === accountId && i.ownerName === 'Rita Rep')).toBe(true);
    const byType = Object.fromEntries(seen.map((i) => [i.relatedTo.type, i.relatedTo]));
    expect(byType.account).toMatchObject({ id: accountId, name: expect.stringMatching(/^Account /) });
    expect(byType.contact).toMatchObject({ id: related.contact, name: expect.stringMatching(/^Casey Contact/) });
    expect(byType.opportunity).toMatchObject({ id: related.opportunity, name: expect.stringMatching(/^Deal /) });
    expect(byType.project).toMatchObject({ id: related.project, name: expect.stringMatching(/^Rollout /) });
    expect(byType.case).toMatchObject({ id: related.case, name: expect.stringMatching(/^T-\d+-\d+: Login fails/) });

    const calls = await caller.activities.timeline({ accountId, types: ['meeting'] });
    expect(calls.items).toEqual([]);
    await expect(caller.activities.timeline({ accountId: 999_999_999 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const { id: deletedAccount } = await makeAccount(t.db, { ownerId: rep.id, deletedAt: at('2026-11-01T00:00:00.000Z') });
    await expect(caller.activities.timeline({ accountId: deletedAccount })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('follows a contact to its new account when the move re-points its activities', async () => {
    const { id: oldAccount } = await makeAccount(t.db, { ownerId: rep.id });
    const { id: newAccount } = await makeAccount(t.db, { ownerId: rep.id });
    const { id: contactId } = await makeContact(t.db, { ownerId: rep.id, accountId: oldAccount });
    const call = await callerFor(t, rep).activities.create({ type: 'call', subject: 'Call', relatedToType: 'contact', relatedToId: contactId });
    await t.db.transaction((tx) => reassignActivitiesAccount(tx, { type: 'contact', id: contactId }, newAccount));
    const timeline = await callerFor(t, rep).activities.timeline({ accountId: newAccount });
    expect(timeline.items.map((i) => i.id)).toEqual([call.id]);
    expect((await callerFor(t, rep).activities.timeline({ accountId: oldAccount })).items).toEqual([]);
  });
});

describe('insertCapturedActivity (email capture)', () => {
  const capture = systemActor('email capture');

  it('inserts one activity per Message-ID, however often the same email arrives', async () => {
    const now = at('2026-11-23T12:00:00.000Z');
    const { accountId, related } = await makeAccountWithRecords(t.db, rep.id);
    const email = {
      subject: 'Re: pricing',
      body: 'Looks good',
      occurredAt: at('2026-11-22T08:15:00.000Z'),
      direction: 'inbound' as const,
      relatedTo: { type: 'contact' as const, id: related.contact },
      emailMessageId: '<CAF=abc123@mail.example.com>',
      provider: 'google',
      providerMessageId: 'gm-1',
      participants: [{ email: 'buyer@example.com', role: 'from' }],
      ownerId: rep.id,
    };

    const first = await t.db.transaction((tx) => insertCapturedActivity(tx, capture, email, now));
    // The same email, found again in another rep's mailbox.
    const second = await t.db.transaction((tx) =>
      insertCapturedActivity(tx, capture, { ...email, ownerId: otherRep.id, providerMessageId: 'gm-2' }, now),
    );
    expect(first.created).toBe(true);
    expect(second).toEqual({ id: first.id, created: false });

    const rows = await t.db.select().from(activities).where(eq(activities.emailMessageId, email.emailMessageId));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ type: 'email', ownerId: rep.id, accountId, relatedToType: 'contact', relatedToId: related.contact });
    expect(await lastActivityOf(t.db, 'contact', related.contact)).toEqual(email.occurredAt);
    expect(await lastActivityOf(t.db, 'account', accountId)).toEqual(email.occurredAt);
  });

  it('gives concurrent captures of one email a single row', async () => {
    const { related } = await makeAccountWithRecords(t.db, rep.id);
    const email = {
      subject: 'Kick-off',
      occurredAt: at('2026-11-22T08:15:00.000Z'),
      relatedTo: { type: 'account' as const, id: related.account },
      emailMessageId: '<race-1@mail.example.com>',
      ownerId: rep.id,
    };
    const results = await Promise.all(
      [rep.id, otherRep.id, manager.id, rep.id, otherRep.id, manager.id].map((ownerId) =>
        t.db.transaction((tx) => insertCapturedActivity(tx, capture, { ...email, ownerId }, new Date())),
      ),
    );
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.id)).size).toBe(1);
    const rows = await t.db.select().from(activities).where(eq(activities.emailMessageId, email.emailMessageId));
    expect(rows).toHaveLength(1);
  });
});

import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { cases } from '../../../drizzle/schema';
import { casePriorities } from '../../../shared/enums';
import { fixedClock } from '../../../server/lib/clock';
import type { SessionUser } from '../../../server/lib/actor';
import { auditTrail } from '../../helpers/audit';
import { callerFor } from '../../helpers/context';
import { clientError } from '../../helpers/errorShape';
import { makeAccount } from '../../helpers/factories/accounts';
import { makeCase } from '../../helpers/factories/cases';
import { makeContact } from '../../helpers/factories/contacts';
import { makeUser } from '../../helpers/factories/users';
import { walkPages } from '../../helpers/paging';
import { useTestDatabase } from '../../helpers/testDatabase';

const t = useTestDatabase();
const start = new Date('2026-11-23T10:00:00.000Z');
const at = (iso: string) => new Date(iso);
const HOUR = 3_600_000;

let csm: SessionUser;
let otherCsm: SessionUser;
let manager: SessionUser;
let account: { id: number; accountName: string };
let otherAccount: { id: number };
let contact: { id: number };

beforeAll(async () => {
  csm = await makeUser(t.db, { role: 'csm', name: 'Cole Csm' });
  otherCsm = await makeUser(t.db, { role: 'csm' });
  manager = await makeUser(t.db, { role: 'manager' });
  account = await makeAccount(t.db, { ownerId: csm.id, accountName: 'Stark Industries' });
  otherAccount = await makeAccount(t.db, { ownerId: csm.id });
  contact = await makeContact(t.db, { ownerId: csm.id, accountId: account.id, firstName: 'Casey', lastName: 'Customer' });
});

const as = (user: SessionUser, clock = fixedClock(start)) => callerFor(t, user, clock);

const auditOf = (id: number) => auditTrail(t.db, 'case', id);

describe('cases.create', () => {
  it('numbers the case from its id, sets the default SLA and audits it', async () => {
    const created = await as(csm).cases.create({ accountId: account.id, contactId: contact.id, subject: 'Reactor offline', priority: 'High' });
    expect(created.caseNumber).toBe(`CS-${String(created.id).padStart(6, '0')}`);
    expect(created.caseNumber).toMatch(/^CS-\d{6,}$/);
    expect(created).toMatchObject({
      subject: 'Reactor offline',
      status: 'New',
      priority: 'High',
      slaDueAt: new Date(start.getTime() + 8 * HOUR),
      closedAt: null,
      accountName: 'Stark Industries',
      contactId: contact.id,
      contactName: expect.stringMatching(/^Casey Customer/),
      ownerId: csm.id,
      ownerName: 'Cole Csm',
      createdAt: start,
      version: 1,
    });
    const audit = await auditOf(created.id);
    expect(audit).toMatchObject([{ action: 'create', actorId: csm.id }]);
    expect(audit[0]!.changes).toMatchObject({ caseNumber: created.caseNumber, priority: 'High' });
  });

  it.each([
    ['Urgent', 4],
    ['High', 8],
    ['Medium', 24],
    ['Low', 72],
  ] as const)('%s: SLA due %i hours after opening', async (priority, hours) => {
    const created = await as(csm).cases.create({ accountId: account.id, subject: `${priority} case`, priority });
    expect(created.slaDueAt).toEqual(new Date(start.getTime() + hours * HOUR));
  });

  it('defaults to Medium priority, takes an explicit SLA, and closes a case created as Closed', async () => {
    const medium = await as(csm).cases.create({ accountId: account.id, subject: 'Question' });
    expect(medium).toMatchObject({ priority: 'Medium', slaDueAt: new Date(start.getTime() + 24 * HOUR) });
    const explicit = await as(csm).cases.create({ accountId: account.id, subject: 'Custom', slaDueAt: at('2026-11-30T17:00:00.000Z') });
    expect(explicit.slaDueAt).toEqual(at('2026-11-30T17:00:00.000Z'));
    const closed = await as(csm).cases.create({ accountId: account.id, subject: 'Solved on the phone', status: 'Closed' });
    expect(closed.closedAt).toEqual(start);
  });

  it('gives consecutive cases distinct numbers', async () => {
    const [a, b] = await Promise.all([
      as(csm).cases.create({ accountId: account.id, subject: 'One' }),
      as(csm).cases.create({ accountId: account.id, subject: 'Two' }),
    ]);
    expect(a.caseNumber).not.toBe(b.caseNumber);
  });

  it('refuses a contact of another account, and an unknown or deleted account', async () => {
    const stranger = await makeContact(t.db, { ownerId: csm.id, accountId: otherAccount.id });
    const loner = await makeContact(t.db, { ownerId: csm.id, accountId: null });
    for (const contactId of [stranger.id, loner.id, 99_999_999]) {
      const error = await clientError(as(csm).cases.create({ accountId: account.id, contactId, subject: 'x' }));
      expect(error.code).toBe('BAD_REQUEST');
      expect(error.fieldErrors?.contactId).toEqual(["Choose a contact of the case's account"]);
    }
    const deleted = await makeAccount(t.db, { ownerId: csm.id, deletedAt: new Date() });
    for (const accountId of [deleted.id, 99_999_999]) {
      expect((await clientError(as(csm).cases.create({ accountId, subject: 'x' }))).fieldErrors?.accountId).toBeDefined();
    }
  });

  it('refuses bad input with field errors', async () => {
    const error = await clientError(
      as(csm).cases.create({ accountId: account.id, subject: ' ', priority: 'Critical' as never, slaDueAt: 'tomorrow' as never }),
    );
    expect(error.code).toBe('BAD_REQUEST');
    expect(Object.keys(error.fieldErrors ?? {})).toEqual(expect.arrayContaining(['subject', 'priority', 'slaDueAt']));
    const past = await clientError(as(csm).cases.create({ accountId: account.id, subject: 'x', slaDueAt: at('2026-11-23T09:00:00.000Z') }));
    expect(past.fieldErrors?.slaDueAt).toEqual(['The SLA due time must be after the case was opened']);
    expect((await clientError(as(csm).cases.create({ accountId: account.id, subject: 'x', ownerId: otherCsm.id }))).code).toBe('FORBIDDEN');
  });
});

describe('cases.getById', () => {
  it('returns the case to anyone signed in and NOT_FOUND for a missing one', async () => {
    const row = await makeCase(t.db, { ownerId: csm.id, accountId: account.id });
    await expect(as(otherCsm).cases.getById({ id: row.id })).resolves.toMatchObject({ id: row.id, accountName: 'Stark Industries' });
    expect((await clientError(as(csm).cases.getById({ id: 99_999_999 }))).code).toBe('NOT_FOUND');
  });
});

describe('cases.update', () => {
  it('sets closedAt when the case is closed, keeps it while closed and clears it when reopened', async () => {
    const clock = fixedClock(start);
    const created = await as(csm, clock).cases.create({ accountId: account.id, subject: 'Close me' });
    clock.advance(2 * HOUR);
    const closed = await as(csm, clock).cases.update({ id: created.id, version: 1, status: 'Closed' });
    expect(closed).toMatchObject({ status: 'Closed', closedAt: clock.now(), version: 2 });
    clock.advance(HOUR);
    const edited = await as(csm, clock).cases.update({ id: created.id, description: 'Root cause: DNS' });
    expect(edited.closedAt).toEqual(closed.closedAt);
    const reopened = await as(csm, clock).cases.update({ id: created.id, status: 'Working' });
    expect(reopened.closedAt).toBeNull();
    const audit = await auditOf(created.id);
    expect(audit.map((a) => a.action)).toEqual(['create', 'update', 'update', 'update']);
    expect(audit[1]!.changes).toMatchObject({ status: ['New', 'Closed'] });
  });

  it('moves a default SLA with the priority, counted from opening, but keeps one set by hand', async () => {
    const clock = fixedClock(start);
    const byDefault = await as(csm, clock).cases.create({ accountId: account.id, subject: 'Escalate me', priority: 'Low' });
    const byHand = await as(csm, clock).cases.create({ accountId: account.id, subject: 'Agreed date', priority: 'Low', slaDueAt: at('2026-12-01T12:00:00.000Z') });
    clock.advance(HOUR);
    const escalated = await as(csm, clock).cases.update({ id: byDefault.id, priority: 'Urgent' });
    expect(escalated.slaDueAt).toEqual(new Date(start.getTime() + 4 * HOUR));
    const kept = await as(csm, clock).cases.update({ id: byHand.id, priority: 'Urgent' });
    expect(kept.slaDueAt).toEqual(at('2026-12-01T12:00:00.000Z'));
    const moved = await as(csm, clock).cases.update({ id: byHand.id, slaDueAt: at('2026-12-02T12:00:00.000Z') });
    expect(moved.slaDueAt).toEqual(at('2026-12-02T12:00:00.000Z'));
  });

  it('refuses a stale version with CONFLICT', async () => {
    const row = await makeCase(t.db, { ownerId: csm.id, accountId: account.id });
    await as(csm).cases.update({ id: row.id, version: 1, priority: 'High' });
    const stale = await clientError(as(csm).cases.update({ id: row.id, version: 1, priority: 'Low' }));
    expect(stale.code).toBe('CONFLICT');
    const [after] = await t.db.select().from(cases).where(eq(cases.id, row.id));
    expect(after!.priority).toBe('High');
  });

  it("refuses another CSM's case but lets a manager change it", async () => {
    const row = await makeCase(t.db, { ownerId: otherCsm.id, accountId: account.id });
    expect((await clientError(as(csm).cases.update({ id: row.id, status: 'Escalated' }))).code).toBe('FORBIDDEN');
    await expect(as(manager).cases.update({ id: row.id, status: 'Escalated', ownerId: csm.id })).resolves.toMatchObject({
      status: 'Escalated',
      ownerId: csm.id,
    });
  });

  it("keeps the contact at the case's account, and answers NOT_FOUND for a missing case", async () => {
    const row = await makeCase(t.db, { ownerId: csm.id, accountId: account.id, contactId: contact.id });
    const moved = await clientError(as(csm).cases.update({ id: row.id, accountId: otherAccount.id }));
    expect(moved.fieldErrors?.contactId).toBeDefined();
    await expect(as(csm).cases.update({ id: row.id, accountId: otherAccount.id, contactId: null })).resolves.toMatchObject({
      accountId: otherAccount.id,
      contactId: null,
      contactName: null,
    });
    expect((await clientError(as(csm).cases.update({ id: 99_999_999, status: 'Closed' }))).code).toBe('NOT_FOUND');
  });
});

describe('cases.list', () => {
  it('filters by owner, status, priority, account, SLA window, search and breach', async () => {
    const owner = await makeUser(t.db, { role: 'csm' });
    const acct = await makeAccount(t.db, { ownerId: owner.id });
    const breached = await makeCase(t.db, { ownerId: owner.id, accountId: acct.id, subject: 'Invoices wrong', priority: 'High', slaDueAt: at('2026-11-23T08:00:00.000Z') });
    const closedLate = await makeCase(t.db, { ownerId: owner.id, accountId: account.id, subject: 'Old outage', status: 'Closed', slaDueAt: at('2026-11-20T08:00:00.000Z') });
    const onTime = await makeCase(t.db, { ownerId: owner.id, accountId: acct.id, subject: 'Export slow', priority: 'Low', status: 'Working', slaDueAt: at('2026-11-25T08:00:00.000Z'), caseNumber: 'CS-LIST-777' });
    const ids = async (input: Parameters<ReturnType<typeof as>['cases']['list']>[0]) =>
      (await as(csm).cases.list({ ownerId: owner.id, ...input })).items.map((c) => c.id).sort((x, y) => x - y);
    expect(await ids({})).toEqual([breached.id, closedLate.id, onTime.id]);
    expect(await ids({ breached: true })).toEqual([breached.id]);
    expect(await ids({ breached: false })).toEqual([closedLate.id, onTime.id]);
    expect(await ids({ status: 'Working' })).toEqual([onTime.id]);
    expect(await ids({ priority: 'High' })).toEqual([breached.id]);
    expect(await ids({ accountId: acct.id })).toEqual([breached.id, onTime.id]);
    expect(await ids({ search: 'invoices' })).toEqual([breached.id]);
    expect(await ids({ search: 'LIST-777' })).toEqual([onTime.id]);
    expect(await ids({ slaDueAt: { from: at('2026-11-23T00:00:00.000Z'), to: at('2026-11-24T00:00:00.000Z') } })).toEqual([breached.id]);
    // Time moves on: at 2026-11-26 the Working case is past due too.
    const later = callerFor(t, csm, fixedClock(at('2026-11-26T00:00:00.000Z')));
    expect((await later.cases.list({ ownerId: owner.id, breached: true })).items.map((c) => c.id).sort((x, y) => x - y)).toEqual([
      breached.id,
      onTime.id,
    ]);
  });

  it('sorts by urgency, not alphabetically', async () => {
    const owner = await makeUser(t.db, { role: 'csm' });
    for (const priority of ['Medium', 'Urgent', 'Low', 'High'] as const) {
      await makeCase(t.db, { ownerId: owner.id, accountId: account.id, priority });
    }
    const page = await as(csm).cases.list({ ownerId: owner.id, sort: 'priority', sortDirection: 'desc' });
    expect(page.items.map((c) => c.priority)).toEqual(['Urgent', 'High', 'Medium', 'Low']);
  });

  it('refuses an unknown sort and a cursor from another sort', async () => {
    expect((await clientError(as(csm).cases.list({ sort: 'subject' as never }))).fieldErrors?.sort).toBeDefined();
    const owner = await makeUser(t.db, { role: 'csm' });
    await makeCase(t.db, { ownerId: owner.id, accountId: account.id });
    await makeCase(t.db, { ownerId: owner.id, accountId: account.id });
    const bySla = await as(csm).cases.list({ ownerId: owner.id, limit: 1 });
    expect((await clientError(as(csm).cases.list({ ownerId: owner.id, sort: 'priority', cursor: bySla.nextCursor }))).code).toBe('BAD_REQUEST');
  });

  describe('keyset paging over 21 cases, 4 per page', () => {
    let owner: SessionUser;
    let rows: Awaited<ReturnType<typeof makeCase>>[];

    beforeAll(async () => {
      owner = await makeUser(t.db, { role: 'csm' });
      const base = Date.parse('2026-07-01T00:00:00.000Z');
      rows = [];
      for (let i = 0; i < 21; i += 1) {
        rows.push(
          await makeCase(t.db, {
            ownerId: owner.id,
            accountId: account.id,
            priority: casePriorities[i % 4],
            slaDueAt: new Date(base + (i % 5) * HOUR),
            createdAt: new Date(base + Math.floor(i / 3) * 60_000),
            updatedAt: new Date(base + (i % 2) * 60_000),
          }),
        );
      }
    });

    const rank = (p: string) => casePriorities.indexOf(p as (typeof casePriorities)[number]);

    it.each([
      ['slaDueAt', 'asc'],
      ['slaDueAt', 'desc'],
      ['createdAt', 'asc'],
      ['updatedAt', 'desc'],
      ['priority', 'asc'],
      ['priority', 'desc'],
    ] as const)('by %s %s: every case once, in order', async (sort, sortDirection) => {
      const walk = await walkPages((cursor) => as(csm).cases.list({ ownerId: owner.id, sort, sortDirection, limit: 4, cursor }), 10);
      expect(walk.pages).toBe(6);
      const key = (c: (typeof rows)[number]) => (sort === 'priority' ? rank(c.priority) : c[sort].getTime());
      const expected = [...rows]
        .sort((x, y) => {
          const cmp = key(x) - key(y) || x.id - y.id;
          return sortDirection === 'asc' ? cmp : -cmp;
        })
        .map((c) => c.id);
      expect(walk.items.map((r) => r.id)).toEqual(expected);
    });
  });
});

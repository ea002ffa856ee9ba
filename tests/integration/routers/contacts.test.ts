import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { contacts } from '../../../drizzle/schema';
import { mysqlErrorCode } from '../../../server/lib/errors';
import { fixedClock } from '../../../server/lib/clock';
import { auditTrail } from '../../helpers/audit';
import { callerFor } from '../../helpers/context';
import { clientError } from '../../helpers/errorShape';
import { makeAccount } from '../../helpers/factories/accounts';
import { makeContact } from '../../helpers/factories/contacts';
import { makeUser } from '../../helpers/factories/users';
import { walkPages } from '../../helpers/paging';
import { useTestDatabase } from '../../helpers/testDatabase';

const t = useTestDatabase();

let emailNumber = 0;
/** A fresh address per call: emails are unique across the whole file's database. */
function uniqueEmail(name = 'person') {
  emailNumber += 1;
  return `${name}.${emailNumber}@contacts.test`;
}

const auditRows = (entityId: number) => auditTrail(t.db, 'contact', entityId);

describe('contacts.create', () => {
  it('creates a contact with the email lower-cased, the account and owner names, and audits it', async () => {
    const rep = await makeUser(t.db);
    const account = await makeAccount(t.db, { ownerId: rep.id, accountName: 'Acme' });
    const email = uniqueEmail('jane.doe');
    const created = await callerFor(t, rep).contacts.create({
      firstName: 'Jane',
      lastName: 'Doe',
      email: `  ${email.toUpperCase()} `,
      phone: '+44 20 7946 0000',
      title: 'CFO',
      role: 'Economic Buyer',
      accountId: account.id,
    });
    expect(created).toMatchObject({
      firstName: 'Jane',
      lastName: 'Doe',
      email,
      title: 'CFO',
      role: 'Economic Buyer',
      accountId: account.id,
      accountName: 'Acme',
      ownerId: rep.id,
      ownerName: rep.name,
      version: 1,
    });
    const audit = await auditRows(created.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'create', actorId: rep.id, changes: { email } });
  });

  it('creates a contact without an email or account', async () => {
    const rep = await makeUser(t.db);
    const created = await callerFor(t, rep).contacts.create({ firstName: 'No', lastName: 'Email', email: '' });
    expect(created).toMatchObject({ email: null, accountId: null, accountName: null });
  });

  it('refuses a duplicate email in another case as a CONFLICT on the email field', async () => {
    const rep = await makeUser(t.db);
    const email = uniqueEmail('bob');
    await callerFor(t, rep).contacts.create({ firstName: 'Bob', lastName: 'One', email });
    const error = await clientError(
      callerFor(t, rep).contacts.create({ firstName: 'Bob', lastName: 'Two', email: email.replace('bob', 'BOB') }),
    );
    expect(error.code).toBe('CONFLICT');
    expect(error.fieldErrors).toEqual({ email: ['A contact with this email already exists'] });
  });

  it('relies on the case-insensitive collation too: the database itself refuses Bob@ after bob@', async () => {
    const rep = await makeUser(t.db);
    const email = uniqueEmail('bob');
    await makeContact(t.db, { ownerId: rep.id, email });
    let code: string | undefined;
    try {
      await t.db.insert(contacts).values({ firstName: 'B', lastName: 'B', ownerId: rep.id, email: email.replace('bob', 'Bob') });
    } catch (error) {
      code = mysqlErrorCode(error);
    }
    expect(code).toBe('ER_DUP_ENTRY');
  });

  it('refuses bad input with field errors', async () => {
    const rep = await makeUser(t.db);
    const caller = callerFor(t, rep);
    const bad = await clientError(caller.contacts.create({ firstName: '', lastName: 'X', email: 'not-an-email' }));
    expect(bad.code).toBe('BAD_REQUEST');
    expect(bad.fieldErrors?.firstName).toEqual(['First name is required']);
    expect(bad.fieldErrors?.email).toEqual(['Enter a valid email address']);

    const missingAccount = await clientError(caller.contacts.create({ firstName: 'A', lastName: 'B', accountId: 999_999_999 }));
    expect(missingAccount.code).toBe('BAD_REQUEST');
    expect(missingAccount.fieldErrors?.accountId).toEqual(['Choose an existing account']);

    const deleted = await makeAccount(t.db, { ownerId: rep.id, deletedAt: new Date() });
    const deletedAccount = await clientError(caller.contacts.create({ firstName: 'A', lastName: 'B', accountId: deleted.id }));
    expect(deletedAccount.fieldErrors?.accountId).toEqual(['Choose an existing account']);
  });

  it('lets a manager assign the owner, but not a rep', async () => {
    const manager = await makeUser(t.db, { role: 'manager' });
    const rep = await makeUser(t.db);
    const otherRep = await makeUser(t.db);
    expect((await callerFor(t, manager).contacts.create({ firstName: 'A', lastName: 'B', ownerId: rep.id })).ownerId).toBe(rep.id);
    await expect(
      callerFor(t, rep).contacts.create({ firstName: 'A', lastName: 'B', ownerId: otherRep.id }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});

describe('contacts.getById', () => {
  it('is readable by anyone signed in and NOT_FOUND for an unknown id', async () => {
    const rep = await makeUser(t.db);
    const csm = await makeUser(t.db, { role: 'csm' });
    const account = await makeAccount(t.db, { ownerId: rep.id, accountName: 'Initech' });
    const contact = await makeContact(t.db, { ownerId: rep.id, accountId: account.id });
    expect(await callerFor(t, csm).contacts.getById({ id: contact.id })).toMatchObject({
      id: contact.id,
      accountName: 'Initech',
      ownerName: rep.name,
    });
    await expect(callerFor(t, csm).contacts.getById({ id: 999_999_999 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(callerFor(t, null).contacts.getById({ id: contact.id })).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });
});

describe('contacts.update', () => {
  it('lets the owner change fields, bumps the version and audits what changed', async () => {
    const rep = await makeUser(t.db);
    const account = await makeAccount(t.db, { ownerId: rep.id, accountName: 'Globex' });
    const contact = await makeContact(t.db, { ownerId: rep.id, title: 'Engineer' });
    const email = uniqueEmail('hank');
    const updated = await callerFor(t, rep).contacts.update({
      id: contact.id,
      version: 1,
      title: 'VP Engineering',
      accountId: account.id,
      email: email.toUpperCase(),
    });
    expect(updated).toMatchObject({ title: 'VP Engineering', accountId: account.id, accountName: 'Globex', email, version: 2 });
    const audit = await auditRows(contact.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'update', actorId: rep.id });
    expect(audit[0]!.changes).toEqual({
      title: ['Engineer', 'VP Engineering'],
      accountId: [null, account.id],
      email: [contact.email, email],
    });
  });

  it('refuses an email another contact has, in any case, as a CONFLICT on the email field', async () => {
    const rep = await makeUser(t.db);
    const taken = uniqueEmail('taken');
    await makeContact(t.db, { ownerId: rep.id, email: taken });
    const contact = await makeContact(t.db, { ownerId: rep.id });
    const error = await clientError(callerFor(t, rep).contacts.update({ id: contact.id, email: taken.toUpperCase() }));
    expect(error.code).toBe('CONFLICT');
    expect(error.fieldErrors).toEqual({ email: ['A contact with this email already exists'] });
    expect((await callerFor(t, rep).contacts.getById({ id: contact.id })).email).toBe(contact.email);
  });

  it('forbids another rep and lets a manager change it', async () => {
    const owner = await makeUser(t.db);
    const otherRep = await makeUser(t.db);
    const manager = await makeUser(t.db, { role: 'manager' });
    const contact = await makeContact(t.db, { ownerId: owner.id });
    await expect(callerFor(t, otherRep).contacts.update({ id: contact.id, title: 'X' })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    expect((await callerFor(t, manager).contacts.update({ id: contact.id, title: 'X' })).title).toBe('X');
  });

  it('refuses a stale version with CONFLICT', async () => {
    const rep = await makeUser(t.db);
    const contact = await makeContact(t.db, { ownerId: rep.id });
    await callerFor(t, rep).contacts.update({ id: contact.id, version: 1, title: 'First' });
    const stale = await clientError(callerFor(t, rep).contacts.update({ id: contact.id, version: 1, title: 'Second' }));
    expect(stale.code).toBe('CONFLICT');
    expect((await callerFor(t, rep).contacts.getById({ id: contact.id })).title).toBe('First');
  });

  it('refuses a deleted account and an unknown contact', async () => {
    const rep = await makeUser(t.db);
    const contact = await makeContact(t.db, { ownerId: rep.id });
    const deleted = await makeAccount(t.db, { ownerId: rep.id, deletedAt: new Date() });
    const error = await clientError(callerFor(t, rep).contacts.update({ id: contact.id, accountId: deleted.id }));
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.fieldErrors?.accountId).toBeDefined();
    await expect(callerFor(t, rep).contacts.update({ id: 999_999_999, title: 'X' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('contacts.delete', () => {
  it('removes the contact for good and audits it; other reps are forbidden', async () => {
    const owner = await makeUser(t.db);
    const otherRep = await makeUser(t.db);
    const contact = await makeContact(t.db, { ownerId: owner.id, lastName: 'Gone' });
    await expect(callerFor(t, otherRep).contacts.delete({ id: contact.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });

    expect(await callerFor(t, owner).contacts.delete({ id: contact.id })).toEqual({ id: contact.id });
    expect(await t.db.select().from(contacts).where(eq(contacts.id, contact.id))).toEqual([]);
    await expect(callerFor(t, owner).contacts.getById({ id: contact.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(callerFor(t, owner).contacts.delete({ id: contact.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });

    const audit = await auditRows(contact.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'delete', actorId: owner.id, changes: { lastName: 'Gone', email: contact.email } });
  });

  it('lets an admin delete anyone’s contact', async () => {
    const owner = await makeUser(t.db);
    const admin = await makeUser(t.db, { role: 'admin' });
    const contact = await makeContact(t.db, { ownerId: owner.id });
    await callerFor(t, admin).contacts.delete({ id: contact.id });
    await expect(callerFor(t, owner).contacts.getById({ id: contact.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('contacts.listByAccount', () => {
  it('walks ~30 contacts 7 at a time by last name: every contact once, in order', async () => {
    const rep = await makeUser(t.db);
    const account = await makeAccount(t.db, { ownerId: rep.id });
    const other = await makeAccount(t.db, { ownerId: rep.id });
    await makeContact(t.db, { ownerId: rep.id, accountId: other.id, lastName: 'Aaron' });
    const made = [];
    for (let i = 0; i < 31; i += 1) {
      // Only 8 distinct last names: ties are broken by id.
      made.push(await makeContact(t.db, { ownerId: rep.id, accountId: account.id, lastName: `Name${String.fromCharCode(72 - (i % 8))}` }));
    }
    const caller = callerFor(t, rep);
    const { items: seen, pages } = await walkPages((cursor) => caller.contacts.listByAccount({ accountId: account.id, limit: 7, cursor }), 10);

    expect(pages).toBe(5);
    const expected = [...made].sort((a, b) => (a.lastName === b.lastName ? a.id - b.id : a.lastName < b.lastName ? -1 : 1));
    expect(seen.map((c) => c.id)).toEqual(expected.map((c) => c.id));
  });

  it('is NOT_FOUND for a deleted account', async () => {
    const rep = await makeUser(t.db);
    const deleted = await makeAccount(t.db, { ownerId: rep.id, deletedAt: new Date() });
    await expect(callerFor(t, rep).contacts.listByAccount({ accountId: deleted.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('contacts.list', () => {
  it('filters by owner, account, search and creation date, and sorts', async () => {
    const rep = await makeUser(t.db);
    const clock = fixedClock(new Date('2026-02-01T09:00:00.000Z'));
    const caller = callerFor(t, rep, clock);
    const account = await makeAccount(t.db, { ownerId: rep.id, accountName: 'Wonka' });
    const charlie = await caller.contacts.create({ firstName: 'Charlie', lastName: 'Bucket', email: uniqueEmail('charlie') });
    clock.set(new Date('2026-03-01T09:00:00.000Z'));
    const willy = await caller.contacts.create({ firstName: 'Willy', lastName: 'Wonka', accountId: account.id, email: uniqueEmail('willy') });
    clock.set(new Date('2026-04-01T09:00:00.000Z'));
    const grandpa = await caller.contacts.create({ firstName: 'Joe', lastName: 'Bucket', accountId: account.id, email: 'grandpa.joe@wonka.test' });
    const ids = async (filters: Parameters<typeof caller.contacts.list>[0]) =>
      (await caller.contacts.list({ ownerId: rep.id, ...filters })).items.map((c) => c.id);

    expect(await ids({})).toEqual([charlie.id, grandpa.id, willy.id]);
    expect(await ids({ sortDirection: 'desc' })).toEqual([willy.id, grandpa.id, charlie.id]);
    expect(await ids({ sort: 'createdAt', sortDirection: 'desc' })).toEqual([grandpa.id, willy.id, charlie.id]);
    expect(await ids({ accountId: account.id })).toEqual([grandpa.id, willy.id]);
    expect(await ids({ search: 'bucket' })).toEqual([charlie.id, grandpa.id]);
    expect(await ids({ search: 'Willy Wonka' })).toEqual([willy.id]);
    expect(await ids({ search: '@wonka.test' })).toEqual([grandpa.id]);
    expect(await ids({ createdAt: { from: new Date('2026-02-15T00:00:00Z'), to: new Date('2026-03-15T00:00:00Z') } })).toEqual([
      willy.id,
    ]);

    const [row] = (await caller.contacts.list({ ownerId: rep.id, accountId: account.id, limit: 1 })).items;
    expect(row).toMatchObject({ accountName: 'Wonka', ownerName: rep.name });
  });
});

describe('moving a contact to another account', () => {
  it('moves the contact’s activities to the new account’s timeline', async () => {
    const rep = await makeUser(t.db);
    const oldAccount = await makeAccount(t.db, { ownerId: rep.id, accountName: 'Old Co' });
    const newAccount = await makeAccount(t.db, { ownerId: rep.id, accountName: 'New Co' });
    const contact = await makeContact(t.db, { ownerId: rep.id, accountId: oldAccount.id });
    const caller = callerFor(t, rep);
    await caller.activities.create({ type: 'call', subject: 'Intro call', relatedToType: 'contact', relatedToId: contact.id });

    await caller.contacts.update({ id: contact.id, accountId: newAccount.id });

    const moved = await caller.activities.timeline({ accountId: newAccount.id });
    expect(moved.items.map((a) => a.subject)).toEqual(['Intro call']);
    const left = await caller.activities.timeline({ accountId: oldAccount.id });
    expect(left.items).toEqual([]);
  });
});

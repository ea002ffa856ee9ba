import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { accounts, auditLog, contacts, leads, opportunities, opportunityStageHistory } from '../../../drizzle/schema';
import { fixedClock } from '../../../server/lib/clock';
import { DomainError } from '../../../server/lib/errors';
import { convertLead } from '../../../server/services/leadConversion';
import { type SessionUser, userActor } from '../../../server/lib/actor';
import { auditTrail } from '../../helpers/audit';
import { callerFor } from '../../helpers/context';
import { clientError } from '../../helpers/errorShape';
import { makeAccount } from '../../helpers/factories/accounts';
import { makeContact } from '../../helpers/factories/contacts';
import { makeLead } from '../../helpers/factories/leads';
import { makeUser } from '../../helpers/factories/users';
import { walkPages } from '../../helpers/paging';
import { useTestDatabase } from '../../helpers/testDatabase';

const t = useTestDatabase();
const clock = fixedClock(new Date('2026-11-23T10:00:00.000Z'));

let rep: SessionUser;
let otherRep: SessionUser;
let manager: SessionUser;
let admin: SessionUser;

beforeAll(async () => {
  rep = await makeUser(t.db, { role: 'rep', name: 'Rita Rep' });
  otherRep = await makeUser(t.db, { role: 'rep' });
  manager = await makeUser(t.db, { role: 'manager' });
  admin = await makeUser(t.db, { role: 'admin' });
});

const as = (user: SessionUser) => callerFor(t, user, clock);

const auditOf = (entityType: string, id: number) => auditTrail(t.db, entityType, id);

async function leadRow(id: number) {
  const [row] = await t.db.select().from(leads).where(eq(leads.id, id));
  return row!;
}

describe('leads.create', () => {
  it('creates a New lead owned by the rep, lower-cases the email and audits it', async () => {
    const lead = await as(rep).leads.create({
      firstName: ' Ada ',
      lastName: 'Lovelace',
      email: 'Ada@Engines.Example',
      company: 'Analytical Engines',
      title: 'VP Engineering',
      industry: 'Software',
      employees: 250,
      region: 'EMEA',
      leadSource: 'Webinar',
    });
    expect(lead).toMatchObject({
      firstName: 'Ada',
      lastName: 'Lovelace',
      email: 'ada@engines.example',
      company: 'Analytical Engines',
      employees: 250,
      status: 'New',
      score: 0,
      ownerId: rep.id,
      ownerName: 'Rita Rep',
      convertedAt: null,
      convertedAccountId: null,
      version: 1,
    });
    const audit = await auditOf('lead', lead.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'create', actorId: rep.id });
    expect(audit[0]!.changes).toMatchObject({ company: 'Analytical Engines', status: 'New' });
  });

  it('refuses missing names, a bad email and the Converted status with field errors', async () => {
    const error = await clientError(
      as(rep).leads.create({ firstName: '', lastName: 'X', company: '  ', email: 'not-an-email', status: 'Converted' as never }),
    );
    expect(error.code).toBe('BAD_REQUEST');
    expect(Object.keys(error.fieldErrors ?? {})).toEqual(expect.arrayContaining(['firstName', 'company', 'email', 'status']));
  });

  it('lets only managers and admins create a lead for someone else', async () => {
    const refused = await clientError(as(rep).leads.create({ firstName: 'A', lastName: 'B', company: 'C', ownerId: otherRep.id }));
    expect(refused.code).toBe('FORBIDDEN');
    const assigned = await as(manager).leads.create({ firstName: 'A', lastName: 'B', company: 'C', ownerId: otherRep.id });
    expect(assigned.ownerId).toBe(otherRep.id);
  });
});

describe('leads.getById', () => {
  it('returns the lead and NOT_FOUND for a missing one', async () => {
    const lead = await makeLead(t.db, { ownerId: rep.id });
    await expect(as(otherRep).leads.getById({ id: lead.id })).resolves.toMatchObject({ id: lead.id, ownerName: 'Rita Rep' });
    expect((await clientError(as(rep).leads.getById({ id: 99_999_999 }))).code).toBe('NOT_FOUND');
  });
});

describe('leads.update', () => {
  it('changes the fields sent, bumps the version and audits the difference', async () => {
    const lead = await makeLead(t.db, { ownerId: rep.id, status: 'New' });
    const updated = await as(rep).leads.update({ id: lead.id, version: 1, status: 'Working', title: 'CTO', phone: '' });
    expect(updated).toMatchObject({ status: 'Working', title: 'CTO', phone: null, company: lead.company, version: 2 });
    const audit = await auditOf('lead', lead.id);
    expect(audit.at(-1)).toMatchObject({ action: 'update', actorId: rep.id });
    expect(audit.at(-1)!.changes).toEqual({ status: ['New', 'Working'], title: [null, 'CTO'] });
  });

  it('ignores a score sent by a client (it is computed, not edited)', async () => {
    const lead = await makeLead(t.db, { ownerId: rep.id, score: 42 });
    const updated = await as(rep).leads.update({ id: lead.id, score: 99, title: 'Director' } as never);
    expect(updated).toMatchObject({ score: 42, title: 'Director' });
  });

  it('refuses a stale version with CONFLICT', async () => {
    const lead = await makeLead(t.db, { ownerId: rep.id });
    await as(rep).leads.update({ id: lead.id, version: 1, title: 'First' });
    const stale = await clientError(as(rep).leads.update({ id: lead.id, version: 1, title: 'Second' }));
    expect(stale.code).toBe('CONFLICT');
    expect(stale.message).toMatch(/changed by someone else/);
    expect((await leadRow(lead.id)).title).toBe('First');
  });

  it("refuses another rep's lead but lets a manager change it", async () => {
    const lead = await makeLead(t.db, { ownerId: otherRep.id });
    expect((await clientError(as(rep).leads.update({ id: lead.id, title: 'Mine now' }))).code).toBe('FORBIDDEN');
    await expect(as(manager).leads.update({ id: lead.id, title: 'Fixed' })).resolves.toMatchObject({ title: 'Fixed' });
  });

  it('refuses to set Converted by hand, and NOT_FOUND for a missing lead', async () => {
    const lead = await makeLead(t.db, { ownerId: rep.id });
    const converted = await clientError(as(rep).leads.update({ id: lead.id, status: 'Converted' as never }));
    expect(converted.fieldErrors?.status).toBeDefined();
    expect((await clientError(as(rep).leads.update({ id: 99_999_999, title: 'x' }))).code).toBe('NOT_FOUND');
  });

  it('refuses changes to a converted lead', async () => {
    const lead = await makeLead(t.db, { ownerId: rep.id });
    await as(rep).leads.convert({ id: lead.id });
    const error = await clientError(as(rep).leads.update({ id: lead.id, status: 'Working' }));
    expect(error.code).toBe('CONFLICT');
    expect((await leadRow(lead.id)).status).toBe('Converted');
  });
});

describe('leads.convert', () => {
  it('creates an account (named after the company, domain from the email) and a contact, and marks the lead converted', async () => {
    const lead = await makeLead(t.db, {
      ownerId: rep.id,
      firstName: 'Grace',
      lastName: 'Hopper',
      email: 'grace@cobol-systems.example',
      phone: '+1 555 0100',
      title: 'CTO',
      company: 'COBOL Systems',
      industry: 'Software',
      region: 'NA',
    });
    const converted = await as(rep).leads.convert({ id: lead.id });
    expect(converted).toMatchObject({
      status: 'Converted',
      convertedAt: clock.now(),
      convertedAccountName: 'COBOL Systems',
      convertedContactName: 'Grace Hopper',
      convertedOpportunityId: null,
      convertedOpportunityName: null,
      version: lead.version + 1,
    });
    const [account] = await t.db.select().from(accounts).where(eq(accounts.id, converted.convertedAccountId!));
    expect(account).toMatchObject({
      accountName: 'COBOL Systems',
      domain: 'cobol-systems.example',
      industry: 'Software',
      region: 'NA',
      ownerId: rep.id,
    });
    const [contact] = await t.db.select().from(contacts).where(eq(contacts.id, converted.convertedContactId!));
    expect(contact).toMatchObject({
      firstName: 'Grace',
      lastName: 'Hopper',
      email: 'grace@cobol-systems.example',
      phone: '+1 555 0100',
      title: 'CTO',
      accountId: account!.id,
      ownerId: rep.id,
    });
    expect(await auditOf('account', account!.id)).toMatchObject([{ action: 'create', actorId: rep.id }]);
    expect(await auditOf('contact', contact!.id)).toMatchObject([{ action: 'create', actorId: rep.id }]);
    const leadAudit = await auditOf('lead', lead.id);
    expect(leadAudit.at(-1)).toMatchObject({ action: 'update', actorId: rep.id });
    expect(leadAudit.at(-1)!.changes).toMatchObject({
      status: [lead.status, 'Converted'],
      convertedAccountId: [null, account!.id],
      convertedContactId: [null, contact!.id],
    });
  });

  it('opens a deal with the stage defaults and its opening stage-history row, under a chosen account name', async () => {
    const lead = await makeLead(t.db, { ownerId: rep.id, company: 'Initech' });
    const converted = await as(rep).leads.convert({
      id: lead.id,
      accountName: 'Initech Group',
      createOpportunity: { opportunityName: 'Initech pilot', amount: '12000.50', closeDate: '2027-01-31', stage: 'Discovery' },
    });
    expect(converted).toMatchObject({ convertedAccountName: 'Initech Group', convertedOpportunityName: 'Initech pilot' });
    const [deal] = await t.db.select().from(opportunities).where(eq(opportunities.id, converted.convertedOpportunityId!));
    expect(deal).toMatchObject({
      accountId: converted.convertedAccountId,
      stage: 'Discovery',
      amount: '12000.50',
      closeDate: '2027-01-31',
      probability: 10,
      probabilityOverridden: false,
      forecastCategory: 'Pipeline',
      stageEnteredAt: clock.now(),
      ownerId: rep.id,
    });
    const history = await t.db.select().from(opportunityStageHistory).where(eq(opportunityStageHistory.opportunityId, deal!.id));
    expect(history).toMatchObject([{ fromStage: null, toStage: 'Discovery', amount: '12000.50', closeDate: '2027-01-31', changedById: rep.id }]);
    expect(await auditOf('opportunity', deal!.id)).toMatchObject([{ action: 'create' }]);
  });

  it('starts a deal in Prospecting when no stage is given', async () => {
    const lead = await makeLead(t.db, { ownerId: rep.id });
    const converted = await as(rep).leads.convert({ id: lead.id, createOpportunity: { opportunityName: 'First deal' } });
    const [deal] = await t.db.select().from(opportunities).where(eq(opportunities.id, converted.convertedOpportunityId!));
    expect(deal).toMatchObject({ stage: 'Prospecting', probability: 5, forecastCategory: 'Pipeline', amount: null, closeDate: null });
  });

  it('links to an existing account instead of creating one', async () => {
    const existing = await makeAccount(t.db, { ownerId: otherRep.id, accountName: 'Umbrella Corp' });
    const lead = await makeLead(t.db, { ownerId: rep.id, company: 'Umbrella' });
    const before = await t.db.select({ id: accounts.id }).from(accounts);
    const converted = await as(rep).leads.convert({
      id: lead.id,
      accountId: existing.id,
      createOpportunity: { opportunityName: 'Umbrella renewal' },
    });
    expect(converted).toMatchObject({ convertedAccountId: existing.id, convertedAccountName: 'Umbrella Corp' });
    expect(await t.db.select({ id: accounts.id }).from(accounts)).toHaveLength(before.length);
    const [contact] = await t.db.select().from(contacts).where(eq(contacts.id, converted.convertedContactId!));
    expect(contact!.accountId).toBe(existing.id);
    const [deal] = await t.db.select().from(opportunities).where(eq(opportunities.id, converted.convertedOpportunityId!));
    expect(deal!.accountId).toBe(existing.id);
  });

  it('reuses the contact that already has the email (whatever its case) and attaches it to the account', async () => {
    const lead = await makeLead(t.db, { ownerId: rep.id, email: 'linus@kernel-works.example' });
    const person = await makeContact(t.db, { ownerId: rep.id, accountId: null, email: 'Linus@Kernel-Works.example' });
    const contactsBefore = await t.db.select({ id: contacts.id }).from(contacts);
    const converted = await as(rep).leads.convert({ id: lead.id });
    expect(converted.convertedContactId).toBe(person.id);
    expect(await t.db.select({ id: contacts.id }).from(contacts)).toHaveLength(contactsBefore.length);
    const [contact] = await t.db.select().from(contacts).where(eq(contacts.id, person.id));
    expect(contact).toMatchObject({ accountId: converted.convertedAccountId, ownerId: rep.id, version: 2 });
    expect((await auditOf('contact', person.id)).at(-1)).toMatchObject({
      action: 'update',
      actorId: rep.id,
      changes: { accountId: [null, converted.convertedAccountId] },
    });
  });

  it("links another rep's contact with the lead's email without changing it", async () => {
    // The attack: rep B's contact has email X; rep A converts a lead with email X. A may not edit B's contact.
    const lead = await makeLead(t.db, { ownerId: rep.id, email: 'ada@analytical.example' });
    const theirs = await makeContact(t.db, { ownerId: otherRep.id, accountId: null, email: 'ada@analytical.example' });
    expect((await clientError(as(rep).contacts.update({ id: theirs.id, accountId: null, title: 'x' }))).code).toBe('FORBIDDEN');
    const converted = await as(rep).leads.convert({ id: lead.id });
    expect(converted.convertedContactId).toBe(theirs.id);
    const [contact] = await t.db.select().from(contacts).where(eq(contacts.id, theirs.id));
    expect(contact).toMatchObject({ accountId: null, ownerId: otherRep.id, version: 1 });
    expect(await auditOf('contact', theirs.id)).toEqual([]);
  });

  it('reuses a contact already at another account without moving it', async () => {
    const home = await makeAccount(t.db, { ownerId: rep.id });
    const person = await makeContact(t.db, { ownerId: rep.id, accountId: home.id });
    const lead = await makeLead(t.db, { ownerId: rep.id, email: person.email });
    const converted = await as(rep).leads.convert({ id: lead.id });
    expect(converted.convertedContactId).toBe(person.id);
    expect(converted.convertedAccountId).not.toBe(home.id);
    const [contact] = await t.db.select().from(contacts).where(eq(contacts.id, person.id));
    expect(contact).toMatchObject({ accountId: home.id, version: 1 });
  });

  it('gives the account no domain for a personal mailbox or a lead without email', async () => {
    const gmail = await makeLead(t.db, { ownerId: rep.id, email: 'someone@gmail.com' });
    const none = await makeLead(t.db, { ownerId: rep.id, email: null });
    for (const lead of [gmail, none]) {
      const converted = await as(rep).leads.convert({ id: lead.id });
      const [account] = await t.db.select().from(accounts).where(eq(accounts.id, converted.convertedAccountId!));
      expect(account!.domain).toBeNull();
    }
  });

  it('refuses a second conversion with CONFLICT and changes nothing', async () => {
    const lead = await makeLead(t.db, { ownerId: rep.id });
    const first = await as(rep).leads.convert({ id: lead.id });
    const second = await clientError(as(rep).leads.convert({ id: lead.id, createOpportunity: { opportunityName: 'Again' } }));
    expect(second).toMatchObject({ code: 'CONFLICT', message: 'This lead was already converted' });
    expect(await leadRow(lead.id)).toMatchObject({
      convertedAccountId: first.convertedAccountId,
      convertedOpportunityId: null,
      version: first.version,
    });
  });

  it('lets only one of two simultaneous conversions win', async () => {
    const lead = await makeLead(t.db, { ownerId: rep.id, company: 'Racing Ltd' });
    const results = await Promise.allSettled([
      as(rep).leads.convert({ id: lead.id }),
      as(manager).leads.convert({ id: lead.id }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((r) => r.status === 'rejected');
    expect((await clientError(Promise.reject((rejected as PromiseRejectedResult).reason))).code).toBe('CONFLICT');
    expect(await t.db.select().from(accounts).where(eq(accounts.accountName, 'Racing Ltd'))).toHaveLength(1);
  });

  it('never makes two contacts when two leads with one email are converted at the same moment', async () => {
    const email = 'twin@same-person.example';
    const first = await makeLead(t.db, { ownerId: rep.id, email });
    const second = await makeLead(t.db, { ownerId: rep.id, email });
    const results = await Promise.allSettled([as(rep).leads.convert({ id: first.id }), as(rep).leads.convert({ id: second.id })]);
    for (const result of results) {
      if (result.status === 'rejected') expect((await clientError(Promise.reject(result.reason))).code).toBe('CONFLICT');
    }
    expect(await t.db.select().from(contacts).where(eq(contacts.email, email))).toHaveLength(1);
    // Whoever lost simply tries again and is linked to the contact the other one made.
    for (const lead of [first, second]) {
      if ((await leadRow(lead.id)).status !== 'Converted') await as(rep).leads.convert({ id: lead.id });
    }
    const [a, b] = [await leadRow(first.id), await leadRow(second.id)];
    expect(a.convertedContactId).toBe(b.convertedContactId);
  });

  it("refuses a rep converting another rep's lead; the owner's manager and an admin may", async () => {
    const lead = await makeLead(t.db, { ownerId: otherRep.id, company: 'Not Yours Inc' });
    expect((await clientError(as(rep).leads.convert({ id: lead.id }))).code).toBe('FORBIDDEN');
    expect(await t.db.select().from(accounts).where(eq(accounts.accountName, 'Not Yours Inc'))).toHaveLength(0);
    const converted = await as(manager).leads.convert({ id: lead.id });
    // The customer stays with the lead's owner, not with whoever pressed Convert.
    const [account] = await t.db.select().from(accounts).where(eq(accounts.id, converted.convertedAccountId!));
    expect(account!.ownerId).toBe(otherRep.id);
    const another = await makeLead(t.db, { ownerId: otherRep.id });
    await expect(as(admin).leads.convert({ id: another.id })).resolves.toMatchObject({ status: 'Converted' });
  });

  it('refuses a stale version, a missing lead, and conflicting or invalid choices', async () => {
    const lead = await makeLead(t.db, { ownerId: rep.id });
    await as(rep).leads.update({ id: lead.id, title: 'Bumped' });
    expect((await clientError(as(rep).leads.convert({ id: lead.id, version: 1 }))).code).toBe('CONFLICT');
    expect((await clientError(as(rep).leads.convert({ id: 99_999_999 }))).code).toBe('NOT_FOUND');
    const existing = await makeAccount(t.db, { ownerId: rep.id });
    const both = await clientError(as(rep).leads.convert({ id: lead.id, accountId: existing.id, accountName: 'New one' }));
    expect(both.fieldErrors?.accountName).toBeDefined();
    const closed = await clientError(
      as(rep).leads.convert({ id: lead.id, createOpportunity: { opportunityName: 'Done deal', stage: 'Closed Won' as never } }),
    );
    expect(closed.fieldErrors?.createOpportunity).toEqual(['Choose an open stage']);
    const noName = await clientError(as(rep).leads.convert({ id: lead.id, createOpportunity: { opportunityName: ' ' } }));
    expect(noName.code).toBe('BAD_REQUEST');
    expect((await leadRow(lead.id)).status).not.toBe('Converted');
  });

  it('refuses an unknown or deleted account with a field error and writes nothing', async () => {
    const lead = await makeLead(t.db, { ownerId: rep.id, email: 'nobody@ghost-account.example' });
    const deleted = await makeAccount(t.db, { ownerId: rep.id, deletedAt: new Date() });
    for (const accountId of [99_999_999, deleted.id]) {
      const error = await clientError(as(rep).leads.convert({ id: lead.id, accountId, createOpportunity: { opportunityName: 'Ghost' } }));
      expect(error.code).toBe('BAD_REQUEST');
      expect(error.fieldErrors?.accountId).toEqual(['Choose an existing account']);
    }
    expect(await t.db.select().from(contacts).where(eq(contacts.email, 'nobody@ghost-account.example'))).toHaveLength(0);
    expect(await t.db.select().from(opportunities).where(eq(opportunities.opportunityName, 'Ghost'))).toHaveLength(0);
    expect((await leadRow(lead.id)).status).not.toBe('Converted');
  });

  it('rolls everything back when a late step fails (the opportunity insert)', async () => {
    const lead = await makeLead(t.db, { ownerId: rep.id, company: 'Rollback Industries', email: 'pat@rollback.example' });
    const auditBefore = await t.db.select({ id: auditLog.id }).from(auditLog);
    // Straight to the service, past the router's zod: the name is longer than the column, so creating the
    // deal refuses it after the account and contact were already inserted in the same transaction.
    const call = convertLead(t.db, userActor(rep), {
      id: lead.id,
      accountId: null,
      createOpportunity: { opportunityName: 'x'.repeat(300), amount: null, closeDate: null, stage: 'Prospecting' },
    }, clock.now());
    const failure = await call.then(
      () => null,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(DomainError);
    expect((failure as DomainError).fieldErrors).toEqual({ opportunityName: ['Opportunity name must be at most 255 characters'] });
    expect(await t.db.select().from(accounts).where(eq(accounts.accountName, 'Rollback Industries'))).toHaveLength(0);
    expect(await t.db.select().from(contacts).where(eq(contacts.email, 'pat@rollback.example'))).toHaveLength(0);
    expect(await leadRow(lead.id)).toMatchObject({
      status: lead.status,
      convertedAt: null,
      convertedAccountId: null,
      convertedContactId: null,
      version: lead.version,
    });
    expect(await t.db.select({ id: auditLog.id }).from(auditLog)).toHaveLength(auditBefore.length);
  });

  it("accepts an opportunity name at the column's limit and refuses one past it as BAD_REQUEST", async () => {
    const lead = await makeLead(t.db, { ownerId: rep.id });
    const tooLong = await clientError(as(rep).leads.convert({ id: lead.id, createOpportunity: { opportunityName: 'y'.repeat(256) } }));
    expect(tooLong.fieldErrors?.createOpportunity).toEqual(['Opportunity name must be at most 255 characters']);
    expect(tooLong.code).toBe('BAD_REQUEST');
    const ok = await as(rep).leads.convert({ id: lead.id, createOpportunity: { opportunityName: 'y'.repeat(255) } });
    expect(ok.convertedOpportunityName).toHaveLength(255);
  });
});

describe('leads.list', () => {
  it('filters by owner, status, source, search and creation date', async () => {
    const owner = await makeUser(t.db);
    const jan = new Date('2026-01-10T00:00:00.000Z');
    const mar = new Date('2026-03-10T00:00:00.000Z');
    const a = await makeLead(t.db, { ownerId: owner.id, firstName: 'Marie', lastName: 'Curie', company: 'Radium SA', status: 'Working', leadSource: 'Referral', createdAt: jan });
    const b = await makeLead(t.db, { ownerId: owner.id, company: 'Polonium Ltd', email: 'info@polonium.example', status: 'New', leadSource: 'Web', createdAt: mar });
    const c = await makeLead(t.db, { ownerId: owner.id, company: 'Other', status: 'Working', leadSource: 'Web', createdAt: mar });
    const ids = async (input: Parameters<ReturnType<typeof as>['leads']['list']>[0]) =>
      (await as(rep).leads.list({ ownerId: owner.id, ...input })).items.map((l) => l.id).sort((x, y) => x - y);
    expect(await ids({})).toEqual([a.id, b.id, c.id]);
    expect(await ids({ status: 'Working' })).toEqual([a.id, c.id]);
    expect(await ids({ leadSource: 'Web' })).toEqual([b.id, c.id]);
    expect(await ids({ search: 'Marie Curie' })).toEqual([a.id]);
    expect(await ids({ search: 'polonium.example' })).toEqual([b.id]);
    expect(await ids({ search: 'radium' })).toEqual([a.id]);
    expect(await ids({ createdAt: { from: new Date('2026-02-01T00:00:00.000Z') } })).toEqual([b.id, c.id]);
    expect(await ids({ createdAt: { to: new Date('2026-02-01T00:00:00.000Z') } })).toEqual([a.id]);
    const [row] = (await as(rep).leads.list({ ownerId: owner.id, search: 'Radium' })).items;
    expect(row).toMatchObject({ ownerName: owner.name });
  });

  it('refuses an unknown sort, a reversed date range and an oversized page', async () => {
    expect((await clientError(as(rep).leads.list({ sort: 'email' as never }))).fieldErrors?.sort).toBeDefined();
    expect((await clientError(as(rep).leads.list({ limit: 201 }))).fieldErrors?.limit).toBeDefined();
    const range = await clientError(as(rep).leads.list({ createdAt: { from: new Date('2026-02-01'), to: new Date('2026-01-01') } }));
    expect(range.code).toBe('BAD_REQUEST');
    expect((await clientError(as(rep).leads.list({ cursor: 'garbage' }))).code).toBe('BAD_REQUEST');
  });

  describe('keyset paging over 23 leads, 5 per page', () => {
    let owner: SessionUser;
    let rows: Awaited<ReturnType<typeof makeLead>>[];

    beforeAll(async () => {
      owner = await makeUser(t.db);
      const base = Date.parse('2026-05-01T00:00:00.000Z');
      rows = [];
      for (let i = 0; i < 23; i += 1) {
        rows.push(
          await makeLead(t.db, {
            ownerId: owner.id,
            // Repeats in every sort key make the id tie-breaker do real work.
            company: `Company ${String.fromCharCode(65 + (i % 6))}`,
            score: (i * 7) % 5 * 10,
            createdAt: new Date(base + Math.floor(i / 4) * 60_000),
            updatedAt: new Date(base + (i % 3) * 60_000),
          }),
        );
      }
    });

    it.each([
      ['createdAt', 'asc'],
      ['createdAt', 'desc'],
      ['updatedAt', 'desc'],
      ['score', 'desc'],
      ['score', 'asc'],
      ['company', 'asc'],
      ['company', 'desc'],
    ] as const)('by %s %s: every lead once, in order', async (sort, sortDirection) => {
      const walk = await walkPages((cursor) => as(rep).leads.list({ ownerId: owner.id, sort, sortDirection, limit: 5, cursor }), 10);
      expect(walk.largestPage).toBeLessThanOrEqual(5);
      expect(walk.pages).toBe(5);
      const key = (l: (typeof rows)[number]) => {
        const v = l[sort];
        return v instanceof Date ? v.getTime() : v;
      };
      const expected = [...rows]
        .sort((x, y) => {
          const [kx, ky] = [key(x), key(y)];
          const cmp = kx < ky ? -1 : kx > ky ? 1 : x.id - y.id;
          return sortDirection === 'asc' ? cmp : -cmp;
        })
        .map((l) => l.id);
      expect(walk.items.map((r) => r.id)).toEqual(expected);
    });
  });
});

import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { accounts } from '../../../drizzle/schema';
import { fixedClock } from '../../../server/lib/clock';
import { auditTrail } from '../../helpers/audit';
import { callerFor } from '../../helpers/context';
import { clientError } from '../../helpers/errorShape';
import { makeAccount } from '../../helpers/factories/accounts';
import { makeUser } from '../../helpers/factories/users';
import { walkPages } from '../../helpers/paging';
import { useTestDatabase } from '../../helpers/testDatabase';

const t = useTestDatabase();

const auditRows = (entityId: number) => auditTrail(t.db, 'account', entityId);

describe('accounts.create', () => {
  it('creates an account owned by the rep, derives the domain from the website and audits it', async () => {
    const rep = await makeUser(t.db, { role: 'rep' });
    const created = await callerFor(t, rep).accounts.create({
      accountName: '  Acme Corp ',
      industry: 'Manufacturing',
      region: 'EMEA',
      website: 'https://www.Acme-Example.com/about',
    });
    expect(created).toMatchObject({
      accountName: 'Acme Corp',
      industry: 'Manufacturing',
      region: 'EMEA',
      vertical: null,
      securityPosture: 'standard',
      // Stored as the URL parser normalises it (the host lower-cased).
      website: 'https://www.acme-example.com/about',
      domain: 'acme-example.com',
      parentAccountId: null,
      ownerId: rep.id,
      ownerName: rep.name,
      parentAccountName: null,
      childAccounts: [],
      version: 1,
    });
    const audit = await auditRows(created.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'create', actorId: rep.id });
    expect(audit[0]!.changes).toMatchObject({ accountName: 'Acme Corp', domain: 'acme-example.com' });
  });

  it('normalises a typed domain, which wins over the website', async () => {
    const rep = await makeUser(t.db);
    const created = await callerFor(t, rep).accounts.create({
      accountName: 'Globex',
      website: 'https://shop.globex.com',
      domain: 'WWW.Globex.com',
      securityPosture: 'strict',
    });
    expect(created).toMatchObject({ domain: 'globex.com', securityPosture: 'strict' });
  });

  it('refuses bad input with field errors', async () => {
    const rep = await makeUser(t.db);
    const caller = callerFor(t, rep);

    const blank = await clientError(caller.accounts.create({ accountName: '   ' }));
    expect(blank.code).toBe('BAD_REQUEST');
    expect(blank.fieldErrors?.accountName).toEqual(['Account name is required']);

    const posture = await clientError(caller.accounts.create({ accountName: 'X', securityPosture: 'lax' as never }));
    expect(posture.code).toBe('BAD_REQUEST');
    expect(posture.fieldErrors?.securityPosture).toEqual(['Choose standard or strict']);

    const domain = await clientError(caller.accounts.create({ accountName: 'X', domain: 'not a domain' }));
    expect(domain.code).toBe('BAD_REQUEST');
    expect(domain.fieldErrors?.domain).toEqual(['Enter a web domain like acme.com']);

    const parent = await clientError(caller.accounts.create({ accountName: 'X', parentAccountId: 999_999_999 }));
    expect(parent.code).toBe('BAD_REQUEST');
    expect(parent.fieldErrors?.parentAccountId).toBeDefined();
  });

  it('lets a manager assign the owner, but not a rep', async () => {
    const manager = await makeUser(t.db, { role: 'manager' });
    const rep = await makeUser(t.db, { role: 'rep' });
    const otherRep = await makeUser(t.db, { role: 'rep' });

    const assigned = await callerFor(t, manager).accounts.create({ accountName: 'Initech', ownerId: rep.id });
    expect(assigned.ownerId).toBe(rep.id);

    await expect(callerFor(t, rep).accounts.create({ accountName: 'Hooli', ownerId: otherRep.id })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
  });

  it('refuses anyone not signed in', async () => {
    await expect(callerFor(t, null).accounts.create({ accountName: 'X' })).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await expect(callerFor(t, null).accounts.list()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });
});

describe('accounts.getById', () => {
  it('returns the owner name, the parent name and the live child accounts', async () => {
    const rep = await makeUser(t.db);
    const csm = await makeUser(t.db, { role: 'csm' });
    const parent = await makeAccount(t.db, { ownerId: rep.id, accountName: 'Umbrella Holdings' });
    const account = await makeAccount(t.db, { ownerId: rep.id, accountName: 'Umbrella EU', parentAccountId: parent.id });
    const childB = await makeAccount(t.db, { ownerId: rep.id, accountName: 'Umbrella Berlin', parentAccountId: account.id });
    const childA = await makeAccount(t.db, { ownerId: rep.id, accountName: 'Umbrella Amsterdam', parentAccountId: account.id });
    await makeAccount(t.db, { ownerId: rep.id, accountName: 'Gone', parentAccountId: account.id, deletedAt: new Date() });

    // Everyone signed in reads, whoever owns the record.
    const found = await callerFor(t, csm).accounts.getById({ id: account.id });
    expect(found).toMatchObject({ id: account.id, ownerName: rep.name, parentAccountName: 'Umbrella Holdings' });
    expect(found.childAccounts).toEqual([
      { id: childA.id, accountName: 'Umbrella Amsterdam' },
      { id: childB.id, accountName: 'Umbrella Berlin' },
    ]);
    expect(found).not.toHaveProperty('deletedAt');
  });

  it('is NOT_FOUND for an id that does not exist', async () => {
    const rep = await makeUser(t.db);
    await expect(callerFor(t, rep).accounts.getById({ id: 999_999_999 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('accounts.update', () => {
  it('lets the owner change fields, bumps the version and audits what changed', async () => {
    const rep = await makeUser(t.db);
    const account = await makeAccount(t.db, { ownerId: rep.id, accountName: 'Stark', website: 'stark.com', domain: 'stark.com' });
    const updated = await callerFor(t, rep).accounts.update({
      id: account.id,
      version: 1,
      industry: 'Defense',
      website: 'https://www.stark-industries.com',
    });
    expect(updated).toMatchObject({ industry: 'Defense', domain: 'stark-industries.com', version: 2, accountName: 'Stark' });

    const audit = await auditRows(account.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'update', actorId: rep.id });
    expect(audit[0]!.changes).toEqual({
      industry: [null, 'Defense'],
      website: ['stark.com', 'https://www.stark-industries.com'],
      domain: ['stark.com', 'stark-industries.com'],
    });
  });

  it('clears a field sent as an empty string and leaves fields that were not sent', async () => {
    const rep = await makeUser(t.db);
    const account = await makeAccount(t.db, { ownerId: rep.id, industry: 'Retail', region: 'APAC' });
    const updated = await callerFor(t, rep).accounts.update({ id: account.id, industry: '' });
    expect(updated).toMatchObject({ industry: null, region: 'APAC' });
  });

  it('forbids another rep, and lets a manager and an admin change it', async () => {
    const owner = await makeUser(t.db);
    const otherRep = await makeUser(t.db);
    const manager = await makeUser(t.db, { role: 'manager' });
    const admin = await makeUser(t.db, { role: 'admin' });
    const account = await makeAccount(t.db, { ownerId: owner.id });

    await expect(callerFor(t, otherRep).accounts.update({ id: account.id, region: 'NA' })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    expect((await callerFor(t, manager).accounts.update({ id: account.id, region: 'NA' })).region).toBe('NA');
    const reassigned = await callerFor(t, admin).accounts.update({ id: account.id, ownerId: otherRep.id });
    expect(reassigned).toMatchObject({ ownerId: otherRep.id, ownerName: otherRep.name });
  });

  it('refuses a stale version with CONFLICT and changes nothing', async () => {
    const rep = await makeUser(t.db);
    const account = await makeAccount(t.db, { ownerId: rep.id, region: 'EMEA' });
    await callerFor(t, rep).accounts.update({ id: account.id, version: 1, region: 'NA' });

    const stale = await clientError(callerFor(t, rep).accounts.update({ id: account.id, version: 1, region: 'LATAM' }));
    expect(stale.code).toBe('CONFLICT');
    expect(stale.message).toMatch(/changed by someone else/);
    expect((await callerFor(t, rep).accounts.getById({ id: account.id })).region).toBe('NA');
  });

  it('refuses a parent hierarchy loop on parentAccountId', async () => {
    const rep = await makeUser(t.db);
    const top = await makeAccount(t.db, { ownerId: rep.id, accountName: 'Top' });
    const middle = await makeAccount(t.db, { ownerId: rep.id, accountName: 'Middle', parentAccountId: top.id });
    const bottom = await makeAccount(t.db, { ownerId: rep.id, accountName: 'Bottom', parentAccountId: middle.id });
    const caller = callerFor(t, rep);

    const self = await clientError(caller.accounts.update({ id: top.id, parentAccountId: top.id }));
    expect(self.code).toBe('BAD_REQUEST');
    expect(self.fieldErrors?.parentAccountId).toBeDefined();

    const loop = await clientError(caller.accounts.update({ id: top.id, parentAccountId: bottom.id }));
    expect(loop.code).toBe('BAD_REQUEST');
    expect(loop.fieldErrors?.parentAccountId).toEqual(['An account cannot sit under itself or one of its own sub-accounts']);
    expect((await caller.accounts.getById({ id: top.id })).parentAccountId).toBeNull();

    // Moving a branch elsewhere in the tree, and back to the top, is fine.
    const other = await makeAccount(t.db, { ownerId: rep.id, accountName: 'Other' });
    expect((await caller.accounts.update({ id: middle.id, parentAccountId: other.id })).parentAccountName).toBe('Other');
    expect((await caller.accounts.update({ id: middle.id, parentAccountId: null })).parentAccountId).toBeNull();
  });

  it('refuses a deleted account as parent', async () => {
    const rep = await makeUser(t.db);
    const deleted = await makeAccount(t.db, { ownerId: rep.id, deletedAt: new Date() });
    const account = await makeAccount(t.db, { ownerId: rep.id });
    const error = await clientError(callerFor(t, rep).accounts.update({ id: account.id, parentAccountId: deleted.id }));
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.fieldErrors?.parentAccountId).toEqual(['Choose an existing account as the parent']);
  });
});

describe('accounts.delete', () => {
  it('soft-deletes: NOT_FOUND everywhere afterwards, children moved to the top, audited', async () => {
    const rep = await makeUser(t.db);
    const parent = await makeAccount(t.db, { ownerId: rep.id, accountName: 'Wayne Enterprises' });
    const child = await makeAccount(t.db, { ownerId: rep.id, parentAccountId: parent.id });
    const caller = callerFor(t, rep);

    expect(await caller.accounts.delete({ id: parent.id })).toEqual({ id: parent.id });

    await expect(caller.accounts.getById({ id: parent.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(caller.accounts.update({ id: parent.id, region: 'NA' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(caller.accounts.delete({ id: parent.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const listed = await caller.accounts.list({ ownerId: rep.id });
    expect(listed.items.map((a) => a.id)).toEqual([child.id]);

    const movedChild = await caller.accounts.getById({ id: child.id });
    expect(movedChild).toMatchObject({ parentAccountId: null, version: 2 });

    // The row is kept, marked deleted.
    const [row] = await t.db.select().from(accounts).where(eq(accounts.id, parent.id));
    expect(row?.deletedAt).toBeInstanceOf(Date);

    expect((await auditRows(parent.id)).map((a) => a.action)).toEqual(['delete']);
    const childAudit = await auditRows(child.id);
    expect(childAudit).toHaveLength(1);
    expect(childAudit[0]).toMatchObject({ action: 'update', changes: { parentAccountId: [parent.id, null] } });
  });

  it('forbids another rep and lets a manager delete', async () => {
    const owner = await makeUser(t.db);
    const otherRep = await makeUser(t.db);
    const manager = await makeUser(t.db, { role: 'manager' });
    const account = await makeAccount(t.db, { ownerId: owner.id });
    await expect(callerFor(t, otherRep).accounts.delete({ id: account.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await callerFor(t, manager).accounts.delete({ id: account.id });
    await expect(callerFor(t, owner).accounts.getById({ id: account.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('accounts.list', () => {
  it('filters by owner, industry, region, parent, search and creation date', async () => {
    const rep = await makeUser(t.db);
    const clock = fixedClock(new Date('2026-03-01T12:00:00.000Z'));
    const caller = callerFor(t, rep, clock);
    const acme = await caller.accounts.create({ accountName: 'Acme', industry: 'Retail', region: 'EMEA', website: 'acme.com' });
    clock.set(new Date('2026-04-01T12:00:00.000Z'));
    const beta = await caller.accounts.create({ accountName: 'Beta Labs', industry: 'Biotech', region: 'NA', domain: 'betalabs.io' });
    clock.set(new Date('2026-05-01T12:00:00.000Z'));
    const gamma = await caller.accounts.create({ accountName: 'Gamma', industry: 'Retail', region: 'NA', parentAccountId: acme.id });
    const ids = async (filters: Parameters<typeof caller.accounts.list>[0]) =>
      (await caller.accounts.list({ ownerId: rep.id, ...filters })).items.map((a) => a.id);

    expect(await ids({})).toEqual([acme.id, beta.id, gamma.id]);
    expect(await ids({ industry: 'Retail' })).toEqual([acme.id, gamma.id]);
    expect(await ids({ region: 'NA' })).toEqual([beta.id, gamma.id]);
    expect(await ids({ parentAccountId: acme.id })).toEqual([gamma.id]);
    expect(await ids({ search: 'labs' })).toEqual([beta.id]);
    expect(await ids({ search: 'acme.co' })).toEqual([acme.id]);
    expect(await ids({ search: 'betalabs.io' })).toEqual([beta.id]);
    expect(await ids({ createdAt: { from: new Date('2026-03-15T00:00:00Z'), to: new Date('2026-04-15T00:00:00Z') } })).toEqual([
      beta.id,
    ]);
    expect(await ids({ createdAt: { from: new Date('2026-04-15T00:00:00Z') } })).toEqual([gamma.id]);
    expect(await ids({ sort: 'createdAt', sortDirection: 'desc' })).toEqual([gamma.id, beta.id, acme.id]);

    const [row] = (await caller.accounts.list({ ownerId: rep.id, search: 'Acme' })).items;
    expect(row).toMatchObject({ ownerName: rep.name, domain: 'acme.com' });
  });

  it('refuses an unknown sort column and an oversized page', async () => {
    const rep = await makeUser(t.db);
    const sort = await clientError(callerFor(t, rep).accounts.list({ sort: 'ownerId' as never }));
    expect(sort.code).toBe('BAD_REQUEST');
    expect(sort.fieldErrors?.sort).toBeDefined();
    const limit = await clientError(callerFor(t, rep).accounts.list({ limit: 500 }));
    expect(limit.fieldErrors?.limit).toBeDefined();
  });

  describe('keyset paging over 30 accounts, 7 per page', () => {
    async function walk(
      caller: ReturnType<typeof callerFor>,
      params: { ownerId: string; sort: 'accountName' | 'createdAt' | 'updatedAt' | 'lastActivityAt'; sortDirection: 'asc' | 'desc' },
    ) {
      const { items: seen, pages, largestPage } = await walkPages((cursor) => caller.accounts.list({ ...params, limit: 7, cursor }), 10);
      expect(largestPage).toBeLessThanOrEqual(7);
      return { seen, pages };
    }

    async function makeThirty() {
      const rep = await makeUser(t.db);
      const base = Date.parse('2026-01-01T00:00:00.000Z');
      const rows = [];
      for (let i = 0; i < 30; i += 1) {
        rows.push(
          await makeAccount(t.db, {
            ownerId: rep.id,
            // Repeated names and timestamps make the id tie-breaker do real work.
            accountName: `Company ${String.fromCharCode(65 + (i % 10))}`,
            createdAt: new Date(base + Math.floor(i / 3) * 60_000),
            // A third without any activity: NULLs must page correctly too.
            lastActivityAt: i % 3 === 0 ? null : new Date(base + (i % 7) * 3_600_000),
          }),
        );
      }
      return { rep, rows };
    }

    it.each([
      ['accountName', 'asc'],
      ['accountName', 'desc'],
      ['createdAt', 'desc'],
      ['lastActivityAt', 'asc'],
      ['lastActivityAt', 'desc'],
    ] as const)('by %s %s: every row once, in order', async (sort, sortDirection) => {
      const { rep, rows } = await makeThirty();
      const { seen, pages } = await walk(callerFor(t, rep), { ownerId: rep.id, sort, sortDirection });
      expect(pages).toBe(5);
      expect(new Set(seen.map((r) => r.id)).size).toBe(30);

      const key = (r: (typeof rows)[number]) => {
        const v = r[sort];
        return v instanceof Date ? v.getTime() : v;
      };
      const sign = sortDirection === 'asc' ? 1 : -1;
      const expected = [...rows].sort((a, b) => {
        const ka = key(a);
        const kb = key(b);
        // MySQL sorts NULL first ascending, last descending.
        if (ka !== kb) {
          if (ka === null) return -sign;
          if (kb === null) return sign;
          return (ka < kb ? -1 : 1) * sign;
        }
        return (a.id - b.id) * sign;
      });
      expect(seen.map((r) => r.id)).toEqual(expected.map((r) => r.id));
    });
  });
});

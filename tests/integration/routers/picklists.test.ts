import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { accounts, auditLog, leads } from '../../../drizzle/schema';
import type { SessionUser } from '../../../server/lib/actor';
import { callerFor } from '../../helpers/context';
import { clientError } from '../../helpers/errorShape';
import { makeAccount } from '../../helpers/factories/accounts';
import { makeLead } from '../../helpers/factories/leads';
import { makeUser } from '../../helpers/factories/users';
import { useTestDatabase } from '../../helpers/testDatabase';

const t = useTestDatabase();

let admin: SessionUser;
let rep: SessionUser;

beforeAll(async () => {
  admin = await makeUser(t.db, { role: 'admin' });
  rep = await makeUser(t.db, { role: 'rep' });
  // Values in use before the lists exist: they must be kept.
  await makeAccount(t.db, { ownerId: rep.id, industry: 'Retail', region: null });
  await makeAccount(t.db, { ownerId: rep.id, industry: 'retail' });
  await makeLead(t.db, { ownerId: rep.id, industry: 'Software ', leadSource: 'Trade show' });
});

const valuesOf = async (picklist: 'industry' | 'region' | 'leadSource' | 'buyingRole' | 'competitor') =>
  (await callerFor(t, rep).picklists.list({ picklist })).map((v) => (v.active ? v.value : `${v.value} (inactive)`));

describe('picklists', () => {
  it('start from the values records hold (each once, whatever its case), or defaults; anyone may read them', async () => {
    expect(await valuesOf('industry')).toEqual(['Retail', 'Software']);
    expect(await valuesOf('leadSource')).toEqual(['Trade show']);
    expect(await valuesOf('region')).toEqual(['North America', 'EMEA', 'APAC', 'LATAM']);
    // Reading again seeds nothing twice.
    expect(await valuesOf('industry')).toEqual(['Retail', 'Software']);
  });

  it('only admins change them; a value already there (any case) is refused beside the field', async () => {
    expect(await clientError(callerFor(t, rep).picklists.add({ picklist: 'competitor', value: 'Acme CRM' }))).toMatchObject({
      code: 'FORBIDDEN',
      message: 'Only admins can change picklists',
    });
    const added = await callerFor(t, admin).picklists.add({ picklist: 'industry', value: '  Healthcare ' });
    expect(added).toMatchObject({ value: 'Healthcare', active: true });
    expect(await valuesOf('industry')).toEqual(['Retail', 'Software', 'Healthcare']);
    expect((await clientError(callerFor(t, admin).picklists.add({ picklist: 'industry', value: 'healthcare' }))).fieldErrors).toEqual({
      value: ['“Healthcare” is already on the list'],
    });
    await callerFor(t, admin).picklists.setActive({ id: added.id, active: false });
    expect((await clientError(callerFor(t, admin).picklists.add({ picklist: 'industry', value: 'HEALTHCARE' }))).fieldErrors).toEqual({
      value: ['“Healthcare” is on the list but inactive: reactivate it instead'],
    });
    await callerFor(t, admin).picklists.setActive({ id: added.id, active: true });
  });

  it('a rename rewrites every record holding the value, in any case, and says how many', async () => {
    const { id: accountId, version } = await makeAccount(t.db, { ownerId: rep.id, industry: 'Software' });
    const lead = await makeLead(t.db, { ownerId: rep.id, industry: 'software' });
    const software = (await callerFor(t, rep).picklists.list({ picklist: 'industry' })).find((v) => v.value === 'Software')!;

    const renamed = await callerFor(t, admin).picklists.rename({ id: software.id, value: 'Software & SaaS' });
    expect(renamed).toMatchObject({ value: 'Software & SaaS', recordsUpdated: 3 });
    const [account] = await t.db.select().from(accounts).where(eq(accounts.id, accountId));
    expect(account).toMatchObject({ industry: 'Software & SaaS', version: version + 1 });
    const [leadRow] = await t.db.select({ industry: leads.industry }).from(leads).where(eq(leads.id, lead.id));
    expect(leadRow?.industry).toBe('Software & SaaS');
    expect(await valuesOf('industry')).toEqual(['Retail', 'Software & SaaS', 'Healthcare']);
    const [audit] = await t.db.select().from(auditLog).where(eq(auditLog.entityType, 'picklist')).orderBy(sql`${auditLog.id} desc`).limit(1);
    expect(audit?.changes).toMatchObject({ value: ['Software', 'Software & SaaS'], recordsUpdated: [null, 3] });

    expect((await clientError(callerFor(t, admin).picklists.rename({ id: software.id, value: 'retail' }))).fieldErrors).toEqual({
      value: ['“Retail” is already on the list'],
    });
    expect((await clientError(callerFor(t, rep).picklists.rename({ id: software.id, value: 'Tech' }))).code).toBe('FORBIDDEN');
  });

  it('a rename that fails on one table changes nothing anywhere', async () => {
    const { id: accountId } = await makeAccount(t.db, { ownerId: rep.id, industry: 'Retail' });
    // The database refuses the leads half of the rewrite, after the accounts half has run.
    await t.db.execute(
      sql.raw(`CREATE TRIGGER refuse_boom BEFORE UPDATE ON leads FOR EACH ROW BEGIN
        IF NEW.industry = 'Boom' THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'refused by test'; END IF; END`),
    );
    await makeLead(t.db, { ownerId: rep.id, industry: 'Retail' });
    try {
      const retail = (await callerFor(t, rep).picklists.list({ picklist: 'industry' })).find((v) => v.value === 'Retail')!;
      await expect(callerFor(t, admin).picklists.rename({ id: retail.id, value: 'Boom' })).rejects.toThrow();
      const [account] = await t.db.select({ industry: accounts.industry }).from(accounts).where(eq(accounts.id, accountId));
      expect(account?.industry).toBe('Retail');
      expect(await valuesOf('industry')).toContain('Retail');
      expect(await valuesOf('industry')).not.toContain('Boom');
    } finally {
      await t.db.execute(sql.raw('DROP TRIGGER refuse_boom'));
    }
  });

  it('reorders a whole list, refuses a partial order, and deactivating keeps the records as they are', async () => {
    const list = await callerFor(t, rep).picklists.list({ picklist: 'region' });
    const reversed = [...list].reverse().map((v) => v.id);
    const ordered = await callerFor(t, admin).picklists.reorder({ picklist: 'region', ids: reversed });
    expect(ordered.map((v) => v.value)).toEqual(['LATAM', 'APAC', 'EMEA', 'North America']);
    expect(await clientError(callerFor(t, admin).picklists.reorder({ picklist: 'region', ids: reversed.slice(1) }))).toMatchObject({
      code: 'BAD_REQUEST',
      message: 'The order must list every value of Region once; reload and try again',
    });

    const emea = list.find((v) => v.value === 'EMEA')!;
    const { id: accountId } = await makeAccount(t.db, { ownerId: rep.id, region: 'EMEA' });
    await callerFor(t, admin).picklists.setActive({ id: emea.id, active: false });
    expect(await valuesOf('region')).toEqual(['LATAM', 'APAC', 'EMEA (inactive)', 'North America']);
    const [account] = await t.db.select({ region: accounts.region }).from(accounts).where(eq(accounts.id, accountId));
    expect(account?.region).toBe('EMEA');
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '../../../server/lib/actor';
import { fixedClock } from '../../../server/lib/clock';
import { auditLog } from '../../../drizzle/schema';
import { eq } from 'drizzle-orm';
import { callerFor } from '../../helpers/context';
import { clientError } from '../../helpers/errorShape';
import { makeUser } from '../../helpers/factories/users';
import { useTestDatabase } from '../../helpers/testDatabase';

const t = useTestDatabase();
const clock = fixedClock(new Date('2026-11-23T10:00:00.000Z'));

let rep: SessionUser;
let admin: SessionUser;

beforeAll(async () => {
  rep = await makeUser(t.db, { role: 'rep' });
  admin = await makeUser(t.db, { role: 'admin' });
});

const as = (user: SessionUser) => callerFor(t, user, clock);

describe('organisation settings', () => {
  it('reads the defaults before anyone set anything', async () => {
    expect(await as(rep).settings.get()).toEqual({ organisationName: 'My organisation', orgDomains: [], fiscalYearStartMonth: 1, targetIndustries: [], targetRegions: [], playbookEmailDailyLimit: 200 });
  });

  it('lets an admin change some settings, normalising domains, and audits the change', async () => {
    const saved = await as(admin).settings.update({ organisationName: 'Initech', orgDomains: ['Initech.example', '@initech-mail.example', 'initech.example'] });
    expect(saved).toEqual({ organisationName: 'Initech', orgDomains: ['initech.example', 'initech-mail.example'], fiscalYearStartMonth: 1, targetIndustries: [], targetRegions: [], playbookEmailDailyLimit: 200 });
    expect(await as(rep).settings.get()).toEqual(saved);
    await as(admin).settings.update({ fiscalYearStartMonth: 4 });
    expect((await as(rep).settings.get()).fiscalYearStartMonth).toBe(4);
    const audit = await t.db.select().from(auditLog).where(eq(auditLog.entityType, 'settings'));
    expect(audit.map((a) => [a.actorId, Object.keys(a.changes as object)])).toEqual([
      [admin.id, ['organisationName', 'orgDomains']],
      [admin.id, ['fiscalYearStartMonth']],
    ]);
  });

  it('refuses a rep, and bad values with field errors', async () => {
    expect((await clientError(as(rep).settings.update({ organisationName: 'Mine now' }))).code).toBe('FORBIDDEN');
    const bad = await clientError(as(admin).settings.update({ orgDomains: ['not a domain'], fiscalYearStartMonth: 13 }));
    expect(bad.code).toBe('BAD_REQUEST');
    expect(bad.fieldErrors).toMatchObject({ orgDomains: ['Enter a domain like acme.com'], fiscalYearStartMonth: ['Choose a month'] });
    expect((await clientError(as(admin).settings.update({ playbookEmailDailyLimit: 0 }))).fieldErrors).toMatchObject({ playbookEmailDailyLimit: ['At least 1'] });
    expect((await clientError(as(admin).settings.update({}))).code).toBe('BAD_REQUEST');
    expect((await as(rep).settings.get()).organisationName).toBe('Initech');
  });
});

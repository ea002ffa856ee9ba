// Websites are stored only as http(s) addresses, normalised; javascript: and data: are refused in place.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { accounts } from '../../../drizzle/schema';
import { WEB_ADDRESS_MESSAGE, WEB_SCHEME_MESSAGE } from '../../../shared/webAddresses';
import { callerFor } from '../../helpers/context';
import { clientError } from '../../helpers/errorShape';
import { makeUser } from '../../helpers/factories/users';
import { useTestDatabase } from '../../helpers/testDatabase';

const t = useTestDatabase();

describe('account websites', () => {
  it.each(['javascript:alert(document.cookie)', 'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==', 'vbscript:x'])(
    'refuses %s on create with a field error and stores nothing',
    async (website) => {
      const rep = await makeUser(t.db);
      const error = await clientError(callerFor(t, rep).accounts.create({ accountName: `Evil ${website.slice(0, 4)}`, website }));
      expect(error.code).toBe('BAD_REQUEST');
      expect(error.fieldErrors).toEqual({ website: [WEB_SCHEME_MESSAGE] });
      expect(await t.db.select().from(accounts).where(eq(accounts.ownerId, rep.id))).toEqual([]);
    },
  );

  it('refuses it on update and keeps the stored website', async () => {
    const rep = await makeUser(t.db);
    const account = await callerFor(t, rep).accounts.create({ accountName: 'Initech', website: 'https://initech.example' });
    const error = await clientError(callerFor(t, rep).accounts.update({ id: account.id, website: 'javascript:alert(1)' }));
    expect(error.fieldErrors).toEqual({ website: [WEB_SCHEME_MESSAGE] });
    const [row] = await t.db.select({ website: accounts.website }).from(accounts).where(eq(accounts.id, account.id));
    expect(row?.website).toBe('https://initech.example');
  });

  it('refuses what is no web address at all', async () => {
    const rep = await makeUser(t.db);
    const error = await clientError(callerFor(t, rep).accounts.create({ accountName: 'Typo Ltd', website: 'https://bank.example@evil.example' }));
    expect(error.fieldErrors).toEqual({ website: [WEB_ADDRESS_MESSAGE] });
  });

  it.each([
    ['acme.com', 'https://acme.com', 'acme.com'],
    ['  HTTP://Www.Globex.example/About  ', 'http://www.globex.example/About', 'globex.example'],
    ['https://hooli.example/', 'https://hooli.example', 'hooli.example'],
  ])('stores %j as %j, and derives the domain from it', async (typed, stored, domain) => {
    const rep = await makeUser(t.db);
    const account = await callerFor(t, rep).accounts.create({ accountName: `Co ${stored}`, website: typed });
    expect(account).toMatchObject({ website: stored, domain });
  });

  it('clears the website with an empty string', async () => {
    const rep = await makeUser(t.db);
    const account = await callerFor(t, rep).accounts.create({ accountName: 'Clearco', website: 'clearco.example' });
    const cleared = await callerFor(t, rep).accounts.update({ id: account.id, website: '' });
    expect(cleared.website).toBeNull();
  });
});

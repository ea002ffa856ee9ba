import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { sessions, users } from '../../drizzle/schema';
import { systemClock } from '../../server/lib/clock';
import { sessionReader } from '../../server/session';
import { makeUser, TEST_PASSWORD } from '../helpers/factories/users';
import { useTestDatabase } from '../helpers/testDatabase';

const t = useTestDatabase();
const DAY_MS = 24 * 60 * 60 * 1000;

/** Signs in through better-auth and returns the Cookie header a browser would send back. */
async function signedIn(email: string): Promise<string> {
  const { headers } = await t.auth.api.signInEmail({ body: { email, password: TEST_PASSWORD }, returnHeaders: true });
  return headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
}

async function sessionOf(userId: string) {
  const [row] = await t.db.select().from(sessions).where(eq(sessions.userId, userId));
  return row;
}

describe('sessionReader', () => {
  it('reads the signed-in user from a valid session cookie', async () => {
    const rep = await makeUser(t.db, { role: 'rep' });
    const cookie = await signedIn(rep.email);
    const read = sessionReader(t.auth, t.db, systemClock);
    expect(await read({ cookie })).toEqual({ ...rep, timeZone: 'UTC' });
  });

  it('refuses a missing, malformed or forged cookie', async () => {
    const rep = await makeUser(t.db);
    const cookie = await signedIn(rep.email);
    const read = sessionReader(t.auth, t.db, systemClock);
    const [name, value] = cookie.split(';')[0]!.split('=') as [string, string];
    const [token, signature] = decodeURIComponent(value).split('.') as [string, string];
    const forgedToken = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;

    expect(await read({})).toBeNull();
    expect(await read({ cookie: `${name}=garbage` })).toBeNull();
    expect(await read({ cookie: `${name}=${token}` })).toBeNull();
    expect(await read({ cookie: `${name}=${encodeURIComponent(`${forgedToken}.${signature}`)}` })).toBeNull();
    expect(await read({ cookie: `${name}=${encodeURIComponent(`${token}.${'A'.repeat(43)}=`)}` })).toBeNull();
  });

  it('stops at once when the user signs out or is deactivated', async () => {
    const read = sessionReader(t.auth, t.db, systemClock);
    const leaving = await makeUser(t.db);
    const leavingCookie = await signedIn(leaving.email);
    await t.auth.api.signOut({ headers: new Headers({ cookie: leavingCookie }) });
    expect(await read({ cookie: leavingCookie })).toBeNull();

    const deactivated = await makeUser(t.db);
    const cookie = await signedIn(deactivated.email);
    expect(await read({ cookie })).not.toBeNull();
    await t.db.update(users).set({ active: false }).where(eq(users.id, deactivated.id));
    expect(await read({ cookie })).toBeNull();
  });

  it('lets better-auth extend a session older than a day, and delete an expired one', async () => {
    const read = sessionReader(t.auth, t.db, systemClock);
    const rep = await makeUser(t.db);
    const cookie = await signedIn(rep.email);
    // Signed in two days ago: 12 of its 14 days left.
    const aged = new Date(Date.now() + 12 * DAY_MS);
    await t.db.update(sessions).set({ expiresAt: aged }).where(eq(sessions.userId, rep.id));
    expect(await read({ cookie })).toMatchObject({ id: rep.id });
    expect((await sessionOf(rep.id))!.expiresAt.getTime()).toBeGreaterThan(aged.getTime() + DAY_MS);

    await t.db.update(sessions).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(sessions.userId, rep.id));
    expect(await read({ cookie })).toBeNull();
    expect(await sessionOf(rep.id)).toBeUndefined();
  });
});

import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { sessions, users } from '../../drizzle/schema';
import { fixedClock, systemClock } from '../../server/lib/clock';
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
    const read = sessionReader(t.auth, t.db, systemClock, t.env.sessionMaxAgeDays);
    expect(await read({ cookie })).toEqual({ ...rep, timeZone: 'UTC' });
  });

  it('refuses a missing, malformed or forged cookie', async () => {
    const rep = await makeUser(t.db);
    const cookie = await signedIn(rep.email);
    const read = sessionReader(t.auth, t.db, systemClock, t.env.sessionMaxAgeDays);
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
    const read = sessionReader(t.auth, t.db, systemClock, t.env.sessionMaxAgeDays);
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
    const read = sessionReader(t.auth, t.db, systemClock, t.env.sessionMaxAgeDays);
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

  it('ends a session 30 days after its sign-in, however recently it was used', async () => {
    const read = sessionReader(t.auth, t.db, systemClock, t.env.sessionMaxAgeDays);
    expect(t.env.sessionMaxAgeDays).toBe(30);
    const rep = await makeUser(t.db);
    const cookie = await signedIn(rep.email);
    // Signed in 30 days ago and refreshed yesterday: expiresAt is 13 days ahead.
    await t.db
      .update(sessions)
      .set({ createdAt: new Date(Date.now() - 30 * DAY_MS), expiresAt: new Date(Date.now() + 13 * DAY_MS) })
      .where(eq(sessions.userId, rep.id));
    expect(await read({ cookie })).toBeNull();
    expect(await sessionOf(rep.id)).toBeUndefined();
  });

  it('does not let the sliding refresh carry a session past its absolute end', async () => {
    const rep = await makeUser(t.db);
    const cookie = await signedIn(rep.email);
    const signedInAt = new Date(Date.now() - 29 * DAY_MS);
    // Signed in 29 days ago, last refreshed 2 days ago: due for a refresh now.
    await t.db
      .update(sessions)
      .set({ createdAt: signedInAt, expiresAt: new Date(Date.now() + 12 * DAY_MS) })
      .where(eq(sessions.userId, rep.id));
    const today = sessionReader(t.auth, t.db, systemClock, 30);
    expect(await today({ cookie })).toMatchObject({ id: rep.id });
    // Refreshed, but to the absolute end (day 30), not 14 days on.
    expect((await sessionOf(rep.id))!.expiresAt.getTime()).toBe(signedInAt.getTime() + 30 * DAY_MS);

    const tomorrow = sessionReader(t.auth, t.db, fixedClock(new Date(Date.now() + DAY_MS)), 30);
    expect(await tomorrow({ cookie })).toBeNull();
  });

  it('takes the absolute lifetime from SESSION_MAX_AGE_DAYS', async () => {
    const rep = await makeUser(t.db);
    const cookie = await signedIn(rep.email);
    await t.db.update(sessions).set({ createdAt: new Date(Date.now() - 8 * DAY_MS) }).where(eq(sessions.userId, rep.id));
    expect(await sessionReader(t.auth, t.db, systemClock, 30)({ cookie })).toMatchObject({ id: rep.id });
    expect(await sessionReader(t.auth, t.db, systemClock, 7)({ cookie })).toBeNull();
  });
});

import { beforeEach, describe, expect, it } from 'vitest';
import { callerFor } from '../helpers/context';
import { makeUser, TEST_PASSWORD } from '../helpers/factories/users';
import { startTestServer } from '../helpers/http';
import { useTestDatabase } from '../helpers/testDatabase';

const t = useTestDatabase();

let clientNumber = 0;
/** A different client address per test, so one test's failed sign-ins do not rate-limit the next. */
function nextClientIp() {
  clientNumber += 1;
  return `203.0.113.${clientNumber}`;
}
let clientIp = nextClientIp();
beforeEach(() => {
  clientIp = nextClientIp();
});

async function trpcPost(baseUrl: string, origin: string, procedure: string, json: unknown, cookie?: string) {
  return fetch(`${baseUrl}/trpc/${procedure}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin, 'x-forwarded-for': clientIp, ...(cookie ? { cookie } : {}) },
    body: JSON.stringify({ json }),
  });
}

async function trpcGet(baseUrl: string, procedure: string, cookie?: string) {
  const res = await fetch(`${baseUrl}/trpc/${procedure}`, { headers: cookie ? { cookie } : {} });
  return { status: res.status, body: (await res.json()) as { result?: { data: { json: unknown } }; error?: { json: { message: string; data: { code: string } } } } };
}

function sessionCookie(res: Response): string {
  return res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
}

describe('sign-in over HTTP', () => {
  it('signs in with a cookie session, reports who I am, and signs out', async () => {
    const server = await startTestServer(t);
    try {
      const user = await makeUser(t.db, { role: 'rep' });
      const login = await trpcPost(server.baseUrl, server.origin, 'auth.login', { email: user.email, password: TEST_PASSWORD });
      expect(login.status).toBe(200);
      const setCookie = login.headers.getSetCookie().join('\n');
      expect(setCookie).toMatch(/HttpOnly/i);
      expect(setCookie).toMatch(/SameSite=Lax/i);
      const cookie = sessionCookie(login);

      const me = await trpcGet(server.baseUrl, 'auth.me', cookie);
      expect(me.body.result?.data.json).toMatchObject({ id: user.id, email: user.email, role: 'rep' });

      await trpcPost(server.baseUrl, server.origin, 'auth.logout', null, cookie);
      const after = await trpcGet(server.baseUrl, 'auth.me', cookie);
      expect(after.body.result?.data.json).toBeNull();
    } finally {
      await server.close();
    }
  });

  it('refuses a wrong password with UNAUTHORIZED and rate-limits repeated failures', async () => {
    const server = await startTestServer(t);
    try {
      const user = await makeUser(t.db);
      const codes: number[] = [];
      for (let i = 0; i < 7; i += 1) {
        const res = await trpcPost(server.baseUrl, server.origin, 'auth.login', { email: user.email, password: 'wrong-password' });
        codes.push(res.status);
      }
      expect(codes.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
      expect(codes.slice(5)).toEqual([429, 429]);
    } finally {
      await server.close();
    }
  });

  it('ends the sessions of a deactivated user at once and refuses their sign-in', async () => {
    const server = await startTestServer(t);
    try {
      const admin = await makeUser(t.db, { role: 'admin' });
      const rep = await makeUser(t.db, { role: 'rep' });
      const login = await trpcPost(server.baseUrl, server.origin, 'auth.login', { email: rep.email, password: TEST_PASSWORD });
      const cookie = sessionCookie(login);
      expect((await trpcGet(server.baseUrl, 'users.list', cookie)).status).toBe(200);

      await callerFor(t, admin).users.update({ id: rep.id, active: false });

      const refused = await trpcGet(server.baseUrl, 'users.list', cookie);
      expect(refused.status).toBe(401);
      const again = await trpcPost(server.baseUrl, server.origin, 'auth.login', { email: rep.email, password: TEST_PASSWORD });
      expect(again.status).toBe(401);
    } finally {
      await server.close();
    }
  });
});

describe('users (admin)', () => {
  it('lets admins create users and change roles, and forbids everyone else', async () => {
    const admin = await makeUser(t.db, { role: 'admin' });
    const manager = await makeUser(t.db, { role: 'manager' });
    const created = await callerFor(t, admin).users.create({
      email: 'New.Person@Example.test',
      name: 'New Person',
      role: 'csm',
      password: 'long-enough-pass',
    });
    expect(created).toMatchObject({ email: 'new.person@example.test', role: 'csm', active: true });

    const updated = await callerFor(t, admin).users.update({ id: created.id, role: 'manager' });
    expect(updated.role).toBe('manager');

    await expect(
      callerFor(t, manager).users.create({ email: 'x@example.test', name: 'X', role: 'rep', password: 'long-enough-pass' }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(callerFor(t, null).users.list()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });

  it('refuses a duplicate email (any case) as a CONFLICT on the email field', async () => {
    const admin = await makeUser(t.db, { role: 'admin' });
    await callerFor(t, admin).users.create({ email: 'dup@example.test', name: 'A', role: 'rep', password: 'long-enough-pass' });
    await expect(
      callerFor(t, admin).users.create({ email: 'DUP@example.test', name: 'B', role: 'rep', password: 'long-enough-pass' }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('rejects bad input with BAD_REQUEST', async () => {
    const admin = await makeUser(t.db, { role: 'admin' });
    await expect(
      callerFor(t, admin).users.create({ email: 'not-an-email', name: '', role: 'rep', password: 'short' }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });
});

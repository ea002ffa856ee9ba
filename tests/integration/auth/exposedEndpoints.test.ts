// better-auth's endpoints beside ours: only sign-in and sign-out are served; the rest answer 404 however asked.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { users } from '../../../drizzle/schema';
import { DISABLED_AUTH_PATHS, EXPOSED_AUTH_PATHS } from '../../../server/auth/exposedPaths';
import { callerFor } from '../../helpers/context';
import { makeUser, TEST_PASSWORD } from '../../helpers/factories/users';
import { startTestServer } from '../../helpers/http';
import { postLogin, signInCookie } from '../../helpers/signIn';
import { useTestDatabase } from '../../helpers/testDatabase';

const t = useTestDatabase();
let server: Awaited<ReturnType<typeof startTestServer>>;

beforeAll(async () => {
  server = await startTestServer(t);
});
afterAll(async () => {
  await server?.close();
});

/** Every endpoint better-auth has, as (method, path) with its parameters filled in. */
function everyEndpoint(): { key: string; path: string; template: string; methods: string[] }[] {
  return Object.entries(t.auth.api).flatMap(([key, endpoint]) => {
    const { path, options } = endpoint as unknown as { path?: string; options?: { method?: string | string[] } };
    if (!path) return []; // server-only (setPassword): no route at all
    const methods = [options?.method ?? 'POST'].flat().filter((m) => m !== '*');
    return [{ key, template: path, path: path.replace(':id', 'credential').replace(':token', 'a-token'), methods }];
  });
}

function call(method: string, path: string, cookie: string, body: unknown = {}) {
  return fetch(`${server.baseUrl}/api/auth${path}`, {
    method,
    headers: { origin: server.origin, cookie, ...(method === 'GET' ? {} : { 'content-type': 'application/json' }) },
    body: method === 'GET' ? undefined : JSON.stringify(body),
    redirect: 'manual',
  });
}

describe('better-auth endpoints', () => {
  it('knows of no endpoint that is neither served nor switched off (an upgrade that adds one fails here)', () => {
    const known = new Set<string>([...EXPOSED_AUTH_PATHS, ...DISABLED_AUTH_PATHS, '/callback/:id', '/reset-password/:token']);
    expect(everyEndpoint().filter((e) => !known.has(e.template)).map((e) => e.template)).toEqual([]);
  });

  it('answers 404 for every endpoint but sign-in and sign-out, to a signed-in user too', async () => {
    const rep = await makeUser(t.db);
    const cookie = await signInCookie(server, rep.email, TEST_PASSWORD, '192.0.2.10');
    const answers: string[] = [];
    for (const endpoint of everyEndpoint()) {
      if ((EXPOSED_AUTH_PATHS as readonly string[]).includes(endpoint.template)) continue;
      for (const method of endpoint.methods) {
        const res = await call(method, endpoint.path, cookie);
        answers.push(`${method} ${endpoint.path} ${res.status}`);
      }
    }
    expect(answers.length).toBeGreaterThan(25);
    expect(answers.filter((a) => !a.endsWith(' 404'))).toEqual([]);
  });

  it('does not let a rep rename themselves or change their password past users.update', async () => {
    const rep = await makeUser(t.db, { name: 'Rita Rep' });
    const cookie = await signInCookie(server, rep.email, TEST_PASSWORD, '192.0.2.11');
    expect((await call('POST', '/update-user', cookie, { name: 'Head of Sales' })).status).toBe(404);
    expect(
      (await call('POST', '/change-password', cookie, { currentPassword: TEST_PASSWORD, newPassword: 'mine-now-and-forever', revokeOtherSessions: false })).status,
    ).toBe(404);
    expect((await call('POST', '/sign-up/email', '', { email: 'new@example.test', password: 'a-long-password-1', name: 'New' })).status).toBe(404);

    const [row] = await t.db.select({ name: users.name }).from(users).where(eq(users.id, rep.id));
    expect(row?.name).toBe('Rita Rep');
    expect((await postLogin(server, { email: rep.email, password: TEST_PASSWORD, address: '192.0.2.11' })).status).toBe(200);
  });

  it('refuses the switched-off paths in better-auth’s own router as well, whoever mounts it', async () => {
    const rep = await makeUser(t.db);
    const cookie = await signInCookie(server, rep.email, TEST_PASSWORD, '192.0.2.12');
    const res = await t.auth.handler(
      new Request(`${t.env.publicUrl}/api/auth/update-user`, {
        method: 'POST',
        headers: { origin: server.origin, cookie, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Sneaky' }),
      }),
    );
    expect(res.status).toBe(404);
  });

  it('ends every session of a user whose password an admin changes', async () => {
    const admin = await makeUser(t.db, { role: 'admin' });
    const rep = await makeUser(t.db);
    const laptop = await signInCookie(server, rep.email, TEST_PASSWORD, '192.0.2.13');
    const phone = await signInCookie(server, rep.email, TEST_PASSWORD, '192.0.2.14');
    const me = (cookie: string) =>
      fetch(`${server.baseUrl}/trpc/auth.me`, { headers: { cookie } }).then(async (r) => ((await r.json()) as { result: { data: { json: unknown } } }).result.data.json);
    expect(await me(laptop)).toMatchObject({ id: rep.id });

    await callerFor(t, admin).users.update({ id: rep.id, password: 'a-fresh-start-for-rita' });

    expect(await me(laptop)).toBeNull();
    expect(await me(phone)).toBeNull();
    expect((await postLogin(server, { email: rep.email, password: TEST_PASSWORD, address: '192.0.2.15' })).status).toBe(401);
    expect((await postLogin(server, { email: rep.email, password: 'a-fresh-start-for-rita', address: '192.0.2.15' })).status).toBe(200);
  });
});

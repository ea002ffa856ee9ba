// auth.login and auth.logout hand better-auth the browser's own headers and pass its decision on unchanged.
import type { Request, Response } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRouter } from '../../../server/routers';
import { createCallerFactory } from '../../../server/trpc';
import { ctxFor } from '../../helpers/context';
import { makeUser, TEST_PASSWORD } from '../../helpers/factories/users';
import { startTestServer } from '../../helpers/http';
import { signInCookie } from '../../helpers/signIn';
import { useTestDatabase } from '../../helpers/testDatabase';

const t = useTestDatabase();
const createCaller = createCallerFactory(appRouter);
let server: Awaited<ReturnType<typeof startTestServer>>;

beforeAll(async () => {
  server = await startTestServer(t);
});
afterAll(async () => {
  await server?.close();
});

/**
 * A caller as the tRPC adapter builds it for an HTTP request with these headers. Calling the router
 * directly leaves out our own Origin check in front of /trpc, so better-auth's decision alone is seen.
 */
function callerWithRequest(headers: Record<string, string>, ip = '192.0.2.90') {
  const setCookies: string[] = [];
  const req = { headers, ip } as unknown as Request;
  const res = { append: (_name: string, value: string) => setCookies.push(value) } as unknown as Response;
  return { caller: createCaller({ ...ctxFor(t, null), req, res }), setCookies };
}

async function me(cookie: string) {
  const res = await fetch(`${server.baseUrl}/trpc/auth.me`, { headers: { cookie } });
  return ((await res.json()) as { result: { data: { json: { id: string } | null } } }).result.data.json;
}

describe('auth.login', () => {
  it('fills in no Origin: a sign-in sending cookies but no Origin is refused, as better-auth refuses it', async () => {
    const rep = await makeUser(t.db);
    const { caller, setCookies } = callerWithRequest({ cookie: 'theme=dark' });
    await expect(caller.auth.login({ email: rep.email, password: TEST_PASSWORD })).rejects.toMatchObject({
      code: 'FORBIDDEN',
      message: 'Sign-in must come from this site',
    });
    expect(setCookies).toEqual([]);
  });

  it('signs in with the browser’s own Origin', async () => {
    const rep = await makeUser(t.db);
    const { caller, setCookies } = callerWithRequest({ cookie: 'theme=dark', origin: server.origin });
    await expect(caller.auth.login({ email: rep.email, password: TEST_PASSWORD })).resolves.toMatchObject({ id: rep.id });
    expect(setCookies.join('\n')).toMatch(/session_token=/);
  });
});

describe('auth.logout', () => {
  it('reports better-auth’s refusal instead of ok, and the session lives on', async () => {
    const rep = await makeUser(t.db);
    const cookie = await signInCookie(server, rep.email, TEST_PASSWORD, '192.0.2.91');
    const { caller } = callerWithRequest({ cookie, origin: 'http://evil.example' });
    await expect(caller.auth.logout()).rejects.toMatchObject({ code: 'FORBIDDEN', message: 'Sign-out must come from this site' });
    expect(await me(cookie)).toMatchObject({ id: rep.id });
  });

  it('answers ok and ends the session from our own pages', async () => {
    const rep = await makeUser(t.db);
    const cookie = await signInCookie(server, rep.email, TEST_PASSWORD, '192.0.2.92');
    const { caller, setCookies } = callerWithRequest({ cookie, origin: server.origin });
    await expect(caller.auth.logout()).resolves.toEqual({ ok: true });
    expect(setCookies.join('\n')).toMatch(/session_token=;/);
    expect(await me(cookie)).toBeNull();
  });
});

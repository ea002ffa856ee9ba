// A mutation with the victim's cookie but from another site is refused; the same from our own pages works.
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accounts } from '../../../drizzle/schema';
import type { SessionUser } from '../../../server/trpc';
import { makeUser, TEST_PASSWORD } from '../../helpers/factories/users';
import { startTestServer } from '../../helpers/http';
import { signInCookie } from '../../helpers/signIn';
import { useTestDatabase } from '../../helpers/testDatabase';

const t = useTestDatabase();
let server: Awaited<ReturnType<typeof startTestServer>>;
let rep: SessionUser;
let cookie: string;

beforeAll(async () => {
  server = await startTestServer(t);
  rep = await makeUser(t.db);
  cookie = await signInCookie(server, rep.email, TEST_PASSWORD, '192.0.2.70');
});
afterAll(async () => {
  await server?.close();
});

type Envelope = { error?: { json: { message: string; data: { code: string } } } };

function createAccount(accountName: string, headers: Record<string, string>, path = '/trpc/accounts.create') {
  return fetch(`${server.baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie, ...headers },
    body: JSON.stringify({ json: { accountName } }),
  });
}

async function accountsNamed(accountName: string): Promise<number> {
  const [row] = await t.db.select({ n: count() }).from(accounts).where(eq(accounts.accountName, accountName));
  return row?.n ?? 0;
}

describe('origin check on /trpc', () => {
  it.each([
    ['a foreign Origin', { origin: 'http://evil.example' }],
    ['a sibling subdomain', { origin: 'http://crm.localhost.evil.example', 'sec-fetch-site': 'same-site' }],
    ['Sec-Fetch-Site: cross-site', { origin: 'http://evil.example', 'sec-fetch-site': 'cross-site' }],
    ['Sec-Fetch-Site: cross-site even beside our Origin', { origin: 'ORIGIN', 'sec-fetch-site': 'cross-site' }],
    ['Origin: null (a sandboxed frame)', { origin: 'null' }],
    ['no Origin at all', {}],
  ])('refuses a mutation with the victim’s cookie and %s', async (what, headers) => {
    const name = `Forged (${what})`;
    const sent = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, v === 'ORIGIN' ? server.origin : v]));
    const res = await createAccount(name, sent);
    expect(res.status).toBe(403);
    const body = (await res.json()) as Envelope;
    expect(body.error?.json.data.code).toBe('FORBIDDEN');
    expect(body.error?.json.message).toMatch(new RegExp(`^Tru-CRM takes changes only from its own pages at ${server.origin}`));
    expect(await accountsNamed(name)).toBe(0);
  });

  it('answers a refused batch with one error per call, as the tRPC client expects', async () => {
    const res = await fetch(`${server.baseUrl}/trpc/accounts.create,accounts.create?batch=1`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, origin: 'http://evil.example' },
      body: JSON.stringify({ 0: { json: { accountName: 'Batch A' } }, 1: { json: { accountName: 'Batch B' } } }),
    });
    expect(res.status).toBe(403);
    const body = (await res.json()) as Envelope[];
    expect(body.map((e) => e.error?.json.data.code)).toEqual(['FORBIDDEN', 'FORBIDDEN']);
    expect(await accountsNamed('Batch A')).toBe(0);
  });

  it('accepts the same mutation from our own pages', async () => {
    const res = await createAccount('Made at home', { origin: server.origin, 'sec-fetch-site': 'same-origin' });
    expect(res.status).toBe(200);
    expect(await accountsNamed('Made at home')).toBe(1);
  });

  it('lets reads through from anywhere: a query changes nothing, and CORS keeps its answer from other sites', async () => {
    const res = await fetch(`${server.baseUrl}/trpc/auth.me`, { headers: { cookie, origin: 'http://evil.example', 'sec-fetch-site': 'cross-site' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('refuses a sign-in from another site', async () => {
    const res = await fetch(`${server.baseUrl}/trpc/auth.login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'http://evil.example' },
      body: JSON.stringify({ json: { email: rep.email, password: TEST_PASSWORD } }),
    });
    expect(res.status).toBe(403);
  });
});

describe('origin check on /api/auth', () => {
  it('refuses a forged sign-out and leaves the session alive', async () => {
    const res = await fetch(`${server.baseUrl}/api/auth/sign-out`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, origin: 'http://evil.example' },
      body: '{}',
    });
    expect(res.status).toBe(403);
    const me = await fetch(`${server.baseUrl}/trpc/auth.me`, { headers: { cookie } });
    expect(((await me.json()) as { result: { data: { json: { id: string } | null } } }).result.data.json?.id).toBe(rep.id);
  });

  it('refuses a sign-in without an Origin', async () => {
    const res = await fetch(`${server.baseUrl}/api/auth/sign-in/email`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: rep.email, password: TEST_PASSWORD }),
    });
    expect(res.status).toBe(403);
  });
});

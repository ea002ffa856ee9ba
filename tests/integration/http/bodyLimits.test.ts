// A 10 MB body to auth.login, to accounts.create and to better-auth is refused with 413, not read and parsed.
import { count } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accounts } from '../../../drizzle/schema';
import { makeAccount } from '../../helpers/factories/accounts';
import { makeUser, TEST_PASSWORD } from '../../helpers/factories/users';
import { startTestServer } from '../../helpers/http';
import { signInCookie } from '../../helpers/signIn';
import { useTestDatabase } from '../../helpers/testDatabase';

const t = useTestDatabase();
let server: Awaited<ReturnType<typeof startTestServer>>;
const TEN_MB = 10 * 1024 * 1024;

beforeAll(async () => {
  server = await startTestServer(t);
});
afterAll(async () => {
  await server?.close();
});

/** A JSON body of about `bytes` bytes: a real input with one huge string field. */
function hugeJson(bytes: number, make: (filler: string) => unknown): string {
  return JSON.stringify(make('x'.repeat(bytes)));
}

/** The same body sent in chunks without a Content-Length, so only counting what arrives can stop it. */
function chunked(body: string): { body: ReadableStream<Uint8Array>; duplex: 'half' } {
  const bytes = new TextEncoder().encode(body);
  const CHUNK = 64 * 1024;
  let at = 0;
  return {
    duplex: 'half',
    body: new ReadableStream({
      pull(controller) {
        if (at >= bytes.length) return controller.close();
        controller.enqueue(bytes.subarray(at, at + CHUNK));
        at += CHUNK;
      },
    }),
  };
}

function post(path: string, body: string | ReturnType<typeof chunked>, cookie = '') {
  return fetch(`${server.baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: server.origin, 'x-forwarded-for': '192.0.2.40', cookie },
    ...(typeof body === 'string' ? { body } : body),
  } as RequestInit);
}

describe('body size limits', () => {
  it('refuses a 10 MB sign-in to tRPC auth.login with 413', async () => {
    const res = await post('/trpc/auth.login', hugeJson(TEN_MB, (x) => ({ json: { email: 'a@example.test', password: x } })));
    expect(res.status).toBe(413);
  });

  it('refuses a 10 MB accounts.create from a signed-in user with 413, and creates nothing', async () => {
    const rep = await makeUser(t.db);
    const cookie = await signInCookie(server, rep.email, TEST_PASSWORD, '192.0.2.41');
    const body = hugeJson(TEN_MB, (x) => ({ json: { accountName: 'Huge', industry: x } }));
    expect((await post('/trpc/accounts.create', body, cookie)).status).toBe(413);
    expect((await post('/trpc/accounts.create', chunked(body), cookie)).status).toBe(413);
    const [row] = await t.db.select({ n: count() }).from(accounts);
    expect(row?.n).toBe(0);
  });

  it('refuses a 10 MB body to better-auth’s sign-in with 413, with or without a Content-Length', async () => {
    const body = hugeJson(TEN_MB, (x) => ({ email: 'a@example.test', password: x }));
    expect((await post('/api/auth/sign-in/email', body)).status).toBe(413);
    expect((await post('/api/auth/sign-in/email', chunked(body))).status).toBe(413);
  });

  it('still takes the largest real inputs', async () => {
    const rep = await makeUser(t.db);
    const direct = await post('/api/auth/sign-in/email', JSON.stringify({ email: rep.email, password: TEST_PASSWORD }));
    expect(direct.status).toBe(200);

    const cookie = await signInCookie(server, rep.email, TEST_PASSWORD, '192.0.2.42');
    const account = await makeAccount(t.db, { ownerId: rep.id });
    // The longest text field there is: an activity body of 16,000 characters of four bytes each.
    const note = { type: 'note', subject: 'Long call notes', body: '😀'.repeat(16_000), relatedToType: 'account', relatedToId: account.id };
    const logged = await post('/trpc/activities.create', JSON.stringify({ json: note }), cookie);
    expect(logged.status).toBe(200);
  });
});

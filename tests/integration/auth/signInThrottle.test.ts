// The sign-in throttle as an attacker meets it over HTTP: per account whatever address they claim, per address
// whatever account they try; and as an office meets it: correct sign-ins are not held to the failure limit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuth } from '../../../server/auth';
import { fixedClock } from '../../../server/lib/clock';
import { makeUser, TEST_PASSWORD } from '../../helpers/factories/users';
import { startTestServer } from '../../helpers/http';
import { errorMessageOf, postLogin } from '../../helpers/signIn';
import { useTestDatabase } from '../../helpers/testDatabase';

const t = useTestDatabase();
let server: Awaited<ReturnType<typeof startTestServer>>;
let subnet = 0;
/** A fresh /24 per test, so one test's failures never slow another's. */
const addresses = () => {
  subnet += 1;
  return (host: number) => `198.51.${subnet}.${host}`;
};

beforeAll(async () => {
  // A clock that stands still: on a loaded machine a second can pass between two requests, and the delay with it.
  server = await startTestServer(t, { auth: createAuth(t.db, t.env, fixedClock(new Date())) });
});
afterAll(async () => {
  await server?.close();
});

describe('sign-in throttle', () => {
  it('slows one account down however many addresses the guesses claim to come from', async () => {
    const victim = await makeUser(t.db);
    const from = addresses();
    const statuses: number[] = [];
    for (let n = 1; n <= 8; n += 1) {
      const res = await postLogin(server, { email: victim.email, password: `wrong-guess-${n}`, address: from(n) });
      statuses.push(res.status);
      if (res.status === 429) expect(await errorMessageOf(res)).toMatch(/^Too many sign-in attempts\. Try again in \d+ seconds?\.$/);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429, 429]);
  });

  it('keys the account on the email in any case', async () => {
    const victim = await makeUser(t.db);
    const from = addresses();
    for (let n = 1; n <= 5; n += 1) {
      expect((await postLogin(server, { email: victim.email, password: 'wrong', address: from(n) })).status).toBe(401);
    }
    const shouted = await postLogin(server, { email: victim.email.toUpperCase(), password: 'wrong', address: from(9) });
    expect(shouted.status).toBe(429);
  });

  it('admits a parallel burst of guesses at one account one at a time', async () => {
    const victim = await makeUser(t.db);
    const from = addresses();
    const burst = await Promise.all(
      Array.from({ length: 10 }, (_, n) => postLogin(server, { email: victim.email, password: `guess-${n}`, address: from(n + 1) })),
    );
    const statuses = burst.map((r) => r.status).sort();
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429, 429, 429, 429]);
  });

  it('slows one address down however many accounts it guesses at', async () => {
    const from = addresses();
    const statuses: number[] = [];
    for (let n = 1; n <= 21; n += 1) {
      const res = await postLogin(server, { email: `nobody-${subnet}-${n}@example.test`, password: 'guess', address: from(1) });
      statuses.push(res.status);
    }
    expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
    expect(statuses[20]).toBe(429);
    // Someone signing in from elsewhere is not affected.
    const colleague = await makeUser(t.db);
    expect((await postLogin(server, { email: colleague.email, password: TEST_PASSWORD, address: from(2) })).status).toBe(200);
  });

  it('lets seven colleagues behind one office address sign in within a minute, typos and all', async () => {
    const office = addresses()(1);
    const colleagues = await Promise.all(Array.from({ length: 7 }, () => makeUser(t.db)));
    // Two of them mistype first.
    for (const c of colleagues.slice(0, 2)) {
      expect((await postLogin(server, { email: c.email, password: 'typo', address: office })).status).toBe(401);
    }
    for (const c of colleagues) {
      expect((await postLogin(server, { email: c.email, password: TEST_PASSWORD, address: office })).status).toBe(200);
    }
  });

  it('throttles better-auth’s own sign-in endpoint the same way', async () => {
    const victim = await makeUser(t.db);
    const from = addresses();
    for (let n = 1; n <= 5; n += 1) {
      expect((await postLogin(server, { email: victim.email, password: 'wrong', address: from(n) })).status).toBe(401);
    }
    const direct = await fetch(`${server.baseUrl}/api/auth/sign-in/email`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: server.origin, 'x-forwarded-for': from(6) },
      body: JSON.stringify({ email: victim.email, password: 'another-guess' }),
    });
    expect(direct.status).toBe(429);
    expect(Number(direct.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});

describe('a growing delay, not a lockout', () => {
  it('doubles the wait with each further failure, and the owner signs in once it has passed', async () => {
    const clock = fixedClock(new Date());
    const timed = await startTestServer(t, { auth: createAuth(t.db, t.env, clock) });
    try {
      const owner = await makeUser(t.db);
      const attacker = addresses()(1);
      const home = addresses()(1);
      const guess = () => postLogin(timed, { email: owner.email, password: 'guess', address: attacker });
      const retryAfter = async (res: Response) => {
        expect(res.status).toBe(429);
        return Number(/in (\d+) seconds?/.exec(await errorMessageOf(res))?.[1]);
      };

      for (let n = 0; n < 5; n += 1) expect((await guess()).status).toBe(401);
      expect(await retryAfter(await guess())).toBe(1);
      // The owner is slowed down too, for as long as the current wait lasts: no longer.
      expect(await retryAfter(await postLogin(timed, { email: owner.email, password: TEST_PASSWORD, address: home }))).toBe(1);

      clock.advance(1_000);
      expect((await guess()).status).toBe(401);
      expect(await retryAfter(await guess())).toBe(2);
      clock.advance(2_000);
      expect((await guess()).status).toBe(401);
      expect(await retryAfter(await guess())).toBe(4);

      clock.advance(4_000);
      expect((await postLogin(timed, { email: owner.email, password: TEST_PASSWORD, address: home })).status).toBe(200);
      // A success forgives the account's failures.
      expect((await guess()).status).toBe(401);
    } finally {
      await timed.close();
    }
  });
});

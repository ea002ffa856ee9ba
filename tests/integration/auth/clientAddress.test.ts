// Which address a sign-in is counted against: Express's req.ip under TRUST_PROXY, never what the client claims.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { sessions } from '../../../drizzle/schema';
import type { TrustProxy } from '../../../server/env';
import { makeUser, TEST_PASSWORD } from '../../helpers/factories/users';
import { startTestServer } from '../../helpers/http';
import { useTestDatabase } from '../../helpers/testDatabase';

const t = useTestDatabase();

/** Signs in over HTTP with the given X-Forwarded-For and returns the address the session was recorded with. */
async function signInAddress(trustProxy: TrustProxy, forwardedFor: string): Promise<string | null> {
  const server = await startTestServer(t, { env: { trustProxy } });
  try {
    const user = await makeUser(t.db);
    const res = await fetch(`${server.baseUrl}/trpc/auth.login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: server.origin, 'x-forwarded-for': forwardedFor },
      body: JSON.stringify({ json: { email: user.email, password: TEST_PASSWORD } }),
    });
    expect(res.status).toBe(200);
    const [session] = await t.db.select({ ipAddress: sessions.ipAddress }).from(sessions).where(eq(sessions.userId, user.id));
    return session?.ipAddress ?? null;
  } finally {
    await server.close();
  }
}

describe('client address behind TRUST_PROXY', () => {
  // The client wrote 203.0.113.66 itself; the one proxy in front appended the address it saw.
  const forwarded = '203.0.113.66, 198.51.100.7';

  it('with one trusted hop takes the address the proxy saw, not the leftmost one the client wrote', async () => {
    expect(await signInAddress(1, forwarded)).toBe('198.51.100.7');
  });

  it('with the proxy named by address does the same', async () => {
    expect(await signInAddress(['loopback'], forwarded)).toBe('198.51.100.7');
  });

  it('without a trusted proxy ignores X-Forwarded-For altogether', async () => {
    expect(await signInAddress(false, forwarded)).toMatch(/127\.0\.0\.1$/);
  });
});

// The headers a probe found missing: CSP, framing, sniffing, referrer, and HSTS only where https is real.
import { afterAll, describe, expect, it } from 'vitest';
import { makeClientDir } from '../../helpers/clientDir';
import { startTestServer } from '../../helpers/http';
import { useTestDatabase } from '../../helpers/testDatabase';

const t = useTestDatabase();
const client = makeClientDir();
afterAll(() => client.remove());

/** The CSP as a map of directive -> sources. */
function csp(header: string | null): Map<string, string[]> {
  return new Map(
    (header ?? '')
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...sources]) => [name!, sources]),
  );
}

async function headersOf(publicUrl: string | undefined, path: string): Promise<Headers> {
  const server = await startTestServer(t, { clientDir: client.dir, ...(publicUrl ? { env: { publicUrl } } : {}) });
  try {
    return (await fetch(`${server.baseUrl}${path}`)).headers;
  } finally {
    await server.close();
  }
}

describe('security headers', () => {
  it.each(['/', '/accounts/7', '/trpc/auth.me', '/api/auth/get-session'])('sends them with %s', async (path) => {
    const headers = await headersOf(undefined, path);
    const policy = csp(headers.get('content-security-policy'));
    expect(policy.get('default-src')).toEqual(["'self'"]);
    expect(policy.get('script-src')).toEqual(["'self'"]);
    expect(policy.get('script-src-attr')).toEqual(["'none'"]);
    expect(policy.get('style-src')).toEqual(["'self'"]);
    expect(policy.get('object-src')).toEqual(["'none'"]);
    expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
    expect(headers.get('content-security-policy')).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
    expect(headers.get('x-frame-options')).toBe('DENY');
    expect(headers.get('x-content-type-options')).toBe('nosniff');
    expect(headers.get('referrer-policy')).toBe('no-referrer');
    expect(headers.get('x-powered-by')).toBeNull();
  });

  it('promises https (HSTS, upgrade-insecure-requests) only when PUBLIC_URL is https', async () => {
    const plain = await headersOf('http://crm.example.test', '/');
    expect(plain.get('strict-transport-security')).toBeNull();
    expect(csp(plain.get('content-security-policy')).has('upgrade-insecure-requests')).toBe(false);

    const secure = await headersOf('https://crm.example.test', '/');
    expect(secure.get('strict-transport-security')).toMatch(/^max-age=\d{7,}; includeSubDomains$/);
    expect(csp(secure.get('content-security-policy')).has('upgrade-insecure-requests')).toBe(true);
  });
});

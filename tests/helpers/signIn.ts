// Signing in over real HTTP, as the browser does: POST /trpc/auth.login from the site's Origin.

export interface Served {
  baseUrl: string;
  origin: string;
}

/** POSTs auth.login; `address` goes in X-Forwarded-For, which the test server trusts for one hop. */
export function postLogin(server: Served, input: { email: string; password: string; address?: string }): Promise<Response> {
  return fetch(`${server.baseUrl}/trpc/auth.login`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      origin: server.origin,
      ...(input.address ? { 'x-forwarded-for': input.address } : {}),
    },
    body: JSON.stringify({ json: { email: input.email, password: input.password } }),
  });
}

/** The Cookie header a browser would send back after this response. */
export function cookieFrom(res: Response): string {
  return res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
}

/** Signs in and returns the session cookie; fails the test if the sign-in is refused. */
export async function signInCookie(server: Served, email: string, password: string, address?: string): Promise<string> {
  const res = await postLogin(server, { email, password, address });
  if (res.status !== 200) throw new Error(`sign-in of ${email} answered ${res.status}: ${await res.text()}`);
  return cookieFrom(res);
}

/** The message of a tRPC error answer (superjson envelope). */
export async function errorMessageOf(res: Response): Promise<string> {
  const body = (await res.json()) as { error?: { json?: { message?: string } } };
  return body.error?.json?.message ?? '';
}

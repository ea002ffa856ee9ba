// Sign-in and sign-out through better-auth's own HTTP handler, so its rate limiter, the sign-in throttle and
// its origin check apply, to the browser's own headers: nothing is filled in on the browser's behalf, and
// what better-auth decides is what the caller is told.
import { TRPCError } from '@trpc/server';
import type { Context } from '../trpc';
import { CLIENT_IP_HEADER } from './index';
import { tooManyAttempts } from './throttleHooks';

/** What better-auth's origin and CSRF checks read, and what it records with a session. */
const PASSED_THROUGH = ['origin', 'referer', 'cookie', 'user-agent', 'sec-fetch-site', 'sec-fetch-mode', 'sec-fetch-dest'];

async function callAuth(ctx: Context, path: string, body: unknown): Promise<globalThis.Response> {
  const headers = new Headers({ 'content-type': 'application/json' });
  for (const name of PASSED_THROUGH) {
    const value = ctx.req?.headers[name];
    if (typeof value === 'string') headers.set(name, value);
  }
  if (ctx.req?.ip) headers.set(CLIENT_IP_HEADER, ctx.req.ip);
  const response = await ctx.auth.handler(
    new Request(`${ctx.env.publicUrl}/api/auth${path}`, { method: 'POST', headers, body: JSON.stringify(body) }),
  );
  // Hand better-auth's session cookie (or its deletion) to the browser.
  for (const cookie of response.headers.getSetCookie()) ctx.res?.append('Set-Cookie', cookie);
  return response;
}

/** better-auth's refusal as an error the user can act on. */
async function refusal(response: globalThis.Response, action: 'Sign-in' | 'Sign-out'): Promise<TRPCError> {
  switch (response.status) {
    case 429:
      // Set by better-auth's per-address cap and by our failure throttle alike.
      return new TRPCError({ code: 'TOO_MANY_REQUESTS', message: tooManyAttempts(Number(response.headers.get('x-retry-after'))) });
    case 403:
      return new TRPCError({ code: 'FORBIDDEN', message: `${action} must come from this site` });
    case 401:
      // Same message for an unknown email, a wrong password and a deactivated account.
      return new TRPCError({ code: 'UNAUTHORIZED', message: 'Email or password is incorrect' });
    case 400: {
      const body = (await response.json().catch(() => null)) as { message?: string } | null;
      return new TRPCError({ code: 'BAD_REQUEST', message: body?.message ?? `${action} was refused` });
    }
    default:
      return new TRPCError({ code: 'INTERNAL_SERVER_ERROR', message: `better-auth answered ${action.toLowerCase()} with ${response.status}` });
  }
}

export async function signIn(ctx: Context, email: string, password: string) {
  const response = await callAuth(ctx, '/sign-in/email', { email, password, rememberMe: true });
  if (!response.ok) throw await refusal(response, 'Sign-in');
  const body = (await response.json()) as { user: { id: string } };
  return body.user.id;
}

export async function signOut(ctx: Context): Promise<void> {
  const response = await callAuth(ctx, '/sign-out', {});
  if (!response.ok) throw await refusal(response, 'Sign-out');
}

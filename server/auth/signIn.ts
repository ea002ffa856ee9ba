// Sign-in and sign-out through better-auth's own HTTP handler, so its rate limiter and origin check apply.
import { TRPCError } from '@trpc/server';
import { CLIENT_IP_HEADER } from './index';
import { tooManyAttempts } from './throttleHooks';
import type { Context } from '../trpc';

async function callAuth(ctx: Context, path: string, body: unknown): Promise<globalThis.Response> {
  const headers = new Headers({ 'content-type': 'application/json' });
  const origin = ctx.req?.headers.origin;
  headers.set('origin', typeof origin === 'string' ? origin : ctx.env.publicUrl);
  if (ctx.req?.headers.cookie) headers.set('cookie', ctx.req.headers.cookie);
  if (ctx.req?.ip) headers.set(CLIENT_IP_HEADER, ctx.req.ip);
  if (ctx.req?.headers['user-agent']) headers.set('user-agent', String(ctx.req.headers['user-agent']));
  const response = await ctx.auth.handler(
    new Request(`${ctx.env.publicUrl}/api/auth${path}`, { method: 'POST', headers, body: JSON.stringify(body) }),
  );
  // Hand better-auth's session cookie to the browser.
  for (const cookie of response.headers.getSetCookie()) ctx.res?.append('Set-Cookie', cookie);
  return response;
}

export async function signIn(ctx: Context, email: string, password: string) {
  const response = await callAuth(ctx, '/sign-in/email', { email, password, rememberMe: true });
  if (response.status === 429) {
    // Set by better-auth's per-address cap and by our failure throttle alike.
    throw new TRPCError({ code: 'TOO_MANY_REQUESTS', message: tooManyAttempts(Number(response.headers.get('x-retry-after'))) });
  }
  if (response.status === 403) {
    throw new TRPCError({ code: 'FORBIDDEN', message: 'Sign-in must come from this site' });
  }
  if (!response.ok) {
    // Same message for an unknown email, a wrong password and a deactivated account.
    throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Email or password is incorrect' });
  }
  const body = (await response.json()) as { user: { id: string } };
  return body.user.id;
}

export async function signOut(ctx: Context): Promise<void> {
  await callAuth(ctx, '/sign-out', {});
}

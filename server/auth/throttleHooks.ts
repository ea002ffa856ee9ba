// better-auth hooks that put every email sign-in through the sign-in throttle. Hooks run for the HTTP
// endpoint, for auth.handler (our tRPC auth.login) and for direct auth.api calls alike: no way around them.
import { APIError, createAuthMiddleware, isAPIError } from 'better-auth/api';
import type { SignInAttempt, SignInOutcome, SignInThrottle } from './signInThrottle';

export const SIGN_IN_PATH = '/sign-in/email';

/** Emails longer than our column can belong to no user: no account to slow down (the address still counts). */
const MAX_EMAIL_LENGTH = 320;

interface HookContext {
  body?: unknown;
  headers?: Headers;
  request?: Request;
}

/** What a throttled sign-in is told, whichever limit it met. */
export function tooManyAttempts(retryAfterSeconds: number): string {
  if (!Number.isFinite(retryAfterSeconds) || retryAfterSeconds <= 0) return 'Too many sign-in attempts. Try again in a moment.';
  return `Too many sign-in attempts. Try again in ${retryAfterSeconds} second${retryAfterSeconds === 1 ? '' : 's'}.`;
}

function attemptOf(ctx: HookContext, clientIpHeader: string): SignInAttempt {
  const email = (ctx.body as { email?: unknown } | undefined)?.email;
  // better-auth looks the user up by email.toLowerCase(): the same key, so case cannot dodge the delay.
  const account = typeof email === 'string' && email.length > 0 && email.length <= MAX_EMAIL_LENGTH ? email.toLowerCase() : null;
  const address = ctx.request?.headers.get(clientIpHeader) ?? ctx.headers?.get(clientIpHeader) ?? null;
  return { account, address };
}

function outcomeOf(returned: unknown): SignInOutcome {
  if (!isAPIError(returned)) return 'succeeded';
  // 401 is a wrong email or password (or a deactivated user); anything else never reached the password.
  return returned.statusCode === 401 ? 'failed' : 'refused';
}

export function signInThrottleHooks(throttle: SignInThrottle, clientIpHeader: string) {
  return {
    before: createAuthMiddleware(async (ctx) => {
      if (ctx.path !== SIGN_IN_PATH) return;
      const wait = await throttle.admit(attemptOf(ctx, clientIpHeader));
      if (!wait) return;
      const seconds = String(wait.retryAfterSeconds);
      throw new APIError(
        'TOO_MANY_REQUESTS',
        { code: 'TOO_MANY_FAILED_SIGN_INS', message: tooManyAttempts(wait.retryAfterSeconds) },
        // X-Retry-After as better-auth's own rate limiter names it; Retry-After for everyone else.
        { 'X-Retry-After': seconds, 'Retry-After': seconds },
      );
    }),
    after: createAuthMiddleware(async (ctx) => {
      if (ctx.path !== SIGN_IN_PATH) return;
      await throttle.settle(attemptOf(ctx, clientIpHeader), outcomeOf(ctx.context.returned));
    }),
  };
}

// Microsoft identity platform (v2.0 endpoints): consent with PKCE, code exchange, refresh. Plain form posts
// through fetch: the login service needs nothing more, and every URL comes from env.ts (tests: a local fake).
import { createHash, randomBytes } from 'node:crypto';
import type { Env, MicrosoftEnv } from '../../env';
import { parseRetryAfter, ProviderError } from '../providerError';

/** Mail and calendar read-only, a refresh token (offline_access), and who the user is. */
export const MICROSOFT_SCOPES = ['openid', 'email', 'offline_access', 'User.Read', 'Mail.Read', 'Calendars.Read'];

export const microsoftRedirectUri = (env: Env) => `${env.publicUrl}/oauth/microsoft/callback`;

export interface MicrosoftTokens {
  accessToken: string;
  /** Microsoft rotates refresh tokens: every response's one replaces the stored one. */
  refreshToken: string | null;
  expiresAt: Date;
}

function requireConfigured(m: MicrosoftEnv): { clientId: string; clientSecret: string } {
  if (!m.clientId || !m.clientSecret) {
    throw new ProviderError('Microsoft is not configured: set MICROSOFT_CLIENT_ID and MICROSOFT_CLIENT_SECRET', { status: 0 });
  }
  return { clientId: m.clientId, clientSecret: m.clientSecret };
}

const endpoint = (m: MicrosoftEnv, path: 'authorize' | 'token') => `${m.loginUrl}/${encodeURIComponent(m.tenantId)}/oauth2/v2.0/${path}`;

/** The consent page: PKCE S256, select_account so a user with several accounts picks the mailbox. */
export function microsoftConsentUrl(env: Env, state: string): { url: string; codeVerifier: string } {
  const { clientId } = requireConfigured(env.microsoft);
  const codeVerifier = randomBytes(48).toString('base64url');
  const url = new URL(endpoint(env.microsoft, 'authorize'));
  url.search = new URLSearchParams({
    client_id: clientId,
    response_type: 'code',
    redirect_uri: microsoftRedirectUri(env),
    response_mode: 'query',
    scope: MICROSOFT_SCOPES.join(' '),
    state,
    prompt: 'select_account',
    code_challenge: createHash('sha256').update(codeVerifier).digest('base64url'),
    code_challenge_method: 'S256',
  }).toString();
  return { url: url.toString(), codeVerifier };
}

async function tokenRequest(env: Env, form: Record<string, string>, now: number): Promise<MicrosoftTokens> {
  const { clientId, clientSecret } = requireConfigured(env.microsoft);
  let response: Response;
  try {
    response = await fetch(endpoint(env.microsoft, 'token'), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams({ client_id: clientId, client_secret: clientSecret, scope: MICROSOFT_SCOPES.join(' '), ...form }),
      signal: AbortSignal.timeout(20_000),
    });
  } catch (error) {
    throw new ProviderError(`Microsoft sign-in could not be reached: ${(error as Error).message}`, { status: 0 });
  }
  const body = (await response.json().catch(() => ({}))) as {
    access_token?: string;
    refresh_token?: string;
    expires_in?: number;
    error?: string;
    error_description?: string;
  };
  if (!response.ok || !body.access_token) {
    throw new ProviderError(`Microsoft sign-in refused: ${body.error ?? response.status}${body.error_description ? ` (${body.error_description.slice(0, 200)})` : ''}`, {
      status: response.status,
      // invalid_grant: the refresh token was revoked, expired or consent withdrawn; only reconnecting helps.
      invalidGrant: body.error === 'invalid_grant',
      retryAfterMs: parseRetryAfter(response.headers.get('retry-after')),
    });
  }
  return { accessToken: body.access_token, refreshToken: body.refresh_token ?? null, expiresAt: new Date(now + (body.expires_in ?? 3600) * 1000) };
}

export function exchangeMicrosoftCode(env: Env, code: string, codeVerifier: string, now = Date.now()): Promise<MicrosoftTokens> {
  return tokenRequest(env, { grant_type: 'authorization_code', code, code_verifier: codeVerifier, redirect_uri: microsoftRedirectUri(env) }, now);
}

export function refreshMicrosoftToken(env: Env, refreshToken: string, now = Date.now()): Promise<MicrosoftTokens> {
  return tokenRequest(env, { grant_type: 'refresh_token', refresh_token: refreshToken }, now);
}

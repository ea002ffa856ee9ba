// /oauth/google/start and /oauth/google/callback: the consent round trip, its state bound to the signed-in
// user's session by a sealed, short-lived cookie (state, PKCE verifier, user id), checked on the way back.
import type { Request, RequestHandler, Response } from 'express';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { AppDeps } from '../context';
import { exchangeGoogleCode, googleConsentUrl } from '../integrations/google/client';
import { DomainError } from '../lib/errors';
import { SecretError } from '../lib/crypto';
import type { SessionReader } from '../session';
import { connectGoogleMailbox } from './connect';
import { secretsFor } from './connections';

const STATE_COOKIE = 'trucrm_oauth_google';
const STATE_TTL_MS = 10 * 60_000;
export const CONNECTIONS_PAGE = '/settings/connections';

interface OAuthState {
  state: string;
  codeVerifier: string;
  userId: string;
  expiresAt: number;
}

function cookie(req: Request, name: string): string | null {
  for (const pair of (req.headers.cookie ?? '').split(';')) {
    const i = pair.indexOf('=');
    if (i > 0 && pair.slice(0, i).trim() === name) return decodeURIComponent(pair.slice(i + 1).trim());
  }
  return null;
}

function setStateCookie(res: Response, deps: AppDeps, value: string | null) {
  const secure = deps.env.publicUrl.startsWith('https://') ? '; Secure' : '';
  const body = value === null ? `${STATE_COOKIE}=; Max-Age=0` : `${STATE_COOKIE}=${encodeURIComponent(value)}; Max-Age=${STATE_TTL_MS / 1000}`;
  // Lax: the browser sends it on the top-level redirect back from Google, never on a cross-site POST.
  res.append('Set-Cookie', `${body}; Path=/oauth/google; HttpOnly; SameSite=Lax${secure}`);
}

const back = (res: Response, query: string) => res.redirect(303, `${CONNECTIONS_PAGE}?${query}`);

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function googleOAuthStart(deps: AppDeps, readSession: SessionReader): RequestHandler {
  return async (req, res, next) => {
    try {
      const user = await readSession(req.headers);
      if (!user) return void res.redirect(303, '/');
      if (!deps.env.google.configured) return void back(res, 'error=google_not_configured');
      const state = randomBytes(24).toString('base64url');
      const { url, codeVerifier } = await googleConsentUrl(deps.env, state);
      const sealed = secretsFor(deps.env).seal(
        JSON.stringify({ state, codeVerifier, userId: user.id, expiresAt: deps.clock.now().getTime() + STATE_TTL_MS } satisfies OAuthState),
        STATE_COOKIE,
      );
      setStateCookie(res, deps, sealed);
      res.redirect(303, url);
    } catch (error) {
      next(error);
    }
  };
}

export function googleOAuthCallback(deps: AppDeps, readSession: SessionReader): RequestHandler {
  return async (req, res) => {
    try {
      const raw = cookie(req, STATE_COOKIE);
      setStateCookie(res, deps, null);
      const user = await readSession(req.headers);
      if (!user) return void res.redirect(303, '/');
      let saved: OAuthState | null = null;
      try {
        saved = raw ? (JSON.parse(secretsFor(deps.env).open(raw, STATE_COOKIE)) as OAuthState) : null;
      } catch (error) {
        if (!(error instanceof SecretError || error instanceof SyntaxError)) throw error;
      }
      const state = typeof req.query.state === 'string' ? req.query.state : '';
      if (!saved || !sameText(saved.state, state) || saved.userId !== user.id || saved.expiresAt < deps.clock.now().getTime()) {
        deps.log.warn('oauth callback with a state that is not this session\'s', { userId: user.id });
        return void back(res, 'error=state_mismatch');
      }
      if (typeof req.query.error === 'string') return void back(res, `error=${encodeURIComponent(req.query.error.slice(0, 64))}`);
      const code = typeof req.query.code === 'string' ? req.query.code : '';
      if (!code) return void back(res, 'error=missing_code');
      const tokens = await exchangeGoogleCode(deps.env, code, saved.codeVerifier);
      try {
        await connectGoogleMailbox({ db: deps.db, env: deps.env, log: deps.log, now: deps.clock.now() }, user.id, tokens);
      } catch (error) {
        if (error instanceof DomainError) return void back(res, `error=${encodeURIComponent(error.message)}`);
        throw error;
      }
      back(res, 'connected=google');
    } catch (error) {
      deps.log.error('google oauth callback failed', { error });
      back(res, 'error=google_failed');
    }
  };
}

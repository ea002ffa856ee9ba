// /oauth/<provider>/start and /oauth/<provider>/callback (Google, Microsoft): the consent round trip, its state
// bound to the signed-in user's session by a sealed, short-lived cookie (state, PKCE verifier, user id), checked
// on the way back.
import type { Request, RequestHandler, Response } from 'express';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { EmailProvider } from '../../shared/enums';
import type { AppDeps } from '../context';
import { exchangeGoogleCode, googleConsentUrl } from '../integrations/google/client';
import { exchangeMicrosoftCode, microsoftConsentUrl } from '../integrations/microsoft/login';
import { DomainError } from '../lib/errors';
import { SecretError } from '../lib/crypto';
import type { SessionReader } from '../session';
import { connectGoogleMailbox, connectMicrosoftMailbox } from './connect';
import { secretsFor } from './connections';

const STATE_TTL_MS = 10 * 60_000;
export const CONNECTIONS_PAGE = '/settings/connections';

interface OAuthState {
  state: string;
  codeVerifier: string;
  userId: string;
  expiresAt: number;
}

/** What differs between providers: their consent page, their code exchange and how a mailbox is stored. */
interface ProviderFlow {
  configured(deps: AppDeps): boolean;
  consentUrl(deps: AppDeps, state: string): Promise<{ url: string; codeVerifier: string }>;
  connect(deps: AppDeps, userId: string, code: string, codeVerifier: string): Promise<unknown>;
}

const flows: Record<EmailProvider, ProviderFlow> = {
  google: {
    configured: (deps) => deps.env.google.configured,
    consentUrl: (deps, state) => googleConsentUrl(deps.env, state),
    async connect(deps, userId, code, codeVerifier) {
      const tokens = await exchangeGoogleCode(deps.env, code, codeVerifier);
      return connectGoogleMailbox({ db: deps.db, env: deps.env, log: deps.log, now: deps.clock.now() }, userId, tokens);
    },
  },
  microsoft: {
    configured: (deps) => deps.env.microsoft.configured,
    consentUrl: async (deps, state) => microsoftConsentUrl(deps.env, state),
    async connect(deps, userId, code, codeVerifier) {
      const tokens = await exchangeMicrosoftCode(deps.env, code, codeVerifier, deps.clock.now().getTime());
      return connectMicrosoftMailbox({ db: deps.db, env: deps.env, log: deps.log, now: deps.clock.now() }, userId, tokens);
    },
  },
};

const stateCookie = (provider: EmailProvider) => `trucrm_oauth_${provider}`;

function cookie(req: Request, name: string): string | null {
  for (const pair of (req.headers.cookie ?? '').split(';')) {
    const i = pair.indexOf('=');
    if (i > 0 && pair.slice(0, i).trim() === name) return decodeURIComponent(pair.slice(i + 1).trim());
  }
  return null;
}

function setStateCookie(res: Response, deps: AppDeps, provider: EmailProvider, value: string | null) {
  const name = stateCookie(provider);
  const secure = deps.env.publicUrl.startsWith('https://') ? '; Secure' : '';
  const body = value === null ? `${name}=; Max-Age=0` : `${name}=${encodeURIComponent(value)}; Max-Age=${STATE_TTL_MS / 1000}`;
  // Lax: the browser sends it on the top-level redirect back from the provider, never on a cross-site POST.
  res.append('Set-Cookie', `${body}; Path=/oauth/${provider}; HttpOnly; SameSite=Lax${secure}`);
}

const back = (res: Response, query: string) => res.redirect(303, `${CONNECTIONS_PAGE}?${query}`);

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function oauthStart(deps: AppDeps, readSession: SessionReader, provider: EmailProvider): RequestHandler {
  const flow = flows[provider];
  return async (req, res, next) => {
    try {
      const user = await readSession(req.headers);
      if (!user) return void res.redirect(303, '/');
      if (!flow.configured(deps)) return void back(res, `error=${provider}_not_configured`);
      const state = randomBytes(24).toString('base64url');
      const { url, codeVerifier } = await flow.consentUrl(deps, state);
      const sealed = secretsFor(deps.env).seal(
        JSON.stringify({ state, codeVerifier, userId: user.id, expiresAt: deps.clock.now().getTime() + STATE_TTL_MS } satisfies OAuthState),
        stateCookie(provider),
      );
      setStateCookie(res, deps, provider, sealed);
      res.redirect(303, url);
    } catch (error) {
      next(error);
    }
  };
}

export function oauthCallback(deps: AppDeps, readSession: SessionReader, provider: EmailProvider): RequestHandler {
  const flow = flows[provider];
  return async (req, res) => {
    try {
      const raw = cookie(req, stateCookie(provider));
      setStateCookie(res, deps, provider, null);
      const user = await readSession(req.headers);
      if (!user) return void res.redirect(303, '/');
      let saved: OAuthState | null = null;
      try {
        saved = raw ? (JSON.parse(secretsFor(deps.env).open(raw, stateCookie(provider))) as OAuthState) : null;
      } catch (error) {
        if (!(error instanceof SecretError || error instanceof SyntaxError)) throw error;
      }
      const state = typeof req.query.state === 'string' ? req.query.state : '';
      if (!saved || !sameText(saved.state, state) || saved.userId !== user.id || saved.expiresAt < deps.clock.now().getTime()) {
        deps.log.warn('oauth callback with a state that is not this session\'s', { userId: user.id, provider });
        return void back(res, 'error=state_mismatch');
      }
      if (typeof req.query.error === 'string') return void back(res, `error=${encodeURIComponent(req.query.error.slice(0, 64))}`);
      const code = typeof req.query.code === 'string' ? req.query.code : '';
      if (!code) return void back(res, 'error=missing_code');
      try {
        await flow.connect(deps, user.id, code, saved.codeVerifier);
      } catch (error) {
        if (error instanceof DomainError) return void back(res, `error=${encodeURIComponent(error.message)}`);
        throw error;
      }
      back(res, `connected=${provider}`);
    } catch (error) {
      deps.log.error(`${provider} oauth callback failed`, { error });
      back(res, `error=${provider}_failed`);
    }
  };
}

/** The four OAuth routes' handlers. */
export function oauthHandlers(deps: AppDeps, readSession: SessionReader) {
  return {
    google: { start: oauthStart(deps, readSession, 'google'), callback: oauthCallback(deps, readSession, 'google') },
    microsoft: { start: oauthStart(deps, readSession, 'microsoft'), callback: oauthCallback(deps, readSession, 'microsoft') },
  };
}

// Google: OAuth (consent with PKCE, code exchange, refresh, revoke), Gmail (profile, watch, history, messages)
// and the Pub/Sub push's OIDC token. Every URL comes from env.ts, so tests point all of it at a local fake.
import { gmail, type gmail_v1 } from '@googleapis/gmail';
import { OAuth2Client, type Credentials } from 'google-auth-library';
import type { Env, GoogleEnv } from '../../env';
import { ProviderError, toProviderError } from '../providerError';

export const GOOGLE_SCOPES = [
  'openid',
  'email',
  'https://www.googleapis.com/auth/gmail.readonly',
  'https://www.googleapis.com/auth/calendar.readonly',
];

export const googleRedirectUri = (env: Env) => `${env.publicUrl}/oauth/google/callback`;

function requireConfigured(google: GoogleEnv): { clientId: string; clientSecret: string } {
  if (!google.clientId || !google.clientSecret) {
    throw new ProviderError('Google is not configured: set GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET', { status: 0 });
  }
  return { clientId: google.clientId, clientSecret: google.clientSecret };
}

function endpoints(google: GoogleEnv) {
  return {
    oauth2AuthBaseUrl: google.oauthAuthUrl,
    oauth2TokenUrl: google.oauthTokenUrl,
    oauth2RevokeUrl: google.oauthRevokeUrl,
    oauth2FederatedSignonPemCertsUrl: google.oidcCertsUrl,
  };
}

/**
 * An OAuth client for one mailbox. It refreshes the access token itself before expiry and, with
 * forceRefreshOnFailure, once more on a 401; `onTokens` receives every new token so it can be stored.
 */
export function googleOAuthClient(env: Env, tokens?: Credentials, onTokens?: (tokens: Credentials) => void): OAuth2Client {
  const { clientId, clientSecret } = requireConfigured(env.google);
  const client = new OAuth2Client({
    clientId,
    clientSecret,
    redirectUri: googleRedirectUri(env),
    endpoints: endpoints(env.google),
    forceRefreshOnFailure: true,
  });
  if (tokens) client.setCredentials(tokens);
  if (onTokens) client.on('tokens', onTokens);
  return client;
}

/** The consent page's address: offline access (a refresh token), consent every time, PKCE S256. */
export async function googleConsentUrl(env: Env, state: string): Promise<{ url: string; codeVerifier: string }> {
  const client = googleOAuthClient(env);
  const { codeVerifier, codeChallenge } = await client.generateCodeVerifierAsync();
  const url = client.generateAuthUrl({
    access_type: 'offline',
    prompt: 'consent',
    include_granted_scopes: true,
    scope: GOOGLE_SCOPES,
    state,
    code_challenge: codeChallenge,
    // google-auth-library's enum is 'S256'; the string is what goes on the wire.
    code_challenge_method: 'S256' as never,
  });
  return { url, codeVerifier };
}

export async function exchangeGoogleCode(env: Env, code: string, codeVerifier: string): Promise<Credentials> {
  try {
    const { tokens } = await googleOAuthClient(env).getToken({ code, codeVerifier });
    return tokens;
  } catch (error) {
    throw toProviderError(error);
  }
}

export async function revokeGoogleToken(env: Env, token: string): Promise<void> {
  try {
    await googleOAuthClient(env).revokeToken(token);
  } catch (error) {
    throw toProviderError(error);
  }
}

/** Gmail for a mailbox, through its OAuth client; rootUrl from env (the fake in tests). */
export function gmailFor(env: Env, auth: OAuth2Client): gmail_v1.Gmail {
  return gmail({ version: 'v1', auth, retry: false, ...(env.google.apiRootUrl ? { rootUrl: env.google.apiRootUrl } : {}) });
}

async function call<T>(request: () => Promise<{ data: T }>): Promise<T> {
  try {
    return (await request()).data;
  } catch (error) {
    throw toProviderError(error);
  }
}

export interface GmailMessageMeta {
  id: string;
  threadId: string | null;
  snippet: string | null;
  internalDate: number | null;
  headers: { name?: string | null; value?: string | null }[];
}

export const METADATA_HEADERS = ['From', 'To', 'Cc', 'Subject', 'Date', 'Message-ID'];

/** The calls capture makes, each turning a provider failure into a ProviderError. */
export function gmailApi(client: gmail_v1.Gmail) {
  return {
    profile: () => call(() => client.users.getProfile({ userId: 'me' })),
    watch: (topicName: string) =>
      call(() => client.users.watch({ userId: 'me', requestBody: { topicName, labelIds: ['INBOX', 'SENT'], labelFilterBehavior: 'include' } })),
    stop: () => call(() => client.users.stop({ userId: 'me' })),
    history: (startHistoryId: string, pageToken?: string) =>
      call(() => client.users.history.list({ userId: 'me', startHistoryId, historyTypes: ['messageAdded'], pageToken, maxResults: 500 })),
    /** A bounded full listing (resync): needs gmail.readonly, which refuses nothing. */
    list: (q: string, pageToken?: string) => call(() => client.users.messages.list({ userId: 'me', q, pageToken, maxResults: 500 })),
    metadata: async (id: string): Promise<GmailMessageMeta> => {
      const m = await call(() => client.users.messages.get({ userId: 'me', id, format: 'metadata', metadataHeaders: METADATA_HEADERS }));
      return {
        id: m.id ?? id,
        threadId: m.threadId ?? null,
        snippet: m.snippet ?? null,
        internalDate: m.internalDate ? Number(m.internalDate) : null,
        headers: m.payload?.headers ?? [],
      };
    },
  };
}

export type GmailApi = ReturnType<typeof gmailApi>;

/**
 * Checks a Pub/Sub push's OIDC token: Google's signature (certificates from env), our audience, issuer
 * accounts.google.com, and the push service account as a verified email. Returns why not, or null when valid.
 */
export async function pushTokenProblem(env: Env, idToken: string, certsClient: OAuth2Client): Promise<string | null> {
  const { pushAudience, pushServiceAccount } = env.google;
  if (!pushAudience || !pushServiceAccount) return 'push authentication is not configured';
  try {
    const ticket = await certsClient.verifyIdToken({ idToken, audience: pushAudience });
    const payload = ticket.getPayload();
    if (!payload?.email_verified || payload.email?.toLowerCase() !== pushServiceAccount) return 'token from another sender';
    return null;
  } catch (error) {
    return `token not valid: ${(error as Error).message.slice(0, 200)}`;
  }
}

/** The client whose certificate cache verifies push tokens: make one per process and keep it. */
export function pushVerifier(env: Env): OAuth2Client {
  return new OAuth2Client({ endpoints: endpoints(env.google) });
}

// A fake Google of our own, real HTTP on 127.0.0.1 (port 0): OAuth (consent that answers at once, token
// exchange with PKCE, refresh, revoke), OIDC certificates with a signer for Pub/Sub push tokens, and the
// Gmail calls capture makes (profile, watch, stop, history, messages.list, messages.get metadata), and Google
// Calendar's (events.list by window and sync token, events.watch, channels.stop).
// Reached through google-auth-library and @googleapis/gmail with their base URLs from env.
import { createHash, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeMessage {
  id: string;
  threadId: string;
  historyId: number;
  internalDate: number;
  snippet: string;
  headers: { name: string; value: string }[];
  labelIds: string[];
}

export interface FakeCalendarEvent {
  id: string;
  iCalUID: string;
  status: 'confirmed' | 'cancelled';
  summary: string;
  description?: string;
  start: { dateTime: string };
  end: { dateTime: string };
  organizer: { email: string; displayName?: string };
  attendees: { email: string; displayName?: string; resource?: boolean; responseStatus: string }[];
  /** The change sequence it last changed at (a sync token returns what changed after it). */
  changedAt: number;
}

export interface FakeCalendarChannel {
  id: string;
  resourceId: string;
  address: string;
  token: string;
  expiration: string;
  mailbox: string;
  stopped: boolean;
}

interface Mailbox {
  email: string;
  events: FakeCalendarEvent[];
  historyId: number;
  /** Start ids below this are "too old": history.list answers 404. */
  oldestHistoryId: number;
  messages: FakeMessage[];
  watchCalls: number;
}

interface Failure {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

export interface FakeGoogle {
  url: string;
  clientId: string;
  clientSecret: string;
  /** The env settings that point Tru-CRM here. */
  env: Record<string, string>;
  mailbox(email: string): Mailbox;
  /** Who grants consent on the next /auth visit. */
  consentAs(email: string): void;
  deliver(email: string, message: { from: string; to: string; cc?: string; subject: string; messageId?: string; snippet?: string; date?: Date; headerCase?: 'lower' }): FakeMessage;
  /** Forgets history: start ids up to now answer 404. */
  expireHistory(email: string): void;
  /** The refresh tokens of this mailbox stop working (invalid_grant), and its access tokens too. */
  revoke(email: string): void;
  /** Tokens of a mailbox without the consent dance (a connection made directly in a test). */
  issueTokens(email: string): { accessToken: string; refreshToken: string };
  /** The next request whose path contains `pathPart` fails like this (once per entry). */
  failNext(pathPart: string, failure: Failure): void;
  addCalendarEvent(email: string, event: { summary: string; organizer: string; attendees: string[]; start: Date; minutes?: number; iCalUID?: string; description?: string }): FakeCalendarEvent;
  moveCalendarEvent(email: string, id: string, start: Date): void;
  cancelCalendarEvent(email: string, id: string): void;
  /** Sync tokens issued so far answer 410 Gone. */
  expireSyncTokens(): void;
  calendarChannels(email?: string): FakeCalendarChannel[];
  /** Posts a channel notification (headers only) to `target`, as Google does; `token` overrides the channel's. */
  notifyCalendar(channel: FakeCalendarChannel, target: string, options?: { state?: string; token?: string; messageNumber?: number }): Promise<Response>;
  /** A Pub/Sub push token signed by the fake's key. */
  signIdToken(claims: Record<string, unknown>): string;
  requests: { method: string; path: string }[];
  lastAuthQuery: URLSearchParams | null;
  close(): Promise<void>;
}

const b64url = (v: Buffer | string) => Buffer.from(v).toString('base64url');

export async function startFakeGoogle(): Promise<FakeGoogle> {
  const clientId = 'fake-client-id.apps.googleusercontent.com';
  const clientSecret = 'fake-client-secret';
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = 'fake-key-1';
  const mailboxes = new Map<string, Mailbox>();
  const accessTokens = new Map<string, { email: string; expiresAt: number }>();
  const refreshTokens = new Map<string, string>();
  const codes = new Map<string, { email: string; challenge: string | null; redirectUri: string }>();
  const failures: { pathPart: string; failure: Failure }[] = [];
  const requests: { method: string; path: string }[] = [];
  let consentEmail = 'rep@corp.example';
  let lastAuthQuery: URLSearchParams | null = null;
  let sequence = 0;
  let calendarSequence = 0;
  let oldestSyncToken = 0;
  const channels = new Map<string, FakeCalendarChannel>();

  const mailbox = (email: string): Mailbox => {
    const key = email.toLowerCase();
    let m = mailboxes.get(key);
    if (!m) {
      m = { email: key, historyId: 1000, oldestHistoryId: 1, messages: [], watchCalls: 0, events: [] };
      mailboxes.set(key, m);
    }
    return m;
  };

  const issueTokens = (email: string) => {
    const accessToken = `ya29.${randomBytes(12).toString('hex')}`;
    const refreshToken = `1//${randomBytes(12).toString('hex')}`;
    accessTokens.set(accessToken, { email: email.toLowerCase(), expiresAt: Date.now() + 3600_000 });
    refreshTokens.set(refreshToken, email.toLowerCase());
    mailbox(email);
    return { accessToken, refreshToken };
  };

  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(body === undefined ? '' : JSON.stringify(body));
  };

  const readBody = (req: IncomingMessage) =>
    new Promise<string>((resolve) => {
      let data = '';
      req.on('data', (c) => (data += c));
      req.on('end', () => resolve(data));
    });

  const apiError = (res: ServerResponse, status: number, message: string) => send(res, status, { error: { code: status, message, errors: [{ message }] } });

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://fake');
    requests.push({ method: req.method ?? 'GET', path: url.pathname });
    const failureAt = failures.findIndex((f) => url.pathname.includes(f.pathPart));
    if (failureAt !== -1) {
      const { failure } = failures.splice(failureAt, 1)[0]!;
      return send(res, failure.status, failure.body ?? { error: { code: failure.status, message: `fake failure ${failure.status}` } }, failure.headers);
    }

    if (url.pathname === '/o/oauth2/v2/auth') {
      lastAuthQuery = url.searchParams;
      const code = `code-${randomBytes(8).toString('hex')}`;
      codes.set(code, { email: consentEmail, challenge: url.searchParams.get('code_challenge'), redirectUri: url.searchParams.get('redirect_uri') ?? '' });
      const back = new URL(url.searchParams.get('redirect_uri') ?? '');
      back.searchParams.set('code', code);
      back.searchParams.set('state', url.searchParams.get('state') ?? '');
      res.writeHead(302, { location: back.toString() });
      return res.end();
    }
    if (url.pathname === '/token' && req.method === 'POST') {
      const form = new URLSearchParams(await readBody(req));
      if (form.get('client_id') !== clientId || form.get('client_secret') !== clientSecret) return send(res, 401, { error: 'invalid_client' });
      if (form.get('grant_type') === 'authorization_code') {
        const grant = codes.get(form.get('code') ?? '');
        codes.delete(form.get('code') ?? '');
        const verifier = form.get('code_verifier') ?? '';
        const challenge = createHash('sha256').update(verifier).digest('base64url');
        if (!grant || (grant.challenge && grant.challenge !== challenge) || grant.redirectUri !== form.get('redirect_uri')) {
          return send(res, 400, { error: 'invalid_grant', error_description: 'Bad code, verifier or redirect' });
        }
        const t = issueTokens(grant.email);
        return send(res, 200, { access_token: t.accessToken, refresh_token: t.refreshToken, expires_in: 3599, token_type: 'Bearer', scope: 'email' });
      }
      if (form.get('grant_type') === 'refresh_token') {
        const email = refreshTokens.get(form.get('refresh_token') ?? '');
        if (!email) return send(res, 400, { error: 'invalid_grant', error_description: 'Token has been expired or revoked.' });
        const accessToken = `ya29.${randomBytes(12).toString('hex')}`;
        accessTokens.set(accessToken, { email, expiresAt: Date.now() + 3600_000 });
        return send(res, 200, { access_token: accessToken, expires_in: 3599, token_type: 'Bearer' });
      }
      return send(res, 400, { error: 'unsupported_grant_type' });
    }
    if (url.pathname === '/revoke') {
      const token = url.searchParams.get('token') ?? new URLSearchParams(await readBody(req)).get('token') ?? '';
      refreshTokens.delete(token);
      accessTokens.delete(token);
      return send(res, 200, {});
    }
    if (url.pathname === '/oauth2/v1/certs') {
      return send(res, 200, { [kid]: publicKey.export({ type: 'spki', format: 'pem' }).toString() }, { 'cache-control': 'public, max-age=3600' });
    }

    const cal = /^\/calendar\/v3\/(.+)$/.exec(url.pathname);
    if (cal) {
      const bearer = (req.headers.authorization ?? '').replace(/^Bearer /, '');
      const grant = accessTokens.get(bearer);
      if (!grant || grant.expiresAt < Date.now()) return apiError(res, 401, 'Request had invalid authentication credentials.');
      const box = mailbox(grant.email);
      const rest = cal[1]!;
      if (rest === 'calendars/primary/events' && req.method === 'GET') {
        const syncToken = url.searchParams.get('syncToken');
        if (syncToken && Number(syncToken) < oldestSyncToken) {
          return send(res, 410, { error: { code: 410, message: 'Sync token is no longer valid, a full sync is required.', errors: [{ reason: 'fullSyncRequired' }] } });
        }
        if (syncToken && url.searchParams.get('timeMin')) return apiError(res, 400, 'timeMin cannot be used with syncToken');
        const timeMin = url.searchParams.get('timeMin');
        const all = syncToken
          ? box.events.filter((e) => e.changedAt > Number(syncToken))
          : box.events.filter((e) => e.status !== 'cancelled' && (!timeMin || e.end.dateTime >= timeMin));
        const pageSize = Math.min(Number(url.searchParams.get('maxResults') ?? 250), 3);
        const offset = Number(url.searchParams.get('pageToken') ?? 0);
        const page = all.slice(offset, offset + pageSize);
        const more = offset + pageSize < all.length;
        return send(res, 200, {
          kind: 'calendar#events',
          items: page.map(({ changedAt: _c, ...e }) => (e.status === 'cancelled' && syncToken ? { id: e.id, status: 'cancelled' } : e)),
          ...(more ? { nextPageToken: String(offset + pageSize) } : { nextSyncToken: String(calendarSequence) }),
        });
      }
      if (rest === 'calendars/primary/events/watch' && req.method === 'POST') {
        const body = JSON.parse((await readBody(req)) || '{}') as { id: string; address: string; token: string; expiration?: string; type: string };
        const channel: FakeCalendarChannel = {
          id: body.id,
          resourceId: `res-${randomBytes(6).toString('hex')}`,
          address: body.address,
          token: body.token,
          expiration: body.expiration ?? String(Date.now() + 7 * 86_400_000),
          mailbox: box.email,
          stopped: false,
        };
        channels.set(channel.id, channel);
        return send(res, 200, { kind: 'api#channel', id: channel.id, resourceId: channel.resourceId, resourceUri: `${url.origin}/calendar/v3/calendars/primary/events`, token: channel.token, expiration: channel.expiration });
      }
      if (rest === 'channels/stop' && req.method === 'POST') {
        const body = JSON.parse((await readBody(req)) || '{}') as { id: string; resourceId: string };
        const channel = channels.get(body.id);
        if (!channel || channel.resourceId !== body.resourceId) return apiError(res, 404, 'Channel not found');
        channel.stopped = true;
        return send(res, 204, undefined);
      }
    }

    const gmail = /^\/gmail\/v1\/users\/me\/(.+)$/.exec(url.pathname);
    if (gmail) {
      const bearer = (req.headers.authorization ?? '').replace(/^Bearer /, '');
      const grant = accessTokens.get(bearer);
      if (!grant || grant.expiresAt < Date.now()) return apiError(res, 401, 'Request had invalid authentication credentials.');
      const box = mailbox(grant.email);
      const rest = gmail[1]!;
      if (rest === 'profile') return send(res, 200, { emailAddress: box.email, messagesTotal: box.messages.length, historyId: String(box.historyId) });
      if (rest === 'watch') {
        box.watchCalls += 1;
        return send(res, 200, { historyId: String(box.historyId), expiration: String(Date.now() + 7 * 24 * 3600_000) });
      }
      if (rest === 'stop') return send(res, 204, undefined);
      if (rest === 'history') {
        const start = Number(url.searchParams.get('startHistoryId'));
        if (!start || start < box.oldestHistoryId) return apiError(res, 404, 'Requested entity was not found.');
        const added = box.messages.filter((m) => m.historyId > start);
        const pageSize = Number(url.searchParams.get('maxResults') ?? 100);
        const offset = Number(url.searchParams.get('pageToken') ?? 0);
        const page = added.slice(offset, offset + pageSize);
        return send(res, 200, {
          history: page.map((m) => ({ id: String(m.historyId), messagesAdded: [{ message: { id: m.id, threadId: m.threadId, labelIds: m.labelIds } }] })),
          historyId: String(box.historyId),
          ...(offset + pageSize < added.length ? { nextPageToken: String(offset + pageSize) } : {}),
        });
      }
      if (rest === 'messages') {
        const q = url.searchParams.get('q') ?? '';
        const days = Number(/newer_than:(\d+)d/.exec(q)?.[1] ?? 36500);
        const since = Date.now() - days * 24 * 3600_000;
        const all = box.messages.filter((m) => m.internalDate >= since).reverse();
        const pageSize = Number(url.searchParams.get('maxResults') ?? 100);
        const offset = Number(url.searchParams.get('pageToken') ?? 0);
        return send(res, 200, {
          messages: all.slice(offset, offset + pageSize).map((m) => ({ id: m.id, threadId: m.threadId })),
          resultSizeEstimate: all.length,
          ...(offset + pageSize < all.length ? { nextPageToken: String(offset + pageSize) } : {}),
        });
      }
      const one = /^messages\/([^/]+)$/.exec(rest);
      if (one) {
        const m = box.messages.find((x) => x.id === one[1]);
        if (!m) return apiError(res, 404, 'Requested entity was not found.');
        const wanted = url.searchParams.getAll('metadataHeaders').map((h) => h.toLowerCase());
        return send(res, 200, {
          id: m.id,
          threadId: m.threadId,
          labelIds: m.labelIds,
          snippet: m.snippet,
          historyId: String(m.historyId),
          internalDate: String(m.internalDate),
          payload: { headers: m.headers.filter((h) => wanted.length === 0 || wanted.includes(h.name.toLowerCase())) },
        });
      }
    }
    send(res, 404, { error: { code: 404, message: `fake google: no route ${req.method} ${url.pathname}` } });
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error) => send(res, 500, { error: String(error) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    clientId,
    clientSecret,
    env: {
      GOOGLE_CLIENT_ID: clientId,
      GOOGLE_CLIENT_SECRET: clientSecret,
      GOOGLE_API_ROOT_URL: `${url}/`,
      GOOGLE_OAUTH_AUTH_URL: `${url}/o/oauth2/v2/auth`,
      GOOGLE_OAUTH_TOKEN_URL: `${url}/token`,
      GOOGLE_OAUTH_REVOKE_URL: `${url}/revoke`,
      GOOGLE_OIDC_CERTS_URL: `${url}/oauth2/v1/certs`,
    },
    mailbox,
    consentAs: (email) => {
      consentEmail = email.toLowerCase();
    },
    deliver(email, msg) {
      const box = mailbox(email);
      sequence += 1;
      box.historyId += 1;
      const lower = msg.headerCase === 'lower';
      const h = (name: string, value: string) => ({ name: lower ? name.toLowerCase() : name, value });
      const headers = [
        h('From', msg.from),
        h('To', msg.to),
        ...(msg.cc ? [h('Cc', msg.cc)] : []),
        h('Subject', msg.subject),
        h('Date', (msg.date ?? new Date()).toUTCString()),
        h(lower ? 'message-id' : 'Message-ID', msg.messageId ?? `<fake-${sequence}-${randomBytes(4).toString('hex')}@mail.example>`),
      ];
      const message: FakeMessage = {
        id: `m${sequence.toString(16).padStart(8, '0')}${randomBytes(2).toString('hex')}`,
        threadId: `t${sequence}`,
        historyId: box.historyId,
        internalDate: (msg.date ?? new Date()).getTime(),
        snippet: msg.snippet ?? `Snippet of ${msg.subject}`,
        headers,
        labelIds: ['INBOX'],
      };
      box.messages.push(message);
      return message;
    },
    expireHistory(email) {
      const box = mailbox(email);
      box.oldestHistoryId = box.historyId + 1;
    },
    revoke(email) {
      const key = email.toLowerCase();
      for (const [token, owner] of refreshTokens) if (owner === key) refreshTokens.delete(token);
      for (const [token, grant] of accessTokens) if (grant.email === key) accessTokens.delete(token);
    },
    issueTokens,
    failNext(pathPart, failure) {
      failures.push({ pathPart, failure });
    },
    addCalendarEvent(email, e) {
      const box = mailbox(email);
      calendarSequence += 1;
      const event: FakeCalendarEvent = {
        id: `ev${calendarSequence}${randomBytes(3).toString('hex')}`,
        iCalUID: e.iCalUID ?? `${randomBytes(10).toString('hex')}@google.com`,
        status: 'confirmed',
        summary: e.summary,
        ...(e.description ? { description: e.description } : {}),
        start: { dateTime: e.start.toISOString() },
        end: { dateTime: new Date(e.start.getTime() + (e.minutes ?? 30) * 60_000).toISOString() },
        organizer: { email: e.organizer },
        attendees: e.attendees.map((a) => ({ email: a, responseStatus: 'needsAction' })),
        changedAt: calendarSequence,
      };
      box.events.push(event);
      return event;
    },
    moveCalendarEvent(email, id, start) {
      const e = mailbox(email).events.find((x) => x.id === id)!;
      calendarSequence += 1;
      e.start = { dateTime: start.toISOString() };
      e.end = { dateTime: new Date(start.getTime() + 30 * 60_000).toISOString() };
      e.changedAt = calendarSequence;
    },
    cancelCalendarEvent(email, id) {
      const e = mailbox(email).events.find((x) => x.id === id)!;
      calendarSequence += 1;
      e.status = 'cancelled';
      e.changedAt = calendarSequence;
    },
    expireSyncTokens() {
      calendarSequence += 1;
      oldestSyncToken = calendarSequence;
    },
    calendarChannels: (email) => [...channels.values()].filter((c) => !c.stopped && (!email || c.mailbox === email.toLowerCase())),
    notifyCalendar(channel, target, options = {}) {
      return fetch(target, {
        method: 'POST',
        headers: {
          'x-goog-channel-id': channel.id,
          'x-goog-channel-token': options.token ?? channel.token,
          'x-goog-resource-id': channel.resourceId,
          'x-goog-resource-state': options.state ?? 'exists',
          'x-goog-message-number': String(options.messageNumber ?? 2),
          'x-goog-channel-expiration': new Date(Number(channel.expiration)).toUTCString(),
        },
      });
    },
    signIdToken(claims) {
      const header = b64url(JSON.stringify({ alg: 'RS256', kid, typ: 'JWT' }));
      const now = Math.floor(Date.now() / 1000);
      const payload = b64url(JSON.stringify({ iss: 'https://accounts.google.com', iat: now, exp: now + 3600, ...claims }));
      const signature = sign('RSA-SHA256', Buffer.from(`${header}.${payload}`), privateKey).toString('base64url');
      return `${header}.${payload}.${signature}`;
    },
    requests,
    get lastAuthQuery() {
      return lastAuthQuery;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A Pub/Sub push body for a Gmail notification. historyId as a number, as Gmail has sent it. */
export function gmailPushBody(emailAddress: string, historyId: number | string, messageId: string) {
  return {
    message: {
      data: Buffer.from(JSON.stringify({ emailAddress, historyId })).toString('base64'),
      messageId,
      publishTime: new Date().toISOString(),
      attributes: {},
    },
    subscription: 'projects/test/subscriptions/gmail-push',
  };
}

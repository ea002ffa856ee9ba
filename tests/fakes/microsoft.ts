// A fake Microsoft of our own, real https on 127.0.0.1 (port 0) with the test run's self-signed certificate
// (tests/helpers/testTls.ts; trusted through NODE_EXTRA_CA_CERTS): the identity platform's authorize and token
// endpoints (PKCE, rotating refresh tokens, invalid_grant) and the Graph calls capture makes (me, subscriptions
// with the validationToken handshake, mail folder and calendarView delta with next and delta links, message
// listing and reads). Reached through fetch and @microsoft/microsoft-graph-client with base URLs from env.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';

export type FakeFolder = 'inbox' | 'sentitems';

interface Recipient {
  emailAddress: { address: string; name?: string };
}

export interface FakeGraphMessage {
  id: string;
  internetMessageId: string;
  conversationId: string;
  subject: string;
  bodyPreview: string;
  from: Recipient;
  toRecipients: Recipient[];
  ccRecipients: Recipient[];
  receivedDateTime: string;
  sentDateTime: string;
  isRead: boolean;
  folder: FakeFolder;
  /** The change sequence this message last changed at (delta returns items changed after the token). */
  changedAt: number;
}

export interface FakeGraphEvent {
  id: string;
  iCalUId: string;
  subject: string;
  bodyPreview: string;
  start: { dateTime: string; timeZone: 'UTC' };
  end: { dateTime: string; timeZone: 'UTC' };
  isCancelled: boolean;
  organizer: Recipient;
  attendees: (Recipient & { type: 'required' | 'optional' | 'resource' })[];
  deleted: boolean;
  changedAt: number;
}

export interface FakeSubscription {
  id: string;
  mailbox: string;
  resource: string;
  changeType: string;
  notificationUrl: string;
  lifecycleNotificationUrl: string | null;
  clientState: string;
  expirationDateTime: string;
}

interface Mailbox {
  email: string;
  userId: string;
  messages: FakeGraphMessage[];
  events: FakeGraphEvent[];
}

interface Failure {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

export interface FakeMicrosoft {
  url: string;
  env: Record<string, string>;
  mailbox(email: string): Mailbox;
  consentAs(email: string): void;
  issueTokens(email: string): { accessToken: string; refreshToken: string };
  /** A message arrives in (or is sent from) a mailbox. */
  deliver(email: string, msg: { from: string; to: string; cc?: string; subject: string; internetMessageId?: string; bodyPreview?: string; date?: Date; folder?: FakeFolder }): FakeGraphMessage;
  /** The message changes (read): delta returns it again. */
  markRead(email: string, id: string): void;
  addEvent(email: string, event: { subject: string; organizer: string; attendees: string[]; start: Date; minutes?: number; iCalUId?: string; bodyPreview?: string }): FakeGraphEvent;
  moveEvent(email: string, id: string, start: Date): void;
  cancelEvent(email: string, id: string): void;
  deleteEvent(email: string, id: string): void;
  /** Delta tokens issued so far stop working (410 Gone, syncStateNotFound). */
  expireDeltaTokens(): void;
  revoke(email: string): void;
  failNext(pathPart: string, failure: Failure): void;
  /** Graph's validation POSTs go to this origin instead of the notification URL's (the test server). */
  deliverNotificationsTo(origin: string): void;
  subscriptions(email?: string): FakeSubscription[];
  /** POSTs a change notification for a subscription to its URL, as Graph does; `clientState` overrides the real one. */
  notify(sub: FakeSubscription, resourceId: string, options?: { clientState?: string; changeType?: string }): Promise<Response>;
  lifecycle(sub: FakeSubscription, event: 'reauthorizationRequired' | 'subscriptionRemoved' | 'missed'): Promise<Response>;
  requests: { method: string; path: string; authorized: boolean }[];
  lastAuthQuery: URLSearchParams | null;
  close(): Promise<void>;
}

const recipient = (address: string): Recipient => ({ emailAddress: { address, name: address.split('@')[0] } });
const list = (value: string | undefined) => (value ? value.split(',').map((v) => v.trim()).filter(Boolean).map(recipient) : []);

export async function startFakeMicrosoft(options: { clientId?: string; clientSecret?: string } = {}): Promise<FakeMicrosoft> {
  const keyFile = process.env.TEST_TLS_KEY_FILE;
  const certFile = process.env.TEST_TLS_CERT_FILE;
  if (!keyFile || !certFile) throw new Error('the https fakes need tests/helpers/testTls.ts as vitest globalSetup');
  const clientId = options.clientId ?? 'fake-microsoft-client';
  const clientSecret = options.clientSecret ?? 'fake-microsoft-secret';
  const mailboxes = new Map<string, Mailbox>();
  const accessTokens = new Map<string, { email: string; expiresAt: number }>();
  const refreshTokens = new Map<string, string>();
  const codes = new Map<string, { email: string; challenge: string | null; redirectUri: string }>();
  const subscriptions = new Map<string, FakeSubscription>();
  const failures: { pathPart: string; failure: Failure }[] = [];
  const requests: FakeMicrosoft['requests'] = [];
  let consentEmail = 'rep@corp.example';
  let lastAuthQuery: URLSearchParams | null = null;
  let notifyOrigin: string | null = null;
  let sequence = 0;
  /** Delta tokens below this answer 410. */
  let oldestDeltaToken = 0;

  const mailbox = (email: string): Mailbox => {
    const key = email.toLowerCase();
    let m = mailboxes.get(key);
    if (!m) {
      m = { email: key, userId: randomUUID(), messages: [], events: [] };
      mailboxes.set(key, m);
    }
    return m;
  };
  const issueTokens = (email: string) => {
    const accessToken = `eyJ0eXAi.${randomBytes(12).toString('hex')}`;
    const refreshToken = `M.R3_BAY.${randomBytes(12).toString('hex')}`;
    accessTokens.set(accessToken, { email: email.toLowerCase(), expiresAt: Date.now() + 3600_000 });
    refreshTokens.set(refreshToken, email.toLowerCase());
    mailbox(email);
    return { accessToken, refreshToken };
  };

  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(body === undefined ? '' : JSON.stringify(body));
  };
  // Graph's error body: a code, a message and the request's ids in innerError.
  const graphError = (res: ServerResponse, status: number, code: string, message: string, headers: Record<string, string> = {}) => {
    const requestId = randomUUID();
    const date = new Date().toISOString().slice(0, 19);
    return send(res, status, { error: { code, message, innerError: { date, 'request-id': requestId, 'client-request-id': requestId } } }, headers);
  };
  const readBody = (req: IncomingMessage) =>
    new Promise<string>((resolve) => {
      let data = '';
      req.on('data', (c) => (data += c));
      req.on('end', () => resolve(data));
    });

  let url = '';
  const retarget = (target: string) => (notifyOrigin ? target.replace(new URL(target).origin, notifyOrigin) : target);

  /** Graph's handshake: POST ?validationToken=…, expecting 200 text/plain with the token echoed. */
  async function validate(target: string): Promise<string | null> {
    const token = `Validation: Testing client application reachability for subscription Request-Id: ${randomUUID()}`;
    const response = await fetch(`${retarget(target)}?validationToken=${encodeURIComponent(token)}`, { method: 'POST', headers: { 'content-type': 'text/plain' } });
    const text = await response.text();
    if (response.status !== 200) return `validation answered ${response.status}`;
    if (!(response.headers.get('content-type') ?? '').startsWith('text/plain')) return 'validation answer is not text/plain';
    if (text !== token) return 'validation answer does not echo the token';
    return null;
  }

  function deltaPage<T extends { changedAt: number }>(
    res: ServerResponse,
    all: T[],
    base: string,
    token: number,
    offset: number,
    pageSize: number,
    shape: (item: T) => unknown,
  ) {
    const changed = all.filter((i) => i.changedAt > token);
    const page = changed.slice(offset, offset + pageSize);
    const more = offset + pageSize < changed.length;
    return send(res, 200, {
      '@odata.context': `${url}/v1.0/$metadata`,
      value: page.map(shape),
      ...(more ? { '@odata.nextLink': `${base}?$skiptoken=${token}.${offset + pageSize}` } : { '@odata.deltaLink': `${base}?$deltatoken=${sequence}` }),
    });
  }

  function pageSizeOf(req: IncomingMessage): number {
    const m = /odata\.maxpagesize=(\d+)/.exec(String(req.headers.prefer ?? ''));
    return Math.min(Number(m?.[1] ?? 10), 10);
  }

  /** The delta round's position: a fresh round (0), $deltatoken=N or $skiptoken=N.offset. */
  function position(q: URLSearchParams): { token: number; offset: number } | 'expired' {
    const skip = q.get('$skiptoken');
    const delta = q.get('$deltatoken');
    if (skip) {
      const [t, o] = skip.split('.').map(Number);
      return t! < oldestDeltaToken ? 'expired' : { token: t!, offset: o! };
    }
    if (delta) return Number(delta) < oldestDeltaToken ? 'expired' : { token: Number(delta), offset: 0 };
    return { token: 0, offset: 0 };
  }

  const messageShape = (m: FakeGraphMessage) => {
    const { folder: _f, changedAt: _c, ...rest } = m;
    return rest;
  };
  const eventShape = (e: FakeGraphEvent) => {
    if (e.deleted) return { id: e.id, '@removed': { reason: 'deleted' } };
    const { deleted: _d, changedAt: _c, ...rest } = e;
    return rest;
  };

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const u = new URL(req.url ?? '/', 'https://fake');
    const bearer = (req.headers.authorization ?? '').replace(/^Bearer /, '');
    requests.push({ method: req.method ?? 'GET', path: u.pathname, authorized: Boolean(bearer) });
    const failureAt = failures.findIndex((f) => u.pathname.includes(f.pathPart));
    if (failureAt !== -1) {
      const { failure } = failures.splice(failureAt, 1)[0]!;
      return send(res, failure.status, failure.body ?? { error: { code: 'fakeFailure', message: `fake failure ${failure.status}` } }, failure.headers);
    }

    const login = /^\/([^/]+)\/oauth2\/v2\.0\/(authorize|token)$/.exec(u.pathname);
    if (login?.[2] === 'authorize') {
      lastAuthQuery = u.searchParams;
      const code = `M.C5_BAY.${randomBytes(8).toString('hex')}`;
      codes.set(code, { email: consentEmail, challenge: u.searchParams.get('code_challenge'), redirectUri: u.searchParams.get('redirect_uri') ?? '' });
      const back = new URL(u.searchParams.get('redirect_uri') ?? '');
      back.searchParams.set('code', code);
      back.searchParams.set('state', u.searchParams.get('state') ?? '');
      res.writeHead(302, { location: back.toString() });
      return res.end();
    }
    if (login?.[2] === 'token' && req.method === 'POST') {
      const form = new URLSearchParams(await readBody(req));
      if (form.get('client_id') !== clientId || form.get('client_secret') !== clientSecret) return send(res, 401, { error: 'invalid_client' });
      if (form.get('grant_type') === 'authorization_code') {
        const grant = codes.get(form.get('code') ?? '');
        codes.delete(form.get('code') ?? '');
        const challenge = createHash('sha256').update(form.get('code_verifier') ?? '').digest('base64url');
        if (!grant || (grant.challenge && grant.challenge !== challenge) || grant.redirectUri !== form.get('redirect_uri')) {
          return send(res, 400, { error: 'invalid_grant', error_description: 'AADSTS70008: bad code, verifier or redirect' });
        }
        const t = issueTokens(grant.email);
        return send(res, 200, { token_type: 'Bearer', scope: form.get('scope'), expires_in: 3599, access_token: t.accessToken, refresh_token: t.refreshToken });
      }
      if (form.get('grant_type') === 'refresh_token') {
        const old = form.get('refresh_token') ?? '';
        const email = refreshTokens.get(old);
        if (!email) return send(res, 400, { error: 'invalid_grant', error_description: 'AADSTS700082: The refresh token has expired or been revoked.' });
        // Microsoft rotates refresh tokens; the old one keeps working for a while in reality, not here.
        refreshTokens.delete(old);
        const t = issueTokens(email);
        return send(res, 200, { token_type: 'Bearer', expires_in: 3599, access_token: t.accessToken, refresh_token: t.refreshToken });
      }
      return send(res, 400, { error: 'unsupported_grant_type' });
    }

    if (!u.pathname.startsWith('/v1.0/')) return graphError(res, 404, 'NotFound', `fake microsoft: no route ${req.method} ${u.pathname}`);
    const grant = accessTokens.get(bearer);
    if (!grant || grant.expiresAt < Date.now()) return graphError(res, 401, 'InvalidAuthenticationToken', 'Access token is empty or invalid.');
    const box = mailbox(grant.email);
    const rest = u.pathname.slice('/v1.0/'.length);

    if (rest === 'me') return send(res, 200, { id: box.userId, mail: box.email, userPrincipalName: box.email });

    if (rest === 'subscriptions' && req.method === 'POST') {
      const body = JSON.parse(await readBody(req)) as Omit<FakeSubscription, 'id' | 'mailbox'>;
      // Graph refuses any address that is not https before it tries to validate it.
      for (const [field, target] of [['NotificationUrl', body.notificationUrl], ['LifecycleNotificationUrl', body.lifecycleNotificationUrl]] as const) {
        if (!target && field === 'LifecycleNotificationUrl') continue;
        const scheme = URL.canParse(target ?? '') ? new URL(target!).protocol.replace(/:$/, '') : String(target);
        if (scheme !== 'https') return graphError(res, 400, 'InvalidRequest', `${field} scheme='${scheme}' is not supported.`);
      }
      for (const target of [body.notificationUrl, body.lifecycleNotificationUrl].filter((t): t is string => Boolean(t))) {
        const problem = await validate(target).catch((error: Error) => `validation failed: ${error.message}`);
        if (problem) return graphError(res, 400, 'ValidationError', `Subscription validation request failed: ${problem}`);
      }
      const sub: FakeSubscription = { ...body, lifecycleNotificationUrl: body.lifecycleNotificationUrl ?? null, id: randomUUID(), mailbox: box.email };
      subscriptions.set(sub.id, sub);
      return send(res, 201, { id: sub.id, resource: sub.resource, changeType: sub.changeType, expirationDateTime: sub.expirationDateTime, notificationUrl: sub.notificationUrl });
    }
    const subscription = /^subscriptions\/([^/]+)$/.exec(rest);
    if (subscription) {
      const sub = subscriptions.get(decodeURIComponent(subscription[1]!));
      if (!sub) return graphError(res, 404, 'ResourceNotFound', 'The object was not found.');
      if (req.method === 'DELETE') {
        subscriptions.delete(sub.id);
        res.writeHead(204);
        return res.end();
      }
      if (req.method === 'PATCH') {
        const body = JSON.parse(await readBody(req)) as { expirationDateTime: string };
        sub.expirationDateTime = body.expirationDateTime;
        return send(res, 200, { id: sub.id, expirationDateTime: sub.expirationDateTime });
      }
    }

    const folderDelta = /^me\/mailFolders\/(inbox|sentitems)\/messages\/delta$/.exec(rest);
    if (folderDelta) {
      const folder = folderDelta[1] as FakeFolder;
      const at = position(u.searchParams);
      if (at === 'expired') return graphError(res, 410, 'SyncStateNotFound', 'The sync state generation is not found.');
      const since = /receivedDateTime ge (\S+)/.exec(u.searchParams.get('$filter') ?? '')?.[1];
      const inFolder = box.messages.filter((m) => m.folder === folder && (!since || at.token > 0 || m.receivedDateTime >= since));
      return deltaPage(res, inFolder, `${url}/v1.0/me/mailFolders/${folder}/messages/delta`, at.token, at.offset, pageSizeOf(req), messageShape);
    }
    const folderList = /^me\/mailFolders\/(inbox|sentitems)\/messages$/.exec(rest);
    if (folderList) {
      const since = /receivedDateTime ge (\S+)/.exec(u.searchParams.get('$filter') ?? '')?.[1] ?? '';
      const all = box.messages.filter((m) => m.folder === folderList[1] && m.receivedDateTime >= since);
      const offset = Number(u.searchParams.get('$skip') ?? 0);
      const top = Number(u.searchParams.get('$top') ?? 10);
      const page = all.slice(offset, offset + top);
      const next = new URL(`${url}/v1.0/${rest}`);
      next.searchParams.set('$filter', `receivedDateTime ge ${since}`);
      next.searchParams.set('$top', String(top));
      next.searchParams.set('$skip', String(offset + top));
      return send(res, 200, { value: page.map((m) => ({ id: m.id })), ...(offset + top < all.length ? { '@odata.nextLink': next.toString() } : {}) });
    }
    const one = /^me\/messages\/([^/]+)$/.exec(rest);
    if (one) {
      const m = box.messages.find((x) => x.id === decodeURIComponent(one[1]!));
      if (!m) return graphError(res, 404, 'ErrorItemNotFound', 'The specified object was not found in the store.');
      return send(res, 200, messageShape(m));
    }
    if (rest === 'me/calendarView/delta') {
      const at = position(u.searchParams);
      if (at === 'expired') return graphError(res, 410, 'SyncStateNotFound', 'The sync state generation is not found.');
      if (at.token === 0 && (!u.searchParams.get('startDateTime') || !u.searchParams.get('endDateTime'))) {
        return graphError(res, 400, 'ErrorInvalidParameter', 'startDateTime and endDateTime are required');
      }
      return deltaPage(res, box.events, `${url}/v1.0/me/calendarView/delta`, at.token, at.offset, pageSizeOf(req), eventShape);
    }
    return graphError(res, 404, 'NotFound', `fake microsoft: no route ${req.method} ${u.pathname}`);
  }

  const server: Server = createServer({ key: readFileSync(keyFile), cert: readFileSync(certFile) }, (req, res) => {
    handle(req, res).catch((error) => send(res, 500, { error: { code: 'fakeCrash', message: String(error) } }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const post = (sub: FakeSubscription, target: string, body: unknown) =>
    fetch(retarget(target), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  const findEvent = (email: string, id: string) => {
    const e = mailbox(email).events.find((x) => x.id === id);
    if (!e) throw new Error(`no event ${id}`);
    return e;
  };

  return {
    url,
    env: {
      MICROSOFT_CLIENT_ID: clientId,
      MICROSOFT_CLIENT_SECRET: clientSecret,
      MICROSOFT_TENANT_ID: 'common',
      MICROSOFT_LOGIN_URL: url,
      MICROSOFT_GRAPH_URL: url,
    },
    mailbox,
    consentAs: (email) => {
      consentEmail = email.toLowerCase();
    },
    issueTokens,
    deliver(email, msg) {
      const box = mailbox(email);
      sequence += 1;
      const at = (msg.date ?? new Date()).toISOString();
      const message: FakeGraphMessage = {
        id: `AAMkAG${sequence.toString(16).padStart(6, '0')}${randomBytes(3).toString('hex')}=`,
        internetMessageId: msg.internetMessageId ?? `<fake-graph-${sequence}-${randomBytes(3).toString('hex')}@outlook.example>`,
        conversationId: `AAQk${sequence}`,
        subject: msg.subject,
        bodyPreview: msg.bodyPreview ?? `Preview of ${msg.subject}`,
        from: recipient(msg.from),
        toRecipients: list(msg.to),
        ccRecipients: list(msg.cc),
        receivedDateTime: at,
        sentDateTime: at,
        isRead: false,
        folder: msg.folder ?? 'inbox',
        changedAt: sequence,
      };
      box.messages.push(message);
      return message;
    },
    markRead(email, id) {
      const m = mailbox(email).messages.find((x) => x.id === id);
      if (!m) throw new Error(`no message ${id}`);
      sequence += 1;
      m.isRead = true;
      m.changedAt = sequence;
    },
    addEvent(email, e) {
      const box = mailbox(email);
      sequence += 1;
      const end = new Date(e.start.getTime() + (e.minutes ?? 30) * 60_000);
      const event: FakeGraphEvent = {
        id: `AAMkEv${sequence}${randomBytes(3).toString('hex')}`,
        iCalUId: e.iCalUId ?? `040000008200E00074C5B7101A82E008${randomBytes(8).toString('hex')}`,
        subject: e.subject,
        bodyPreview: e.bodyPreview ?? `Agenda for ${e.subject}`,
        start: { dateTime: e.start.toISOString().replace('Z', '0000'), timeZone: 'UTC' },
        end: { dateTime: end.toISOString().replace('Z', '0000'), timeZone: 'UTC' },
        isCancelled: false,
        organizer: recipient(e.organizer),
        attendees: e.attendees.map((a) => ({ ...recipient(a), type: 'required' as const })),
        deleted: false,
        changedAt: sequence,
      };
      box.events.push(event);
      return event;
    },
    moveEvent(email, id, start) {
      const e = findEvent(email, id);
      sequence += 1;
      e.start = { dateTime: start.toISOString().replace('Z', '0000'), timeZone: 'UTC' };
      e.end = { dateTime: new Date(start.getTime() + 30 * 60_000).toISOString().replace('Z', '0000'), timeZone: 'UTC' };
      e.changedAt = sequence;
    },
    cancelEvent(email, id) {
      const e = findEvent(email, id);
      sequence += 1;
      e.isCancelled = true;
      e.changedAt = sequence;
    },
    deleteEvent(email, id) {
      const e = findEvent(email, id);
      sequence += 1;
      e.deleted = true;
      e.changedAt = sequence;
    },
    expireDeltaTokens() {
      sequence += 1;
      oldestDeltaToken = sequence;
    },
    revoke(email) {
      const key = email.toLowerCase();
      for (const [token, owner] of refreshTokens) if (owner === key) refreshTokens.delete(token);
      for (const [token, g] of accessTokens) if (g.email === key) accessTokens.delete(token);
    },
    failNext(pathPart, failure) {
      failures.push({ pathPart, failure });
    },
    deliverNotificationsTo(origin) {
      notifyOrigin = origin;
    },
    subscriptions: (email) => [...subscriptions.values()].filter((s) => !email || s.mailbox === email.toLowerCase()),
    notify(sub, resourceId, opts = {}) {
      const box = mailbox(sub.mailbox);
      return post(sub, sub.notificationUrl, {
        value: [
          {
            subscriptionId: sub.id,
            subscriptionExpirationDateTime: sub.expirationDateTime,
            changeType: opts.changeType ?? 'created',
            resource: `Users/${box.userId}/Messages/${resourceId}`,
            resourceData: { '@odata.type': '#Microsoft.Graph.Message', '@odata.id': `Users/${box.userId}/Messages/${resourceId}`, id: resourceId },
            clientState: opts.clientState ?? sub.clientState,
            tenantId: 'fake-tenant',
          },
        ],
      });
    },
    lifecycle(sub, event) {
      return post(sub, sub.lifecycleNotificationUrl ?? sub.notificationUrl, {
        value: [
          {
            subscriptionId: sub.id,
            subscriptionExpirationDateTime: sub.expirationDateTime,
            lifecycleEvent: event,
            resource: sub.resource,
            clientState: sub.clientState,
            organizationId: 'fake-tenant',
          },
        ],
      });
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

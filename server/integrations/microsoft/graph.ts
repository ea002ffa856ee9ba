// Microsoft Graph through @microsoft/microsoft-graph-client: who the mailbox is, change-notification
// subscriptions, mail and calendar delta rounds, and the last days' message ids (reconciliation).
// The middleware chain is ours (authentication, then the HTTP call) without the library's retry handler:
// a 429 or 5xx comes back as a ProviderError with its Retry-After, and capture pauses the mailbox instead of
// sleeping inside a worker. The client sends the token only to https hosts that are Graph's or in customHosts.
import { AuthenticationHandler, Client, HTTPMessageHandler } from '@microsoft/microsoft-graph-client';
import type { Env } from '../../env';
import { ProviderError, toProviderError } from '../providerError';

export interface GraphTokenSource {
  /** A valid access token (refreshed when near expiry); `force` after a 401. */
  accessToken(force: boolean): Promise<string>;
}

/** Fields capture reads of a message: chosen when a delta round starts, as Graph keeps the first round's $select. */
export const MESSAGE_FIELDS = ['id', 'internetMessageId', 'conversationId', 'subject', 'bodyPreview', 'from', 'toRecipients', 'ccRecipients', 'receivedDateTime', 'sentDateTime'];
export const EVENT_FIELDS = ['id', 'iCalUId', 'subject', 'bodyPreview', 'start', 'end', 'isAllDay', 'isCancelled', 'organizer', 'attendees', 'type'];

export type MailFolder = 'inbox' | 'sentitems';

/** The mail folders capture reads: what came in and what the rep sent. */
export const MAIL_FOLDERS: MailFolder[] = ['inbox', 'sentitems'];

export interface GraphRecipient {
  emailAddress?: { address?: string | null; name?: string | null } | null;
}

export interface GraphMessage {
  id: string;
  internetMessageId?: string | null;
  conversationId?: string | null;
  subject?: string | null;
  bodyPreview?: string | null;
  from?: GraphRecipient | null;
  toRecipients?: GraphRecipient[] | null;
  ccRecipients?: GraphRecipient[] | null;
  receivedDateTime?: string | null;
  sentDateTime?: string | null;
  /** Present on a delta item that was deleted or moved out of the folder. */
  '@removed'?: { reason: string };
}

export interface GraphEvent {
  id: string;
  iCalUId?: string | null;
  subject?: string | null;
  bodyPreview?: string | null;
  start?: { dateTime: string; timeZone: string } | null;
  end?: { dateTime: string; timeZone: string } | null;
  isAllDay?: boolean | null;
  isCancelled?: boolean | null;
  organizer?: GraphRecipient | null;
  attendees?: (GraphRecipient & { type?: string; status?: { response?: string | null } | null })[] | null;
  '@removed'?: { reason: string };
}

export interface DeltaPage<T> {
  value: T[];
  '@odata.nextLink'?: string;
  '@odata.deltaLink'?: string;
}

export interface GraphSubscription {
  id: string;
  expirationDateTime: string;
}

function hostOf(url: string): string {
  return new URL(url).hostname;
}

/** A Graph client for one mailbox; the base URL (and its host as a custom host) from env. */
export function graphClient(env: Env, tokens: GraphTokenSource, forceNext: { value: boolean }): Client {
  const auth = new AuthenticationHandler({
    getAccessToken: async () => {
      const force = forceNext.value;
      forceNext.value = false;
      return tokens.accessToken(force);
    },
  });
  auth.setNext(new HTTPMessageHandler());
  return Client.initWithMiddleware({
    middleware: auth,
    baseUrl: `${env.microsoft.graphUrl}/`,
    defaultVersion: 'v1.0',
    customHosts: new Set([hostOf(env.microsoft.graphUrl)]),
  });
}

/** The calls capture makes, each turning a failure into a ProviderError; one retry with a fresh token on a 401. */
export function graphApi(env: Env, tokens: GraphTokenSource) {
  const forceNext = { value: false };
  const client = graphClient(env, tokens, forceNext);
  const call = async <T>(request: (c: Client) => Promise<T>): Promise<T> => {
    try {
      return await request(client);
    } catch (raw) {
      const first = toProviderError(raw);
      if (first.status !== 401) throw first;
      forceNext.value = true;
      try {
        return await request(client);
      } catch (again) {
        throw toProviderError(again);
      }
    }
  };
  const utc = { Prefer: 'outlook.timezone="UTC", odata.maxpagesize=100' };
  return {
    me: () => call((c) => c.api('/me').select(['id', 'mail', 'userPrincipalName']).get() as Promise<{ id: string; mail?: string | null; userPrincipalName?: string | null }>),
    createSubscription: (input: { resource: string; changeType: string; notificationUrl: string; lifecycleNotificationUrl: string; expirationDateTime: Date; clientState: string }) =>
      call(
        (c) =>
          c.api('/subscriptions').post({ ...input, expirationDateTime: input.expirationDateTime.toISOString() }) as Promise<GraphSubscription>,
      ),
    renewSubscription: (id: string, expirationDateTime: Date) =>
      call((c) => c.api(`/subscriptions/${encodeURIComponent(id)}`).patch({ expirationDateTime: expirationDateTime.toISOString() }) as Promise<GraphSubscription>),
    deleteSubscription: (id: string) => call((c) => c.api(`/subscriptions/${encodeURIComponent(id)}`).delete() as Promise<unknown>),
    /** A page of a folder's message delta, by the link that starts the round or the one the last page gave. */
    messageDelta: (link: string) => call((c) => c.api(link).header('Prefer', utc.Prefer).get() as Promise<DeltaPage<GraphMessage>>),
    /** A page of the calendar's delta over a window (a new round) or from the stored link. */
    eventDelta: (link: string | null, window: { start: Date; end: Date }) =>
      call(
        (c) =>
          (link
            ? c.api(link)
            : c.api('/me/calendarView/delta').query({ startDateTime: window.start.toISOString(), endDateTime: window.end.toISOString() })
          )
            .header('Prefer', utc.Prefer)
            .get() as Promise<DeltaPage<GraphEvent>>,
      ),
    /** Ids of a folder's messages since a time (reconciliation): a page, or the next one by its link. */
    messageIdsSince: (folder: MailFolder, since: Date, link: string | null) =>
      call(
        (c) =>
          (link ? c.api(link) : c.api(`/me/mailFolders/${folder}/messages`).select(['id']).filter(`receivedDateTime ge ${since.toISOString()}`).top(100)).get() as Promise<{
            value: Pick<GraphMessage, 'id'>[];
            '@odata.nextLink'?: string;
          }>,
      ),
    message: (id: string) =>
      call((c) => c.api(`/me/messages/${encodeURIComponent(id)}`).select(MESSAGE_FIELDS).header('Prefer', utc.Prefer).get() as Promise<GraphMessage>),
  };
}

export type GraphApi = ReturnType<typeof graphApi>;

export { ProviderError };

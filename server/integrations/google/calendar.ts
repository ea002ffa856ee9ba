// Google Calendar: the events a capture sync reads (a window, then changes by sync token) and push channels
// (events.watch / channels.stop). Same OAuth client and rootUrl as Gmail, so tests reach the fake.
import { calendar, type calendar_v3 } from '@googleapis/calendar';
import type { OAuth2Client } from 'google-auth-library';
import type { Env } from '../../env';
import { toProviderError } from '../providerError';

export function calendarFor(env: Env, auth: OAuth2Client): calendar_v3.Calendar {
  return calendar({ version: 'v3', auth, retry: false, ...(env.google.apiRootUrl ? { rootUrl: env.google.apiRootUrl } : {}) });
}

async function call<T>(request: () => Promise<{ data: T }>): Promise<T> {
  try {
    return (await request()).data;
  } catch (error) {
    throw toProviderError(error);
  }
}

export type GoogleEvent = calendar_v3.Schema$Event;

export function calendarApi(client: calendar_v3.Calendar) {
  return {
    /**
     * A page of the primary calendar's events: with a sync token the changes since it (cancelled ones included),
     * else the window from timeMin. Occurrences of recurring events come one by one (singleEvents).
     */
    events: (page: { syncToken?: string; timeMin?: Date; pageToken?: string }) =>
      call(() =>
        client.events.list({
          calendarId: 'primary',
          singleEvents: true,
          showDeleted: true,
          maxResults: 250,
          pageToken: page.pageToken,
          ...(page.syncToken ? { syncToken: page.syncToken } : { timeMin: page.timeMin?.toISOString() }),
        }),
      ),
    watch: (input: { id: string; address: string; token: string; expiration: Date }) =>
      call(() =>
        client.events.watch({
          calendarId: 'primary',
          requestBody: { id: input.id, type: 'web_hook', address: input.address, token: input.token, expiration: String(input.expiration.getTime()) },
        }),
      ),
    stop: (input: { id: string; resourceId: string }) => call(() => client.channels.stop({ requestBody: input })),
  };
}

export type CalendarApi = ReturnType<typeof calendarApi>;

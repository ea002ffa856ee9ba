// A connection's calendar sync: Google Calendar by sync token (410 Gone: the window again), Outlook by the
// calendarView delta link. Each event with a matching outside attendee becomes (or updates, or removes) one
// meeting activity; the cursor moves only after every page up to it is handled.
import { and, eq } from 'drizzle-orm';
import type { OAuth2Client } from 'google-auth-library';
import { activities, type EmailConnection } from '../../drizzle/schema';
import { type CapturedMeeting, googleEventToMeeting, outlookEventToMeeting } from '../domain/captureInput';
import { calendarApi, calendarFor } from '../integrations/google/calendar';
import type { GraphApi } from '../integrations/microsoft/graph';
import { ProviderError } from '../integrations/providerError';
import { recordDeleteAudit } from '../lib/audit';
import { renewSyncLease } from './connections';
import type { SyncDeps } from './gmailSync';
import { addMeetingsStored, captureMeeting, type MeetingOutcome } from './meetings';
import { captureActor, captureScopeFor } from './store';

/** A new calendar round reads meetings from this far back ... */
export const CALENDAR_PAST_DAYS = 30;
/** ... and, for Outlook's calendarView delta (which needs an end), this far ahead. */
export const CALENDAR_AHEAD_DAYS = 180;

export interface CalendarResult {
  cursor: string | null;
  meetings: Record<MeetingOutcome, number>;
  resynced: boolean;
}

const emptyMeetings = (): Record<MeetingOutcome, number> => ({ created: 0, updated: 0, unchanged: 0, removed: 0, skipped: 0 });

/** An event removed with nothing but its id (Google's cancelled stubs, Graph's @removed): its meeting goes. */
async function removeByProviderId(deps: SyncDeps, connection: EmailConnection, providerEventId: string): Promise<boolean> {
  return deps.db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(activities)
      .where(and(eq(activities.type, 'meeting'), eq(activities.provider, connection.provider), eq(activities.providerMessageId, providerEventId)))
      .for('update');
    if (!row) return false;
    await tx.delete(activities).where(eq(activities.id, row.id));
    await recordDeleteAudit(tx, { actor: captureActor, entityType: 'activity', entityId: row.id, before: { type: row.type, subject: row.subject, occurredAt: row.occurredAt } });
    return true;
  });
}

async function handle(deps: SyncDeps, connection: EmailConnection, scope: Awaited<ReturnType<typeof captureScopeFor>>, meeting: CapturedMeeting, tally: Record<MeetingOutcome, number>) {
  try {
    const outcome = await deps.db.transaction((tx) => captureMeeting(tx, connection, scope, meeting, deps.clock.now()));
    tally[outcome] += 1;
  } catch (error) {
    tally.skipped += 1;
    deps.log.warn('a meeting could not be captured', { connectionId: connection.id, providerEventId: meeting.providerEventId, error });
  }
}

export async function syncGoogleCalendar(deps: SyncDeps, connection: EmailConnection, auth: OAuth2Client): Promise<CalendarResult> {
  const api = calendarApi(calendarFor(deps.env, auth));
  const scope = await captureScopeFor(deps.db, deps.env, connection);
  const tally = emptyMeetings();
  let syncToken = connection.calendarCursor ?? undefined;
  let resynced = !syncToken;
  const timeMin = new Date(deps.clock.now().getTime() - CALENDAR_PAST_DAYS * 86_400_000);
  let pageToken: string | undefined;
  let next: string | null = null;
  for (;;) {
    let page;
    try {
      page = await api.events({ syncToken, timeMin, pageToken });
    } catch (error) {
      // 410 Gone: the sync token expired. List the window again; the calendar keys keep it free of duplicates.
      if (!(error instanceof ProviderError) || error.status !== 410 || !syncToken) throw error;
      deps.log.info('calendar sync token expired: listing the window again', { connectionId: connection.id });
      syncToken = undefined;
      pageToken = undefined;
      resynced = true;
      continue;
    }
    for (const event of page.items ?? []) {
      const meeting = googleEventToMeeting(event);
      if (meeting) await handle(deps, connection, scope, meeting, tally);
      else if (event.status === 'cancelled' && event.id) {
        if (await removeByProviderId(deps, connection, event.id)) tally.removed += 1;
      }
    }
    await renewSyncLease(deps.db, connection.id, deps.clock.now());
    if (page.nextPageToken) {
      pageToken = page.nextPageToken;
      continue;
    }
    next = page.nextSyncToken ?? null;
    break;
  }
  await addMeetingsStored(deps.db, connection.id, tally.created);
  return { cursor: next, meetings: tally, resynced };
}

export async function syncOutlookCalendar(deps: SyncDeps, connection: EmailConnection, api: GraphApi): Promise<CalendarResult> {
  const scope = await captureScopeFor(deps.db, deps.env, connection);
  const tally = emptyMeetings();
  const now = deps.clock.now().getTime();
  const window = { start: new Date(now - CALENDAR_PAST_DAYS * 86_400_000), end: new Date(now + CALENDAR_AHEAD_DAYS * 86_400_000) };
  let link = connection.calendarCursor;
  let resynced = !link;
  for (;;) {
    let page;
    try {
      page = await api.eventDelta(link, window);
    } catch (error) {
      if (!(error instanceof ProviderError) || error.status !== 410 || !link) throw error;
      link = null;
      resynced = true;
      continue;
    }
    for (const event of page.value) {
      const meeting = event['@removed'] ? null : outlookEventToMeeting(event);
      if (meeting) await handle(deps, connection, scope, meeting, tally);
      else if (event['@removed'] && (await removeByProviderId(deps, connection, event.id))) tally.removed += 1;
    }
    await renewSyncLease(deps.db, connection.id, deps.clock.now());
    if (page['@odata.nextLink']) {
      link = page['@odata.nextLink'];
      continue;
    }
    link = page['@odata.deltaLink'] ?? link;
    break;
  }
  await addMeetingsStored(deps.db, connection.id, tally.created);
  return { cursor: link, meetings: tally, resynced };
}

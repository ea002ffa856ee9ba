// From a provider's message or event to capture's input, as pure functions: a Gmail message's metadata and a
// Graph message become a CapturedEmail, a Google Calendar event and a Graph event a CapturedMeeting (or null when
// it is no meeting). The shapes here are the fields we read, so the provider libraries' types fit them.
// Specified in server/domain/README.md ("Email capture").
import { DateTime } from 'luxon';
import { emailParticipants, headerValue, type Participant } from './emailMatching';

export interface CapturedEmail {
  /** RFC 822 Message-ID (or a stand-in when the message has none). */
  messageId: string;
  providerMessageId: string;
  providerThreadId: string | null;
  subject: string;
  snippet: string | null;
  occurredAt: Date;
  participants: Participant[];
}

export interface CapturedMeeting {
  /** iCalendar UID (per occurrence): the same meeting in two calendars has one. */
  eventKey: string;
  providerEventId: string;
  subject: string;
  description: string | null;
  startAt: Date;
  cancelled: boolean;
  /** Organizer and attendees. */
  participants: Participant[];
}

// ---- Gmail ----

export interface GmailMessageInput {
  id: string;
  threadId: string | null;
  snippet: string | null;
  /** ms since epoch (Gmail's internalDate: when the message reached the mailbox). */
  internalDate: number | null;
  headers: readonly { name?: string | null; value?: string | null }[];
}

/** A Gmail message's metadata as capture needs it; content never leaves this function unless it matches. */
export function gmailToCapturedEmail(meta: GmailMessageInput, mailbox: string, now: Date): CapturedEmail {
  const h = (name: string) => headerValue(meta.headers, name);
  const dateHeader = h('Date');
  const date = meta.internalDate ?? (dateHeader ? Date.parse(dateHeader) : Number.NaN);
  return {
    messageId: h('Message-ID')?.trim() || `<gmail.${meta.id}@${mailbox}>`,
    providerMessageId: meta.id,
    providerThreadId: meta.threadId,
    subject: h('Subject') ?? '',
    snippet: meta.snippet,
    occurredAt: Number.isNaN(date) ? now : new Date(date),
    participants: emailParticipants({ from: h('From'), to: h('To'), cc: h('Cc') }),
  };
}

// ---- Microsoft Graph ----

export interface GraphRecipientInput {
  emailAddress?: { address?: string | null; name?: string | null } | null;
}

export interface GraphMessageInput {
  id: string;
  internetMessageId?: string | null;
  conversationId?: string | null;
  subject?: string | null;
  /** Graph's bodyPreview: always plain text, whatever the body's content type. */
  bodyPreview?: string | null;
  from?: GraphRecipientInput | null;
  toRecipients?: readonly GraphRecipientInput[] | null;
  ccRecipients?: readonly GraphRecipientInput[] | null;
  receivedDateTime?: string | null;
  sentDateTime?: string | null;
}

function person(email: string | null | undefined, name: string | null | undefined, role: Participant['role']): Participant | null {
  const e = email?.trim().toLowerCase();
  if (!e || !e.includes('@')) return null;
  const n = name?.trim();
  return { email: e, ...(n ? { name: n } : {}), role };
}

/** Each person once, in their first role (the order given: from/organizer first). */
function unique(list: readonly (Participant | null)[]): Participant[] {
  const seen = new Set<string>();
  return list.filter((p): p is Participant => p !== null && !seen.has(p.email) && Boolean(seen.add(p.email)));
}

const graphPerson = (r: GraphRecipientInput | null | undefined, role: Participant['role']) => person(r?.emailAddress?.address, r?.emailAddress?.name, role);

export function outlookParticipants(m: Pick<GraphMessageInput, 'from' | 'toRecipients' | 'ccRecipients'>): Participant[] {
  return unique([
    graphPerson(m.from, 'from'),
    ...(m.toRecipients ?? []).map((r) => graphPerson(r, 'to')),
    ...(m.ccRecipients ?? []).map((r) => graphPerson(r, 'cc')),
  ]);
}

const UTC_NAMES = new Set(['utc', 'etc/utc', 'gmt', 'etc/gmt', 'coordinated universal time', 'tzone://microsoft/utc']);

/** Windows zone names Graph uses when a request's Prefer: outlook.timezone is not honoured (the common ones). */
const WINDOWS_ZONES: Record<string, string> = {
  'pacific standard time': 'America/Los_Angeles',
  'mountain standard time': 'America/Denver',
  'central standard time': 'America/Chicago',
  'eastern standard time': 'America/New_York',
  'gmt standard time': 'Europe/London',
  'w. europe standard time': 'Europe/Berlin',
  'romance standard time': 'Europe/Paris',
  'central europe standard time': 'Europe/Budapest',
  'india standard time': 'Asia/Kolkata',
  'china standard time': 'Asia/Shanghai',
  'tokyo standard time': 'Asia/Tokyo',
  'aus eastern standard time': 'Australia/Sydney',
};

/**
 * An instant from a provider's date-time: an explicit offset (or Z) wins; a wall time without one is read in
 * `timeZone` (IANA, or a Windows name Graph uses); UTC when the zone is absent, UTC, or unknown (we ask Graph
 * for UTC, so an unknown name is the rare case, and a meeting off by its offset beats one lost). Graph sends
 * seven decimals of seconds, which is more than ISO parsers take: cut to milliseconds.
 */
export function zonedInstant(dateTime: string | null | undefined, timeZone?: string | null): Date | null {
  if (!dateTime) return null;
  const text = dateTime.trim().replace(/(\.\d{3})\d+/, '$1');
  if (/[zZ]$|[+-]\d\d:?\d\d$/.test(text)) {
    const at = Date.parse(text);
    return Number.isNaN(at) ? null : new Date(at);
  }
  const name = timeZone?.trim() ?? '';
  const zone = !name || UTC_NAMES.has(name.toLowerCase()) ? 'UTC' : (WINDOWS_ZONES[name.toLowerCase()] ?? name);
  let at = DateTime.fromISO(text, { zone });
  if (!at.isValid) at = DateTime.fromISO(text, { zone: 'UTC' });
  return at.isValid ? at.toJSDate() : null;
}

/** A Graph message as capture needs it; internetMessageId is the key shared with every other mailbox. */
export function outlookToCapturedEmail(m: GraphMessageInput, mailbox: string, now: Date): CapturedEmail {
  return {
    messageId: m.internetMessageId?.trim() || `<graph.${m.id}@${mailbox}>`,
    providerMessageId: m.id,
    providerThreadId: m.conversationId ?? null,
    subject: m.subject ?? '',
    snippet: m.bodyPreview?.trim() || null,
    occurredAt: zonedInstant(m.receivedDateTime ?? m.sentDateTime) ?? now,
    participants: outlookParticipants(m),
  };
}

export interface GraphEventInput {
  id: string;
  iCalUId?: string | null;
  subject?: string | null;
  bodyPreview?: string | null;
  start?: { dateTime: string; timeZone?: string | null } | null;
  isAllDay?: boolean | null;
  isCancelled?: boolean | null;
  organizer?: GraphRecipientInput | null;
  attendees?: readonly (GraphRecipientInput & { type?: string | null; status?: { response?: string | null } | null })[] | null;
}

/** An Outlook event as a meeting; null for all-day entries and events without a start or iCalUId. */
export function outlookEventToMeeting(e: GraphEventInput): CapturedMeeting | null {
  const start = zonedInstant(e.start?.dateTime, e.start?.timeZone);
  if (!e.iCalUId || !start || e.isAllDay) return null;
  return {
    eventKey: `ical:${e.iCalUId}`,
    providerEventId: e.id,
    subject: e.subject ?? '',
    description: e.bodyPreview ?? null,
    startAt: start,
    cancelled: Boolean(e.isCancelled),
    participants: unique([
      graphPerson(e.organizer, 'organizer'),
      // Rooms and equipment are no one; someone who declined is not at the meeting.
      ...(e.attendees ?? []).filter((a) => a.type !== 'resource' && a.status?.response !== 'declined').map((a) => graphPerson(a, 'attendee')),
    ]),
  };
}

// ---- Google Calendar ----

export interface GoogleEventInput {
  id?: string | null;
  iCalUID?: string | null;
  status?: string | null;
  summary?: string | null;
  description?: string | null;
  start?: { date?: string | null; dateTime?: string | null; timeZone?: string | null } | null;
  originalStartTime?: { date?: string | null; dateTime?: string | null; timeZone?: string | null } | null;
  organizer?: { email?: string | null; displayName?: string | null } | null;
  attendees?: readonly { email?: string | null; displayName?: string | null; resource?: boolean | null; responseStatus?: string | null }[] | null;
}

/** Occurrences of a recurring Google event share the iCalUID: the original start tells them apart. */
export function googleEventKey(e: GoogleEventInput): string | null {
  if (!e.iCalUID) return null;
  const o = e.originalStartTime;
  const original = o?.dateTime ? zonedInstant(o.dateTime, o.timeZone) : o?.date ? zonedInstant(`${o.date}T00:00:00`, 'UTC') : null;
  return `ical:${e.iCalUID}${original ? `:${original.toISOString()}` : ''}`;
}

/** A timed Google event as a meeting; null for all-day entries (holidays, out of office) and bare removals. */
export function googleEventToMeeting(e: GoogleEventInput): CapturedMeeting | null {
  const key = googleEventKey(e);
  const start = zonedInstant(e.start?.dateTime, e.start?.timeZone);
  if (!key || !e.id || !start) return null;
  return {
    eventKey: key,
    providerEventId: e.id,
    subject: e.summary ?? '',
    description: e.description ?? null,
    startAt: start,
    cancelled: e.status === 'cancelled',
    participants: unique([
      person(e.organizer?.email, e.organizer?.displayName, 'organizer'),
      ...(e.attendees ?? []).filter((a) => !a.resource && a.responseStatus !== 'declined').map((a) => person(a.email, a.displayName, 'attendee')),
    ]),
  };
}

/** Snippet length kept of an event's description, as for an email's snippet. */
const DESCRIPTION_MAX = 300;

const ENTITIES: Record<string, string> = { nbsp: ' ', amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", apos: "'" };

/** A meeting's body: its description as plain text (Google's is often HTML), the first 300 characters. */
export function meetingSnippet(description: string | null | undefined): string | null {
  if (!description) return null;
  const text = description
    .replace(/<(script|style)\b[^>]*>[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(nbsp|amp|lt|gt|quot|#39|apos);/g, (_, name: string) => ENTITIES[name]!)
    .replace(/\s+/g, ' ')
    .trim();
  return text ? text.slice(0, DESCRIPTION_MAX) : null;
}

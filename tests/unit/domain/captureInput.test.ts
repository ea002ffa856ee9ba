import { describe, expect, it } from 'vitest';
import {
  type GmailMessageInput,
  type GoogleEventInput,
  gmailToCapturedEmail,
  googleEventToMeeting,
  type GraphEventInput,
  meetingSnippet,
  outlookEventToMeeting,
  outlookToCapturedEmail,
  zonedInstant,
} from '../../../server/domain/captureInput';
import { emailDirection } from '../../../server/domain/emailMatching';

const now = new Date('2026-12-03T06:00:00.000Z');
const scope = { mailboxAddress: 'rep@corp.example', orgDomains: ['corp.example'], blocklist: [] as string[] };

const gmail = (headers: Record<string, string>, rest: Partial<GmailMessageInput> = {}): GmailMessageInput => ({
  id: '18c2f0a1',
  threadId: 't-1',
  snippet: 'Hi Rep, about the renewal',
  internalDate: Date.parse('2026-12-01T09:30:00Z'),
  headers: Object.entries(headers).map(([name, value]) => ({ name, value })),
  ...rest,
});

const mail = (address: string, name?: string) => ({ emailAddress: { address, ...(name ? { name } : {}) } });

describe('Gmail message -> captured email', () => {
  it('reads From, several To and Cc with display names, header names in any case, each person once and lower-cased', () => {
    const email = gmailToCapturedEmail(
      gmail({
        from: '"Doe, Jane" <Jane.Doe@Acme.example>',
        TO: 'Rep <rep@corp.example>, bob@acme.example',
        CC: 'jane.doe@acme.example, "Ann Lee" <ANN@beta.example>',
        'message-id': ' <abc@mail.acme.example> ',
        SUBJECT: 'Renewal',
      }),
      'rep@corp.example',
      now,
    );
    expect(email.participants).toEqual([
      { email: 'jane.doe@acme.example', name: 'Doe, Jane', role: 'from' },
      { email: 'rep@corp.example', name: 'Rep', role: 'to' },
      { email: 'bob@acme.example', role: 'to' },
      { email: 'ann@beta.example', name: 'Ann Lee', role: 'cc' },
    ]);
    expect(email).toMatchObject({ messageId: '<abc@mail.acme.example>', subject: 'Renewal', providerMessageId: '18c2f0a1', providerThreadId: 't-1' });
    expect(email.occurredAt.toISOString()).toBe('2026-12-01T09:30:00.000Z');
  });

  it('fills what is missing: a stand-in Message-ID, an empty subject, the Date header, else now', () => {
    const noId = gmailToCapturedEmail(gmail({ From: 'jane@acme.example', Date: 'Tue, 01 Dec 2026 10:00:00 +0100' }, { internalDate: null, snippet: null }), 'rep@corp.example', now);
    expect(noId).toMatchObject({ messageId: '<gmail.18c2f0a1@rep@corp.example>', subject: '', snippet: null });
    expect(noId.occurredAt.toISOString()).toBe('2026-12-01T09:00:00.000Z');
    const nothing = gmailToCapturedEmail(gmail({}, { internalDate: null, threadId: null }), 'rep@corp.example', now);
    expect(nothing).toMatchObject({ participants: [], providerThreadId: null });
    expect(nothing.occurredAt).toEqual(now);
  });

  it('gives the direction from the mailbox owner: what the rep (or a colleague) sent is outbound, the rest inbound', () => {
    const sent = gmailToCapturedEmail(gmail({ From: 'Rep <REP@corp.example>', To: 'jane@acme.example' }), 'rep@corp.example', now);
    const colleague = gmailToCapturedEmail(gmail({ From: 'boss@corp.example', To: 'jane@acme.example' }), 'rep@corp.example', now);
    const received = gmailToCapturedEmail(gmail({ From: 'jane@acme.example', To: 'rep@corp.example' }), 'rep@corp.example', now);
    const outlookSent = outlookToCapturedEmail({ id: 'm1', from: mail('Rep@Corp.example'), toRecipients: [mail('jane@acme.example')] }, 'rep@corp.example', now);
    expect([sent, colleague, received, outlookSent].map((e) => emailDirection(e.participants, scope))).toEqual(['outbound', 'outbound', 'inbound', 'outbound']);
  });
});

describe('Graph message -> captured email', () => {
  it('reads from, toRecipients and ccRecipients with names and any case, dropping recipients without an address', () => {
    const email = outlookToCapturedEmail(
      {
        id: 'AAMkAG1=',
        internetMessageId: '<x1@acme.example>',
        conversationId: 'AAQk1',
        subject: 'Pricing',
        bodyPreview: 'Plain text preview, as Graph always sends it',
        from: mail('Jane.Doe@ACME.example', 'Jane Doe'),
        toRecipients: [mail('rep@corp.example', 'Rep'), mail('bob@acme.example'), { emailAddress: { name: 'No address' } }],
        ccRecipients: [mail('jane.doe@acme.example'), mail('ann@beta.example', ' Ann ')],
        receivedDateTime: '2026-12-01T09:30:00Z',
      },
      'rep@corp.example',
      now,
    );
    expect(email.participants).toEqual([
      { email: 'jane.doe@acme.example', name: 'Jane Doe', role: 'from' },
      { email: 'rep@corp.example', name: 'Rep', role: 'to' },
      { email: 'bob@acme.example', role: 'to' },
      { email: 'ann@beta.example', name: 'Ann', role: 'cc' },
    ]);
    expect(email).toMatchObject({ messageId: '<x1@acme.example>', providerThreadId: 'AAQk1', subject: 'Pricing', snippet: 'Plain text preview, as Graph always sends it' });
  });

  it('fills what is missing: a stand-in key, the sent time when there is no received time, else now', () => {
    const sentOnly = outlookToCapturedEmail({ id: 'AAMk2', sentDateTime: '2026-12-02T08:00:00Z', bodyPreview: '  ' }, 'rep@corp.example', now);
    expect(sentOnly).toMatchObject({ messageId: '<graph.AAMk2@rep@corp.example>', subject: '', snippet: null, providerThreadId: null, participants: [] });
    expect(sentOnly.occurredAt.toISOString()).toBe('2026-12-02T08:00:00.000Z');
    expect(outlookToCapturedEmail({ id: 'AAMk3' }, 'rep@corp.example', now).occurredAt).toEqual(now);
  });
});

const googleEvent = (over: Partial<GoogleEventInput> = {}): GoogleEventInput => ({
  id: 'evt1',
  iCalUID: 'uid-1@google.com',
  status: 'confirmed',
  summary: 'QBR',
  description: 'Agenda',
  start: { dateTime: '2026-12-10T15:00:00Z' },
  organizer: { email: 'rep@corp.example' },
  attendees: [{ email: 'jane@acme.example', responseStatus: 'accepted' }],
  ...over,
});

const graphEvent = (over: Partial<GraphEventInput> = {}): GraphEventInput => ({
  id: 'AAMkEv1',
  iCalUId: '0400000082',
  subject: 'Demo',
  bodyPreview: 'Agenda',
  start: { dateTime: '2026-12-10T15:00:00.0000000', timeZone: 'UTC' },
  isAllDay: false,
  isCancelled: false,
  organizer: mail('rep@corp.example'),
  attendees: [{ ...mail('jane@acme.example'), type: 'required', status: { response: 'accepted' } }],
  ...over,
});

describe('calendar events -> meetings', () => {
  it('takes timed events and leaves all-day ones (holidays, out of office) out, Google and Outlook alike', () => {
    expect(googleEventToMeeting(googleEvent())).toMatchObject({ eventKey: 'ical:uid-1@google.com', providerEventId: 'evt1', subject: 'QBR', cancelled: false });
    expect(googleEventToMeeting(googleEvent({ start: { date: '2026-12-24' } }))).toBeNull();
    expect(outlookEventToMeeting(graphEvent())).toMatchObject({ eventKey: 'ical:0400000082', providerEventId: 'AAMkEv1', subject: 'Demo' });
    expect(outlookEventToMeeting(graphEvent({ isAllDay: true, start: { dateTime: '2026-12-24T00:00:00.0000000', timeZone: 'UTC' } }))).toBeNull();
    // Without a start or a calendar UID there is nothing to key a meeting by.
    expect(googleEventToMeeting(googleEvent({ iCalUID: null }))).toBeNull();
    expect(outlookEventToMeeting(graphEvent({ start: null }))).toBeNull();
  });

  it('reads start times in their zone: offsets, IANA zones across daylight saving, Graph UTC and Windows zone names', () => {
    const start = (e: GoogleEventInput['start']) => googleEventToMeeting(googleEvent({ start: e }))?.startAt.toISOString();
    expect(start({ dateTime: '2026-12-10T10:00:00-05:00', timeZone: 'America/New_York' })).toBe('2026-12-10T15:00:00.000Z');
    expect(start({ dateTime: '2026-12-10T10:00:00', timeZone: 'America/New_York' })).toBe('2026-12-10T15:00:00.000Z');
    expect(start({ dateTime: '2026-07-10T10:00:00', timeZone: 'America/New_York' })).toBe('2026-07-10T14:00:00.000Z');
    const graphStart = (s: GraphEventInput['start']) => outlookEventToMeeting(graphEvent({ start: s }))?.startAt.toISOString();
    expect(graphStart({ dateTime: '2026-12-10T15:00:00.0000000', timeZone: 'UTC' })).toBe('2026-12-10T15:00:00.000Z');
    expect(graphStart({ dateTime: '2026-12-10T07:00:00.0000000', timeZone: 'Pacific Standard Time' })).toBe('2026-12-10T15:00:00.000Z');
    expect(graphStart({ dateTime: '2026-12-10T16:00:00.0000000', timeZone: 'Europe/Berlin' })).toBe('2026-12-10T15:00:00.000Z');
    expect(zonedInstant('not a time', 'UTC')).toBeNull();
  });

  it('tells occurrences of a recurring Google event apart by their original start', () => {
    const a = googleEventToMeeting(googleEvent({ id: 'evt1_20261210', originalStartTime: { dateTime: '2026-12-10T10:00:00-05:00' } }));
    const b = googleEventToMeeting(googleEvent({ id: 'evt1_20261217', originalStartTime: { dateTime: '2026-12-17T10:00:00', timeZone: 'America/New_York' } }));
    expect([a?.eventKey, b?.eventKey]).toEqual(['ical:uid-1@google.com:2026-12-10T15:00:00.000Z', 'ical:uid-1@google.com:2026-12-17T15:00:00.000Z']);
  });

  it('marks cancelled events cancelled; a Google cancellation with only an id is no meeting (removed by id)', () => {
    expect(googleEventToMeeting(googleEvent({ status: 'cancelled' }))?.cancelled).toBe(true);
    expect(googleEventToMeeting({ id: 'evt1', status: 'cancelled' })).toBeNull();
    expect(outlookEventToMeeting(graphEvent({ isCancelled: true }))?.cancelled).toBe(true);
  });

  it('lists the organizer once, then attendees who have not declined, without rooms', () => {
    const google = googleEventToMeeting(
      googleEvent({
        organizer: { email: 'Rep@corp.example', displayName: 'Rep' },
        attendees: [
          { email: 'rep@corp.example', responseStatus: 'accepted' },
          { email: 'Jane@Acme.example', displayName: 'Jane', responseStatus: 'accepted' },
          { email: 'bob@acme.example', responseStatus: 'tentative' },
          { email: 'ann@acme.example', responseStatus: 'needsAction' },
          { email: 'cto@acme.example', responseStatus: 'declined' },
          { email: 'room-4@resource.calendar.google.com', resource: true, responseStatus: 'accepted' },
          { displayName: 'No address' },
        ],
      }),
    );
    expect(google?.participants).toEqual([
      { email: 'rep@corp.example', name: 'Rep', role: 'organizer' },
      { email: 'jane@acme.example', name: 'Jane', role: 'attendee' },
      { email: 'bob@acme.example', role: 'attendee' },
      { email: 'ann@acme.example', role: 'attendee' },
    ]);
    const outlook = outlookEventToMeeting(
      graphEvent({
        attendees: [
          { ...mail('jane@acme.example', 'Jane'), type: 'required', status: { response: 'tentativelyAccepted' } },
          { ...mail('bob@acme.example'), type: 'optional', status: { response: 'notResponded' } },
          { ...mail('cto@acme.example'), type: 'required', status: { response: 'declined' } },
          { ...mail('room@corp.example'), type: 'resource', status: { response: 'accepted' } },
        ],
      }),
    );
    expect(outlook?.participants.map((p) => `${p.role}:${p.email}`)).toEqual(['organizer:rep@corp.example', 'attendee:jane@acme.example', 'attendee:bob@acme.example']);
  });

  it('keeps a meeting body as plain text: HTML descriptions lose their tags and entities, plain ones stay', () => {
    expect(meetingSnippet('<p>Agenda:&nbsp;<b>pricing</b> &amp; terms</p><style>p{color:red}</style><br>Dial-in &lt;below&gt;')).toBe('Agenda: pricing & terms Dial-in <below>');
    expect(meetingSnippet('Agenda:\n  1. pricing\n  2. terms')).toBe('Agenda: 1. pricing 2. terms');
    expect(meetingSnippet('x'.repeat(400))).toHaveLength(300);
    expect(meetingSnippet('<div> </div>')).toBeNull();
    expect(meetingSnippet(null)).toBeNull();
  });
});

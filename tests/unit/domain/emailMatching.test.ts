import { describe, expect, it } from 'vitest';
import {
  blocklistCovers,
  emailDirection,
  emailParticipants,
  headerValue,
  normaliseBlocklistValue,
  parseAddressList,
  placeEmail,
  screenEmail,
  sharedView,
} from '../../../server/domain/emailMatching';

const scope = { mailboxAddress: 'rep@corp.com', orgDomains: ['corp.com'], blocklist: [] as string[] };

describe('parseAddressList', () => {
  it.each([
    ['jane@acme.com', [{ email: 'jane@acme.com' }]],
    ['Jane Doe <Jane@Acme.COM>', [{ email: 'jane@acme.com', name: 'Jane Doe' }]],
    ['"Doe, Jane" <jane@acme.com>, bob@b.io', [{ email: 'jane@acme.com', name: 'Doe, Jane' }, { email: 'bob@b.io' }]],
    ['team: a@x.com, b@y.com;', [{ email: 'a@x.com' }, { email: 'b@y.com' }]],
    ['undisclosed-recipients:;', []],
    ['not an address, <also bad>', []],
    [null, []],
  ])('%s', (header, expected) => {
    expect(parseAddressList(header)).toEqual(expected);
  });
});

describe('headers and participants', () => {
  it('reads header names case-insensitively', () => {
    expect(headerValue([{ name: 'message-id', value: '<a@b>' }], 'Message-ID')).toBe('<a@b>');
    expect(headerValue([{ name: 'CC', value: 'x@y.com' }], 'Cc')).toBe('x@y.com');
  });
  it('lists each person once, in their first role', () => {
    expect(emailParticipants({ from: 'a@x.com', to: 'b@y.com, a@x.com', cc: 'B@y.com, c@z.com' })).toEqual([
      { email: 'a@x.com', role: 'from' },
      { email: 'b@y.com', role: 'to' },
      { email: 'c@z.com', role: 'cc' },
    ]);
  });
});

describe('screenEmail', () => {
  const p = (email: string, role: 'from' | 'to' | 'cc' = 'to') => ({ email, role });
  it('keeps mail with an outside participant, listing the outside addresses', () => {
    expect(screenEmail([p('jane@acme.com', 'from'), p('rep@corp.com')], scope)).toEqual({ keep: true, external: ['jane@acme.com'] });
  });
  it('drops mail among the organisation only', () => {
    expect(screenEmail([p('boss@corp.com', 'from'), p('rep@corp.com')], scope)).toEqual({ keep: false, reason: 'internal' });
  });
  it('drops mail with any blocklisted participant, by address or by domain and its subdomains', () => {
    const blocked = { ...scope, blocklist: ['@clinic.org', 'lawyer@firm.com'] };
    expect(screenEmail([p('jane@acme.com', 'from'), p('x@mail.clinic.org')], blocked)).toEqual({ keep: false, reason: 'blocked' });
    expect(screenEmail([p('lawyer@firm.com', 'from')], blocked)).toEqual({ keep: false, reason: 'blocked' });
    expect(screenEmail([p('other@firm.com', 'from')], blocked).keep).toBe(true);
  });
  it('knows direction from the sender', () => {
    expect(emailDirection([p('rep@corp.com', 'from'), p('jane@acme.com')], scope)).toBe('outbound');
    expect(emailDirection([p('jane@acme.com', 'from'), p('rep@corp.com')], scope)).toBe('inbound');
  });
});

describe('blocklist values', () => {
  it('accepts an address or an @domain, lower-cased', () => {
    expect(normaliseBlocklistValue(' Jane@Acme.com ')).toBe('jane@acme.com');
    expect(normaliseBlocklistValue('@Acme.com')).toBe('@acme.com');
    expect(normaliseBlocklistValue('acme')).toBeNull();
    expect(normaliseBlocklistValue('@-bad-.com')).toBeNull();
  });
  it('covers exactly what it names', () => {
    expect(blocklistCovers('@acme.com', 'x@acme.com')).toBe(true);
    expect(blocklistCovers('@acme.com', 'x@notacme.com')).toBe(false);
    expect(blocklistCovers('x@acme.com', 'y@acme.com')).toBe(false);
  });
});

describe('placeEmail', () => {
  const accountOf = (contacts: { id: number; accountId: number | null }[]) => (ref: { type: string; id: number }) =>
    ref.type === 'account' ? ref.id : (contacts.find((c) => ref.type === 'contact' && c.id === ref.id)?.accountId ?? null);

  it('puts it on the sending contact, links the other records once, never the primary account twice', () => {
    const contacts = [
      { id: 1, email: 'a@acme.com', accountId: 10 },
      { id: 2, email: 'b@acme.com', accountId: 10 },
    ];
    const placement = placeEmail(
      { contacts, leads: [{ id: 5, email: 'l@new.io' }], accounts: [{ id: 10, domain: 'acme.com' }, { id: 11, domain: 'other.com' }], opportunities: [{ id: 7, accountId: 10 }] },
      'b@acme.com',
      accountOf(contacts),
    );
    expect(placement).toEqual({
      primary: { type: 'contact', id: 2 },
      links: [
        { type: 'contact', id: 1 },
        { type: 'lead', id: 5 },
        { type: 'account', id: 11 },
        { type: 'opportunity', id: 7 },
      ],
    });
  });
  it('falls back to a lead, then an account by domain, and is null when nothing matched', () => {
    expect(placeEmail({ contacts: [], leads: [{ id: 5, email: 'l@new.io' }], accounts: [], opportunities: [] }, null, () => null)?.primary).toEqual({ type: 'lead', id: 5 });
    expect(placeEmail({ contacts: [], leads: [], accounts: [{ id: 3, domain: 'x.com' }], opportunities: [] }, null, (r) => r.id)).toEqual({ primary: { type: 'account', id: 3 }, links: [] });
    expect(placeEmail({ contacts: [], leads: [], accounts: [], opportunities: [] }, null, () => null)).toBeNull();
  });
});

describe('sharedView', () => {
  const email = { type: 'email', subject: 'Pricing', body: 'Send the quote' };
  it.each([
    ['full', { subject: 'Pricing', body: 'Send the quote' }],
    ['subject', { subject: 'Pricing', body: null }],
    ['metadata', { subject: 'Email (subject private)', body: null }],
  ] as const)('%s', (level, expected) => {
    expect(sharedView(email, level)).toEqual(expected);
  });
});

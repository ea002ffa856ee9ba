// Email capture's rules, as pure functions: reading address headers, deciding whether an email may be kept at
// all (internal-only, blocklisted, no outside participant), its direction, and which CRM records it belongs on.
// Specified in server/domain/README.md ("Email capture").
import type { ActivityDirection, SharingLevel } from '../../shared/enums';
import type { RecordRef } from './customerActivity';

export interface Address {
  email: string;
  name?: string;
}

export type ParticipantRole = 'from' | 'to' | 'cc' | 'attendee' | 'organizer';

export interface Participant extends Address {
  role: ParticipantRole;
}

/** A header's value by name, case-insensitively (senders spell them Message-Id, CC, message-id ...). */
export function headerValue(headers: readonly { name?: string | null; value?: string | null }[], name: string): string | null {
  const wanted = name.toLowerCase();
  const found = headers.find((h) => h.name?.toLowerCase() === wanted);
  return found?.value ?? null;
}

const addressPattern = /^[^\s@<>",;]+@[^\s@<>",;]+\.[^\s@<>",;]+$/;

export function normaliseAddress(value: string): string | null {
  const email = value.trim().replace(/^mailto:/i, '').toLowerCase();
  return addressPattern.test(email) ? email : null;
}

/**
 * The addresses of an RFC 5322 address-list header: `"Doe, Jane" <jane@x.com>, bob@y.com, Ann <ann@z.io>`.
 * Commas inside quotes or angle brackets do not split; groups (`team: a@x, b@y;`) are flattened; anything
 * that is not an address is dropped.
 */
export function parseAddressList(header: string | null | undefined): Address[] {
  if (!header) return [];
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  let angle = 0;
  for (const ch of header) {
    if (ch === '"' && angle === 0) quoted = !quoted;
    else if (!quoted && ch === '<') angle += 1;
    else if (!quoted && ch === '>') angle = Math.max(0, angle - 1);
    if (!quoted && angle === 0 && (ch === ',' || ch === ';')) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  const addresses: Address[] = [];
  for (let part of parts) {
    // A group's display name ("team: a@x") goes; the address after it stays.
    const colon = part.indexOf(':');
    if (colon !== -1 && !part.slice(0, colon).includes('<') && !part.slice(0, colon).includes('@')) part = part.slice(colon + 1);
    const angled = /<([^>]*)>/.exec(part);
    const email = normaliseAddress(angled ? angled[1]! : part);
    if (!email) continue;
    const name = angled ? part.slice(0, angled.index).trim().replace(/^"|"$/g, '').trim() : '';
    addresses.push(name ? { email, name } : { email });
  }
  return addresses;
}

/** Everyone on an email once, the first role they appear in winning (from, then to, then cc). */
export function emailParticipants(headers: { from: string | null; to: string | null; cc: string | null }): Participant[] {
  const seen = new Set<string>();
  const participants: Participant[] = [];
  for (const [role, header] of [['from', headers.from], ['to', headers.to], ['cc', headers.cc]] as const) {
    for (const address of parseAddressList(header)) {
      if (seen.has(address.email)) continue;
      seen.add(address.email);
      participants.push({ ...address, role });
    }
  }
  return participants;
}

export const domainOf = (email: string) => email.slice(email.lastIndexOf('@') + 1);

/** A blocklist entry ('x@y.com' or '@y.com'), lower-cased, or null when it is neither. */
export function normaliseBlocklistValue(value: string): string | null {
  const v = value.trim().toLowerCase();
  if (v.startsWith('@')) {
    const domain = v.slice(1);
    return /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/.test(domain) ? `@${domain}` : null;
  }
  return normaliseAddress(v);
}

/** Whether a blocklist entry covers an address: the address itself, or its domain (and the domain's subdomains). */
export function blocklistCovers(entry: string, email: string): boolean {
  if (!entry.startsWith('@')) return entry === email;
  const domain = domainOf(email);
  const blocked = entry.slice(1);
  return domain === blocked || domain.endsWith(`.${blocked}`);
}

export type SkipReason = 'internal' | 'blocked' | 'unmatched';

export interface CaptureScope {
  /** The connected mailbox's own address. */
  mailboxAddress: string;
  /** The organisation's own domains (Settings -> Organisation, or ORG_DOMAINS). */
  orgDomains: readonly string[];
  /** The mailbox owner's and the organisation's blocklist entries. */
  blocklist: readonly string[];
}

export const isInternal = (email: string, scope: Pick<CaptureScope, 'mailboxAddress' | 'orgDomains'>) =>
  email === scope.mailboxAddress.toLowerCase() || scope.orgDomains.includes(domainOf(email));

export type Screening = { keep: false; reason: Exclude<SkipReason, 'unmatched'> } | { keep: true; external: string[] };

/**
 * Before any look-up: an email with a blocklisted participant is never kept (privacy wins over capture);
 * one whose participants are all on the organisation's domains (or the mailbox itself) is internal.
 * Otherwise its outside addresses are the ones to match against contacts, leads and account domains.
 */
export function screenEmail(participants: readonly Participant[], scope: CaptureScope): Screening {
  if (participants.some((p) => scope.blocklist.some((entry) => blocklistCovers(entry, p.email)))) {
    return { keep: false, reason: 'blocked' };
  }
  const external = participants.map((p) => p.email).filter((email) => !isInternal(email, scope));
  if (external.length === 0) return { keep: false, reason: 'internal' };
  return { keep: true, external: [...new Set(external)] };
}

/** Outbound when the mailbox (or a colleague on the organisation's domains) sent it. */
export function emailDirection(participants: readonly Participant[], scope: CaptureScope): ActivityDirection {
  const from = participants.find((p) => p.role === 'from');
  return from && isInternal(from.email, scope) ? 'outbound' : 'inbound';
}

export interface Matches {
  contacts: { id: number; email: string; accountId: number | null }[];
  leads: { id: number; email: string }[];
  /** Accounts whose domain is an outside participant's domain. */
  accounts: { id: number; domain: string }[];
  /** Open deals where a matched contact is economic buyer, champion or on the deal's people. */
  opportunities: { id: number; accountId: number }[];
}

export interface Placement {
  /** The record the activity is on (activities.relatedTo). */
  primary: RecordRef;
  /** Every other record it belongs on, the primary's account excluded (activities.accountId covers it). */
  links: RecordRef[];
}

/**
 * Where a matched email goes: on the first matched contact (the outside sender if they are one), else the
 * first lead, else the first account; and linked to every other matched contact, lead, their accounts,
 * accounts by domain, and the open deals of the matched contacts. Null when nothing matched: not stored.
 */
export function placeEmail(matches: Matches, senderEmail: string | null, primaryAccountOf: (ref: RecordRef) => number | null): Placement | null {
  const contacts = [...matches.contacts].sort((a, b) => Number(b.email === senderEmail) - Number(a.email === senderEmail));
  const leads = [...matches.leads].sort((a, b) => Number(b.email === senderEmail) - Number(a.email === senderEmail));
  const refs: RecordRef[] = [
    ...contacts.map((c) => ({ type: 'contact' as const, id: c.id })),
    ...leads.map((l) => ({ type: 'lead' as const, id: l.id })),
    ...contacts.flatMap((c) => (c.accountId === null ? [] : [{ type: 'account' as const, id: c.accountId }])),
    ...matches.accounts.map((a) => ({ type: 'account' as const, id: a.id })),
    ...matches.opportunities.map((o) => ({ type: 'opportunity' as const, id: o.id })),
  ];
  const [primary] = refs.filter((r) => r.type !== 'opportunity');
  if (!primary) return null;
  const primaryAccount = primaryAccountOf(primary);
  const seen = new Set<string>([`${primary.type}:${primary.id}`]);
  if (primaryAccount !== null) seen.add(`account:${primaryAccount}`);
  const links: RecordRef[] = [];
  for (const ref of refs) {
    const key = `${ref.type}:${ref.id}`;
    if (seen.has(key)) continue;
    seen.add(key);
    links.push(ref);
  }
  return { primary, links };
}

export interface SharedView {
  subject: string;
  body: string | null;
}

/**
 * What someone other than its owner sees of a captured email or meeting at the connection's sharing level.
 * Participants and time are always shown; the subject from 'subject' on; the snippet only at 'full'.
 */
export function sharedView(
  activity: { type: string; subject: string; body: string | null },
  level: SharingLevel,
): SharedView {
  if (level === 'full') return { subject: activity.subject, body: activity.body };
  if (level === 'subject') return { subject: activity.subject, body: null };
  return { subject: activity.type === 'meeting' ? 'Meeting (details private)' : 'Email (subject private)', body: null };
}

/** Share of the messages a mailbox showed us that were handled (stored, or skipped for a stated reason); null before any. */
export function coverageOf(counters: { seen: number; failed: number }): number | null {
  if (counters.seen <= 0) return null;
  return Math.max(0, counters.seen - counters.failed) / counters.seen;
}

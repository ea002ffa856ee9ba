// The pure rules of playbook email (server/automation/emailSends.ts does the I/O): which A/B variant an enrolment
// gets, whether a sender is over the daily limit and until when, and whom a message says it is from.
import { createHash } from 'node:crypto';
import { DateTime } from 'luxon';

export type Variant = 'A' | 'B';

/**
 * The variant of one enrolment's email step: a hash of (enrolment, step) placed on 0-99, B below `percentB`.
 * Deterministic, so a retried or deferred step sends the same variant; uniform, so the split holds over many.
 */
export function abVariant(enrolmentId: number, stepIndex: number, percentB: number): Variant {
  if (percentB <= 0) return 'A';
  if (percentB >= 100) return 'B';
  const digest = createHash('sha256').update(`playbook-ab:${enrolmentId}:${stepIndex}`).digest();
  return digest.readUInt32BE(0) % 100 < percentB ? 'B' : 'A';
}

/** The sender's day around `now`, in their zone (an unknown zone counts as UTC): [start, end). */
export function senderDay(now: Date, timeZone: string): { start: Date; end: Date } {
  let local = DateTime.fromJSDate(now, { zone: timeZone });
  if (!local.isValid) local = DateTime.fromJSDate(now, { zone: 'UTC' });
  const start = local.startOf('day');
  return { start: start.toJSDate(), end: start.plus({ days: 1 }).toJSDate() };
}

export type LimitDecision = { send: true; left: number } | { send: false; until: Date };

/**
 * With `sentToday` already sent by this sender today: send (and how many are left after this one), or wait until
 * their next day begins. A send deferred there counts against that day's limit like any other.
 */
export function dailyLimitDecision(sentToday: number, limit: number, now: Date, timeZone: string): LimitDecision {
  if (sentToday < limit) return { send: true, left: limit - sentToday - 1 };
  return { send: false, until: senderDay(now, timeZone).end };
}

const addressOf = (mailbox: string) => (/<([^>]+)>/.exec(mailbox)?.[1] ?? mailbox).trim();
const domainOf = (address: string) => address.slice(address.lastIndexOf('@') + 1).toLowerCase();
/** A display name in quotes, so a comma or a bracket in it cannot make a second address. */
const quoted = (name: string) => `"${name.replace(/[\\"]/g, (c) => `\\${c}`).replace(/[\r\n]+/g, ' ')}"`;

/**
 * Who a playbook email is from. The organisation's SMTP server is set up to send for MAIL_FROM's domain: an owner
 * in that domain sends as themselves. An owner elsewhere (a personal or another company's address) would fail the
 * receiving server's SPF/DMARC checks and land in spam or be refused, so it goes from MAIL_FROM's address under
 * the owner's name, with Reply-To the owner: the customer sees who wrote and the answer reaches them.
 */
export function playbookSender(owner: { name: string; email: string }, mailFrom: string): { from: string; replyTo?: string } {
  const system = addressOf(mailFrom);
  const own = owner.email.trim();
  if (!own.includes('@')) return { from: `${quoted(owner.name)} <${system}>` };
  if (domainOf(own) === domainOf(system)) return { from: `${quoted(owner.name)} <${own}>` };
  return { from: `${quoted(owner.name)} <${system}>`, replyTo: `${quoted(owner.name)} <${own}>` };
}

/** An SMTP answer that will not change on a retry (5xx): the address is bad, a bounce. 4xx and no answer are temporary. */
export function isPermanentRejection(error: unknown): boolean {
  const code = (error as { responseCode?: unknown } | null)?.responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}

/** What the SMTP server said, for the send's row and the enrolment: its response line, else the error's message. */
export function smtpAnswer(error: unknown): string {
  const e = error as { response?: unknown; message?: unknown } | null;
  const text = typeof e?.response === 'string' && e.response ? e.response : typeof e?.message === 'string' ? e.message : String(error);
  return text.slice(0, 1000);
}

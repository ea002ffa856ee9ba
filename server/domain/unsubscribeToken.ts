// The token in a playbook email's unsubscribe link: the address and an HMAC-SHA256 of it under a key of its own
// (derived from ENCRYPTION_KEY, see server/automation/unsubscribe.ts). Anyone holding the link may unsubscribe
// that address and only that one; a changed address or signature is refused. It does not expire: an unsubscribe
// link must keep working for as long as the email is in someone's inbox.
import { createHmac, timingSafeEqual } from 'node:crypto';

const mac = (key: Buffer, email: string) => createHmac('sha256', key).update(`unsubscribe:${email}`).digest();

/** `<base64url address>.<base64url HMAC>`, of the address in lower case. */
export function signUnsubscribe(key: Buffer, email: string): string {
  const address = email.trim().toLowerCase();
  return `${Buffer.from(address, 'utf8').toString('base64url')}.${mac(key, address).toString('base64url')}`;
}

/** The address a token was signed for, or null when it was not signed with this key (or is not a token). */
export function verifyUnsubscribe(key: Buffer, token: string): string | null {
  if (token.length > 1000) return null;
  const match = /^([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!match) return null;
  const address = Buffer.from(match[1]!, 'base64url').toString('utf8');
  if (!address.includes('@') || address !== address.trim().toLowerCase()) return null;
  const given = Buffer.from(match[2]!, 'base64url');
  const expected = mac(key, address);
  return given.length === expected.length && timingSafeEqual(given, expected) ? address : null;
}

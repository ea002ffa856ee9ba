// Web addresses people type for a company: only http and https, stored in one normal form. Anything else
// (javascript:, data:, mailto:) would be rendered as a link a click could run or open.

/** A scheme at the start ("https:", "javascript:"), as opposed to a bare host with a port ("acme.com:8080"). */
const SCHEME = /^[a-z][a-z\d+.-]*:/i;
const HOST_WITH_PORT = /^[^/?#:@\s]+:\d+(?:[/?#]|$)/;

export type WebAddress = { ok: true; url: string } | { ok: false; message: string };

export const WEB_SCHEME_MESSAGE = 'Only web addresses starting with http:// or https:// can be saved';
export const WEB_ADDRESS_MESSAGE = 'Enter a web address like https://acme.com';

/**
 * 'acme.com' -> 'https://acme.com', 'HTTP://Acme.com/About' -> 'http://acme.com/About'. The result is what the
 * URL parser serialises, never the text as typed, so stray whitespace or control characters cannot survive.
 */
export function normaliseWebAddress(input: string): WebAddress {
  const typed = input.trim();
  const hasScheme = SCHEME.test(typed) && !HOST_WITH_PORT.test(typed);
  if (hasScheme && !/^https?:/i.test(typed)) return { ok: false, message: WEB_SCHEME_MESSAGE };
  let url: URL;
  try {
    url = new URL(hasScheme ? typed : `https://${typed.replace(/^\/\//, '')}`);
  } catch {
    return { ok: false, message: WEB_ADDRESS_MESSAGE };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { ok: false, message: WEB_SCHEME_MESSAGE };
  // "https://bank.example@evil.example" reads as one site and opens another; a company site needs a dotted host.
  if (url.username || url.password || !url.hostname.includes('.')) return { ok: false, message: WEB_ADDRESS_MESSAGE };
  const bare = url.pathname === '/' && !url.search && !url.hash;
  return { ok: true, url: bare ? url.href.slice(0, -1) : url.href };
}

/** True for what normaliseWebAddress stores: the client links only these (older rows may hold anything). */
export function isWebAddress(value: string | null | undefined): value is string {
  if (!value) return false;
  const result = normaliseWebAddress(value);
  return result.ok && /^https?:\/\//i.test(value.trim());
}

// Company web domains: the bare host an account is known by, matched later against email addresses.

const MAX_DOMAIN_LENGTH = 253;
const label = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
// A top-level label is letters (com, io) or an IDN in punycode (xn--p1ai); never all digits (that is an IP).
const topLevelLabel = /^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;

/**
 * The bare, lower-case domain of a website or domain a user typed, or null when it is not one:
 * 'https://www.Acme.com/about' -> 'acme.com'. Strips scheme, credentials, port, path, query, a trailing dot
 * and one leading 'www.'. IP addresses and single-label hosts (localhost) are not company domains.
 */
export function normaliseDomain(websiteOrDomain: string | null | undefined): string | null {
  if (!websiteOrDomain) return null;
  let host = websiteOrDomain.trim().toLowerCase();
  host = host.replace(/^[a-z][a-z0-9+.-]*:\/\//, '').replace(/^\/\//, '');
  host = host.split(/[/?#\\]/, 1)[0] ?? '';
  host = host.slice(host.lastIndexOf('@') + 1);
  host = host.replace(/:\d*$/, '').replace(/\.$/, '');
  if (host.startsWith('www.')) host = host.slice(4);
  host = toAsciiHost(host) ?? '';
  if (host.length === 0 || host.length > MAX_DOMAIN_LENGTH) return null;
  const labels = host.split('.');
  const tld = labels[labels.length - 1] ?? '';
  if (labels.length < 2 || !labels.every((l) => label.test(l)) || !topLevelLabel.test(tld)) return null;
  return host;
}

/** Internationalised hosts become punycode (münchen.de -> xn--mnchen-3ya.de), as they appear in email headers. */
function toAsciiHost(host: string): string | null {
  // Plain ASCII hosts are taken as they are: URL would also "fix" things a user should see refused.
  if (!/[^\x00-\x7f]/.test(host)) return host;
  try {
    return new URL(`http://${host}`).hostname;
  } catch {
    return null;
  }
}

export type DomainChoice = { ok: true; domain: string | null } | { ok: false };

/**
 * The domain an account should carry after a create (`before` null) or an update. A typed domain wins and
 * must be valid; otherwise the domain follows the website, unless it was set independently of it before.
 * `undefined` in `input` means "not sent"; null means "cleared".
 */
export function chooseAccountDomain(
  before: { website: string | null; domain: string | null } | null,
  input: { website?: string | null; domain?: string | null },
): DomainChoice {
  if (input.domain) {
    const domain = normaliseDomain(input.domain);
    return domain ? { ok: true, domain } : { ok: false };
  }
  const website = input.website !== undefined ? input.website : (before?.website ?? null);
  if (!before || input.domain === null) return { ok: true, domain: normaliseDomain(website) };
  if (input.website === undefined) return { ok: true, domain: before.domain };
  const followedWebsite = before.domain === null || before.domain === normaliseDomain(before.website);
  return { ok: true, domain: followedWebsite ? normaliseDomain(website) : before.domain };
}

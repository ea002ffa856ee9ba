// Signed webhooks, the way Stripe signs its own: header `X-TruCRM-Signature: t=<unix seconds>,v1=<hex>`, where
// v1 is HMAC-SHA256 of "<t>.<raw body>" under the shared secret. The timestamp bounds replays of a captured
// request to the tolerance; the comparison is constant-time. A header may carry several v1 values (a sender
// signing with both secrets during a rotation) and we may hold several secrets (the overlap after one): any
// pair that matches is enough.
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-trucrm-signature';
/** Five minutes either way, as Stripe's default. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

export interface ParsedSignature {
  timestamp: number;
  signatures: string[];
}

/** The header's parts, or null when it is not `t=<digits>,v1=<hex>[,v1=…]` (unknown schemes are ignored). */
export function parseSignatureHeader(header: string | undefined | null): ParsedSignature | null {
  if (!header || header.length > 2048) return null;
  let timestamp: number | null = null;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === 't' && /^\d{1,12}$/.test(value)) timestamp = Number(value);
    else if (key === 'v1' && /^[0-9a-f]{64}$/i.test(value)) signatures.push(value.toLowerCase());
  }
  return timestamp === null || signatures.length === 0 ? null : { timestamp, signatures };
}

/** The hex v1 signature of a body sent at `timestamp` (unix seconds). */
export function computeSignature(secret: string, timestamp: number, rawBody: Buffer | string): string {
  const hmac = createHmac('sha256', secret);
  hmac.update(`${timestamp}.`);
  hmac.update(rawBody);
  return hmac.digest('hex');
}

/** The header a sender puts on a request (what our docs and tests use). */
export function signatureHeader(secret: string, timestamp: number, rawBody: Buffer | string): string {
  return `t=${timestamp},v1=${computeSignature(secret, timestamp, rawBody)}`;
}

export type SignatureCheck = { ok: true } | { ok: false; reason: 'missing' | 'malformed' | 'stale' | 'mismatch' };

export function verifySignature(
  header: string | undefined | null,
  rawBody: Buffer,
  secrets: readonly string[],
  now: Date,
  toleranceSeconds = SIGNATURE_TOLERANCE_SECONDS,
): SignatureCheck {
  if (!header) return { ok: false, reason: 'missing' };
  const parsed = parseSignatureHeader(header);
  if (!parsed) return { ok: false, reason: 'malformed' };
  const age = Math.floor(now.getTime() / 1000) - parsed.timestamp;
  if (Math.abs(age) > toleranceSeconds) return { ok: false, reason: 'stale' };
  let matched = false;
  // Every pair is compared (no early exit), so the time taken does not say which secret or signature matched.
  for (const secret of secrets) {
    const expected = Buffer.from(computeSignature(secret, parsed.timestamp, rawBody), 'hex');
    for (const given of parsed.signatures) {
      if (timingSafeEqual(expected, Buffer.from(given, 'hex'))) matched = true;
    }
  }
  return matched ? { ok: true } : { ok: false, reason: 'mismatch' };
}

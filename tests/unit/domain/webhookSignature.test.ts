import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { computeSignature, parseSignatureHeader, signatureHeader, verifySignature } from '../../../server/domain/webhookSignature';

const secret = 'whsec_test';
const body = Buffer.from('{"firstName":"Maya"}');
const now = new Date('2026-12-02T12:00:00.000Z');
const t = Math.floor(now.getTime() / 1000);

describe('webhook signatures (Stripe scheme)', () => {
  it('is HMAC-SHA256 of "<t>.<raw body>" in hex', () => {
    const expected = createHmac('sha256', secret).update(`${t}.{"firstName":"Maya"}`).digest('hex');
    expect(computeSignature(secret, t, body)).toBe(expected);
    expect(signatureHeader(secret, t, body)).toBe(`t=${t},v1=${expected}`);
  });

  it('parses t and every v1, ignoring other schemes, and refuses what is not a signature', () => {
    const v1 = computeSignature(secret, t, body);
    expect(parseSignatureHeader(`t=${t}, v1=${v1}, v0=abc, v1=${'0'.repeat(64)}`)).toEqual({ timestamp: t, signatures: [v1, '0'.repeat(64)] });
    expect(parseSignatureHeader(`t=${t}`)).toBeNull();
    expect(parseSignatureHeader(`v1=${v1}`)).toBeNull();
    expect(parseSignatureHeader(`t=soon,v1=${v1}`)).toBeNull();
    expect(parseSignatureHeader(`t=${t},v1=xyz`)).toBeNull();
    expect(parseSignatureHeader('')).toBeNull();
  });

  it.each([
    ['signed now', 0, true],
    ['signed 5 minutes ago', -300, true],
    ['signed 5 minutes ahead', 300, true],
    ['signed 5 minutes and 1 second ago', -301, false],
    ['signed 6 minutes ahead', 360, false],
  ])('%s: %s', (_what, offset, ok) => {
    const check = verifySignature(signatureHeader(secret, t + offset, body), body, [secret], now);
    expect(check).toEqual(ok ? { ok: true } : { ok: false, reason: 'stale' });
  });

  it('matches any held secret against any signature in the header (rotation overlap)', () => {
    const header = signatureHeader('whsec_old', t, body);
    expect(verifySignature(header, body, ['whsec_new', 'whsec_old'], now)).toEqual({ ok: true });
    expect(verifySignature(header, body, ['whsec_new'], now)).toEqual({ ok: false, reason: 'mismatch' });
    const both = `t=${t},v1=${computeSignature('whsec_other', t, body)},v1=${computeSignature('whsec_new', t, body)}`;
    expect(verifySignature(both, body, ['whsec_new'], now)).toEqual({ ok: true });
  });

  it('refuses an altered body, a missing or malformed header', () => {
    const header = signatureHeader(secret, t, body);
    expect(verifySignature(header, Buffer.from('{"firstName":"Mallory"}'), [secret], now)).toEqual({ ok: false, reason: 'mismatch' });
    expect(verifySignature(undefined, body, [secret], now)).toEqual({ ok: false, reason: 'missing' });
    expect(verifySignature('sha256=abc', body, [secret], now)).toEqual({ ok: false, reason: 'malformed' });
  });
});

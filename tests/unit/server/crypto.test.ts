import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSecretBox, SecretError } from '../../../server/lib/crypto';

const keyA = randomBytes(32);
const keyB = randomBytes(32);
const context = 'email_connections.refresh_token:42';

describe('secret box', () => {
  it('round-trips a secret, and never stores it in the clear', () => {
    const box = createSecretBox(keyA);
    const sealed = box.seal('1//refresh-token-xyz', context);
    expect(sealed).not.toContain('refresh-token');
    expect(sealed.startsWith(`v1.${box.keyId}.`)).toBe(true);
    expect(box.open(sealed, context)).toBe('1//refresh-token-xyz');
  });

  it('seals the same secret differently each time (fresh IV)', () => {
    const box = createSecretBox(keyA);
    expect(box.seal('same', context)).not.toBe(box.seal('same', context));
  });

  it('detects tampering with the ciphertext, the tag or the IV', () => {
    const box = createSecretBox(keyA);
    const sealed = box.seal('access-token', context);
    const parts = sealed.split('.');
    for (const index of [2, 3, 4]) {
      const bytes = Buffer.from(parts[index]!, 'base64url');
      bytes[0] = bytes[0]! ^ 0x01;
      const altered = parts.map((p, i) => (i === index ? bytes.toString('base64url') : p)).join('.');
      expect(() => box.open(altered, context)).toThrow(SecretError);
    }
  });

  it('refuses a secret moved to another record (its context)', () => {
    const box = createSecretBox(keyA);
    const sealed = box.seal('access-token', context);
    expect(() => box.open(sealed, 'email_connections.refresh_token:43')).toThrow('belongs to another record');
  });

  it('fails with the wrong key', () => {
    const sealed = createSecretBox(keyA).seal('access-token', context);
    expect(() => createSecretBox(keyB).open(sealed, context)).toThrow(/not configured/);
  });

  it('opens values sealed before a rotation with the previous key, and says they need re-sealing', () => {
    const old = createSecretBox(keyA).seal('access-token', context);
    const rotated = createSecretBox(keyB, [keyA]);
    expect(rotated.open(old, context)).toBe('access-token');
    expect(rotated.needsReseal(old)).toBe(true);
    expect(rotated.needsReseal(rotated.seal('access-token', context))).toBe(false);
  });

  it('refuses what is not a sealed secret', () => {
    const box = createSecretBox(keyA);
    for (const junk of ['', 'plain-token', 'v2.a.b.c.d', 'v1.only.three']) expect(() => box.open(junk, context)).toThrow(SecretError);
  });
});

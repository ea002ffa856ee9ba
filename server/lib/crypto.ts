// Secrets at rest (OAuth tokens, webhook secrets): AES-256-GCM under a key derived from ENCRYPTION_KEY.
// A sealed value names the key that sealed it, so the key can be rotated: seal with the new key, keep the
// old one in the ring until every value has been re-sealed. The context (the column and row a value
// belongs to) is bound as additional data: a ciphertext copied into another row does not open there.
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export class SecretError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretError';
  }
}

interface DerivedKey {
  id: string;
  key: Buffer;
}

/** A separate key for secrets, so the session-signing secret (also derived from ENCRYPTION_KEY) never doubles as one. */
function deriveKey(encryptionKey: Buffer): DerivedKey {
  const key = Buffer.from(hkdfSync('sha256', encryptionKey, Buffer.alloc(0), 'tru-crm secrets at rest v1', 32));
  // The id names the key without revealing it: a hash of the derived key, short enough to store per value.
  const id = createHash('sha256').update(key).digest('hex').slice(0, 8);
  return { id, key };
}

export interface SecretBox {
  /** The id of the key new values are sealed with. */
  readonly keyId: string;
  seal(plaintext: string, context: string): string;
  open(sealed: string, context: string): string;
  /** Whether a sealed value was made with an older key and should be re-sealed. */
  needsReseal(sealed: string): boolean;
}

/**
 * `current` seals; `previous` keys (from before a rotation) still open what they sealed.
 * Sealed form: v1.<keyId>.<iv>.<tag>.<ciphertext>, base64url parts.
 */
export function createSecretBox(current: Buffer, previous: readonly Buffer[] = []): SecretBox {
  const sealing = deriveKey(current);
  const ring = new Map<string, Buffer>([sealing, ...previous.map(deriveKey)].map((k) => [k.id, k.key]));

  const parse = (sealed: string) => {
    const parts = sealed.split('.');
    if (parts.length !== 5 || parts[0] !== VERSION) throw new SecretError('Not a sealed secret');
    const [, keyId, iv, tag, data] = parts as [string, string, string, string, string];
    return { keyId, iv: Buffer.from(iv, 'base64url'), tag: Buffer.from(tag, 'base64url'), data: Buffer.from(data, 'base64url') };
  };

  return {
    keyId: sealing.id,
    seal(plaintext, context) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', sealing.key, iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(Buffer.from(context, 'utf8'));
      const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      const tag = cipher.getAuthTag();
      return [VERSION, sealing.id, iv.toString('base64url'), tag.toString('base64url'), data.toString('base64url')].join('.');
    },
    open(sealed, context) {
      const { keyId, iv, tag, data } = parse(sealed);
      const key = ring.get(keyId);
      if (!key) throw new SecretError(`Sealed with key ${keyId}, which is not configured`);
      if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new SecretError('Not a sealed secret');
      const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(tag);
      try {
        return Buffer.concat([decipher.update(data), decipher.final()]).toString('utf8');
      } catch {
        throw new SecretError('The secret was altered, or belongs to another record');
      }
    },
    needsReseal(sealed) {
      return parse(sealed).keyId !== sealing.id;
    },
  };
}

// The secret box of ENCRYPTION_KEY (server/lib/crypto.ts), made once per key: what seals OAuth tokens and
// Slack webhook URLs at rest.
import type { Env } from '../env';
import { createSecretBox, type SecretBox } from './crypto';

const boxes = new WeakMap<Buffer, SecretBox>();

export function secretsFor(env: Pick<Env, 'encryptionKey'>): SecretBox {
  let box = boxes.get(env.encryptionKey);
  if (!box) {
    box = createSecretBox(env.encryptionKey);
    boxes.set(env.encryptionKey, box);
  }
  return box;
}

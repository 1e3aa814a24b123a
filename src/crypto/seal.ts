// Sealing a value at rest (the ledger's event bodies) with the same keyring as Temporal payloads:
// "<key id>:<base64 of iv | ciphertext | tag>", AES-256-GCM. Rotation works the same way.
import crypto from 'crypto';
import { secretKey, type Keyring } from './keys';
import { DecryptionError } from './codec';

export function seal(ring: Keyring, value: unknown): string {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv('aes-256-gcm', secretKey(ring.keys.get(ring.current)!), iv);
  const ct = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
  return `${ring.current}:${Buffer.concat([iv, ct, cipher.getAuthTag()]).toString('base64')}`;
}

export function unseal<T>(ring: Keyring, text: string): T {
  const i = text.indexOf(':');
  const keyId = text.slice(0, i);
  const key = ring.keys.get(keyId);
  if (!key)
    throw new DecryptionError(`ledger entry sealed with key '${keyId}', which this process does not have`);
  const data = Buffer.from(text.slice(i + 1), 'base64');
  try {
    const d = crypto.createDecipheriv('aes-256-gcm', secretKey(key), data.subarray(0, 12));
    d.setAuthTag(data.subarray(data.length - 16));
    return JSON.parse(
      Buffer.concat([d.update(data.subarray(12, data.length - 16)), d.final()]).toString('utf8'),
    ) as T;
  } catch {
    throw new DecryptionError(
      `ledger entry under key '${keyId}' could not be decrypted: wrong key or altered data`,
    );
  }
}

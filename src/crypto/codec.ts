// AES-256-GCM encryption of every payload the SDK carries. Each encrypted payload names its key id in its
// metadata (never secret), so rotation is: new payloads use the current key, old ones the key they name.
import crypto from 'crypto';
import { METADATA_ENCODING_KEY, type Payload, type PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import type { DataConverter } from '@temporalio/common';
import { loadKeyring, secretKey, type Keyring } from './keys';

export const ENCODING = 'binary/encrypted';
export const KEY_ID_METADATA = 'encryption-key-id';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export class DecryptionError extends Error {}

/** The failure converter module, for Worker.create, bundleWorkflowCode and every client. */
export const FAILURE_CONVERTER_PATH = require.resolve('./failureConverter');

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export class AesGcmCodec implements PayloadCodec {
  constructor(private readonly ring: Keyring) {}

  // async so a bad payload rejects the promise rather than throwing at the caller.
  // eslint-disable-next-line @typescript-eslint/require-await
  async encode(payloads: Payload[]): Promise<Payload[]> {
    const key = this.ring.keys.get(this.ring.current)!;
    return payloads.map((p) => {
      const iv = crypto.randomBytes(IV_BYTES);
      const cipher = crypto.createCipheriv('aes-256-gcm', secretKey(key), iv);
      const plain = temporal.api.common.v1.Payload.encode(p).finish();
      const data = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
      return {
        metadata: {
          [METADATA_ENCODING_KEY]: encoder.encode(ENCODING),
          [KEY_ID_METADATA]: encoder.encode(this.ring.current),
        },
        data,
      };
    });
  }

  // eslint-disable-next-line @typescript-eslint/require-await
  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((p) => {
      const enc = p.metadata?.[METADATA_ENCODING_KEY];
      if (!enc || decoder.decode(enc) !== ENCODING) return p;
      const keyId = decoder.decode(p.metadata?.[KEY_ID_METADATA] ?? new Uint8Array());
      const key = this.ring.keys.get(keyId);
      if (!key) {
        throw new DecryptionError(
          `payload encrypted with key '${keyId}', which this process does not have: add it to the keys file ` +
            `as a retired key (keys held: ${[...this.ring.keys.keys()].join(', ')})`,
        );
      }
      const data = Buffer.from(p.data ?? new Uint8Array());
      if (data.length < IV_BYTES + TAG_BYTES)
        throw new DecryptionError(`payload under key '${keyId}' is truncated`);
      try {
        const decipher = crypto.createDecipheriv('aes-256-gcm', secretKey(key), data.subarray(0, IV_BYTES));
        decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
        const plain = Buffer.concat([
          decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)),
          decipher.final(),
        ]);
        return temporal.api.common.v1.Payload.decode(plain);
      } catch {
        throw new DecryptionError(
          `payload could not be decrypted with key '${keyId}': the key held under that id is wrong, or the data was altered`,
        );
      }
    });
  }
}

/**
 * The data converter of the worker and every client: payloads encrypted, and failure messages and stack traces
 * moved into an encrypted attribute (a rejection can name a child id).
 */
export function encryptedDataConverter(ring: Keyring): DataConverter {
  return {
    payloadCodecs: [new AesGcmCodec(ring)],
    failureConverterPath: FAILURE_CONVERTER_PATH,
  };
}

/** The configured keyring's data converter (throws KeyError with one line to show when keys are missing or bad). */
export function dataConverterFor(keys: { file: string; json?: string }): DataConverter {
  return encryptedDataConverter(loadKeyring(keys.file, keys.json));
}

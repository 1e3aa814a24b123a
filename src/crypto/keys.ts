// Encryption keys: a keyring with one current key (new payloads) and any retired keys (older payloads still
// decrypt). Kept in a JSON file (CPCASE_KEYS_FILE, default ./data/keys.json, mode 0600) or given whole in
// CPCASE_ENCRYPTION_KEYS. Problems stop the process with one line that says what to do.
import crypto from 'crypto';
import fs from 'fs';
import path from 'path';
import { z } from 'zod';

export interface Keyring {
  current: string;
  keys: Map<string, Buffer>;
}

export class KeyError extends Error {}

const keyObjects = new WeakMap<Buffer, crypto.KeyObject>();
/** The key as a KeyObject, made once: making one for every payload was a fifth of a year's report. */
export function secretKey(key: Buffer): crypto.KeyObject {
  let k = keyObjects.get(key);
  if (!k) {
    k = crypto.createSecretKey(key);
    keyObjects.set(key, k);
  }
  return k;
}

const KEY_ID = /^[A-Za-z0-9._-]{1,40}$/;
const keyFileSchema = z
  .object({
    current: z.string().regex(KEY_ID, 'must be a key id (letters, digits, . _ -)'),
    keys: z.record(
      z.string().regex(KEY_ID, 'must be a key id (letters, digits, . _ -)'),
      z.string().refine((v) => Buffer.from(v, 'base64').length === 32, 'must be 32 bytes, base64 (AES-256)'),
    ),
    /** When each retired key stopped being current: what may still hold data under it (`cpcase keys drop`). */
    retired: z.record(z.string(), z.iso.datetime()).optional(),
  })
  .strict()
  .refine((f) => f.current in f.keys, { message: 'names a key that is not in "keys"', path: ['current'] });

export type KeyFile = z.infer<typeof keyFileSchema>;

export function keyringFrom(file: KeyFile): Keyring {
  return {
    current: file.current,
    keys: new Map(Object.entries(file.keys).map(([id, k]) => [id, Buffer.from(k, 'base64')])),
  };
}

export function parseKeyFile(text: string, where: string): Keyring {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new KeyError(`${where} is not JSON: expected {"current": "<id>", "keys": {"<id>": "<base64>"}}`);
  }
  const r = keyFileSchema.safeParse(raw);
  if (!r.success) {
    const i = r.error.issues[0]!;
    throw new KeyError(`${where}: ${i.path.join('.') || '(file)'} ${i.message}`);
  }
  return keyringFrom(r.data);
}

/** CPCASE_ENCRYPTION_KEYS wins (whole keyring as JSON, for deployments that inject secrets); else the file. */
export function loadKeyring(file: string, envValue?: string): Keyring {
  if (envValue) return parseKeyFile(envValue, 'CPCASE_ENCRYPTION_KEYS');
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    throw new KeyError(
      `no encryption keys at ${file}: run \`cpcase keys generate\` (npm start makes one on first run), ` +
        'or set CPCASE_KEYS_FILE / CPCASE_ENCRYPTION_KEYS',
    );
  }
  return parseKeyFile(text, file);
}

export function newKeyId(now = new Date()): string {
  return `k${now.toISOString().slice(0, 10).replace(/-/g, '')}-${crypto.randomBytes(3).toString('hex')}`;
}

/**
 * Adds a new key and makes it current; earlier keys stay as retired keys so existing history still decrypts.
 * Written atomically with owner-only permissions.
 */
export function generateKey(file: string, id = newKeyId()): KeyFile {
  if (!KEY_ID.test(id))
    throw new KeyError(`--id: '${id}' must be letters, digits, '.', '_' or '-' (up to 40)`);
  const existing = fs.existsSync(file) ? readKeyFile(file) : undefined;
  if (existing && id in existing.keys) throw new KeyError(`--id: key '${id}' already exists in ${file}`);
  const next: KeyFile = {
    current: id,
    keys: { ...existing?.keys, [id]: crypto.randomBytes(32).toString('base64') },
    ...(existing ? { retired: { ...existing.retired, [existing.current]: new Date().toISOString() } } : {}),
  };
  writeKeyFile(file, next);
  return next;
}

/** The key file as written (ids, keys, when each retired key stopped being current). */
export function readKeyFile(file: string): KeyFile {
  const text = fs.readFileSync(file, 'utf8');
  parseKeyFile(text, file); // one line naming what is wrong, if anything is
  return keyFileSchema.parse(JSON.parse(text));
}

function writeKeyFile(file: string, k: KeyFile): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(k, null, 2) + '\n', { mode: 0o600 });
  fs.renameSync(tmp, file);
}

/** The file without one retired key (the caller has made sure nothing still needs it). */
export function dropKey(file: string, id: string): KeyFile {
  const k = readKeyFile(file);
  const { [id]: _dropped, ...keys } = k.keys;
  const { [id]: _when, ...retired } = k.retired ?? {};
  const next: KeyFile = { current: k.current, keys, ...(Object.keys(retired).length ? { retired } : {}) };
  writeKeyFile(file, next);
  return next;
}

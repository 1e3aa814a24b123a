// Council tokens as cpcase's own services check them (the codec server): the council's published keys (a JWKS
// file, read again when it changes, or its https:// URL, fetched again every ten minutes) and the revocation list,
// so a key rotation or a revocation takes effect without a restart; what cannot be read keeps the last good copy.
import fs from 'fs';
import type { Config } from '../config/env';
import { jwksSchema, readJwks, readRevoked } from './issuer';
import { verifyToken, type Jwks, type Verification } from './jwt';

/** Clock skew tolerated, as the Temporal server's (server/access/settings.go DefaultLeeway). */
export const LEEWAY_SECONDS = 180;

function watched<T>(file: string, read: (f: string) => T, fallback: T): () => T {
  let value = fallback;
  let stamp = '';
  let checked = 0;
  return () => {
    if (Date.now() - checked < 1_000) return value;
    checked = Date.now();
    try {
      const st = fs.statSync(file);
      const now = `${st.mtimeMs}:${st.size}`;
      if (now !== stamp) {
        value = read(file);
        stamp = now;
      }
    } catch {
      // keep the last good copy
    }
    return value;
  };
}

export type TokenCheck = (token: string) => Verification;

const REFETCH_MS = 10 * 60_000;

/** The issuer's keys at a URL: fetched now (or the start fails), then again every ten minutes. */
async function fetchedJwks(url: string): Promise<() => Jwks> {
  const get = async () => jwksSchema.parse(await (await fetch(url)).json());
  let keys = await get();
  setInterval(() => {
    get().then(
      (k) => (keys = k),
      () => undefined, // keep the last good keys
    );
  }, REFETCH_MS).unref();
  return () => keys;
}

export async function councilTokenCheck(c: NonNullable<Config['councilTokens']>): Promise<TokenCheck> {
  const jwks = c.jwks.startsWith('https://')
    ? await fetchedJwks(c.jwks)
    : watched<Jwks>(c.jwks, readJwks, readJwks(c.jwks));
  const none = new Set<string>();
  const revoked = c.revokedFile
    ? watched(c.revokedFile, (f) => new Set(readRevoked(f).tokens), none)
    : () => none;
  return (token) =>
    verifyToken(token, {
      jwks: jwks(),
      issuer: c.issuer,
      ...(c.audience ? { audience: c.audience } : {}),
      leewaySeconds: LEEWAY_SECONDS,
      revokedTokenIds: revoked(),
    });
}

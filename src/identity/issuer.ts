// The local issuer: what stands in for the council's sign-in on the stack and in tests, so everything runs
// offline. A signing key (ES256), its public key as a JWKS the Temporal server and the codec server read, and the
// revocation list both read too. A council points the same settings at its own identity provider instead.
import crypto from 'crypto';
import fs from 'fs';
import path from 'path';
import { z } from 'zod';
import { signToken, type Jwks } from './jwt';

export const ROLES = ['administrator', 'reader', 'operator', 'worker'] as const;
export type Role = (typeof ROLES)[number];

const issuerSchema = z.object({
  issuer: z.string().min(1),
  audience: z.string().min(1),
  kid: z.string().min(1),
});
export type IssuerInfo = z.infer<typeof issuerSchema>;

export const jwksSchema = z.object({
  keys: z.array(
    z.looseObject({
      kty: z.string(),
      kid: z.string().optional(),
      crv: z.string().optional(),
      x: z.string().optional(),
      y: z.string().optional(),
      n: z.string().optional(),
      e: z.string().optional(),
    }),
  ),
});
const revokedSchema = z.object({
  tokens: z.array(z.string()).default([]),
  certificates: z.array(z.string()).default([]),
});
export type Revoked = z.infer<typeof revokedSchema>;

export const issuerFiles = (dir: string) => ({
  info: path.join(dir, 'issuer.json'),
  key: path.join(dir, 'signing-key.pem'),
  jwks: path.join(dir, 'jwks.json'),
  revoked: path.join(dir, 'revoked.json'),
});

/** Made once in `dir` (mode 0700, key 0600); an existing issuer is kept, so tokens already issued stay good. */
export function ensureIssuer(dir: string, issuer: string, audience: string): IssuerInfo {
  const f = issuerFiles(dir);
  if (fs.existsSync(f.info)) return readIssuer(dir);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const { privateKey, publicKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const kid = crypto.randomBytes(8).toString('hex');
  fs.writeFileSync(f.key, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  const jwk = { ...publicKey.export({ format: 'jwk' }), kid, alg: 'ES256', use: 'sig' };
  fs.writeFileSync(f.jwks, JSON.stringify({ keys: [jwk] }, null, 2) + '\n');
  if (!fs.existsSync(f.revoked))
    fs.writeFileSync(f.revoked, JSON.stringify({ tokens: [], certificates: [] }) + '\n');
  const info: IssuerInfo = { issuer, audience, kid };
  fs.writeFileSync(f.info, JSON.stringify(info, null, 2) + '\n');
  return info;
}

export function readIssuer(dir: string): IssuerInfo {
  return issuerSchema.parse(JSON.parse(fs.readFileSync(issuerFiles(dir).info, 'utf8')));
}

export function readJwks(file: string): Jwks {
  return jwksSchema.parse(JSON.parse(fs.readFileSync(file, 'utf8')));
}

/** The revocation list; a file that cannot be read revokes nothing new (the caller keeps its last good list). */
export function readRevoked(file: string): Revoked {
  return revokedSchema.parse(JSON.parse(fs.readFileSync(file, 'utf8')));
}

export interface TokenRequest {
  subject: string;
  roles: readonly Role[];
  namespace: string;
  /** How long it is good for; a person's sign-in is a working day, a service's longer. */
  hours: number;
  /** Seconds since the epoch; now unless a test says otherwise. */
  issuedAt?: number;
  /** Permissions beyond the namespace's roles: the cluster's own ("temporal-system:admin") for set-up. */
  extraPermissions?: string[];
}

/** A signed token for one person or service, with their roles in one namespace. */
export function issueToken(dir: string, r: TokenRequest): string {
  const info = readIssuer(dir);
  const key = crypto.createPrivateKey(fs.readFileSync(issuerFiles(dir).key));
  const iat = r.issuedAt ?? Math.floor(Date.now() / 1000);
  return signToken(
    {
      iss: info.issuer,
      aud: info.audience,
      sub: r.subject,
      iat,
      exp: iat + Math.round(r.hours * 3600),
      jti: crypto.randomUUID(),
      permissions: [...r.roles.map((role) => `${r.namespace}:${role}`), ...(r.extraPermissions ?? [])],
    },
    key,
    info.kid,
  );
}

/** Adds a token's id to the revocation list the servers read; returns the id. */
export function revokeToken(dir: string, tokenId: string): void {
  const file = issuerFiles(dir).revoked;
  const list = fs.existsSync(file) ? readRevoked(file) : { tokens: [], certificates: [] };
  if (list.tokens.includes(tokenId)) return;
  const next = { ...list, tokens: [...list.tokens, tokenId] };
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(next, null, 2) + '\n');
  fs.renameSync(tmp, file); // whole or not at all: the servers read it while it changes
}

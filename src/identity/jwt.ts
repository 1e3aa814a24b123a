// Council tokens (JWTs) as cpcase's own services read them: signed ES256 or RS256, verified against the council's
// published keys (a JWKS), then the times (with a leeway for clock skew), the issuer, the audience and the
// revocation list. The Temporal server does the same in Go (server/access/claims.go); this is for the codec server
// and the local issuer's own checks. Node's crypto only.
import crypto from 'crypto';

/** A published public key (checked where it is read: jwksSchema in issuer.ts). */
export type Jwk = crypto.JsonWebKey & { kid?: string };
export interface Jwks {
  keys: Jwk[];
}

export interface TokenRules {
  jwks: Jwks;
  issuer: string;
  audience?: string;
  /** Seconds of clock skew tolerated on exp, nbf and iat. */
  leewaySeconds: number;
  revokedTokenIds?: ReadonlySet<string>;
  now?: () => number;
}

export interface VerifiedToken {
  subject: string;
  permissions: string[];
  expiresAt: Date;
  tokenId?: string;
}

export type Verification = { ok: true; token: VerifiedToken } | { ok: false; problem: string };

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

/** A token's claims read by name. */
export type Claims = (name: string) => unknown;

/** A token part's JSON object, read field by field; undefined when it is not one. */
function parsePart(part: string | undefined): Claims | undefined {
  let v: unknown;
  try {
    v = JSON.parse(Buffer.from(part ?? '', 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return undefined;
  const o: object = v;
  return (name): unknown => Reflect.get(o, name);
}

const ALGS: Record<string, { kty: string; sign: crypto.SignKeyObjectInput['dsaEncoding'] }> = {
  ES256: { kty: 'EC', sign: 'ieee-p1363' },
  RS256: { kty: 'RSA', sign: undefined },
};

function signatureOk(alg: string, jwk: Jwk, data: string, signature: Buffer): boolean {
  const a = ALGS[alg];
  if (!a || jwk.kty !== a.kty) return false;
  try {
    const key = crypto.createPublicKey({ key: jwk, format: 'jwk' });
    return crypto.verify('sha256', Buffer.from(data), { key, dsaEncoding: a.sign ?? 'der' }, signature);
  } catch {
    return false;
  }
}

function timesProblem(claim: Claims, now: number, leeway: number): string | undefined {
  const exp = claim('exp');
  const nbf = claim('nbf');
  const iat = claim('iat');
  if (typeof exp !== 'number') return 'the token has no expiry (exp)';
  if (now > exp + leeway) return `the token expired at ${new Date(exp * 1000).toISOString()}`;
  if (typeof nbf === 'number' && now + leeway < nbf)
    return `the token is not valid before ${new Date(nbf * 1000).toISOString()}`;
  if (typeof iat === 'number' && now + leeway < iat)
    return 'the token was issued in the future (check the clocks)';
  return undefined;
}

/** What a token says of itself, before (or without) any check: for messages, never for trust. */
export const unverifiedClaims = (raw: string): Claims => parsePart(raw.split('.')[1]) ?? (() => undefined);

export const list = (v: unknown): string[] =>
  typeof v === 'string' ? [v] : Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];

export function verifyToken(raw: string, rules: TokenRules): Verification {
  const parts = raw.split('.');
  const header = parsePart(parts[0]);
  const claim = parsePart(parts[1]);
  if (parts.length !== 3 || !header || !claim) return { ok: false, problem: 'the token is malformed' };
  const alg = String(header('alg'));
  const jwk = rules.jwks.keys.find((k) => k.kid === header('kid'));
  if (!jwk || !signatureOk(alg, jwk, `${parts[0]}.${parts[1]}`, Buffer.from(parts[2]!, 'base64url')))
    return { ok: false, problem: "the token's signature does not verify against the council's signing keys" };
  const now = Math.floor((rules.now ?? Date.now)() / 1000);
  const times = timesProblem(claim, now, rules.leewaySeconds);
  if (times) return { ok: false, problem: times };
  if (claim('iss') !== rules.issuer)
    return { ok: false, problem: `the token's issuer is not ${rules.issuer}` };
  if (rules.audience && !list(claim('aud')).includes(rules.audience))
    return { ok: false, problem: `the token is not for this service (audience ${rules.audience})` };
  const sub = claim('sub');
  const jti = claim('jti');
  if (typeof sub !== 'string' || !sub)
    return { ok: false, problem: 'the token has no "sub" claim naming the person' };
  const tokenId = typeof jti === 'string' ? jti : undefined;
  if (tokenId && rules.revokedTokenIds?.has(tokenId))
    return { ok: false, problem: 'the token has been revoked' };
  return {
    ok: true,
    token: {
      subject: sub,
      permissions: list(claim('permissions')),
      expiresAt: new Date(Number(claim('exp')) * 1000),
      ...(tokenId ? { tokenId } : {}),
    },
  };
}

/** Signs claims ES256 with a private key, naming its key id: the local issuer's tokens. */
export function signToken(claims: Record<string, unknown>, key: crypto.KeyObject, kid: string): string {
  const data = `${b64({ alg: 'ES256', typ: 'JWT', kid })}.${b64(claims)}`;
  const signature = crypto.sign('sha256', Buffer.from(data), { key, dsaEncoding: 'ieee-p1363' });
  return `${data}.${signature.toString('base64url')}`;
}

/** A role in a namespace, as permissions are written: "default:reader". */
export const hasRole = (permissions: readonly string[], namespace: string, role: string) =>
  permissions.includes(`${namespace}:${role}`);

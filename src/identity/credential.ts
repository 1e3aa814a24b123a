// The caller's own credential, as the client holds it: a token from the council's sign-in (CPCASE_TOKEN or
// CPCASE_TOKEN_FILE, sent as a bearer token) or a client certificate (TEMPORAL_TLS_CERT). Read here only to send it
// and to name its holder in messages; never trusted here: the server verifies it (server/access).
import crypto from 'crypto';
import fs from 'fs';
import type { Config } from '../config/env';
import { ConfigError } from '../config/env';
import { list, unverifiedClaims } from './jwt';

const TOKEN_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/** The token to send now, read again from its file each time (a sign-in renews it there). */
export function currentToken(config: Pick<Config, 'temporal'>): string | undefined {
  const t = config.temporal.token;
  if (!t) return undefined;
  if ('value' in t) return t.value;
  let text: string;
  try {
    text = fs.readFileSync(t.file, 'utf8').trim();
  } catch (e) {
    throw new ConfigError(`CPCASE_TOKEN_FILE='${t.file}': cannot be read (${(e as Error).message})`);
  }
  if (!TOKEN_SHAPE.test(text))
    throw new ConfigError(`CPCASE_TOKEN_FILE='${t.file}': does not hold a token (three dot-separated parts)`);
  return text;
}

/** What a token says of itself, unverified: for messages and to name the recorder before the server stamps. */
export interface TokenClaims {
  subject?: string;
  tokenId?: string;
  expiresAt?: Date;
  permissions: string[];
}

export function tokenClaims(token: string): TokenClaims {
  const claim = unverifiedClaims(token);
  const str = (name: string) => {
    const v = claim(name);
    return typeof v === 'string' && v ? v : undefined;
  };
  const exp = claim('exp');
  const subject = str('sub');
  const tokenId = str('jti');
  return {
    ...(subject ? { subject } : {}),
    ...(tokenId ? { tokenId } : {}),
    ...(typeof exp === 'number' ? { expiresAt: new Date(exp * 1000) } : {}),
    permissions: list(claim('permissions')),
  };
}

/** Who the caller's credential names: the token's subject, else the certificate's common name. */
export interface Holder {
  subject: string;
  via: 'token' | 'certificate';
  expiresAt?: Date;
  permissions: string[];
}

export function credentialHolder(config: Pick<Config, 'temporal'>): Holder | undefined {
  const token = currentToken(config);
  if (token) {
    const c = tokenClaims(token);
    if (c.subject) return { subject: c.subject, via: 'token', permissions: c.permissions, ...expiry(c) };
  }
  const cert = config.temporal.tls?.cert;
  if (cert) {
    const x = new crypto.X509Certificate(fs.readFileSync(cert));
    const cn = /(?:^|\n)CN=([^\n]+)/.exec(x.subject)?.[1];
    const ous = [...x.subject.matchAll(/(?:^|\n)OU=([^\n]+)/g)].map((m) => m[1]!);
    if (cn) return { subject: cn, via: 'certificate', permissions: ous, expiresAt: new Date(x.validTo) };
  }
  return undefined;
}

const expiry = (c: TokenClaims) => (c.expiresAt ? { expiresAt: c.expiresAt } : {});

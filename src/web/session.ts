// Signed cookies: the person's sign-in (who, until when, whether their credential holds the administrator role)
// and a sign-in under way (state, nonce, PKCE verifier, where to go back to). HMAC-SHA256 with a key the server
// holds; a cookie that does not verify, has expired or does not parse is no cookie.
import crypto from 'crypto';
import type http from 'http';
import { z } from 'zod';

export const sessionSchema = z.object({
  sub: z.string().min(1),
  name: z.string(),
  admin: z.boolean(),
  /** Seconds since the epoch: the sign-in's end (the identity token's expiry, at most a working day). */
  exp: z.number(),
});
export type Session = z.infer<typeof sessionSchema>;

export const pendingSchema = z.object({
  state: z.string(),
  nonce: z.string(),
  verifier: z.string(),
  next: z.string(),
  exp: z.number(),
});
export type Pending = z.infer<typeof pendingSchema>;

export const SESSION_COOKIE = 'cpcase_session';
export const PENDING_COOKIE = 'cpcase_sign_in';

const mac = (key: Buffer, data: string) => crypto.createHmac('sha256', key).update(data).digest('base64url');

export function sealValue(key: Buffer, value: object): string {
  const data = Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${data}.${mac(key, data)}`;
}

/** The value, or 'expired' for a good cookie whose time has passed, or undefined for anything else. */
export function openValue<S extends z.ZodType<{ exp: number }>>(
  key: Buffer,
  schema: S,
  sealed: string | undefined,
  nowSeconds: number,
): z.infer<S> | 'expired' | undefined {
  const [data, sig] = (sealed ?? '').split('.');
  if (!data || !sig) return undefined;
  const want = Buffer.from(mac(key, data));
  const got = Buffer.from(sig);
  if (want.length !== got.length || !crypto.timingSafeEqual(want, got)) return undefined;
  let v: unknown;
  try {
    v = JSON.parse(Buffer.from(data, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  const p = schema.safeParse(v);
  if (!p.success) return undefined;
  return p.data.exp < nowSeconds ? 'expired' : p.data;
}

export function readCookies(req: http.IncomingMessage): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0) out.set(part.slice(0, i).trim(), part.slice(i + 1).trim());
  }
  return out;
}

/** HttpOnly, SameSite=Lax (the sign-in comes back by a top-level redirect), Secure when served over https. */
export function cookie(name: string, value: string, o: { secure: boolean; maxAgeSeconds: number }): string {
  return [
    `${name}=${value}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Lax',
    `Max-Age=${Math.max(0, Math.floor(o.maxAgeSeconds))}`,
    ...(o.secure ? ['Secure'] : []),
  ].join('; ');
}

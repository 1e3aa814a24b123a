// Signing staff in with the council's OpenID Connect provider: the authorization code flow with PKCE, the
// provider found by its discovery document, the identity token checked against its published keys (issuer,
// audience = our client id, expiry, and the nonce this sign-in sent). Node's fetch and crypto only.
import crypto from 'crypto';
import { z } from 'zod';
import { jwksSchema } from '../identity/issuer';
import { unverifiedClaims, verifyToken, type Jwks, type VerifiedToken } from '../identity/jwt';
import { LEEWAY_SECONDS } from '../identity/councilTokens';

const discoverySchema = z.object({
  issuer: z.string(),
  authorization_endpoint: z.string(),
  token_endpoint: z.string(),
  jwks_uri: z.string(),
});

export interface Provider {
  issuer: string;
  authorizationEndpoint: string;
  tokenEndpoint: string;
  jwks(): Promise<Jwks>;
}

export class SignInFault extends Error {}

async function getJson(url: string, init?: RequestInit): Promise<unknown> {
  let r: Response;
  try {
    r = await fetch(url, { ...init, signal: AbortSignal.timeout(10_000) });
  } catch (e) {
    throw new SignInFault(`the sign-in service at ${new URL(url).origin} did not answer (${String(e)})`);
  }
  if (!r.ok) throw new SignInFault(`the sign-in service answered ${r.status} at ${url}`);
  return r.json();
}

/** Found once and kept (its keys re-read at most every ten minutes); a failure is tried again next time. */
export function provider(issuer: string): () => Promise<Provider> {
  let found: Promise<Provider> | undefined;
  return () => {
    found ??= (async () => {
      const d = discoverySchema.parse(await getJson(`${issuer}/.well-known/openid-configuration`));
      if (d.issuer !== issuer) throw new SignInFault(`the provider at ${issuer} calls itself ${d.issuer}`);
      let keys: { at: number; jwks: Jwks } | undefined;
      return {
        issuer: d.issuer,
        authorizationEndpoint: d.authorization_endpoint,
        tokenEndpoint: d.token_endpoint,
        async jwks() {
          if (!keys || Date.now() - keys.at > 10 * 60_000)
            keys = { at: Date.now(), jwks: jwksSchema.parse(await getJson(d.jwks_uri)) };
          return keys.jwks;
        },
      };
    })().catch((e: unknown) => {
      found = undefined;
      throw e instanceof SignInFault ? e : new SignInFault(String(e));
    });
    return found;
  };
}

export const randomToken = () => crypto.randomBytes(24).toString('base64url');
export const challengeOf = (verifier: string) =>
  crypto.createHash('sha256').update(verifier).digest('base64url');

export interface Client {
  clientId: string;
  clientSecret?: string;
  redirectUri: string;
}

export function authorizeUrl(
  p: Provider,
  c: Client,
  s: { state: string; nonce: string; verifier: string },
): string {
  const u = new URL(p.authorizationEndpoint);
  u.search = new URLSearchParams({
    response_type: 'code',
    client_id: c.clientId,
    redirect_uri: c.redirectUri,
    scope: 'openid',
    state: s.state,
    nonce: s.nonce,
    code_challenge: challengeOf(s.verifier),
    code_challenge_method: 'S256',
  }).toString();
  return u.toString();
}

const tokenAnswer = z.object({ id_token: z.string() });

/** The code exchanged for the identity token, checked; the person it names. */
export async function finishSignIn(
  p: Provider,
  c: Client,
  s: { code: string; verifier: string; nonce: string },
): Promise<{ ok: true; token: VerifiedToken } | { ok: false; problem: string }> {
  const answer = tokenAnswer.safeParse(
    await getJson(p.tokenEndpoint, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code: s.code,
        redirect_uri: c.redirectUri,
        client_id: c.clientId,
        code_verifier: s.verifier,
        ...(c.clientSecret ? { client_secret: c.clientSecret } : {}),
      }).toString(),
    }),
  );
  if (!answer.success) return { ok: false, problem: 'the sign-in service gave no identity token' };
  const v = verifyToken(answer.data.id_token, {
    jwks: await p.jwks(),
    issuer: p.issuer,
    audience: c.clientId,
    leewaySeconds: LEEWAY_SECONDS,
  });
  if (!v.ok) return v;
  if (unverifiedClaims(answer.data.id_token)('nonce') !== s.nonce)
    return { ok: false, problem: 'the identity token was not issued for this sign-in (nonce)' };
  return v;
}

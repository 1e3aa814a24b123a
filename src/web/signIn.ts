// The pages' side of signing in: a sign-in begun (state, nonce and PKCE verifier in a signed cookie, the person
// sent to the provider), finished (the code exchanged, the identity token checked, a session cookie set for at
// most a working day), and the session read back on every page ('expired' told apart from none).
import type http from 'http';
import { hasRole, type VerifiedToken } from '../identity/jwt';
import { readDirectory } from './data';
import { authorizeUrl, finishSignIn, provider, randomToken, type Client } from './oidc';
import { signInFailed } from './pages/problems';
import type { Responder } from './respond';
import {
  cookie,
  openValue,
  pendingSchema,
  PENDING_COOKIE,
  readCookies,
  sealValue,
  SESSION_COOKIE,
  sessionSchema,
  type Session,
} from './session';

const MAX_SESSION_SECONDS = 10 * 3600;
const PENDING_SECONDS = 600;
const STALE = 'the sign-in took too long or came from elsewhere; please start again';
const now = () => Math.floor(Date.now() / 1000);

export interface SignInOptions {
  base: string;
  oidc: { issuer: string; clientId: string; clientSecret?: string };
  namespace: string;
  sessionKey: Buffer;
  log: (line: string) => void;
}

export interface SignIn {
  begin(res: http.ServerResponse, next: string): Promise<void>;
  finish(req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void>;
  session(req: http.IncomingMessage): Session | 'expired' | undefined;
  signOut(): http.OutgoingHttpHeaders;
}

/** Who signed in, by the name the directory gives them, until the token's end or a working day at most. */
const sessionOf = (t: VerifiedToken, namespace: string): Session => ({
  sub: t.subject,
  name: readDirectory().staff.find((s) => s.id === t.subject)?.name ?? t.subject,
  admin: hasRole(t.permissions, namespace, 'administrator'),
  exp: Math.min(Math.floor(t.expiresAt.getTime() / 1000), now() + MAX_SESSION_SECONDS),
});

export function signIn(o: SignInOptions, respond: Responder): SignIn {
  const secure = o.base.startsWith('https://');
  const discover = provider(o.oidc.issuer);
  const client: Client = {
    clientId: o.oidc.clientId,
    ...(o.oidc.clientSecret ? { clientSecret: o.oidc.clientSecret } : {}),
    redirectUri: `${o.base}/signed-in`,
  };
  return {
    async begin(res, next) {
      const pending = {
        state: randomToken(),
        nonce: randomToken(),
        verifier: randomToken(),
        next,
        exp: now() + PENDING_SECONDS,
      };
      const p = await discover();
      res.writeHead(302, {
        Location: authorizeUrl(p, client, pending),
        'Set-Cookie': cookie(PENDING_COOKIE, sealValue(o.sessionKey, pending), {
          secure,
          maxAgeSeconds: PENDING_SECONDS,
        }),
        'Cache-Control': 'no-store',
      });
      res.end();
    },
    async finish(req, res, url) {
      const pending = openValue(o.sessionKey, pendingSchema, readCookies(req).get(PENDING_COOKIE), now());
      const code = url.searchParams.get('code');
      if (!pending || pending === 'expired' || !code || url.searchParams.get('state') !== pending.state)
        return respond.problem(res, signInFailed(STALE));
      const r = await finishSignIn(await discover(), client, {
        code,
        verifier: pending.verifier,
        nonce: pending.nonce,
      });
      if (!r.ok) return respond.problem(res, signInFailed(r.problem));
      const session = sessionOf(r.token, o.namespace);
      o.log(`signed in ${session.sub}`);
      res.writeHead(303, {
        Location: pending.next,
        'Set-Cookie': [
          // Kept a day past its end, so an ended sign-in is told apart from none (and said so).
          cookie(SESSION_COOKIE, sealValue(o.sessionKey, session), {
            secure,
            maxAgeSeconds: session.exp - now() + 86_400,
          }),
          cookie(PENDING_COOKIE, '', { secure, maxAgeSeconds: 0 }),
        ],
        'Cache-Control': 'no-store',
      });
      res.end();
    },
    session: (req) => openValue(o.sessionKey, sessionSchema, readCookies(req).get(SESSION_COOKIE), now()),
    signOut: () => ({ 'Set-Cookie': cookie(SESSION_COOKIE, '', { secure, maxAgeSeconds: 0 }) }),
  };
}

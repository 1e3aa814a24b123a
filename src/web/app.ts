// The staff pages' HTTP server (cpcase serve): read-only, every page behind the council's sign-in, one log line
// a request (path, status, who; never a page's content). A fault in one part (Temporal, the ledger, the
// directory) is a page saying so; the server and its other pages go on answering.
import http from 'http';
import { viewerOf } from '../domain/web/access';
import { CliError, EXIT } from '../client/cli/errors';
import { serveAsset } from './assets';
import { readDirectory, Unavailable } from './data';
import type { LocalSignIn } from './localSignIn';
import { SignInFault } from './oidc';
import {
  badAddress,
  failed,
  notFound,
  notInDirectory,
  signedOut,
  signInExpired,
  signInFailed,
  unavailable,
} from './pages/problems';
import { REPORT_CSP, responder, type Responder } from './respond';
import { BadQuery, isPage, route, type Answer } from './routes';
import { signIn, type SignIn, type SignInOptions } from './signIn';
import type { Session } from './session';

export interface WebOptions extends SignInOptions {
  /** The local sign-in, when it stands in for the council's. */
  local?: LocalSignIn;
}

function readBody(req: http.IncomingMessage): Promise<URLSearchParams> {
  return new Promise((resolve, reject) => {
    if (req.method !== 'POST') return resolve(new URLSearchParams());
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > 16_384) return reject(new BadQuery('the form is too large'));
      chunks.push(c);
    });
    req.on('end', () => resolve(new URLSearchParams(Buffer.concat(chunks).toString('utf8'))));
    req.on('error', reject);
  });
}

/** Only a path of this site: `next` never sends a person elsewhere. */
const localPath = (v: string | null) => (v && /^\/(?!\/)[^\\]*$/.test(v) ? v : '/');

function answer(r: Responder, res: http.ServerResponse, a: Answer, s: Session): void {
  if (a.kind === 'page') return r.page(res, a, s);
  if (a.kind === 'document') return r.html(res, 200, a.html, { csp: REPORT_CSP });
  return r.problem(res, a.problem, s);
}

/** A page behind the sign-in: who is signed in, or why not; the viewer the directory makes of them; the page. */
async function signedInPage(
  r: Responder,
  auth: SignIn,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  url: URL,
): Promise<string | undefined> {
  const s = auth.session(req);
  if (s === 'expired') {
    r.problem(res, signInExpired(url.pathname + url.search));
    return undefined;
  }
  if (!s) return void (await auth.begin(res, url.pathname + url.search));
  // Read once a page: who the viewer is and the names on the page come from the same directory.
  const directory = readDirectory();
  const v = viewerOf(directory, s.sub, s.admin);
  if (!v.ok) r.problem(res, notInDirectory(v.problem), s);
  else answer(r, res, await route(url.pathname, url.searchParams, v.viewer, directory), s);
  return s.sub;
}

function fault(
  r: Responder,
  res: http.ServerResponse,
  e: unknown,
  log: (line: string) => void,
  where: string,
): void {
  if (res.headersSent) return;
  if (e instanceof BadQuery) return r.problem(res, badAddress(e.message));
  if (e instanceof Unavailable) return r.problem(res, unavailable(e.what));
  if (e instanceof SignInFault) return r.problem(res, signInFailed(e.message));
  if (e instanceof CliError && (e.exitCode === EXIT.unreachable || e.exitCode === EXIT.notFound))
    return r.problem(res, unavailable('the ledger or Temporal'));
  log(`error on ${where}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  r.problem(res, failed());
}

export function createWebServer(o: WebOptions): http.Server {
  const r = responder(Boolean(o.local));
  const auth = signIn(o, r);

  async function handle(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    url: URL,
  ): Promise<string | undefined> {
    const body = await readBody(req);
    if (o.local?.handle(req, res, url, body) || serveAsset(url.pathname, res)) return undefined;
    if (url.pathname === '/healthz')
      return void res.writeHead(200, { 'Content-Type': 'text/plain' }).end('ok');
    if (req.method !== 'GET')
      return void r.problem(res, { ...notFound('page at this address'), status: 405 });
    if (url.pathname === '/sign-in')
      return void (await auth.begin(res, localPath(url.searchParams.get('next'))));
    if (url.pathname === '/signed-in') return void (await auth.finish(req, res, url));
    if (url.pathname === '/sign-out') return void r.problem(res, signedOut(), undefined, auth.signOut());
    if (!isPage(url.pathname)) return void r.problem(res, notFound('page at this address'));
    return signedInPage(r, auth, req, res, url);
  }

  return http.createServer((req, res) => {
    const started = Date.now();
    const url = new URL(req.url ?? '/', o.base);
    handle(req, res, url)
      .catch((e: unknown) => fault(r, res, e, o.log, url.pathname))
      .then((who) =>
        o.log(
          `${req.method} ${url.pathname} ${res.statusCode} ${Date.now() - started} ms${who ? ` ${who}` : ''}`,
        ),
      )
      .catch(() => undefined);
  });
}

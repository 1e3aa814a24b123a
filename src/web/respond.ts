// How every page leaves the server: strict security headers (no script, no framing, no referrer, nothing
// cached), the GOV.UK frame around it with who is signed in, and the plain pages for what went wrong.
import type http from 'http';
import { page } from './html';
import type { Problem } from './pages/problems';
import type { Session } from './session';

const PAGE_CSP =
  "default-src 'none'; style-src 'self'; font-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
// The annual report is its own document, with its inline styles and its charts as inline SVG.
export const REPORT_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'; base-uri 'none'";

export interface Responder {
  html(
    res: http.ServerResponse,
    status: number,
    html: string,
    o?: { csp?: string; headers?: http.OutgoingHttpHeaders },
  ): void;
  page(
    res: http.ServerResponse,
    p: { title: string; current?: 'owed' | 'live' | 'report'; body: Problem['body'] },
    s?: Session,
  ): void;
  problem(res: http.ServerResponse, p: Problem, s?: Session, headers?: http.OutgoingHttpHeaders): void;
}

/** `local`: every page says that the local sign-in (no password) signed its reader in. */
export function responder(local: boolean): Responder {
  const html: Responder['html'] = (res, status, body, o = {}) => {
    res.writeHead(status, {
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': 'no-store',
      'Content-Security-Policy': o.csp ?? PAGE_CSP,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'X-Frame-Options': 'DENY',
      ...o.headers,
    });
    res.end(body);
  };
  const frame = (s: Session | undefined) => ({
    ...(s ? { signedIn: { id: s.sub, name: s.name } } : {}),
    ...(local ? { localSignIn: true } : {}),
  });
  return {
    html,
    page: (res, p, s) =>
      html(
        res,
        200,
        page({ title: p.title, ...(p.current ? { current: p.current } : {}), ...frame(s) }, p.body),
      ),
    problem: (res, p, s, headers = {}) =>
      html(res, p.status, page({ title: p.title, ...frame(s) }, p.body), { headers }),
  };
}

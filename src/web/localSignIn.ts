// The local sign-in: a small OpenID Connect provider over the local issuer's key, standing in for the council's
// on the dev server, the stack and in tests, so the pages sign people in by the same code path offline. It asks
// for a staff id and no password, and every page it signs says so; a council sets CPCASE_OIDC_ISSUER instead.
import crypto from 'crypto';
import fs from 'fs';
import type http from 'http';
import { ensureIssuer, issuerFiles, readIssuer } from '../identity/issuer';
import { signToken } from '../identity/jwt';
import { challengeOf } from './oidc';
import { esc, heading, page, raw } from './html';

export const LOCAL_PATH = '/local-sign-in';
const CODE_SECONDS = 60;
const SIGN_IN_HOURS = 8;

interface Grant {
  sub: string;
  clientId: string;
  redirectUri: string;
  nonce: string;
  challenge: string;
  exp: number;
}

export interface LocalSignIn {
  issuer: string;
  /** Answers its own paths; false for any other. */
  handle(req: http.IncomingMessage, res: http.ServerResponse, url: URL, body: URLSearchParams): boolean;
}

const STAFF_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

function form(q: URLSearchParams, problem?: string): string {
  const hidden = ['client_id', 'redirect_uri', 'state', 'nonce', 'code_challenge']
    .map((k) => `<input type="hidden" name="${k}" value="${esc(q.get(k) ?? '')}">`)
    .join('');
  const error = problem
    ? `<p id="staff-id-error" class="govuk-error-message"><span class="govuk-visually-hidden">Error:</span> ${esc(problem)}</p>`
    : '';
  return page(
    { title: 'Sign in', localSignIn: true },
    raw(
      heading('Sign in', 'Local sign-in').html +
        `<p class="govuk-body">No password: this stands in for the council's sign-in on the dev server and in tests.</p>` +
        `<form method="post" action="${LOCAL_PATH}/authorize" novalidate>${hidden}` +
        `<div class="govuk-form-group${problem ? ' govuk-form-group--error' : ''}">` +
        `<label class="govuk-label govuk-label--s" for="staff-id">Your staff id</label>` +
        `<div id="staff-id-hint" class="govuk-hint">As in the directory, for example SW-101</div>${error}` +
        `<input class="govuk-input govuk-input--width-10${problem ? ' govuk-input--error' : ''}" id="staff-id" name="staff_id" type="text" ` +
        `spellcheck="false" autocomplete="username" aria-describedby="staff-id-hint${problem ? ' staff-id-error' : ''}">` +
        `</div><button type="submit" class="govuk-button" data-module="govuk-button">Sign in</button></form>`,
    ),
  );
}

function send(res: http.ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store' });
  res.end(body);
}

interface Issuer {
  issuer: string;
  base: string;
  kid: string;
  key: crypto.KeyObject;
  grants: Map<string, Grant>;
}

const now = () => Math.floor(Date.now() / 1000);
const json = (res: http.ServerResponse, status: number, v: unknown) =>
  send(res, status, 'application/json', JSON.stringify(v));

/** The staff id given (no password), and a code for the pages to exchange within a minute. */
function authorize(i: Issuer, res: http.ServerResponse, body: URLSearchParams): void {
  const sub = (body.get('staff_id') ?? '').trim();
  if (!STAFF_ID.test(sub))
    return send(res, 400, 'text/html; charset=utf-8', form(body, 'Enter your staff id, for example SW-101'));
  const redirect = URL.canParse(body.get('redirect_uri') ?? '')
    ? new URL(body.get('redirect_uri')!)
    : undefined;
  if (!redirect?.href.startsWith(`${i.base}/`))
    return send(res, 400, 'text/plain', 'redirect_uri is not this service');
  const code = crypto.randomBytes(24).toString('base64url');
  i.grants.set(code, {
    sub,
    clientId: body.get('client_id') ?? '',
    redirectUri: redirect.href,
    nonce: body.get('nonce') ?? '',
    challenge: body.get('code_challenge') ?? '',
    exp: now() + CODE_SECONDS,
  });
  redirect.searchParams.set('code', code);
  redirect.searchParams.set('state', body.get('state') ?? '');
  res.writeHead(303, { Location: redirect.href });
  res.end();
}

/** A code, good once, for its client and redirect, with the verifier its challenge was made from: an identity token. */
function token(i: Issuer, res: http.ServerResponse, body: URLSearchParams): void {
  const code = body.get('code') ?? '';
  const g = i.grants.get(code);
  i.grants.delete(code);
  const good =
    g &&
    g.exp >= now() &&
    g.clientId === body.get('client_id') &&
    g.redirectUri === body.get('redirect_uri') &&
    g.challenge === challengeOf(body.get('code_verifier') ?? '');
  if (!g || !good) return json(res, 400, { error: 'invalid_grant' });
  const iat = now();
  const claims = {
    iss: i.issuer,
    aud: g.clientId,
    sub: g.sub,
    iat,
    exp: iat + SIGN_IN_HOURS * 3600,
    nonce: g.nonce,
    jti: crypto.randomUUID(),
  };
  json(res, 200, { id_token: signToken(claims, i.key, i.kid), token_type: 'Bearer' });
}

const discovery = (issuer: string) => ({
  issuer,
  authorization_endpoint: `${issuer}/authorize`,
  token_endpoint: `${issuer}/token`,
  jwks_uri: `${issuer}/jwks`,
  response_types_supported: ['code'],
  id_token_signing_alg_values_supported: ['ES256'],
});

/** `dir`: the local issuer's key folder (made if absent); `base`: the pages' address. */
export function localSignIn(dir: string, base: string): LocalSignIn {
  const issuer = `${base}${LOCAL_PATH}`;
  ensureIssuer(dir, issuer, 'cpcase');
  const i: Issuer = {
    issuer,
    base,
    kid: readIssuer(dir).kid,
    key: crypto.createPrivateKey(fs.readFileSync(issuerFiles(dir).key)),
    grants: new Map(),
  };
  return {
    issuer,
    handle(req, res, url, body) {
      if (!url.pathname.startsWith(`${LOCAL_PATH}/`)) return false;
      const p = url.pathname.slice(LOCAL_PATH.length);
      if (p === '/.well-known/openid-configuration') json(res, 200, discovery(issuer));
      else if (p === '/jwks')
        send(res, 200, 'application/json', fs.readFileSync(issuerFiles(dir).jwks, 'utf8'));
      else if (p === '/authorize' && req.method === 'GET')
        send(res, 200, 'text/html; charset=utf-8', form(url.searchParams));
      else if (p === '/authorize' && req.method === 'POST') authorize(i, res, body);
      else if (p === '/token' && req.method === 'POST') token(i, res, body);
      else return false;
      return true;
    },
  };
}

// Council tokens as cpcase's own services check them (the codec server), with the local issuer that stands in
// for the council's sign-in; and the refusals the Temporal server sends back, read from their gRPC status.
import fs from 'fs';
import os from 'os';
import path from 'path';
import { Metadata } from '@grpc/grpc-js';
import { google, temporal } from '@temporalio/proto';
import { ServiceError } from '@temporalio/client';
import { ensureIssuer, issueToken, issuerFiles, readJwks, revokeToken } from '../../src/identity/issuer';
import { verifyToken, type TokenRules } from '../../src/identity/jwt';
import { councilTokenCheck } from '../../src/identity/councilTokens';
import { councilTokenGate, sharedSecretGate } from '../../src/crypto/codecGates';
import { accessRefusal } from '../../src/identity/refusal';
import { tokenClaims } from '../../src/identity/credential';

const ISSUER = 'https://sign-in.stack.cpcase.invalid';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cpcase-issuer-'));
ensureIssuer(dir, ISSUER, 'cpcase');
const NOW = Date.UTC(2026, 11, 7, 10, 0, 0);
const at = (secondsFromNow: number) => Math.floor(NOW / 1000) + secondsFromNow;
const rules = (extra: Partial<TokenRules> = {}): TokenRules => ({
  jwks: readJwks(issuerFiles(dir).jwks),
  issuer: ISSUER,
  audience: 'cpcase',
  leewaySeconds: 180,
  now: () => NOW,
  ...extra,
});
const token = (o: { hours?: number; issuedAt?: number } = {}) =>
  issueToken(dir, {
    subject: 'QA-001',
    roles: ['reader'],
    namespace: 'default',
    hours: o.hours ?? 8,
    issuedAt: o.issuedAt ?? at(0),
  });

test('the local issuer keeps its key: a second start leaves tokens already issued good', () => {
  const t = token();
  expect(ensureIssuer(dir, ISSUER, 'cpcase').issuer).toBe(ISSUER);
  expect(verifyToken(t, rules())).toMatchObject({
    ok: true,
    token: { subject: 'QA-001', permissions: ['default:reader'] },
  });
  expect(fs.statSync(issuerFiles(dir).key).mode & 0o777).toBe(0o600);
});

test.each([
  ['expired an hour ago', () => token({ hours: 1, issuedAt: at(-7200) }), 'the token expired at'],
  ['issued ten minutes in the future', () => token({ issuedAt: at(600) }), 'issued in the future'],
  ['malformed', () => 'a.b', 'malformed'],
])('refuses a token %s', (_, t, problem) => {
  const v = verifyToken(t(), rules());
  expect(v.ok).toBe(false);
  if (!v.ok) expect(v.problem).toContain(problem);
});

test('clock skew within the leeway does not break a token', () => {
  expect(verifyToken(token({ hours: 1, issuedAt: at(-3600 - 120) }), rules()).ok).toBe(true); // 2 min past exp
  expect(verifyToken(token({ issuedAt: at(120) }), rules()).ok).toBe(true); // issued 2 min ahead
});

test('a tampered token, another issuer, another audience and a revoked token are refused', () => {
  const [h, body, sig] = token().split('.');
  const claims = JSON.parse(Buffer.from(body!, 'base64url').toString()) as Record<string, unknown>;
  const promoted = Buffer.from(
    JSON.stringify({ ...claims, permissions: ['default:administrator'] }),
  ).toString('base64url');
  expect(verifyToken(`${h}.${promoted}.${sig}`, rules())).toMatchObject({
    ok: false,
    problem: expect.stringContaining('signature'),
  });
  expect(verifyToken(token(), rules({ issuer: 'https://evil.example' }))).toMatchObject({ ok: false });
  expect(verifyToken(token(), rules({ audience: 'payroll' }))).toMatchObject({ ok: false });
  const other = fs.mkdtempSync(path.join(os.tmpdir(), 'cpcase-issuer-'));
  ensureIssuer(other, ISSUER, 'cpcase');
  const foreign = issueToken(other, {
    subject: 'ADM-001',
    roles: ['administrator'],
    namespace: 'default',
    hours: 1,
    issuedAt: at(0),
  });
  expect(verifyToken(foreign, rules())).toMatchObject({
    ok: false,
    problem: expect.stringContaining('signature'),
  });
  const t = token();
  revokeToken(dir, tokenClaims(t).tokenId!);
  expect(verifyToken(t, rules({ revokedTokenIds: new Set([tokenClaims(t).tokenId!]) }))).toMatchObject({
    ok: false,
    problem: 'the token has been revoked',
  });
});

test('the codec server admits people who read case data, and no one else', async () => {
  const check = await councilTokenCheck({
    jwks: issuerFiles(dir).jwks,
    issuer: ISSUER,
    audience: 'cpcase',
    revokedFile: issuerFiles(dir).revoked,
  });
  const gate = councilTokenGate(check, 'default');
  const as = (roles: ('reader' | 'administrator' | 'operator' | 'worker')[], namespace = 'default') =>
    gate(issueToken(dir, { subject: 'P-1', roles, namespace, hours: 1 }));
  expect(as(['reader'])).toEqual({ ok: true, who: 'P-1' });
  expect(as(['administrator'])).toMatchObject({ ok: true });
  expect(as(['worker'])).toMatchObject({
    ok: false,
    status: 403,
    error: expect.stringContaining('may not see case data'),
  });
  expect(as(['reader'], 'test')).toMatchObject({ ok: false, status: 403 });
  expect(gate(undefined)).toMatchObject({
    ok: false,
    status: 401,
    error: expect.stringContaining('not signed in'),
  });
  expect(gate('not.a.token')).toMatchObject({ ok: false, status: 401 });
  const revoked = issueToken(dir, { subject: 'P-2', roles: ['reader'], namespace: 'default', hours: 1 });
  revokeToken(dir, tokenClaims(revoked).tokenId!);
  expect(
    councilTokenGate(
      await councilTokenCheck({
        jwks: issuerFiles(dir).jwks,
        issuer: ISSUER,
        revokedFile: issuerFiles(dir).revoked,
      }),
      'default',
    )(revoked),
  ).toMatchObject({
    ok: false,
    status: 401,
  });
  const secret = sharedSecretGate('s'.repeat(24));
  expect(secret('s'.repeat(24)).ok).toBe(true);
  expect(secret('t'.repeat(24)).ok).toBe(false);
  expect(secret(undefined).ok).toBe(false);
});

/** A gRPC error as the Temporal server sends a refusal: code, message, and details in the trailers. */
function grpcError(code: number, message: string, reason?: string) {
  const metadata = new Metadata();
  if (reason !== undefined) {
    const failure = temporal.api.errordetails.v1.PermissionDeniedFailure.encode({ reason }).finish();
    const status = google.rpc.Status.encode({
      code,
      message,
      details: [
        {
          type_url: 'type.googleapis.com/temporal.api.errordetails.v1.PermissionDeniedFailure',
          value: failure,
        },
      ],
    }).finish();
    metadata.set('grpc-status-details-bin', Buffer.from(status));
  }
  return Object.assign(new Error(`${code} ${message}`), { code, details: message, metadata });
}

test("a refusal's reason is read from the status, and a missing credential from its code", () => {
  const denied = new ServiceError('denied', {
    cause: grpcError(
      7,
      'Request unauthorized.',
      "QA-001 may not record on a case: that is an administrator's",
    ),
  });
  expect(accessRefusal(denied)).toEqual({
    reason: "QA-001 may not record on a case: that is an administrator's",
    signedIn: true,
  });
  expect(accessRefusal(grpcError(16, 'not signed in: no credential was presented'))).toEqual({
    reason: 'not signed in: no credential was presented',
    signedIn: false,
  });
  expect(accessRefusal(grpcError(7, 'Request unauthorized.'))).toEqual({
    reason: 'the server refused this caller',
    signedIn: true,
  });
  expect(accessRefusal(grpcError(14, 'unavailable'))).toBeUndefined();
  expect(accessRefusal(new Error('x'))).toBeUndefined();
});

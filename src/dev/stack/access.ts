// The stack's identity and access, made for itself so everything runs offline: a small CA standing in for the
// council's (the server's certificate, each worker's client certificate: CN worker-N, OU default:worker) and a
// local token issuer standing in for the council's sign-in (people's tokens: `cpcase credential issue`). Made
// once in the stack folder and kept, so credentials already handed out stay good across restarts.
import fs from 'fs';
import path from 'path';
import { ensureIssuer, issueToken, issuerFiles, type IssuerInfo } from '../../identity/issuer';
import { ensureCa, ensureCertificate, type KeyPair } from '../../identity/localCa';
import { STACK_DYNAMIC_CONFIG, type ServerAccess } from './temporalConfig';

export const STACK_ISSUER = 'https://sign-in.stack.cpcase.invalid';
export const STACK_AUDIENCE = 'cpcase';

export interface StackAccess extends ServerAccess {
  issuerDir: string;
  issuer: IssuerInfo;
  revoked: string;
  /** Worker N's client certificate. */
  workerCertificate(n: number): KeyPair;
  /** The staff pages' client certificate (CN cpcase-pages, a reader's role): they read cases, never change one. */
  pagesCertificate(): KeyPair;
  /** The Temporal server process's own settings (server/access/settings.go). */
  serverEnv: Record<string, string>;
  /** What every cpcase process needs to reach the server: TLS to it. */
  clientEnv: Record<string, string>;
  /** What cpcase's own services (the codec server) need to check council tokens as the server does. */
  tokenEnv: Record<string, string>;
  /** A short-lived token for the stack's own set-up (namespace, search attributes, the digest's schedule). */
  setupToken(namespace: string): string;
}

/** A service's client certificate from the stack's CA: its common name, and its one permission as its OU. */
const clientCertificate = (certs: string, name: string, commonName: string, permission: string) =>
  ensureCertificate(certs, { name, commonName, units: [permission], usage: ['client'] });

/**
 * `serverAheadSeconds`: how far the server's clock is ahead of this machine's (a rehearsal, CLOCK_AT): the set-up
 * token is dated by the server's clock, which is the one that checks it.
 */
export function prepareStackAccess(stackDir: string, serverAheadSeconds = 0): StackAccess {
  const certs = path.join(stackDir, 'certs');
  const issuerDir = path.join(stackDir, 'issuer');
  const ca = ensureCa(certs, 'cpcase stack CA');
  const server = ensureCertificate(certs, {
    name: 'server',
    commonName: 'localhost',
    dns: ['localhost'],
    ips: ['127.0.0.1'],
    usage: ['server', 'client'],
  });
  const issuer = ensureIssuer(issuerDir, STACK_ISSUER, STACK_AUDIENCE);
  const files = issuerFiles(issuerDir);
  const dynamicConfig = path.join(stackDir, 'dynamicconfig.yaml');
  fs.writeFileSync(dynamicConfig, STACK_DYNAMIC_CONFIG);
  return {
    ca: ca.cert,
    serverCert: server.cert,
    serverKey: server.key,
    jwks: files.jwks,
    dynamicConfig,
    issuerDir,
    issuer,
    revoked: files.revoked,
    workerCertificate: (n) => clientCertificate(certs, `worker-${n}`, `worker-${n}`, 'default:worker'),
    pagesCertificate: () => clientCertificate(certs, 'pages', 'cpcase-pages', 'default:reader'),
    serverEnv: {
      CPCASE_TOKEN_ISSUER: issuer.issuer,
      CPCASE_TOKEN_AUDIENCE: issuer.audience,
      CPCASE_CLIENT_CA_FILE: ca.cert,
      CPCASE_REVOKED_FILE: files.revoked,
    },
    clientEnv: { TEMPORAL_TLS_CA: ca.cert, TEMPORAL_TLS_SERVER_NAME: 'localhost' },
    tokenEnv: {
      CPCASE_TOKEN_JWKS: files.jwks,
      CPCASE_TOKEN_ISSUER: issuer.issuer,
      CPCASE_TOKEN_AUDIENCE: issuer.audience,
      CPCASE_REVOKED_FILE: files.revoked,
    },
    setupToken: (namespace) =>
      issueToken(issuerDir, {
        subject: 'cpcase-stack-setup',
        roles: ['operator'],
        namespace,
        hours: 0.25,
        issuedAt: Math.floor(Date.now() / 1000) + serverAheadSeconds,
        extraPermissions: ['temporal-system:admin'],
      }),
  };
}

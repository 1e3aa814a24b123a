// The one place the worker and every client build their Temporal connection options from the configuration:
// TLS (and a client certificate) from the TEMPORAL_TLS_* variables, and the caller's token, sent as a bearer token.
import fs from 'fs';
import type { Config } from '../config/env';
import { currentToken } from '../identity/credential';

export interface ConnectionOptions {
  address: string;
  tls?:
    | {
        serverNameOverride?: string;
        serverRootCACertificate?: Buffer;
        clientCertPair?: { crt: Buffer; key: Buffer };
      }
    | true;
  /** Sent as `Authorization: Bearer …`; only ever over TLS. */
  apiKey?: string;
}

export function connectionOptions(config: Pick<Config, 'temporal'>): ConnectionOptions {
  const t = config.temporal.tls;
  const token = currentToken(config);
  const tls = t
    ? {
        serverNameOverride: t.serverName,
        serverRootCACertificate: t.ca ? fs.readFileSync(t.ca) : undefined,
        clientCertPair:
          t.cert && t.key ? { crt: fs.readFileSync(t.cert), key: fs.readFileSync(t.key) } : undefined,
      }
    : undefined;
  return {
    address: config.temporal.address,
    // A token is never sent in the clear: with no TLS settings, TLS with the system's trusted roots.
    ...(tls ? { tls } : token ? { tls: true as const } : {}),
    ...(token ? { apiKey: token } : {}),
  };
}

// The one place the worker and every client build their Temporal connection options from the configuration.
import fs from 'fs';
import type { Config } from '../config/env';

export interface ConnectionOptions {
  address: string;
  tls?: {
    serverNameOverride?: string;
    serverRootCACertificate?: Buffer;
    clientCertPair?: { crt: Buffer; key: Buffer };
  };
}

export function connectionOptions(config: Config): ConnectionOptions {
  const t = config.temporal.tls;
  return {
    address: config.temporal.address,
    tls: t
      ? {
          serverNameOverride: t.serverName,
          serverRootCACertificate: t.ca ? fs.readFileSync(t.ca) : undefined,
          clientCertPair:
            t.cert && t.key ? { crt: fs.readFileSync(t.cert), key: fs.readFileSync(t.key) } : undefined,
        }
      : undefined,
  };
}

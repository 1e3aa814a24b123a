// The Temporal server's configuration for the stack: Temporal's own development-postgres12.yaml with our ports
// and database, rendered as text so it can be read, diffed and tested.

export interface StackPorts {
  /** The frontend's gRPC port, the address workers and the CLI use; the other services take the next ones. */
  frontend: number;
  postgres: number;
  /** Identity and access (src/dev/stack/access.ts); absent only when the stack runs open (CPCASE_INSECURE=1). */
  access?: ServerAccess;
  /** Where the server serves its Prometheus metrics (127.0.0.1); absent: it serves none. */
  metrics?: number;
}

/** What the server needs to check callers: TLS material from the stack's CA, the issuer's keys, dynamic config. */
export interface ServerAccess {
  ca: string;
  serverCert: string;
  serverKey: string;
  jwks: string;
  dynamicConfig: string;
}

/**
 * TLS everywhere: internode with client certificates both ways (so nothing but the server's own nodes reaches the
 * internal frontend, which checks nobody), the frontend with its certificate (client certificates are asked for
 * and verified by cpcase-server itself, since people sign in with tokens and services with certificates); tokens
 * checked against the issuer's JWKS, read again every minute.
 */
function accessConfig(a: ServerAccess): string[] {
  const tlsGroup = (requireClientAuth: boolean) => [
    '      server:',
    `        certFile: "${a.serverCert}"`,
    `        keyFile: "${a.serverKey}"`,
    `        requireClientAuth: ${requireClientAuth}`,
    ...(requireClientAuth ? ['        clientCaFiles:', `          - "${a.ca}"`] : []),
    '      client:',
    '        serverName: "localhost"',
    '        rootCaFiles:',
    `          - "${a.ca}"`,
  ];
  return [
    '  tls:',
    '    internode:',
    ...tlsGroup(true),
    '    frontend:',
    ...tlsGroup(false),
    '  authorization:',
    '    jwtKeyProvider:',
    '      keySourceURIs:',
    `        - "file://${a.jwks}"`,
    '      refreshInterval: 1m',
    '    permissionsClaimName: "permissions"',
  ];
}

/** The server's own switches: refusals say why (server/access/authorizer.go). */
export const STACK_DYNAMIC_CONFIG = ['frontend.exposeAuthorizerErrors:', '  - value: true', ''].join('\n');

const service = (grpc: number, membership: number, extra = '') =>
  `{ grpcPort: ${grpc}, membershipPort: ${membership}, bindOnLocalHost: true${extra} }`;

function datastore(name: string, database: string, pgPort: number, maxConns: number): string {
  return [
    `    ${name}:`,
    '      sql:',
    '        pluginName: "postgres12"',
    `        databaseName: "${database}"`,
    `        connectAddr: "127.0.0.1:${pgPort}"`,
    '        connectProtocol: "tcp"',
    '        user: "temporal"',
    '        password: "temporal"',
    `        maxConns: ${maxConns}`,
    `        maxIdleConns: ${maxConns}`,
    '        maxConnLifetime: "1h"',
  ].join('\n');
}

export function temporalServerConfig(p: StackPorts): string {
  const f = p.frontend;
  return [
    'log:',
    '  stdout: true',
    '  level: warn',
    'persistence:',
    '  defaultStore: postgres-default',
    '  visibilityStore: postgres-visibility',
    '  numHistoryShards: 4',
    '  datastores:',
    datastore('postgres-default', 'temporal', p.postgres, 20),
    datastore('postgres-visibility', 'temporal_visibility', p.postgres, 2),
    'global:',
    '  membership:',
    '    maxJoinDuration: 30s',
    '    broadcastAddress: "127.0.0.1"',
    // The server's own metrics, for the stack's Prometheus (histograms, as Temporal's dashboards read them).
    ...(p.metrics
      ? [
          '  metrics:',
          '    prometheus:',
          '      timerType: "histogram"',
          `      listenAddress: "127.0.0.1:${p.metrics}"`,
        ]
      : []),
    ...(p.access ? accessConfig(p.access) : []),
    'services:',
    `  frontend:\n    rpc: ${service(f, f + 100, `, httpPort: ${f + 10}`)}`,
    // Temporal's own system worker (schedules) calls this one, so it needs no credential of ours.
    ...(p.access
      ? [`  internal-frontend:\n    rpc: ${service(f + 3, f + 103, `, httpPort: ${f + 13}`)}`]
      : []),
    `  history:\n    rpc: ${service(f + 1, f + 101)}`,
    `  matching:\n    rpc: ${service(f + 2, f + 102)}`,
    `  worker:\n    rpc: ${service(f + 6, f + 106)}`,
    'clusterMetadata:',
    '  enableGlobalNamespace: false',
    '  failoverVersionIncrement: 10',
    '  masterClusterName: "active"',
    '  currentClusterName: "active"',
    '  clusterInformation:',
    '    active:',
    '      enabled: true',
    '      initialFailoverVersion: 1',
    '      rpcName: "frontend"',
    `      rpcAddress: "127.0.0.1:${f}"`,
    'dcRedirectionPolicy:',
    '  policy: "noop"',
    ...(p.access
      ? ['dynamicConfigClient:', `  filepath: "${p.access.dynamicConfig}"`, '  pollInterval: "10s"']
      : []),
    '',
  ].join('\n');
}

// The Temporal server's configuration for the stack: Temporal's own development-postgres12.yaml with our ports
// and database, rendered as text so it can be read, diffed and tested.

export interface StackPorts {
  /** The frontend's gRPC port, the address workers and the CLI use; the other services take the next ones. */
  frontend: number;
  postgres: number;
}

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
    'services:',
    `  frontend:\n    rpc: ${service(f, f + 100, `, httpPort: ${f + 10}`)}`,
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
    '',
  ].join('\n');
}

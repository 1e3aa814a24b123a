// docker-compose.yml must stay valid and mirror the stack `npm run stack` runs (test/stack/stack.test.ts starts
// that one): checked with Debian's docker-compose (v1) `config`, which .ci/run installs. Containers cannot run on
// this machine class, so the file is validated, not started.
import { spawnSync } from 'child_process';
import path from 'path';
import YAML from 'yaml';
import { CLOSED_WORKFLOW_RETENTION } from '../src/shared/retention';

const available = spawnSync('docker-compose', ['--version']).status === 0;
const FILE = path.join(__dirname, '..', 'docker-compose.yml');
const SIGN_IN = {
  CPCASE_TOKEN_ISSUER: 'https://sign-in.council.example',
  TEMPORAL_JWT_KEY_SOURCE: 'file:///issuer/jwks.json',
};

function config(env: NodeJS.ProcessEnv) {
  const r = spawnSync('docker-compose', ['-f', FILE, 'config'], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface Service {
  image?: string;
  restart?: string;
  depends_on?: Record<string, { condition: string }>;
  environment?: Record<string, string>;
  healthcheck?: unknown;
  volumes?: string[];
}

(available || process.env.CI ? describe : describe.skip)('docker-compose.yml', () => {
  test('valid, with the production shape: schema job, server on PostgreSQL, two workers sharing it', () => {
    const r = config(SIGN_IN);
    expect(r.stderr).not.toMatch(/ERROR/);
    expect(r.status).toBe(0);
    const services = (YAML.parse(r.stdout) as { services: Record<string, Service> }).services;
    expect(services['temporal']!.depends_on).toEqual({
      'temporal-schema': { condition: 'service_completed_successfully' },
    });
    // cpcase-server: Temporal's server with cpcase's access control, checking the council's tokens and CA.
    expect(services['temporal']!.image).toBe('cpcase-server:1.32.2');
    expect(services['temporal']!.environment).toMatchObject({
      CPCASE_TOKEN_ISSUER: SIGN_IN.CPCASE_TOKEN_ISSUER,
      TEMPORAL_JWT_KEY_SOURCE: SIGN_IN.TEMPORAL_JWT_KEY_SOURCE,
      CPCASE_CLIENT_CA_FILE: '/certs/ca.pem',
    });
    expect(services['temporal-schema']!.depends_on).toEqual({ postgresql: { condition: 'service_healthy' } });
    for (const name of ['worker-1', 'worker-2']) {
      const w = services[name]!;
      expect(w.restart).toBe('unless-stopped');
      expect(w.environment).toMatchObject({
        TEMPORAL_ADDRESS: 'temporal:7233',
        SMTP_URL: 'smtp://mailpit:1025',
        DATABASE_URL: 'postgres://cpcase:cpcase@postgresql:5432/cpcase',
        CPCASE_DATA_DIR: '/data',
        // Its own certificate, and it vouches for the server's identity stamps.
        TEMPORAL_TLS_CERT: `/certs/${name}.pem`,
        TEMPORAL_TLS_CA: '/certs/ca.pem',
        CPCASE_IDENTITY: 'server',
      });
      expect(w.depends_on!['temporal-register']).toEqual({ condition: 'service_completed_successfully' });
    }
    // Each worker writes its own /data (heartbeat for the image's healthcheck); nothing shared lives there.
    expect(services['worker-1']!.volumes![0]).not.toBe(services['worker-2']!.volumes![0]);
    for (const name of ['postgresql', 'temporal']) expect(services[name]!.healthcheck).toBeDefined();
  });

  test("the codec server and the Web UI take the council's sign-in; nothing runs open unless told plainly", () => {
    const services = (YAML.parse(config(SIGN_IN).stdout) as { services: Record<string, Service> }).services;
    expect(services['codec-server']!.environment).toMatchObject({
      CPCASE_TOKEN_JWKS: '/issuer/jwks.json',
      CPCASE_TOKEN_ISSUER: SIGN_IN.CPCASE_TOKEN_ISSUER,
    });
    expect(services['codec-server']!.environment).not.toHaveProperty('CPCASE_CODEC_TOKEN');
    expect(services['temporal-ui']!.environment).toMatchObject({
      TEMPORAL_AUTH_ENABLED: 'true',
      TEMPORAL_AUTH_PROVIDER_URL: SIGN_IN.CPCASE_TOKEN_ISSUER,
      TEMPORAL_CODEC_PASS_ACCESS_TOKEN: 'true',
    });
    // Closed workflows are kept as long as everywhere else cpcase runs; the ledger is the record.
    expect(JSON.stringify(services['temporal-register'])).toContain(
      `--retention ${CLOSED_WORKFLOW_RETENTION}`,
    );
    // The staff pages: the council's sign-in or none (an empty issuer is refused at start: never the local one),
    // their own reader's certificate, and the address the workers' emails link to.
    expect(services['pages']!.environment).toMatchObject({
      CPCASE_OIDC_ISSUER: '',
      TEMPORAL_TLS_CERT: '/certs/pages.pem',
      CPCASE_WEB_URL: 'http://localhost:8990',
    });
    expect(services['worker-1']!.environment!['CPCASE_WEB_URL']).toBe('http://localhost:8990');
    // Empty unless set: the server then refuses to start without a way to check credentials (its Go tests).
    expect(services['temporal']!.environment!['CPCASE_INSECURE']).toBe('');
  });
});

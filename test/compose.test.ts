// docker-compose.yml must stay valid and mirror the stack `npm run stack` runs (test/stack/stack.test.ts starts
// that one): checked with Debian's docker-compose (v1) `config`, which .ci/run installs. Containers cannot run on
// this machine class, so the file is validated, not started.
import { spawnSync } from 'child_process';
import path from 'path';
import YAML from 'yaml';

const available = spawnSync('docker-compose', ['--version']).status === 0;
const FILE = path.join(__dirname, '..', 'docker-compose.yml');
const TOKEN = 'a-codec-token-of-at-least-24-characters';

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
    const r = config({ CPCASE_CODEC_TOKEN: TOKEN });
    expect(r.stderr).not.toMatch(/ERROR/);
    expect(r.status).toBe(0);
    const services = (YAML.parse(r.stdout) as { services: Record<string, Service> }).services;
    expect(services['temporal']!.depends_on).toEqual({
      'temporal-schema': { condition: 'service_completed_successfully' },
    });
    expect(services['temporal']!.image).toBe('temporalio/server:1.32.2');
    expect(services['temporal-schema']!.depends_on).toEqual({ postgresql: { condition: 'service_healthy' } });
    for (const name of ['worker-1', 'worker-2']) {
      const w = services[name]!;
      expect(w.restart).toBe('unless-stopped');
      expect(w.environment).toMatchObject({
        TEMPORAL_ADDRESS: 'temporal:7233',
        SMTP_URL: 'smtp://mailpit:1025',
        DATABASE_URL: 'postgres://cpcase:cpcase@postgresql:5432/cpcase',
        CPCASE_DATA_DIR: '/data',
      });
      expect(w.depends_on!['temporal-register']).toEqual({ condition: 'service_completed_successfully' });
    }
    // Each worker writes its own /data (heartbeat for the image's healthcheck); nothing shared lives there.
    expect(services['worker-1']!.volumes![0]).not.toBe(services['worker-2']!.volumes![0]);
    for (const name of ['postgresql', 'temporal']) expect(services[name]!.healthcheck).toBeDefined();
  });

  test('the codec server will not start without its token', () => {
    const r = config({ CPCASE_CODEC_TOKEN: '' });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('set CPCASE_CODEC_TOKEN to a secret of at least 24 characters');
  });
});

// docker-compose.yml must stay valid: checked with Debian's docker-compose (v1) `config`, which .ci/run
// installs. Containers cannot run on this machine class, so the file is validated, not started.
import { spawnSync } from 'child_process';
import path from 'path';

const available = spawnSync('docker-compose', ['--version']).status === 0;

test('docker-compose.yml is valid and wires the worker to Temporal and mail through the same variables', () => {
  if (!available) {
    if (process.env.CI) throw new Error('docker-compose is missing: .ci/run should have installed it');
    return; // a developer machine without docker-compose: CI checks it
  }
  const r = spawnSync('docker-compose', ['-f', path.join(__dirname, '..', 'docker-compose.yml'), 'config'], {
    encoding: 'utf8',
  });
  expect(r.stderr).not.toMatch(/ERROR/);
  expect(r.status).toBe(0);
  expect(r.stdout).toMatch(/TEMPORAL_ADDRESS: temporal:7233/);
  expect(r.stdout).toMatch(/SMTP_URL: smtp:\/\/mailpit:1025/);
});

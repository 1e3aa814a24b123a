// The README's two commands, as a newcomer runs them: a fresh clone, the machine's older Node first on PATH (this
// machine's is 20, as many council laptops' and CI images' still are). `npm start` runs itself under the pinned Node
// 24 and the system starts; `npm test` does the same (here with one small test file, the whole suite being this).
import { execFileSync, spawn, spawnSync } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { freePort } from '../src/dev/ports';
import { stopChild } from '../src/dev/stack/launch';

const ROOT = path.resolve(__dirname, '..');

/** A Node older than 24 on this machine, if there is one: the folder to put first on PATH. */
function olderNode(): string | undefined {
  for (const dir of ['/usr/bin', '/usr/local/bin', '/bin']) {
    const node = path.join(dir, 'node');
    if (!fs.existsSync(node)) continue;
    const v = spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout.trim();
    if (Number(v.replace(/^v/, '').split('.')[0]) < 24) return dir;
  }
  return undefined;
}

const old = olderNode();
let clone: string;
let env: NodeJS.ProcessEnv;

(old ? describe : describe.skip)('the first hour, on a machine whose Node is older than 24', () => {
  beforeAll(async () => {
    clone = fs.mkdtempSync(path.join(os.tmpdir(), 'cpcase-first-hour-'));
    execFileSync('git', ['clone', '-q', ROOT, clone]);
    env = {
      ...process.env,
      PATH: `${old}${path.delimiter}${process.env.PATH ?? ''}`,
      TEMPORAL_ADDRESS: `127.0.0.1:${await freePort()}`,
      CPCASE_UI_PORT: String(await freePort()),
      CPCASE_CODEC_PORT: String(await freePort()),
      CPCASE_MAIL_WEB_PORT: String(await freePort()),
      CPCASE_WEB_URL: `http://localhost:${await freePort()}`,
      SMTP_URL: `smtp://127.0.0.1:${await freePort()}`,
      CPCASE_DATA_DIR: path.join(clone, 'data'),
    };
    const ci = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: clone, env, encoding: 'utf8' });
    expect(ci.status).toBe(0);
  }, 600_000);

  test('npm start: the whole system starts, under Node 24, and a case opens', async () => {
    const start = spawn('npm', ['start'], { cwd: clone, env, detached: true });
    let out = '';
    start.stdout.on('data', (d: Buffer) => (out += d.toString()));
    start.stderr.on('data', (d: Buffer) => (out += d.toString()));
    try {
      const until = Date.now() + 300_000;
      while (!out.includes('Press Ctrl-C to stop.') && start.exitCode === null && Date.now() < until)
        await new Promise((r) => setTimeout(r, 250));
      expect(out).toContain('cpcase is running:');
      expect(out).not.toMatch(/ERR_UNKNOWN_BUILTIN_MODULE|at .*\(node:/);
      const opened = spawnSync(
        'node',
        [
          path.join(clone, 'bin', 'cpcase.js'),
          'open',
          'CP-2026-0001',
          '--child',
          'CH-1:2015-01-01',
          '--social-worker',
          'SW-101',
          '--team-manager',
          'TM-201',
          '--service-manager',
          'SM-301',
        ],
        {
          cwd: clone,
          env: { ...env, PATH: `${path.dirname(process.execPath)}${path.delimiter}${env.PATH}` },
          encoding: 'utf8',
        },
      );
      expect(opened.stderr).toBe('');
      // The staff pages are up with it, and send a person to sign in before showing the case.
      const page = await fetch(`${env.CPCASE_WEB_URL}/cases/CP-2026-0001`, { redirect: 'manual' });
      expect([page.status, page.headers.get('location')]).toEqual([
        302,
        expect.stringContaining(`${env.CPCASE_WEB_URL}/local-sign-in/authorize?`),
      ]);
    } finally {
      process.kill(-start.pid!, 'SIGINT'); // Ctrl-C: the whole group, as a terminal sends it
      await stopChild(start);
    }
  }, 400_000);

  test('npm test: typecheck, lint and build under Node 24, then jest', () => {
    const t = spawnSync('npm', ['test', '--', 'test/domain/dates.test.ts'], {
      cwd: clone,
      env,
      encoding: 'utf8',
    });
    expect(`${t.stdout}${t.stderr}`).toMatch(/\d+ passed, 0 failed/);
    expect(t.status).toBe(0);
  }, 600_000);
});

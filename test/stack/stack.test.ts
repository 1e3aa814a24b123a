// The production-like stack (`npm run stack`) under faults, in CI: the Temporal server built from its Go module on
// PostgreSQL, two workers sharing the database. A worker and then the server are killed (SIGKILL) in the middle of
// an import burst, and PostgreSQL is stopped as a crash would stop it; the stack starts each again by itself, and
// every row is recorded exactly once, in the cases and in the shared ledger.
import { execFileSync, spawn, type ChildProcess } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { freePort } from '../../src/dev/ports';
import { localPostgres } from '../../src/dev/postgres';
import { expectEveryRowOnce, importThrough, settled, sleep } from '../support/burst';
import { cpcaseAsync } from '../support/cli';
import { TestSmtp } from '../support/smtp';

const ROOT = path.resolve(__dirname, '..', '..');
const built = (() => {
  try {
    execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'temporal-server.js'), '--check'], {
      stdio: 'pipe',
    });
    return true;
  } catch {
    return false;
  }
})();
// Without the server binaries (a first `node scripts/temporal-server.js` builds them) the stack cannot start;
// .ci/run builds them, so in CI their absence fails the run.
const run = built || process.env.CI === 'true';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cpcase-stack-'));
// PostgreSQL runs as its own user (when tests run as root): it must be able to reach its folder inside this one.
fs.chmodSync(dir, 0o755);
const pidOf = (name: string) => Number(fs.readFileSync(path.join(dir, `${name}.pid`), 'utf8').trim());
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
let stack: ChildProcess | undefined;
let smtp: TestSmtp;
let env: NodeJS.ProcessEnv = {};
let pgPort = 0;

/** The stack's own environment file, as an administrator would source it. */
function stackEnv(): NodeJS.ProcessEnv {
  const text = fs.readFileSync(path.join(dir, 'stack.env'), 'utf8');
  const vars: Record<string, string> = {};
  for (const m of text.matchAll(/^export (\w+)='([^']*)'$/gm)) vars[m[1]!] = m[2]!;
  return { ...vars, CPCASE_DATA_DIR: path.join(dir, 'cli'), CPCASE_USER: 'admin-3' };
}

async function replaced(name: string, old: number, within = 30_000): Promise<number> {
  const until = Date.now() + within;
  while (Date.now() < until) {
    const pid = pidOf(name);
    if (pid !== old && alive(pid)) return pid;
    await sleep(250);
  }
  throw new Error(`${name} was not started again`);
}

(run ? describe : describe.skip)('the stack on PostgreSQL with two workers', () => {
  beforeAll(async () => {
    smtp = new TestSmtp();
    await smtp.start();
    pgPort = await freePort();
    // Below 32,600: Temporal keeps membership ports (frontend + 100 and up) in a smallint column.
    const frontend = 20_000 + Math.floor(Math.random() * 80) * 150;
    stack = spawn(process.execPath, [path.join(ROOT, 'dist', 'src', 'dev', 'stack', 'main.js')], {
      env: {
        ...process.env,
        CPCASE_STACK_DIR: dir,
        CPCASE_STACK_PORT: String(frontend),
        CPCASE_STACK_PG_PORT: String(pgPort),
        CPCASE_STACK_CODEC_PORT: String(await freePort()),
        SMTP_URL: smtp.url,
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise<void>((resolve, reject) => {
      let out = '';
      stack!.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('Press Ctrl-C to stop.')) resolve();
      });
      stack!.once('exit', (code) => reject(new Error(`the stack stopped (exit ${code}): ${out}`)));
    });
    env = stackEnv();
  }, 300_000);

  afterAll(async () => {
    if (stack && stack.exitCode === null) {
      const workers = [pidOf('worker-1'), pidOf('worker-2'), pidOf('temporal')];
      stack.kill('SIGTERM');
      await new Promise((r) => stack!.once('exit', r));
      expect(workers.filter(alive)).toEqual([]);
    }
    await smtp?.stop();
  }, 120_000);

  test('a worker killed mid-import: started again by the stack, every row recorded once', async () => {
    const t = await importThrough(env, dir, 'CP-SW', async () => {
      const killed = pidOf('worker-1');
      process.kill(killed, 'SIGKILL');
      await replaced('worker-1', killed);
    });
    expectEveryRowOnce(t);
  }, 400_000);

  test('the Temporal server killed mid-import: started again on its database, the import rides it out', async () => {
    const t = await importThrough(env, dir, 'CP-SS', async () => {
      const killed = pidOf('temporal');
      process.kill(killed, 'SIGKILL');
      await replaced('temporal', killed);
    });
    expectEveryRowOnce(t);
  }, 400_000);

  test('PostgreSQL stopped as by a crash: started again, the workers carry on by themselves', async () => {
    const workers = [pidOf('worker-1'), pidOf('worker-2')];
    const pg = localPostgres(path.join(dir, 'postgres'), pgPort);
    const crashed = pg.pid();
    pg.stop('immediate', false);
    const until = Date.now() + 60_000;
    while (!(pg.running() && pg.pid() !== crashed) && Date.now() < until) await sleep(500);
    expect(pg.pid()).not.toBe(crashed);
    expect(pg.running()).toBe(true);
    const recordedAfter = await cpcaseAsync(
      ['record', 'case-closed', 'CP-SW-001', '--date', '2026-10-06', '--reason', 'closed'],
      env,
    );
    expect(recordedAfter.stderr).toBe('');
    const audit = await settled(env, ['CP-SW-001'], { events: 12, ledger: 12 });
    expect(audit).toEqual({ events: 12, ledger: 12 });
    expect(workers.every(alive)).toBe(true);
  }, 300_000);
});

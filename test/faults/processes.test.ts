// Faults a council's IT team meets, on the real thing: the Temporal dev server and the worker each run as their
// own process here (as `npm start` runs them), so they can be killed with SIGKILL mid-burst and started again on
// the same database. Each test asserts what matters: every row of an import recorded exactly once (the case's
// events and the ledger agree), the counts the administrator was told are exact, and what they saw.
// Mail faults (SMTP down for minutes, 421, 550, 535, an unwritable or torn sent record) are in
// test/notify/email.test.ts and test/notify/caseEmail.test.ts, where the clock can reach a send time.
import { spawn, type ChildProcess } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { freePort, waitForPort } from '../../src/dev/ports';
import { toolPath } from '../../src/dev/tools';
import { devServerSearchAttributeArgs } from '../../src/shared/searchAttributes';
import { cpcase, cpcaseAsync } from '../support/cli';
import { expectEveryRowOnce, importJson, importThrough, recorded, sleep } from '../support/burst';
import { testKeys } from '../support/keys';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'cpcase-faults-'));
const keys = testKeys();
const WORKER = path.resolve(__dirname, '..', '..', 'dist', 'src', 'worker', 'main.js');
let port = 0;
let server: ChildProcess | undefined;
let worker: ChildProcess | undefined;
const workerDir = path.join(root, 'worker');
const cliEnv = () => ({
  TEMPORAL_ADDRESS: `127.0.0.1:${port}`,
  TEMPORAL_TASK_QUEUE: 'faults',
  CPCASE_KEYS_FILE: keys.file,
  CPCASE_DATA_DIR: workerDir,
  CPCASE_USER: 'admin-3',
});

function startServer(): ChildProcess {
  const bin = toolPath('temporal');
  if (!bin) throw new Error("no temporal binary: run 'npm run tools'");
  const args = ['server', 'start-dev', '--headless', '--db-filename', path.join(root, 'temporal.db')];
  args.push(
    '--ip',
    '127.0.0.1',
    '--port',
    String(port),
    '--log-level',
    'error',
    ...devServerSearchAttributeArgs(),
  );
  return spawn(bin, args, { stdio: 'ignore' });
}

function startWorker(): ChildProcess {
  return spawn(process.execPath, [WORKER], {
    env: { ...process.env, ...cliEnv(), SMTP_URL: 'smtp://127.0.0.1:1' },
    stdio: 'ignore',
  });
}

const exited = (p: ChildProcess) =>
  new Promise<void>((resolve) =>
    p.exitCode !== null || p.signalCode ? resolve() : p.once('exit', () => resolve()),
  );

async function kill9(p: ChildProcess | undefined): Promise<void> {
  if (!p) return;
  p.kill('SIGKILL');
  await exited(p);
}

beforeAll(async () => {
  port = await freePort();
  fs.mkdirSync(workerDir, { recursive: true });
  server = startServer();
  await waitForPort(port, 'Temporal dev server');
  worker = startWorker();
}, 120_000);

afterAll(async () => {
  await kill9(worker);
  await kill9(server);
});

test('worker killed (SIGKILL) mid-import and started again: every row recorded once, the count exact', async () => {
  const t = await importThrough(cliEnv(), root, 'CP-FW', async () => {
    await kill9(worker);
    await sleep(3_000);
    worker = startWorker();
  });
  // A ledger write the killed worker had started is retried once its minute's timeout passes: the audit trail
  // catches up, and nothing is written twice.
  expectEveryRowOnce(t);
  const again = await cpcaseAsync(['import', t.burst.file, '--json'], cliEnv());
  expect(importJson(again)).toMatchObject({ rows: t.burst.rows, recorded: 0, alreadyRecorded: t.burst.rows });
  expect(await recorded(cliEnv(), t.burst.refs)).toEqual(t.after);
}, 300_000);

test('server killed (SIGKILL) mid-import and started again on its database: the import rides it out', async () => {
  const t = await importThrough(cliEnv(), root, 'CP-FS', async () => {
    await kill9(server);
    await sleep(3_000);
    server = startServer();
    await waitForPort(port, 'Temporal dev server');
  });
  expectEveryRowOnce(t);
}, 300_000);

test('a damaged ledger: audit says so in one line (exit 1) and names what to do', () => {
  const dir = path.join(root, 'damaged');
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, 'ledger.sqlite'), 'this is not a database '.repeat(200));
  const r = cpcase(['audit', 'CP-2026-0001'], { ...cliEnv(), CPCASE_DATA_DIR: dir });
  expect(r.code).toBe(1);
  expect(r.stderr.trimEnd().split('\n')).toEqual([
    expect.stringMatching(/^cpcase: the ledger cannot be read .*restore it from a backup$/),
  ]);
  expect(r.stdout).toBe('');
});

// Every example a person is shown runs as printed: the README's CLI block as one story, then every `cpcase …
// --help` example, each against a dev server and a real worker, in a folder holding the files the examples name
// (events.csv, children.csv, bank-holidays.json, the stack's issuer). None is refused as bad input; each does what
// it says, or, where what it says depends on the case (repairing a case that is not broken), says so.
import { spawn, spawnSync } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { Runtime, DefaultLogger, type Worker } from '@temporalio/worker';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { openSqliteLedger } from '../../src/ledger/sqlite';
import { COMMANDS } from '../../src/client/cli/commands';
import { ensureIssuer } from '../../src/identity/issuer';
import { startDevServer } from '../support/temporal';
import { caseWorker } from '../support/caseWorker';
import { testKeys } from '../support/keys';

Runtime.install({ logger: new DefaultLogger('ERROR') });

const ROOT = path.resolve(__dirname, '..', '..');
const BIN = path.join(ROOT, 'bin', 'cpcase.js');
const TASK_QUEUE = 'cli-examples';

/** Commands as printed: continuation lines joined, comments after two spaces dropped, `cpcase` at the start. */
export function examplesIn(text: string): string[] {
  const out: string[] = [];
  let pending = '';
  for (const raw of text.split('\n')) {
    const line = raw.replace(/^Example: /, '').trim();
    if (!pending && !/^cpcase /.test(line)) continue;
    const code = line.replace(/\s{2,}#.*$/, '');
    if (code.endsWith('\\')) {
      pending += `${code.slice(0, -1).trim()} `;
      continue;
    }
    out.push(`${pending}${code}`.trim());
    pending = '';
  }
  return out;
}

const readmeBlock = () => {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf('## The CLI');
  const block = readme.slice(
    readme.indexOf('```sh', start) + 5,
    readme.indexOf('```', readme.indexOf('```sh', start) + 5),
  );
  return examplesIn(block);
};

interface Env {
  env: TestWorkflowEnvironment;
  worker: Worker;
  running: Promise<void>;
  cwd: string;
  cliEnv: NodeJS.ProcessEnv;
}

async function setUp(): Promise<Env> {
  const env = await startDevServer();
  const keys = testKeys();
  const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'cpcase-examples-'));
  const worker = await caseWorker({
    connection: env.nativeConnection,
    taskQueue: TASK_QUEUE,
    dataConverter: keys.dataConverter,
    dataDir: cwd,
    ledger: openSqliteLedger(path.join(cwd, 'data', 'ledger.sqlite'), keys.ring),
  });
  const running = worker.run();
  // The files the examples name, as a council would have them.
  fs.writeFileSync(
    path.join(cwd, 'events.csv'),
    'case,event,date,type,on\nCP-2026-0142,conference-scheduled,16/05/2023,review,14/08/2023\n',
  );
  fs.writeFileSync(
    path.join(cwd, 'children.csv'),
    'child,la-child-id,upn-unknown,sex,ethnicity,referral-date,referral-source,primary-need\n' +
      'CH-7Q2,C7Q2,UN1,F,WBRI,2023-04-20,5A,N1\nCH-8K5,C8K5,UN1,M,WBRI,2023-04-20,5A,N1\n',
  );
  fs.copyFileSync(
    path.join(ROOT, 'src', 'calendar', 'data', 'bank-holidays.snapshot.json'),
    path.join(cwd, 'bank-holidays.json'),
  );
  ensureIssuer(path.join(cwd, 'data', 'stack', 'issuer'), 'https://sign-in.example', 'cpcase');
  const cliEnv = {
    ...process.env,
    TEMPORAL_ADDRESS: env.address,
    TEMPORAL_TASK_QUEUE: TASK_QUEUE,
    CPCASE_KEYS_FILE: keys.file,
    CPCASE_DATA_DIR: path.join(cwd, 'data'),
    CPCASE_USER: 'admin-1',
  };
  return { env, worker, running, cwd, cliEnv };
}

async function tearDown(e: Env | undefined) {
  e?.worker.shutdown();
  await e?.running;
  await e?.env.teardown();
}

/** Runs an example as a shell would, with `cpcase` the built CLI (not blocking: the worker runs in this process). */
function run(e: Env, example: string): Promise<{ example: string; code: number | null; stderr: string }> {
  const cmd = example.replace(/^cpcase /, `"${process.execPath}" "${BIN}" `);
  return new Promise((resolve) => {
    const child = spawn('sh', ['-c', cmd], { cwd: e.cwd, env: e.cliEnv });
    let stderr = '';
    child.stdout.resume();
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ example, code, stderr: stderr.trim() }));
  });
}

/** Examples whose result depends on the case they meet: what they answer there instead of 0. */
const DEPENDS: [RegExp, number, RegExp][] = [[/^cpcase repair /, 4, /is not broken: it answers/]];

function expectRuns(results: Awaited<ReturnType<typeof run>>[]) {
  const wrong = results.filter((r) => {
    const d = DEPENDS.find(([re]) => re.test(r.example));
    return d ? r.code !== d[1] || !d[2].test(r.stderr) : r.code !== 0;
  });
  expect(wrong).toEqual([]);
}

describe('the examples people are shown', () => {
  let e: Env | undefined;
  afterEach(async () => {
    await tearDown(e);
    e = undefined;
  });

  test("the README's CLI block runs, line by line, as printed", async () => {
    e = await setUp();
    const examples = readmeBlock();
    expect(examples.length).toBeGreaterThan(20);
    const results = [];
    for (const x of examples) results.push(await run(e, x));
    expectRuns(results);
  }, 600_000);

  test('every example in `--help` runs as printed', async () => {
    e = await setUp();
    // --help needs no server: a synchronous run is fine here, the worker waiting a moment.
    const help = (words: string[]) =>
      spawnSync(process.execPath, [BIN, ...words, '--help'], { encoding: 'utf8', env: e!.cliEnv }).stdout;
    const examples = [help([]), ...COMMANDS.map((c) => help(c.path))].flatMap(examplesIn);
    expect(examples.length).toBeGreaterThan(10);
    const results = [];
    for (const x of new Set(examples)) results.push(await run(e, x));
    expectRuns(results);
  }, 600_000);
});

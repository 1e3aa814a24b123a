// The bad-input corpus (test/fixtures/badInputs.ts) through the built CLI: each entry refused in one line naming
// what the user typed, with the documented exit code, and nothing changed: no file in the data folder written,
// nothing recorded on a case. Entries that need no case run against an address where no server listens, so an
// entry that got as far as Temporal would fail with exit 5 instead of passing; the rest against a real dev server
// and worker, with one open case and one closed.
import crypto from 'crypto';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { Runtime, DefaultLogger, type Worker } from '@temporalio/worker';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { BAD_INPUTS, type BadInput } from '../fixtures/badInputs';
import { openSqliteLedger } from '../../src/ledger/sqlite';
import { caseWorker } from '../support/caseWorker';
import { cpcaseAsync, type CliRun } from '../support/cli';
import { testKeys } from '../support/keys';
import { startDevServer } from '../support/temporal';

Runtime.install({ logger: new DefaultLogger('WARN') });

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'cpcase-bad-inputs-'));
const keys = testKeys();
const OPEN = 'CP-2026-0902';
const CLOSED = 'CP-2026-0903';
/** Nothing listens here: a refusal must come before the CLI reaches for Temporal. */
const NO_SERVER = '127.0.0.1:1';

/** Files are named as a council would name them: the loaders read YAML or JSON by the extension. */
const EXTENSION: Partial<Record<BadInput['category'], string>> = {
  csv: '.csv',
  policy: '.yaml',
  directory: '.yaml',
  'calendar-files': '.json',
};

/** Every file under a folder, by path, with a digest of its content. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out[path.relative(dir, p)] = crypto.createHash('sha256').update(fs.readFileSync(p)).digest('hex');
    }
  };
  walk(dir);
  return out;
}

interface Outcome {
  run: CliRun;
  names: string;
  before: Record<string, string>;
  after: Record<string, string>;
}

/**
 * One entry in a folder of its own. Offline, its data folder is inside that folder, so the snapshot covers it;
 * live, the worker's (whose ledger the CLI reads), and the cases themselves are compared instead.
 */
async function runEntry(entry: BadInput, i: number, base: NodeJS.ProcessEnv): Promise<Outcome> {
  const dir = path.join(root, String(i));
  const dataDir = entry.live ? base.CPCASE_DATA_DIR! : path.join(dir, 'data');
  fs.mkdirSync(path.join(dir, 'data'), { recursive: true });
  const file = path.join(dir, `input${EXTENSION[entry.category] ?? ''}`);
  const fill = (s: string) =>
    s
      .replaceAll('{file}', file)
      .replaceAll('{dir}', dataDir)
      .replaceAll('{open}', OPEN)
      .replaceAll('{closed}', CLOSED);
  if (entry.file !== undefined) fs.writeFileSync(file, fill(entry.file));
  const env = Object.fromEntries(Object.entries(entry.env ?? {}).map(([k, v]) => [k, fill(v)]));
  const before = snapshot(dir);
  const run = await cpcaseAsync(entry.args.map(fill), { ...base, CPCASE_DATA_DIR: dataDir, ...env });
  return { run, names: fill(entry.names), before, after: snapshot(dir) };
}

/** Runs entries a few at a time (the CLI is a process each; two cores). */
async function runAll(entries: BadInput[], base: NodeJS.ProcessEnv, offset: number): Promise<Outcome[]> {
  const out: Outcome[] = new Array(entries.length);
  let next = 0;
  const lane = async () => {
    for (let i = next++; i < entries.length; i = next++)
      out[i] = await runEntry(entries[i]!, offset + i, base);
  };
  await Promise.all([lane(), lane(), lane(), lane()]);
  return out;
}

const label = (e: BadInput) =>
  [
    `${e.category}: cpcase ${e.args.join(' ').slice(0, 100)}`,
    e.env
      ? `with ${Object.entries(e.env)
          .map(([k, v]) => `${k}=${v}`)
          .join(' ')}`
      : '',
    e.file !== undefined ? `reading ${JSON.stringify(e.file.slice(-70))}` : '',
  ]
    .filter(Boolean)
    .join(' ');

function expectRefused(entry: BadInput, o: Outcome) {
  const lines = o.run.stderr.trimEnd().split('\n');
  const seen = `exit ${o.run.code}: ${o.run.stderr}${o.run.stdout}`;
  const expectedLines = entry.problems ? entry.problems + 1 : 1;
  expect({ code: o.run.code, lines: lines.length, seen }).toEqual({
    code: entry.exit,
    lines: expectedLines,
    seen,
  });
  expect(lines[0]).toMatch(/^cpcase: /);
  expect(o.run.stderr).toContain(o.names);
  expect(o.run.stderr).not.toMatch(/\n\s+at /); // never a stack trace
  expect(o.run.stdout).toBe('');
  expect(o.after).toEqual(o.before);
}

const offline = BAD_INPUTS.filter((e) => !e.live);
const live = BAD_INPUTS.filter((e) => e.live);

test('the corpus holds at least 150 inputs across every category', () => {
  const byCategory = BAD_INPUTS.reduce<Record<string, number>>(
    (m, e) => ({ ...m, [e.category]: (m[e.category] ?? 0) + 1 }),
    {},
  );
  expect(BAD_INPUTS.length).toBeGreaterThanOrEqual(150);
  expect(Object.keys(byCategory).sort()).toEqual([
    'calendar-files',
    'csv',
    'dates',
    'directory',
    'environment',
    'numbers',
    'options',
    'policy',
    'references',
  ]);
  // The counts the note on the issue gives.
  process.stdout.write(`bad-input corpus: ${BAD_INPUTS.length} ${JSON.stringify(byCategory)}\n`);
});

describe('refused before reaching Temporal', () => {
  let outcomes: Outcome[];
  beforeAll(async () => {
    outcomes = await runAll(
      offline,
      { TEMPORAL_ADDRESS: NO_SERVER, CPCASE_KEYS_FILE: keys.file, CPCASE_USER: 'admin-3' },
      0,
    );
  }, 600_000);
  test.each(offline.map((e, i) => [label(e), i] as const))('%s', (_, i) =>
    expectRefused(offline[i]!, outcomes[i]!),
  );
});

describe('refused by the system as it stands (dev server, worker, an open and a closed case)', () => {
  let env: TestWorkflowEnvironment;
  let worker: Worker;
  let running: Promise<void>;
  let outcomes: Outcome[];
  let cliEnv: NodeJS.ProcessEnv;
  const caseView = async (ref: string) => {
    const status = await cpcaseAsync(['status', ref, '--json'], cliEnv);
    const audit = await cpcaseAsync(['audit', ref, '--json'], cliEnv);
    expect(status.code).toBe(0);
    return { events: (JSON.parse(status.stdout) as { events: unknown[] }).events, audit: audit.stdout };
  };

  beforeAll(async () => {
    env = await startDevServer();
    const workerDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cpcase-bad-inputs-worker-'));
    worker = await caseWorker({
      connection: env.nativeConnection,
      taskQueue: 'bad-inputs',
      dataConverter: keys.dataConverter,
      dataDir: workerDir,
      ledger: openSqliteLedger(path.join(workerDir, 'ledger.sqlite'), keys.ring),
    });
    running = worker.run();
    cliEnv = {
      TEMPORAL_ADDRESS: env.address,
      TEMPORAL_TASK_QUEUE: 'bad-inputs',
      CPCASE_KEYS_FILE: keys.file,
      CPCASE_USER: 'admin-3',
      CPCASE_DATA_DIR: workerDir,
    };
    const people = ['--social-worker', 'SW-101', '--team-manager', 'TM-201', '--service-manager', 'SM-301'];
    for (const ref of [OPEN, CLOSED]) {
      const opened = await cpcaseAsync(['open', ref, '--child', 'CH-7Q2:2013-03-14', ...people], cliEnv);
      expect(opened.stderr).toBe('');
    }
    const closed = await cpcaseAsync(
      ['record', 'case-closed', CLOSED, '--date', '2026-11-02', '--reason', 'closed'],
      cliEnv,
    );
    expect(closed.stderr).toBe('');
  }, 120_000);
  afterAll(async () => {
    worker?.shutdown();
    await running;
    await env?.teardown();
  });

  test('each refused in one line with its code, and neither case changed', async () => {
    const before = [await caseView(OPEN), await caseView(CLOSED)];
    outcomes = await runAll(live, cliEnv, offline.length);
    const failures = live.flatMap((e, i) => {
      try {
        expectRefused(e, outcomes[i]!);
        return [];
      } catch (err) {
        return [`${label(e)}\n${String(err)}`];
      }
    });
    expect(failures).toEqual([]);
    expect([await caseView(OPEN), await caseView(CLOSED)]).toEqual(before);
  }, 600_000);
});

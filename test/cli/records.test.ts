// How long records are kept, end to end through the built CLI against the dev server and a real worker: a closed
// case answers from the ledger once Temporal has let it go; the council's schedule lists what has passed its
// period and destroys it everywhere, leaving a tombstone; a held case is untouched; an interrupted destruction is
// finished by the next run and never done twice; a child's subject access export holds every event about them,
// withholds a sibling's, and is itself audited.
import fs from 'fs';
import { DatabaseSync } from 'node:sqlite';
import os from 'os';
import path from 'path';
import { Client } from '@temporalio/client';
import { Runtime, DefaultLogger, type Worker } from '@temporalio/worker';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { openSqliteLedger } from '../../src/ledger/sqlite';
import { londonDate } from '../../src/domain/londonTime';
import { caseWorkflowId } from '../../src/workflows/messages';
import { grpcCode } from '../../src/identity/refusal';
import { cpcaseAsync, STAFF, type CliRun } from '../support/cli';
import { startDevServer } from '../support/temporal';
import { caseWorker } from '../support/caseWorker';
import { testKeys } from '../support/keys';

Runtime.install({ logger: new DefaultLogger('WARN') });

const TASK_QUEUE = 'cli-records';
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cpcase-cli-records-'));
const today = londonDate(Date.now());
const keys = testKeys();
const ledgerFile = path.join(dataDir, 'ledger.sqlite');
const policy = path.join(dataDir, 'policy.json');
fs.writeFileSync(
  policy,
  JSON.stringify({
    retention: [
      { id: 'cp-records', kind: 'child-protection', years: 2, from: 'closure' },
      { id: 'transferred', kind: 'transfer-out', years: 1, from: 'closure' },
    ],
  }),
);
const LATER = `${Number(today.slice(0, 4)) + 3}-01-01`;

let env: TestWorkflowEnvironment;
let worker: Worker;
let running: Promise<void>;
let cliEnv: NodeJS.ProcessEnv;

beforeAll(async () => {
  env = await startDevServer();
  worker = await caseWorker({
    connection: env.nativeConnection,
    taskQueue: TASK_QUEUE,
    dataConverter: keys.dataConverter,
    dataDir,
    ledger: openSqliteLedger(ledgerFile, keys.ring),
  });
  running = worker.run();
  cliEnv = {
    TEMPORAL_ADDRESS: env.address,
    TEMPORAL_TASK_QUEUE: TASK_QUEUE,
    CPCASE_KEYS_FILE: keys.file,
    CPCASE_DATA_DIR: dataDir,
    CPCASE_POLICY_FILE: policy,
    CPCASE_USER: 'admin-7',
  };
  // A: the child and a sibling, closed. B: the same child on another case, open. C: closed, then held.
  for (const [ref, children] of [
    ['CP-RT-0001', ['CH-7Q2:14/03/2013', 'CH-8K5:2018-09-02']],
    ['CP-RT-0002', ['CH-7Q2:14/03/2013']],
    ['CP-RT-0003', ['CH-9Z1:2019-01-20']],
  ] as const)
    ok(await cli('open', ref, ...children.flatMap((c) => ['--child', c]), ...STAFF));
  ok(await cli('record', 'strategy-discussion', 'CP-RT-0001', '--date', today));
  ok(await cli('record', 'cse-meeting-requested', 'CP-RT-0001', '--date', today, '--child', 'CH-8K5'));
  ok(await cli('record', 'strategy-discussion', 'CP-RT-0002', '--date', today));
  for (const ref of ['CP-RT-0001', 'CP-RT-0003'])
    ok(await cli('record', 'case-closed', ref, '--date', today, '--reason', 'closed'));
  await untilLedgered('CP-RT-0001', 3);
}, 120_000);

afterAll(async () => {
  worker?.shutdown();
  await running;
  await env?.teardown();
});

const cli = (...args: string[]) => cpcaseAsync(args, cliEnv);
function ok(r: CliRun): CliRun {
  if (r.code !== 0) throw new Error(`exit ${r.code}: ${r.stderr}${r.stdout}`);
  return r;
}

async function untilLedgered(ref: string, n: number) {
  for (let i = 0; i < 100; i++) {
    const r = await cli('audit', ref, '--json');
    if (r.code === 0 && (JSON.parse(r.stdout) as { entries: unknown[] }).entries.length >= n) return;
    await new Promise((res) => setTimeout(res, 200));
  }
  throw new Error(`${ref}: the ledger never held ${n} events`);
}

/** Everything the ledger holds of a case, table by table (the tombstone apart). */
function ledgerRows(ref: string): Record<string, number> {
  const db = new DatabaseSync(ledgerFile);
  try {
    const count = (t: string) =>
      Number((db.prepare(`SELECT count(*) AS n FROM ${t} WHERE case_ref = ?`).get(ref) as { n: number }).n);
    return Object.fromEntries(
      [
        'ledger_cases',
        'ledger_events',
        'ledger_outcomes',
        'ledger_holds',
        'ledger_disclosures',
        'ledger_tombstones',
      ].map((t) => [t, count(t)]),
    );
  } finally {
    db.close();
  }
}

/** Whether Temporal no longer holds the run (it answers NOT_FOUND for it). */
async function gone(ref: string, runId: string): Promise<boolean> {
  try {
    await env.connection.workflowService.describeWorkflowExecution({
      namespace: 'default',
      execution: { workflowId: caseWorkflowId(ref), runId },
    });
    return false;
  } catch (e) {
    if (grpcCode(e) === 5) return true;
    throw e;
  }
}

async function runsOf(ref: string): Promise<string[]> {
  const client = new Client({ connection: env.connection });
  const runs: string[] = [];
  for await (const w of client.workflow.list({ query: `WorkflowId = '${caseWorkflowId(ref)}'` }))
    runs.push(w.runId);
  return runs;
}

test('a closed case Temporal no longer holds answers status and audit from the ledger', async () => {
  const client = new Client({ connection: env.connection });
  const [runId] = await runsOf('CP-RT-0001');
  await client.workflowService.deleteWorkflowExecution({
    namespace: 'default',
    workflowExecution: { workflowId: caseWorkflowId('CP-RT-0001'), runId },
  });
  // Temporal deletes in the background: a case just closed goes within a minute or so.
  for (let i = 0; i < 180 && !(await gone('CP-RT-0001', runId!)); i++)
    await new Promise((r) => setTimeout(r, 1_000));
  const status = ok(await cli('status', 'CP-RT-0001'));
  expect(status.stdout).toContain('Answered from the ledger, the long-term record');
  expect(status.stdout).toMatch(/stage closed/);
  const json = JSON.parse(ok(await cli('status', 'CP-RT-0001', '--json')).stdout) as {
    answeredFrom: string;
    eventsRecorded: number;
  };
  expect(json).toMatchObject({ answeredFrom: 'ledger', eventsRecorded: 3 });
  expect(ok(await cli('audit', 'CP-RT-0001')).stdout).toContain('3 recorded events');
}, 300_000);

test("a child's subject access export: both cases, every event about them, the sibling withheld, and audited", async () => {
  const out = path.join(dataDir, 'ch-7q2.json');
  const html = path.join(dataDir, 'ch-7q2.html');
  const r = ok(await cli('export', 'subject', '--child', 'CH-7Q2', '--out', out, '--html', html));
  expect(r.stdout).toContain('CH-7Q2: 2 cases (CP-RT-0001, CP-RT-0002)');
  expect(r.stdout).toContain('Withheld for review: CH-8K5 on CP-RT-0001');
  const record = JSON.parse(fs.readFileSync(out, 'utf8')) as {
    cases: {
      caseRef: string;
      child: { dateOfBirth: string };
      events: { type: string }[];
      withheld: { childId: string; entries: number }[];
    }[];
  };
  const a = record.cases.find((c) => c.caseRef === 'CP-RT-0001')!;
  expect(a.events.map((e) => e.type)).toEqual(['strategy-discussion', 'case-closed']); // the sibling's CSE request is not theirs
  expect(a.withheld).toEqual([{ childId: 'CH-8K5', entries: 1 }]);
  expect(a.child.dateOfBirth).toBe('2013-03-14');
  expect(JSON.stringify(record)).not.toContain('2018-09-02'); // no sibling's date of birth
  expect(record.cases.find((c) => c.caseRef === 'CP-RT-0002')!.events.map((e) => e.type)).toEqual([
    'strategy-discussion',
  ]);
  expect(fs.readFileSync(html, 'utf8')).toContain('<h2>Case CP-RT-0001</h2>');
  for (const ref of ['CP-RT-0001', 'CP-RT-0002'])
    expect(ok(await cli('audit', ref)).stdout).toMatch(/Disclosed \(subject-access\) .* by admin-7/);
  const unknown = await cli(
    'export',
    'subject',
    '--child',
    'CH-NOBODY',
    '--out',
    path.join(dataDir, 'x.json'),
  );
  expect([unknown.code, unknown.stderr]).toEqual([
    3,
    'cpcase: no case in the ledger names child CH-NOBODY\n',
  ]);
  expect(fs.existsSync(path.join(dataDir, 'x.json'))).toBe(false);
});

test('with no schedule in the policy, nothing is due', async () => {
  const { CPCASE_POLICY_FILE: _p, ...noSchedule } = cliEnv;
  const r = ok(await cpcaseAsync(['retention', 'due', '--as-of', LATER], noSchedule));
  expect(r.stdout).toMatch(/^No retention rules in the policy: nothing is destroyed/);
  expect(r.stdout).not.toMatch(/^DUE/m);
});

test('the schedule lists what is due and why; a hold stops it; apply destroys everywhere and leaves a tombstone', async () => {
  ok(await cli('hold', 'CP-RT-0003', '--reason', 'litigation'));
  const due = ok(await cli('retention', 'due', '--as-of', LATER)).stdout;
  expect(due).toMatch(
    /DUE {3}CP-RT-0001 {2}child-protection, closed .*: 2 years from closure .* \(rule cp-records\)/,
  );
  expect(due).toMatch(/HELD {2}CP-RT-0003 .* held since .* by admin-7: litigation/);
  expect(due).toContain('1 open (never due)');
  // A sent-message record on the embedded default: the destroyed case's lines go, the others stay.
  const sentFile = path.join(dataDir, 'sent-messages.jsonl');
  const line = (key: string) =>
    JSON.stringify({ messageId: key, key, recipient: 'x@council.example', status: 'sent', at: today });
  fs.writeFileSync(
    sentFile,
    [line('CP-RT-0001/icpc:E1/remind-3'), line('CP-RT-0002/icpc:E1/remind-3')].join('\n') + '\n',
  );

  const refusedHeld = await cli('retention', 'apply', 'CP-RT-0003', '--as-of', LATER, '--confirm', '1');
  expect(refusedHeld.code).toBe(4);
  expect(refusedHeld.stderr).toMatch(
    /^cpcase: nothing was destroyed; not destroyable now:\n {2}HELD {2}CP-RT-0003/,
  );
  const refusedOpen = await cli('retention', 'apply', 'CP-RT-0002', '--as-of', LATER, '--confirm', '1');
  expect(refusedOpen.stderr).toContain('CP-RT-0002: not a closed case in the ledger');
  const unconfirmed = await cli('retention', 'apply', '--as-of', LATER);
  expect(unconfirmed.code).toBe(2);
  expect(unconfirmed.stderr).toContain('this destroys 1 case everywhere cpcase holds them (CP-RT-0001)');
  expect(ledgerRows('CP-RT-0001').ledger_events).toBe(3); // nothing yet

  const applied = ok(await cli('retention', 'apply', '--as-of', LATER, '--confirm', '1'));
  expect(applied.stdout).toMatch(
    /Destroyed 1 case; a tombstone of each is kept:\n {2}CP-RT-0001 {2}child-protection/,
  );
  expect(ledgerRows('CP-RT-0001')).toEqual({
    ledger_cases: 0,
    ledger_events: 0,
    ledger_outcomes: 0,
    ledger_holds: 0,
    ledger_disclosures: 0,
    ledger_tombstones: 1,
  });
  expect(await runsOf('CP-RT-0001')).toEqual([]); // gone before (the first test), and not come back
  expect(fs.readFileSync(sentFile, 'utf8')).toBe(`${line('CP-RT-0002/icpc:E1/remind-3')}\n`);
  expect(ledgerRows('CP-RT-0003').ledger_events).toBeGreaterThan(0); // held: untouched
  expect(ledgerRows('CP-RT-0002').ledger_events).toBeGreaterThan(0); // open: untouched

  const status = await cli('status', 'CP-RT-0001');
  expect([status.code, status.stderr]).toEqual([
    3,
    expect.stringMatching(/was destroyed on .* \(rule cp-records, by admin-7\): only its tombstone remains/),
  ]);
  expect((await cli('audit', 'CP-RT-0001')).stderr).toMatch(
    /tombstone: child-protection record, opened .* rule cp-records .* destroyed by admin-7/,
  );
  const again = ok(await cli('retention', 'apply', '--as-of', LATER, '--confirm', '1'));
  expect(again.stdout).toBe('Nothing is due for destruction: nothing was destroyed.\n');
  expect(ledgerRows('CP-RT-0001').ledger_tombstones).toBe(1);
});

test('a destruction interrupted half way is listed, and the next run finishes it once', async () => {
  ok(await cli('hold', 'CP-RT-0003', '--lift', '--reason', 'settled'));
  // As a crash would leave it: the tombstone written, the ledger rows and the workflow still there.
  const ledger = openSqliteLedger(ledgerFile, keys.ring);
  const entry = (await ledger.caseEntry('CP-RT-0003'))!;
  await ledger.records.beginDestruction({
    caseRef: 'CP-RT-0003',
    kind: 'child-protection',
    ruleId: 'cp-records',
    anchor: 'closure',
    anchorDate: today,
    dueOn: today,
    openedOn: entry.openedAt.slice(0, 10) as typeof today,
    closedOn: today,
    destroyedBy: 'admin-7',
    startedAt: new Date().toISOString(),
  });
  await ledger.close();
  const runs = await runsOf('CP-RT-0003');
  expect(runs).toHaveLength(1);
  const due = ok(await cli('retention', 'due', '--as-of', LATER)).stdout;
  expect(due).toMatch(/UNFINISHED {2}CP-RT-0003: destruction begun .* by admin-7 and interrupted/);
  const applied = ok(await cli('retention', 'apply', '--as-of', LATER, '--confirm', '1'));
  expect(applied.stdout).toContain('CP-RT-0003');
  expect(ledgerRows('CP-RT-0003')).toMatchObject({ ledger_events: 0, ledger_cases: 0, ledger_tombstones: 1 });
  expect(await gone('CP-RT-0003', runs[0]!)).toBe(true); // the command waited for Temporal's deletion
  expect(ok(await cli('retention', 'due', '--as-of', LATER)).stdout).not.toContain('UNFINISHED');
}, 300_000);

test('a hold on a case the ledger does not hold, or lifting none, is refused by name', async () => {
  expect((await cli('hold', 'CP-RT-9999', '--reason', 'x')).code).toBe(3);
  const lift = await cli('hold', 'CP-RT-0002', '--lift', '--reason', 'x');
  expect([lift.code, lift.stderr]).toEqual([4, 'cpcase: case CP-RT-0002 has no hold in force to lift\n']);
  expect((await cli('hold', 'CP-RT-0002')).stderr).toContain('--reason: say why the hold is placed');
});

test('a retired key is dropped only when nothing still needs it', async () => {
  const file = path.join(dataDir, 'keys-copy.json');
  fs.copyFileSync(keys.file, file);
  const { current: inUse } = JSON.parse(fs.readFileSync(file, 'utf8')) as { current: string };
  ok(await cli('keys', 'generate', '--file', file, '--id', 'k-next'));
  const current = await cli('keys', 'drop', 'k-next', '--file', file);
  expect([current.code, current.stderr]).toEqual([2, expect.stringContaining('k-next is the current key')]);
  // The key every case and ledger row here was written with: refused, with each reason, and nothing changes.
  const refused = await cli('keys', 'drop', inUse, '--file', file);
  expect(refused.code).toBe(4);
  expect(refused.stderr).toMatch(new RegExp(`^cpcase: key ${inUse} is still needed; nothing changed:`));
  expect(refused.stderr).toMatch(/rows of ledger_events are sealed with it/);
  expect(refused.stderr).toMatch(/workflows in Temporal .* began under it/);
  expect(Object.keys((JSON.parse(fs.readFileSync(file, 'utf8')) as { keys: object }).keys)).toContain(inUse);
  // A key retired before anything here began: dropped.
  const old = Buffer.alloc(32, 7).toString('base64');
  const k = JSON.parse(fs.readFileSync(file, 'utf8')) as {
    keys: Record<string, string>;
    retired: Record<string, string>;
  };
  k.keys['k-2020'] = old;
  k.retired['k-2020'] = '2020-01-01T00:00:00.000Z';
  fs.writeFileSync(file, JSON.stringify(k));
  const dropped = ok(await cli('keys', 'drop', 'k-2020', '--file', file));
  expect(dropped.stdout).toContain('dropped key k-2020');
  expect(Object.keys((JSON.parse(fs.readFileSync(file, 'utf8')) as { keys: object }).keys)).toEqual([
    inUse,
    'k-next',
  ]);
});

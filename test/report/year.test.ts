// A generated year played through the real CLI against a running system (dev server, worker, ledger): every
// cell of the annual report matches the count the generator kept while making the cases.
import fs from 'fs';
import os from 'os';
import path from 'path';
import { Runtime, DefaultLogger, Worker } from '@temporalio/worker';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createCaseActivities } from '../../src/activities/case';
import { generateYear } from '../../src/dev/generateYear';
import { openSqliteLedger } from '../../src/ledger/sqlite';
import type { AnnualReport } from '../../src/domain/report/annual';
import { cpcaseAsync, type CliRun } from '../support/cli';
import { calendar } from '../support/caseHarness';
import { testKeys } from '../support/keys';
import { startDevServer, workflowBundle } from '../support/temporal';

Runtime.install({ logger: new DefaultLogger('ERROR') });

const CASES = 40;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cpcase-year-'));
const keys = testKeys();
const ledgerFile = path.join(dataDir, 'ledger.sqlite');
let env: TestWorkflowEnvironment;
let worker: Worker;
let running: Promise<void>;
let cliEnv: NodeJS.ProcessEnv;

beforeAll(async () => {
  env = await startDevServer();
  worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue: 'year',
    dataConverter: keys.dataConverter,
    workflowBundle: await workflowBundle(require.resolve('../../src/workflows')),
    activities: createCaseActivities({
      dataDir,
      closures: [],
      ledger: openSqliteLedger(ledgerFile, keys.ring),
      deliver: () => Promise.resolve(),
    }),
  });
  running = worker.run();
  cliEnv = {
    TEMPORAL_ADDRESS: env.address,
    TEMPORAL_TASK_QUEUE: 'year',
    CPCASE_DATA_DIR: dataDir,
    CPCASE_KEYS_FILE: keys.file,
  };
});
afterAll(async () => {
  worker?.shutdown();
  await running;
  await env?.teardown();
});

const ok = (r: CliRun) => {
  if (r.code !== 0) throw new Error(`exit ${r.code}: ${r.stderr}`);
  return r;
};

test('every cell of the annual report matches the independent count of a generated year', async () => {
  const g = generateYear(calendar, { cases: CASES, seed: 7 });
  const queue = [...g.opens];
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      for (let a = queue.shift(); a; a = queue.shift()) ok(await cpcaseAsync(a, cliEnv));
    }),
  );
  const csv = path.join(dataDir, 'events.csv');
  fs.writeFileSync(csv, g.csv);
  const rows = g.csv.trim().split('\n').length - 1;
  ok(await cpcaseAsync(['import', csv], cliEnv));

  // The cases write the ledger just after accepting each event: wait until it holds them all.
  const reader = openSqliteLedger(ledgerFile, keys.ring);
  const ledgered = () => reader.cases().reduce((n, c) => n + reader.audit(c.caseRef).length, 0);
  for (let i = 0; i < 60 && ledgered() < rows; i++) await new Promise((r) => setTimeout(r, 500));
  expect(ledgered()).toBe(rows);
  reader.close();

  const report = JSON.parse(
    ok(await cpcaseAsync(['report', 'annual', '--from', g.from, '--to', g.to, '--format', 'json'], cliEnv))
      .stdout,
  ) as AnnualReport;
  const x = g.expected;
  expect(report.conferences).toMatchObject(x.conferences);
  expect(report.childrenDiscussed).toBe(x.childrenDiscussed);
  expect(report.table2a).toEqual(x.table2a);
  for (const i of report.table2b)
    expect([i.id, i.count, i.of]).toEqual([i.id, x.table2b[i.id]!.count, x.table2b[i.id]!.of]);
  expect(report.table3).toEqual({ ...x.table3, notRecorded: 0 });
  expect(Object.fromEntries(report.table4.map(({ agencyId, ...t }) => [agencyId, t]))).toEqual(
    Object.fromEntries(Object.entries(x.table4).filter(([, t]) => t.invited > 0)),
  );
  expect(report.outcomes).toEqual({ plansStarted: x.plansStarted, noPlan: x.noPlan, plansEnded: 0 });
  expect(report.plans).toEqual({ atStart: 0, atEnd: x.plansAtEnd, overTwoYears: 0, secondPlans: 0 });
  // A year worth checking: conferences of both kinds, and on-time and late ones in each indicator.
  expect(x.conferences.initial).toBeGreaterThan(20);
  expect(x.conferences.review).toBeGreaterThan(5);
});

// `cpcase import`: a 500-row file is checked whole before anything is recorded, recorded once, and a re-run
// records nothing twice. The built CLI against the dev server and a real worker.
import { testLedger } from '../support/ledger';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { Runtime, DefaultLogger, Worker } from '@temporalio/worker';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { LocalDate } from '../../src/domain/dates';
import { londonDate } from '../../src/domain/londonTime';
import { addWorkingDays } from '../../src/domain/workingDays';
import { caseWorkflow } from '../../src/workflows/case';
import { caseWorkflowId, statusQuery } from '../../src/workflows/messages';
import { caseInput } from '../support/caseHarness';
import { shippedCalendar } from '../support/calendars';
import { cpcaseAsync } from '../support/cli';
import { startDevServer } from '../support/temporal';
import { caseWorker } from '../support/caseWorker';
import { encryptedClient, testKeys } from '../support/keys';

Runtime.install({ logger: new DefaultLogger('WARN') });

const TASK_QUEUE = 'cli-import';
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cpcase-import-'));
const calendar = shippedCalendar('england-and-wales', 2024, 2032);
const wd = (from: LocalDate, n: number) => addWorkingDays(calendar, from, n).date;
const CASES = Array.from({ length: 50 }, (_, i) => `CP-IMP-${String(i + 1).padStart(3, '0')}`);

let env: TestWorkflowEnvironment;
const keys = testKeys();
const client = () => encryptedClient(env, keys.dataConverter);
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
    ledger: testLedger(keys.ring),
  });
  running = worker.run();
  cliEnv = {
    TEMPORAL_ADDRESS: env.address,
    TEMPORAL_TASK_QUEUE: TASK_QUEUE,
    CPCASE_DATA_DIR: dataDir,
    CPCASE_KEYS_FILE: keys.file,
  };
  await Promise.all(
    CASES.map((ref) =>
      client().workflow.start(caseWorkflow, {
        args: [{ input: caseInput(ref) }],
        taskQueue: TASK_QUEUE,
        workflowId: caseWorkflowId(ref),
      }),
    ),
  );
});
afterAll(async () => {
  worker?.shutdown();
  await running;
  await env?.teardown();
});

/** Ten events per case, from a strategy discussion 40 working days ago to the full record, sorted by date. */
function rows(): string[][] {
  const base = wd(londonDate(Date.now()), -40);
  const perCase = (ref: string) => [
    [ref, 'strategy-discussion', base, '', '', '', '', ''],
    [ref, 'conference-scheduled', wd(base, 1), 'initial', wd(base, 12), '', '', ''],
    [ref, 'invitations-sent', wd(base, 6), '', '', '', '', ''],
    [ref, 'report-received', wd(base, 10), '', '', '', 'social-worker', ''],
    [ref, 'report-received', wd(base, 10), '', '', '', 'gp', ''],
    [
      ref,
      'conference-held',
      wd(base, 12),
      '',
      '',
      'CH-7Q2=plan:neglect;CH-8K5=no-plan;CH-9Z1=no-plan',
      '',
      'CH-7Q2=attended',
    ],
    [ref, 'outline-plan-distributed', wd(base, 13), '', '', '', '', ''],
    [ref, 'minutes-sent-to-chair', wd(base, 17), '', '', '', '', ''],
    [ref, 'minutes-approved', wd(base, 20), '', '', '', '', ''],
    [ref, 'full-record-distributed', wd(base, 25), '', '', '', '', ''],
  ];
  const all = CASES.flatMap((ref) => perCase(ref).map((r, step) => ({ r, step })));
  // A spreadsheet sorted by date, cases interleaved (stable within a case: step order).
  return all.sort((a, b) => a.r[2]!.localeCompare(b.r[2]!) || a.step - b.step).map((x) => x.r);
}
const HEADER = 'case,event,date,type,on,child,from,participation';
const csv = (rs: string[][]) => [HEADER, ...rs.map((r) => r.join(','))].join('\n') + '\n';
const lineOf = (index: number) => index + 2; // the header is line 1

async function eventsRecorded(): Promise<number> {
  const counts = await Promise.all(
    CASES.map((ref) => client().workflow.getHandle(caseWorkflowId(ref)).query(statusQuery)),
  );
  return counts.reduce((n, s) => n + s.eventsRecorded, 0);
}

test('500 rows with 3 bad: nothing recorded and the 3 lines named; corrected: all 500; again: none', async () => {
  const good = rows();
  expect(good).toHaveLength(500);

  const bad = good.map((r) => [...r]);
  bad[10]![2] = '31/02/2026';
  bad[123]![1] = 'tea-party';
  // Case 7's minutes approval moved above the row that sends them to the chair.
  const sentAt = bad.findIndex((r) => r[0] === 'CP-IMP-007' && r[1] === 'minutes-sent-to-chair');
  const approvedAt = bad.findIndex((r) => r[0] === 'CP-IMP-007' && r[1] === 'minutes-approved');
  const [approved] = bad.splice(approvedAt, 1);
  bad.splice(sentAt, 0, approved!);
  const badFile = path.join(dataDir, 'bad.csv');
  fs.writeFileSync(badFile, csv(bad));

  // Shape problems are found by the CLI, the order problem by the case itself: all three reported together.
  const r1 = await cpcaseAsync(['import', badFile], cliEnv);
  expect(r1.code).toBe(2);
  expect(r1.stderr).toContain(`${badFile}: 3 bad rows; nothing was recorded`);
  const named = r1.stderr.split('\n').filter((l) => /^\s+line \d+:/.test(l));
  expect(named).toHaveLength(3);
  expect(named[0]).toMatch(new RegExp(`line ${lineOf(10)}: date: .*31/02/2026`));
  expect(named[1]).toMatch(new RegExp(`line ${lineOf(123)}: event: unknown event 'tea-party'`));
  expect(named[2]).toMatch(
    new RegExp(
      `line ${lineOf(sentAt)}: case CP-IMP-007 refuses minutes-approved: .*before they are sent to the chair`,
    ),
  );
  expect(await eventsRecorded()).toBe(0);

  const file = path.join(dataDir, 'good.csv');
  fs.writeFileSync(file, csv(good));
  const t0 = Date.now();
  const r3 = await cpcaseAsync(['import', file], cliEnv);
  const seconds = (Date.now() - t0) / 1000;
  expect(r3.stderr).toContain('[##############################] 500/500');
  expect(r3.stdout.trim()).toBe(`${file}: 500 rows for 50 cases: 500 recorded, 0 already recorded before.`);
  expect(r3.code).toBe(0);
  expect(await eventsRecorded()).toBe(500);
  process.stderr.write(`import of 500 rows: ${seconds.toFixed(1)} s\n`);

  const r4 = await cpcaseAsync(['import', file, '--json'], cliEnv);
  expect(JSON.parse(r4.stdout)).toEqual({ file, rows: 500, cases: 50, recorded: 0, alreadyRecorded: 500 });
  expect(await eventsRecorded()).toBe(500);
});

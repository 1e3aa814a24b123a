// Corrections and complete entries through the CLI against the real system (dev server, worker, ledger): each
// slip an administrator makes, and what the system now does about it. Refusals leave the case as it was.
import fs from 'fs';
import os from 'os';
import path from 'path';
import { Runtime, DefaultLogger, type Worker } from '@temporalio/worker';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { CaseStatus } from '../../src/domain/case/status';
import type { LocalDate } from '../../src/domain/dates';
import { londonDate } from '../../src/domain/londonTime';
import type { AnnualReport } from '../../src/domain/report/annual';
import { openSqliteLedger } from '../../src/ledger/sqlite';
import { addWorkingDays, workingDayOf } from '../../src/domain/workingDays';
import { shippedCalendar } from '../support/calendars';
import { caseWorker } from '../support/caseWorker';
import { cpcaseAsync, type CliRun } from '../support/cli';
import { testKeys } from '../support/keys';
import { startDevServer } from '../support/temporal';

Runtime.install({ logger: new DefaultLogger('WARN') });

const TASK_QUEUE = 'cli-corrections';
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cpcase-cli-corrections-'));
const calendar = shippedCalendar('england-and-wales', 2024, 2032);
const today = londonDate(Date.now());
/** Counted from the working day today counts as, so every date below holds on a weekend too. */
const base = workingDayOf(calendar, today);
const wd = (from: LocalDate, n: number) => addWorkingDays(calendar, from, n).date;
const keys = testKeys();
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
    ledger: openSqliteLedger(path.join(dataDir, 'ledger.sqlite'), keys.ring),
  });
  running = worker.run();
  cliEnv = {
    TEMPORAL_ADDRESS: env.address,
    TEMPORAL_TASK_QUEUE: TASK_QUEUE,
    CPCASE_KEYS_FILE: keys.file,
    CPCASE_DATA_DIR: dataDir,
    CPCASE_USER: 'admin-3',
  };
});
afterAll(async () => {
  worker?.shutdown();
  await running;
  await env?.teardown();
});

const cli = (...args: string[]) => cpcaseAsync(args, cliEnv);
const ok = (r: CliRun) => {
  if (r.code !== 0) throw new Error(`exit ${r.code}: ${r.stderr}${r.stdout}`);
  return r;
};
const json = <T>(r: CliRun) => JSON.parse(ok(r).stdout) as T;
const statusOf = async (ref: string) => json<CaseStatus>(await cli('status', ref, '--json'));
const open = (ref: string, ...people: string[]) =>
  cli(
    'open',
    ref,
    '--child',
    'CH-7Q2:14/03/2013',
    '--child',
    'CH-8K5:2018-09-02',
    '--child',
    'CH-9Z1:2021-01-20',
    '--team-manager',
    'TM-201',
    '--service-manager',
    'SM-301',
    '--chair',
    'CH-401',
    '--minute-taker',
    'MT-501',
    '--agency',
    'gp',
    ...(people.length ? people : ['--social-worker', 'SW-101']),
  );
const everyChild = [
  '--child',
  'CH-7Q2=plan:neglect',
  '--child',
  'CH-8K5=no-plan',
  '--child',
  'CH-9Z1=no-plan',
];
/** The worker writes the ledger just after the case accepts an event: wait until it holds them. */
async function ledgered(ref: string, n: number): Promise<void> {
  for (let i = 0; i < 40; i++) {
    const r = await cli('audit', ref, '--json');
    if (r.code === 0 && (JSON.parse(r.stdout) as { entries: unknown[] }).entries.length >= n) return;
    await new Promise((res) => setTimeout(res, 250));
  }
}

test('a mistyped date amended: the ICPC follows the right date, and the audit keeps both entries', async () => {
  const ref = 'CP-2026-0401';
  ok(await open(ref));
  const right = wd(base, -10);
  const typo = wd(base, -2);
  const typed = json<{ eventId: string }>(
    await cli('record', 'strategy-discussion', ref, '--date', typo, '--json'),
  );
  // Recording the right date as well only adds a second discussion: the ICPC follows the later, wrong one.
  expect((await statusOf(ref)).deadlines.find((d) => d.id === 'icpc:E1')?.dueDate).toBe(wd(typo, 15));

  const amended = ok(await cli('record', 'amend', ref, typed.eventId, '--date', right, '--why', 'typo'));
  expect(amended.stdout).toContain(`Recorded amendment of strategy-discussion ${typed.eventId}`);
  const s = await statusOf(ref);
  expect(s.deadlines.find((d) => d.id === 'icpc:E1')?.dueDate).toBe(wd(right, 15));
  expect(s.events.map((e) => [e.type, e.standing, e.occurredAt])).toEqual([
    ['strategy-discussion', 'amended', right],
    ['event-amended', 'correction', today],
  ]);
  expect(ok(await cli('status', ref)).stdout).toMatch(
    new RegExp(`strategy-discussion +admin-3 +amended by .*\\n +id ${typed.eventId}, recorded `),
  );
  await ledgered(ref, 2);
  const audit = json<{ entries: { type: string; corrects?: string; recordedBy: string }[] }>(
    await cli('audit', ref, '--json'),
  );
  expect(audit.entries.map((e) => [e.type, e.corrects, e.recordedBy])).toEqual([
    ['strategy-discussion', undefined, 'admin-3'],
    ['event-amended', typed.eventId, 'admin-3'],
  ]);

  // An event on the wrong case is withdrawn: its deadline goes with it, the record stays.
  const wrong = json<{ eventId: string }>(
    await cli('record', 'transfer-in-notified', ref, '--date', base, '--json'),
  );
  expect((await statusOf(ref)).deadlines.some((d) => d.id === 'transfer-in-conference')).toBe(true);
  ok(await cli('record', 'withdraw', ref, wrong.eventId, '--reason', 'wrong case'));
  const after = await statusOf(ref);
  expect(after.deadlines.some((d) => d.id === 'transfer-in-conference')).toBe(false);
  expect(after.events.find((e) => e.eventId === wrong.eventId)?.standing).toBe('withdrawn');
  // Refused: no such event (exit 4), and the case is as it was.
  const nope = await cli('record', 'withdraw', ref, 'no-such-event', '--reason', 'x');
  expect(nope.code).toBe(4);
  expect(nope.stderr.trim()).toMatch(
    new RegExp(
      `^cpcase: case ${ref} refused it: no event 'no-such-event' on case ${ref} \\(nearest: [\\w:-]+\\): \`cpcase status\` lists them$`,
    ),
  );
  expect((await statusOf(ref)).eventsRecorded).toBe(after.eventsRecorded);
});

test('a conference held without being booked: reports entered after count on time, and are not yet due rows', async () => {
  const ref = 'CP-2026-0402';
  ok(await open(ref));
  const held = wd(base, -1); // yesterday's working day
  ok(await cli('record', 'strategy-discussion', ref, '--date', wd(held, -10)));
  ok(
    await cli(
      'record',
      'conference-held',
      ref,
      '--date',
      held,
      '--type',
      'initial',
      ...everyChild,
      '--participation',
      'CH-7Q2=attended',
    ),
  );
  ok(await cli('record', 'report-received', ref, '--date', wd(held, -2), '--from', 'social-worker'));
  ok(await cli('record', 'report-received', ref, '--date', wd(held, -2), '--from', 'gp'));
  const s = await statusOf(ref);
  expect(s.deadlines.find((d) => d.id === 'sw-report-initial:C1')).toMatchObject({
    status: 'met',
    lateBy: 0,
  });
  expect(s.deadlines.find((d) => d.id === 'agency-report:C1:gp')).toMatchObject({ status: 'met', lateBy: 0 });

  await ledgered(ref, 4);
  const from = wd(held, -30);
  const r = json<AnnualReport>(
    await cli('report', 'annual', '--from', from, '--to', today, '--format', 'json'),
  );
  const row = (id: string) => r.table2b.find((i) => i.id === id);
  expect(row('sw-report-initial')).toMatchObject({ count: 1, of: 1 });
  // Held yesterday: its full record is not due for 15 working days, so it is neither on time nor late.
  expect(row('full-record')).toMatchObject({ count: 0, of: 0, notYetDue: 1 });
  expect(r.periodEnded).toBe(false);
  const md = ok(await cli('report', 'annual', '--from', from, '--to', today)).stdout;
  expect(md.split('\n')[2]).toMatch(/^\*\*This period has not ended: figures as of .*not yet due/);
});

test('refused with exit codes and the case unchanged: a child left out, an unknown worker, a reference reused', async () => {
  const ref = 'CP-2026-0403';
  ok(await open(ref));
  ok(await cli('record', 'strategy-discussion', ref, '--date', wd(base, -5)));
  const before = await statusOf(ref);
  const partial = await cli(
    'record',
    'conference-held',
    ref,
    '--date',
    base,
    '--type',
    'initial',
    '--child',
    'CH-7Q2=plan:neglect',
  );
  expect(partial.code).toBe(4);
  expect(partial.stderr).toContain(
    'the outcome for every child of the case is needed; missing CH-8K5, CH-9Z1',
  );
  const joined = await cli(
    'record',
    'conference-held',
    ref,
    '--date',
    base,
    '--type',
    'initial',
    '--child',
    'CH-7Q2=plan:neglect,CH-8K5=no-plan',
  );
  expect(joined.code).toBe(2);
  expect(joined.stderr).toContain('--child CH-7Q2=plan:neglect --child CH-8K5=no-plan');
  expect(await statusOf(ref)).toMatchObject({ eventsRecorded: before.eventsRecorded, stage: 's47-enquiry' });

  const stranger = await open('CP-2026-0404', '--social-worker', 'SW-999');
  expect(stranger.code).toBe(2);
  expect(stranger.stderr).toContain('--social-worker: SW-999 is not in the staff directory (nearest: SW-101');
  expect((await cli('status', 'CP-2026-0404')).code).toBe(3);

  ok(await cli('record', 'case-closed', ref, '--date', base, '--reason', 'closed'));
  await ledgered(ref, 2);
  const again = await open(ref);
  expect(again.code).toBe(4);
  expect(again.stderr).toMatch(
    new RegExp(`case ${ref} was opened before .*: a case reference is opened once. \`cpcase audit ${ref}\``),
  );
});
